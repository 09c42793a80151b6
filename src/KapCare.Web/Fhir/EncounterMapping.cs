using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using KapCare.Clinical.Dosing;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Fhir.Models;
using DosingRoute = KapCare.Clinical.Dosing.Route;

namespace KapCare.Web.Fhir;

/// <summary>
/// A dosing session as FHIR R4 Encounter: an ambulatory visit whose status follows the session's state machine, whose
/// period runs from check-in to discharge, and whose type names the session and its route (docs/decisions/0024).
/// </summary>
public static class EncounterMapping
{
    public const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string ParticipationTypeSystem = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    /// <summary>KapCare's routes as a small code system, the spelling the command line and JSON use (iv, im, sc, sublingual, oral, esketamine).</summary>
    public const string RouteSystem = "urn:kapcare:dosing-route";
    /// <summary>
    /// R4 Encounter.basedOn may point only to a ServiceRequest; R5 allows the CarePlan a session delivers. R4 carries an element
    /// of a later version as an extension named for it (http://hl7.org/fhir/R4/versions.html#extensions).
    /// </summary>
    public const string BasedOnExtension = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.basedOn";

    private static readonly HtmlEncoder Xhtml = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// R4 Encounter.status (http://hl7.org/fhir/R4/valueset-encounter-status.html, required). Opened but not arrived is
    /// planned; checked in is arrived; from the pre-checks (or a hold on them) to ready-for-discharge the encounter is in
    /// progress; discharged and signed are finished. R4 has no no-show for an encounter, so did-not-attend is cancelled, as
    /// the value set defines it ("the Encounter has ended before it has begun"); the narrative says which.
    /// </summary>
    public static string Status(SessionState state) => state switch
    {
        SessionState.Scheduled => "planned",
        SessionState.CheckedIn => "arrived",
        SessionState.Held or SessionState.PreChecksPassed or SessionState.Dosing or SessionState.Monitoring or SessionState.ReadyForDischarge => "in-progress",
        SessionState.Discharged or SessionState.Signed => "finished",
        SessionState.Cancelled or SessionState.DidNotAttend => "cancelled",
    };

    /// <summary>The FHIR statuses a search for <paramref name="status"/> finds, or null for a code R4 does not define.</summary>
    public static IReadOnlyList<SessionState>? States(string status) => status switch
    {
        "planned" or "arrived" or "in-progress" or "finished" or "cancelled" => [.. Enum.GetValues<SessionState>().Where(s => Status(s) == status)],
        "triaged" or "onleave" or "entered-in-error" or "unknown" => [],
        _ => null,
    };

    public static string RouteCode(DosingRoute route) => route switch
    {
        DosingRoute.Intravenous => "iv",
        DosingRoute.Intramuscular => "im",
        DosingRoute.Subcutaneous => "sc",
        DosingRoute.Sublingual => "sublingual",
        DosingRoute.Oral => "oral",
        DosingRoute.IntranasalEsketamine => "esketamine",
    };

    /// <param name="session">The session.</param>
    /// <param name="route">The route of the plan the session was opened under.</param>
    /// <param name="lastChange">The latest state change, which closes a cancelled encounter's period and gives its reason.</param>
    public static Encounter ToFhir(DosingSession session, DosingRoute route, SessionEvent? lastChange)
    {
        var number = session.DosingNumber.ToString(CultureInfo.InvariantCulture);
        var ended = session.DischargedAt
            ?? (session.State == SessionState.Cancelled && session.CheckedInAt is not null ? lastChange?.At : null);
        var participants = new List<EncounterParticipant>();
        if (session.DischargedByName is { } nurse) participants.Add(Participant("DIS", "discharger", nurse));
        if (session.SignedByName is { } prescriber) participants.Add(Participant("ATND", "attender", prescriber));
        var state = SessionStateMachine.Label(session.State)
            + (session.State == SessionState.Cancelled && lastChange?.Reason is { } reason ? ": " + reason : string.Empty);
        return new Encounter
        {
            Id = session.Id.ToString(),
            Meta = new Meta
            {
                VersionId = session.Version.ToString(CultureInfo.InvariantCulture),
                LastUpdated = PatientMapping.Instant(LastUpdated(session, lastChange)),
            },
            Text = new Narrative
            {
                Status = "generated",
                Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{Xhtml.Encode($"Dosing session {number} ({Routes.Label(route)}): {state}")}</div>",
            },
            Extension = [new Extension { Url = BasedOnExtension, ValueReference = Reference.To("CarePlan", session.PlanId) }],
            Status = Status(session.State),
            Class = new Coding { System = ActCodeSystem, Code = "AMB", Display = "ambulatory" },
            Type =
            [
                new CodeableConcept
                {
                    Coding = [new Coding { System = RouteSystem, Code = RouteCode(route), Display = Routes.Label(route) }],
                    Text = $"Dosing session {number}: {Routes.Label(route)}",
                },
            ],
            Subject = Reference.To("Patient", session.PatientId),
            Participant = participants.Count == 0 ? null : participants,
            // Not arrived yet (or never): the day it is planned for. From check-in, the instants it ran.
            Period = session.CheckedInAt is { } arrived
                ? new Period { Start = PatientMapping.Instant(arrived), End = ended is { } end ? PatientMapping.Instant(end) : null }
                : new Period { Start = session.PlannedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            Location = session.Chair is { } chair ? [new EncounterLocation { Location = new Reference { Display = chair } }] : null,
        };
    }

    public static DateTime LastUpdated(DosingSession session, SessionEvent? lastChange) =>
        lastChange?.At is { } at && at > session.OpenedAt ? at : session.OpenedAt;

    private static EncounterParticipant Participant(string code, string display, string name) => new()
    {
        Type = [new CodeableConcept { Coding = [new Coding { System = ParticipationTypeSystem, Code = code, Display = display }] }],
        Individual = new Reference { Display = name },
    };
}
