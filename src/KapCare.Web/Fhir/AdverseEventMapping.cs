using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using KapCare.Clinical.Dosing;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Fhir.Models;

namespace KapCare.Web.Fhir;

/// <summary>
/// An adverse event at the chair as FHIR R4 AdverseEvent, as it stands now: KapCare keeps every update of an event as a row
/// that supersedes the one before (docs/decisions/0023); the resource is the latest row, its id the event's (the first row's),
/// its version the number of rows, and the date and recorder those of the first record.
/// </summary>
public static class AdverseEventMapping
{
    /// <summary>KapCare's adverse-effect codes (REFERENCE.md §4's list), e.g. urn:kapcare:adverse-event#respiratory-depression.</summary>
    public const string LocalSystem = "urn:kapcare:adverse-event";
    public const string SeveritySystem = "http://terminology.hl7.org/CodeSystem/adverse-event-severity";
    public const string SeriousnessSystem = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
    public const string OutcomeSystem = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";

    private static readonly HtmlEncoder Xhtml = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Code(AdverseEventKind kind) => kind switch
    {
        AdverseEventKind.Nausea => "nausea",
        AdverseEventKind.Vomiting => "vomiting",
        AdverseEventKind.Hypertension => "hypertension",
        AdverseEventKind.Tachycardia => "tachycardia",
        AdverseEventKind.Dizziness => "dizziness",
        AdverseEventKind.DissociationDistress => "dissociation-distress",
        AdverseEventKind.Headache => "headache",
        AdverseEventKind.BlurredVision => "blurred-vision",
        AdverseEventKind.Sedation => "sedation",
        AdverseEventKind.RespiratoryDepression => "respiratory-depression",
        AdverseEventKind.EmergenceReaction => "emergence-reaction",
    };

    /// <summary>
    /// SNOMED CT findings for the kinds with one plain, widely used concept. Dissociation-related distress, sedation as an
    /// effect, respiratory depression and an emergence reaction have no concept KapCare could confirm, so they carry only
    /// KapCare's code and the words.
    /// </summary>
    public static Coding? Snomed(AdverseEventKind kind) => kind switch
    {
        AdverseEventKind.Nausea => Sct("422587007", "Nausea"),
        AdverseEventKind.Vomiting => Sct("422400008", "Vomiting"),
        AdverseEventKind.Hypertension => Sct("38341003", "Hypertensive disorder, systemic arterial"),
        AdverseEventKind.Tachycardia => Sct("3424008", "Tachycardia"),
        AdverseEventKind.Dizziness => Sct("404640003", "Dizziness"),
        AdverseEventKind.Headache => Sct("25064002", "Headache"),
        AdverseEventKind.BlurredVision => Sct("111516008", "Blurring of visual image"),
        AdverseEventKind.DissociationDistress or AdverseEventKind.Sedation or AdverseEventKind.RespiratoryDepression or AdverseEventKind.EmergenceReaction => null,
    };

    /// <summary>R4 adverse-event-severity: mild | moderate | severe. KapCare records no event of severity none.</summary>
    public static string? Severity(AdverseEventSeverity severity) => severity switch
    {
        AdverseEventSeverity.Mild => "mild",
        AdverseEventSeverity.Moderate => "moderate",
        AdverseEventSeverity.Severe => "severe",
        AdverseEventSeverity.None => null,
    };

    /// <summary>
    /// R4 adverse-event-outcome. A patient transferred to emergency care has left KapCare's care with the event not yet
    /// resolved: ongoing, with the transfer in the text.
    /// </summary>
    public static string Outcome(AdverseEventOutcome outcome) => outcome switch
    {
        AdverseEventOutcome.Resolved => "resolved",
        AdverseEventOutcome.Ongoing or AdverseEventOutcome.Transferred => "ongoing",
        AdverseEventOutcome.ResolvedWithSequelae => "resolvedWithSequelae",
    };

    /// <param name="current">The latest record of the event.</param>
    /// <param name="first">Its first record (the same row when it was never updated).</param>
    /// <param name="versions">How many records the event has.</param>
    /// <param name="administrations">The session's administrations: the suspected cause.</param>
    public static AdverseEvent ToFhir(SessionAdverseEvent current, SessionAdverseEvent first, int versions, IEnumerable<Guid> administrations)
    {
        var label = AdverseEvents.Label(current.Kind);
        var coding = new List<Coding> { new() { System = LocalSystem, Code = Code(current.Kind), Display = label } };
        if (Snomed(current.Kind) is { } sct) coding.Insert(0, sct);
        var severity = Severity(current.Severity);
        var outcome = Outcome(current.Outcome);
        var suspects = administrations.Select(id => new AdverseEventSuspectEntity { Instance = Reference.To("MedicationAdministration", id) }).ToList();
        var summary = $"{label} ({AdverseEvents.Label(current.Severity)}{(current.Serious ? ", serious" : string.Empty)}), {AdverseEvents.Label(current.Outcome)}; action taken: {current.ActionTaken}";
        return new AdverseEvent
        {
            Id = current.EventId.ToString(),
            Meta = new Meta { VersionId = versions.ToString(CultureInfo.InvariantCulture), LastUpdated = PatientMapping.Instant(current.RecordedAt) },
            Text = new Narrative { Status = "generated", Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{Xhtml.Encode(summary)}</div>" },
            Actuality = "actual",
            Event = new CodeableConcept { Coding = coding, Text = label },
            Subject = Reference.To("Patient", current.PatientId),
            Encounter = Reference.To("Encounter", current.SessionId),
            Date = PatientMapping.Instant(current.OnsetAt),
            RecordedDate = PatientMapping.Instant(first.RecordedAt),
            Recorder = first.RecordedByName.Length == 0 ? null : new Reference { Display = first.RecordedByName },
            Seriousness = new CodeableConcept
            {
                Coding = [current.Serious
                    ? new Coding { System = SeriousnessSystem, Code = "serious", Display = "Serious" }
                    : new Coding { System = SeriousnessSystem, Code = "non-serious", Display = "Non-serious" }],
            },
            Severity = severity is null ? null : new CodeableConcept { Coding = [new Coding { System = SeveritySystem, Code = severity, Display = Capitalised(severity) }] },
            Outcome = new CodeableConcept
            {
                Coding = [new Coding { System = OutcomeSystem, Code = outcome, Display = outcome == "resolvedWithSequelae" ? "Resolved with Sequelae" : Capitalised(outcome) }],
                Text = AdverseEvents.Label(current.Outcome),
            },
            SuspectEntity = suspects.Count == 0 ? null : suspects,
        };
    }

    private static Coding Sct(string code, string display) => new() { System = MedicationAdministrationMapping.Snomed, Code = code, Display = display };

    private static string Capitalised(string code) => char.ToUpperInvariant(code[0]) + code[1..];
}
