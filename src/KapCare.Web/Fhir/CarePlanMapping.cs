using System.Globalization;
using KapCare.Clinical.Dosing;
using KapCare.Clinical.Instruments;
using KapCare.Clinical.Plans;
using KapCare.Web.Features.Plans;
using KapCare.Web.Fhir.Models;
using DosingRoute = KapCare.Clinical.Dosing.Route;

namespace KapCare.Web.Fhir;

/// <summary>
/// A treatment plan version as FHIR R4 CarePlan: the protocol as title and description, each planned session (preparation,
/// dosing, integration, follow-up) as an Appointment activity on its date, each accepted adjunct modality as a
/// ServiceRequest activity over the integration sessions, and the stop/continue criteria and measurement plan as notes.
/// </summary>
public static class CarePlanMapping
{
    public const string Category = "Ketamine-assisted therapy";
    private const string Ucum = "http://unitsofmeasure.org";

    /// <summary>
    /// R4 CarePlan.status (http://hl7.org/fhir/R4/valueset-request-status.html) has no "superseded": a signed plan replaced by a
    /// newer signed version is "revoked" (no longer in force), and the newer version names it in <c>replaces</c>. A draft is
    /// "draft" and the signed version in force is "active".
    /// </summary>
    public static string Status(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "draft",
        PlanStatus.Signed => "active",
        PlanStatus.Superseded => "revoked",
    };

    /// <summary>When the row last changed as far as it records: superseded, else signed, else created.</summary>
    public static DateTime LastUpdated(TreatmentPlanRecord plan) => plan.SupersededAt ?? plan.SignedAt ?? plan.CreatedAt;

    /// <param name="plan">The plan version.</param>
    /// <param name="replaces">The ids of the signed versions this one superseded when it was signed.</param>
    /// <param name="today">The clinic's date, which decides whether a session is still ahead.</param>
    public static CarePlan ToFhir(TreatmentPlanRecord plan, IEnumerable<Guid> replaces, DateOnly today)
    {
        var protocol = plan.Protocol;
        var sessions = plan.Sessions;
        var replaced = replaces.Select(id => Reference.To("CarePlan", id)).ToList();
        var author = plan.Status == PlanStatus.Draft ? plan.CreatedByName : plan.SignedByName ?? plan.CreatedByName;
        return new CarePlan
        {
            Id = plan.Id.ToString(),
            Meta = new Meta { VersionId = plan.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = PatientMapping.Instant(LastUpdated(plan)) },
            Replaces = replaced.Count > 0 ? replaced : null,
            Status = Status(plan.Status),
            Intent = "plan",
            Category = [new CodeableConcept { Text = Category }],
            Title = $"{protocol.Name} v{plan.PlanVersion.ToString(CultureInfo.InvariantCulture)}",
            Description = Description(plan, protocol),
            Subject = Reference.To("Patient", plan.PatientId),
            Period = sessions.Count == 0 ? null : new Period { Start = Date(sessions.Min(s => s.Date)), End = Date(sessions.Max(s => s.Date)) },
            Created = PatientMapping.Instant(plan.CreatedAt),
            Author = new Reference { Display = author },
            // The prescriber signs; whoever built the draft (and chose the modalities) contributed to it.
            Contributor = plan.Status != PlanStatus.Draft && plan.CreatedByName != author ? [new Reference { Display = plan.CreatedByName }] : null,
            Activity = [.. sessions.Select(s => Session(plan.Status, protocol, s, today)), .. Modalities(plan, sessions, today)],
            Note = Notes(plan, protocol),
        };
    }

    private static string Description(TreatmentPlanRecord plan, ProtocolTemplate protocol)
    {
        var route = Routes.Label(protocol.Route) + (protocol.InfusionMinutes is { } minutes ? $" over {minutes.ToString(CultureInfo.InvariantCulture)} min" : string.Empty);
        var phases = string.Join("; ", protocol.Phases.Select(p =>
            $"{p.Name}: {p.Sessions.ToString(CultureInfo.InvariantCulture)} dosing session{(p.Sessions == 1 ? string.Empty : "s")} {p.Spacing} at {string.Join(" → ", p.Doses)}"));
        var weight = plan.WeightKg is { } kg && protocol.Phases.Any(p => p.Doses.Any(d => d.MgPerKg is not null))
            ? $" Weight when planned: {kg.ToString("0.#", CultureInfo.InvariantCulture)} kg (the mg dose is calculated on the day)."
            : string.Empty;
        return $"{protocol.Summary} Route: {route}. Dose: {phases}.{weight}";
    }

    private static CarePlanActivity Session(PlanStatus status, ProtocolTemplate protocol, PlannedSession session, DateOnly today)
    {
        var detail = new CarePlanActivityDetail
        {
            Kind = "Appointment",
            Code = new CodeableConcept { Text = SessionName(session) },
            Status = ActivityStatus(status, session.Date, today),
            ScheduledPeriod = new Period { Start = Date(session.Date), End = Date(session.Date) },
            Description = session.Purpose,
        };
        if (session.Kind == SessionKind.Dosing)
        {
            detail.ProductCodeableConcept = new CodeableConcept { Text = protocol.Route == DosingRoute.IntranasalEsketamine ? "Esketamine" : "Ketamine" };
            if (session.Dose is { FixedMg: { } mg })
                detail.DailyAmount = new Quantity { Value = mg, Unit = "mg", System = Ucum, Code = "mg" };
            else if (session.Dose is { MgPerKg: not null } perKg && !session.Purpose.Contains(perKg.ToString(), StringComparison.Ordinal))
                // A weight-based dose is not an amount until the patient is weighed that day, so it stays in words.
                detail.Description = $"{session.Purpose} ({perKg})";
        }
        return new CarePlanActivity { Detail = detail };
    }

    private static string SessionName(PlannedSession session) => session.Kind switch
    {
        SessionKind.Preparation => "Preparation",
        SessionKind.Dosing => $"Dosing session {session.DosingNumber?.ToString(CultureInfo.InvariantCulture)}",
        SessionKind.Integration => $"Integration after dosing session {session.DosingNumber?.ToString(CultureInfo.InvariantCulture)}",
        SessionKind.FollowUp => "Follow-up",
    };

    /// <summary>
    /// The adjunct modalities the therapist accepted, delivered in the integration sessions (REFERENCE.md §5). A modality is a
    /// service rather than an appointment of its own, so its kind is ServiceRequest and its period spans those sessions.
    /// </summary>
    private static IEnumerable<CarePlanActivity> Modalities(TreatmentPlanRecord plan, IReadOnlyList<PlannedSession> sessions, DateOnly today)
    {
        var dates = sessions.Where(s => s.Kind == SessionKind.Integration).Select(s => s.Date).ToList();
        if (dates.Count == 0) dates = [.. sessions.Select(s => s.Date)];
        foreach (var modality in plan.Modalities.Where(m => m.Accepted))
        {
            var source = modality.Source is null ? string.Empty : $" Source: {modality.Source}.";
            yield return new CarePlanActivity
            {
                Detail = new CarePlanActivityDetail
                {
                    Kind = "ServiceRequest",
                    Code = new CodeableConcept { Text = ModalityRecommendations.Label(modality.Modality) },
                    Status = ActivityStatus(plan.Status, dates.Count == 0 ? today : dates.Min(), today),
                    ScheduledPeriod = dates.Count == 0 ? null : new Period { Start = Date(dates.Min()), End = Date(dates.Max()) },
                    Description = $"{(modality.Suggested ? "Suggested by the intake: " : string.Empty)}{modality.Why.TrimEnd('.')}.{source} Delivered in the integration sessions.",
                },
            };
        }
    }

    /// <summary>
    /// R4 CarePlan.activity.detail.status (http://hl7.org/fhir/R4/valueset-care-plan-activity-status.html). A draft's sessions
    /// are not-started (nothing is authorised yet). A signed plan fixes each session's date, so a session still ahead is
    /// scheduled; one in the past is unknown, because KapCare does not record yet whether a planned session took place (the
    /// session records that would make it completed come with the dosing feature). In a superseded plan, sessions still ahead
    /// are cancelled: the newer version carries its own.
    /// </summary>
    private static string ActivityStatus(PlanStatus status, DateOnly date, DateOnly today) => status switch
    {
        PlanStatus.Draft => "not-started",
        PlanStatus.Signed => date >= today ? "scheduled" : "unknown",
        PlanStatus.Superseded => date >= today ? "cancelled" : "unknown",
    };

    private static List<Annotation> Notes(TreatmentPlanRecord plan, ProtocolTemplate protocol)
    {
        var notes = new List<Annotation>();
        foreach (var rule in protocol.StopContinue)
        {
            var instrument = InstrumentLibrary.Find(rule.InstrumentId)?.ShortName ?? rule.InstrumentId;
            notes.Add(new Annotation
            {
                Text = string.Create(CultureInfo.InvariantCulture,
                    $"Stop/continue: after {rule.AfterDosingSessions} dosing session{(rule.AfterDosingSessions == 1 ? string.Empty : "s")}, {instrument} should have improved by at least {rule.MinimumImprovementPercent:0.#} % from baseline; if not, {rule.IfNotMet}. Source: {rule.Source}."),
            });
        }
        if (protocol.MeasurementPlan.Count > 0)
            notes.Add(new Annotation { Text = "Measurement plan: " + string.Join("; ", protocol.MeasurementPlan) + "." });
        notes.Add(new Annotation { Text = $"Titration: {protocol.TitrationRule}" });
        notes.Add(new Annotation
        {
            Text = $"Protocol {protocol.Name} (template {plan.TemplateId} v{plan.TemplateVersion.ToString(CultureInfo.InvariantCulture)}). Sources: {protocol.Source}.",
        });
        notes.AddRange(plan.Notes.Select(n => new Annotation { Text = n }));
        if (plan.ModalityNote is { } modalityNote)
            notes.Add(new Annotation { Text = $"Modalities: {modalityNote}" });
        return notes;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
