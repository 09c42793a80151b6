using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Dosing;
using KapCare.Clinical.Instruments;
using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Plans;

public enum TitrationDecisionKind
{
    /// <summary>The prescriber took the proposal: the next dose is the proposed one.</summary>
    Accepted,

    /// <summary>The prescriber chose another step (or kept the dose against the proposal), with a reason.</summary>
    Otherwise,
}

/// <summary>
/// A prescriber's decision on the titration proposal after one dosing session (issue 10, item 10): what was proposed and
/// why, what was decided, by whom and when, and the dose change it made, if any. One per session; immutable.
/// </summary>
[AppendOnly("A titration decision is immutable: change the dose again on the plan instead.")]
public sealed class TitrationDecisionRecord
{
    public const int MaxProposalLength = 2000;

    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid PlanId { get; set; }

    /// <summary>The latest dosing session the proposal read: a decision answers that session's proposal and no later one.</summary>
    public Guid SessionId { get; set; }

    public TitrationDirection ProposedDirection { get; set; }
    public string ProposedDose { get; set; } = string.Empty;
    public string Proposal { get; set; } = string.Empty;
    public TitrationDecisionKind Decision { get; set; }

    /// <summary>The dose of the next session as decided.</summary>
    public string DecidedDose { get; set; } = string.Empty;

    /// <summary>The prescriber's reason: required when the decision is not the proposal.</summary>
    public string? Reason { get; set; }

    public Guid? DoseChangeId { get; set; }
    public DateTime DecidedAt { get; set; }
    public string DecidedByUserId { get; set; } = string.Empty;
    public string DecidedByName { get; set; } = string.Empty;
}

/// <summary>One given dose as the titration reads it, with the facts the proposal came from.</summary>
/// <param name="Gad7After">The latest GAD-7 after this session and before the next dose: its response.</param>
public sealed record TitrationSession(
    DosingSession Session, MedicationAdministration Administration, DateOnly Date, TemplateDose? Step, int? Gad7After, ResponseLevel? Response,
    int? Cadss6, DissociationLevel Dissociation, SessionBloodPressure? BloodPressure, AdverseEventSeverity AdverseEvents, IReadOnlyList<string> AdverseEventNames);

/// <summary>
/// The plan page's titration panel: the course's given doses, the proposal from the latest, and whether it was decided.
/// </summary>
/// <param name="Unavailable">Why there is no proposal (no session yet, no blood pressure recorded, a dose outside the steps).</param>
/// <param name="NextDose">The dose the next session would be given now (the last change, or the plan's next entry).</param>
public sealed record TitrationReview(
    IReadOnlyList<TitrationSession> Sessions, int? BaselineGad7, TitrationProposal? Proposal, TemplateDose? ProposedDose, string? Unavailable,
    TemplateDose NextDose, IReadOnlyList<TemplateDose> Steps, TitrationDecisionRecord? Decision, DoseChangeRecord? ChangeSince)
{
    public TitrationSession? Latest => Sessions.Count == 0 ? null : Sessions[^1];

    /// <summary>A decision for the latest session, or any dose change made after it.</summary>
    public bool Decided => Decision is not null || ChangeSince is not null;

    /// <summary>A safety signal without a decision: the next dose cannot start (the chart refuses it).</summary>
    public bool SafetyReviewOutstanding => Proposal is { IsSafetySignal: true } && !Decided;
}

public abstract record TitrationDecisionResult
{
    private TitrationDecisionResult() { }
    public sealed record Decided(TitrationDecisionRecord Decision, DoseChangeRecord? Change) : TitrationDecisionResult;
    public sealed record Refused(string Field, string Message) : TitrationDecisionResult;
    public sealed record NotFound : TitrationDecisionResult;
}

/// <summary>
/// Titration in use (issue 10, item 10): the domain proposal (<see cref="Titration.Propose"/>, docs/decisions/0012) fed
/// from the recorded sessions — the dose given, the GAD-7 response since the course's baseline (<see cref="AnxietyResponse"/>),
/// dissociation (CADSS-6 quoted; the level is the severity of a dissociation-related-distress adverse event, the nurse's
/// judgement at the chair, since the CADSS has no cut-off), the worst adverse event, and the blood pressure from the
/// baseline to the session's peak (the "hold limit" during a session is the clinic's absolute surge threshold). The
/// prescriber accepts the proposal or chooses another step with a reason; a safety signal (step down or hold) blocks the
/// next dose until they have (docs/decisions/0025).
/// </summary>
public sealed class PlanTitration(KapCareDbContext db, AuditTrail audit, ClinicClock clock, PlanDosing dosing)
{
    private static readonly SessionState[] Completed = [SessionState.Discharged, SessionState.Signed];

    public async Task<TitrationReview> ReviewAsync(TreatmentPlanRecord plan, CancellationToken ct = default)
    {
        var steps = plan.Protocol.TitrationSteps;
        var (next, history) = await dosing.CurrentAsync(plan, ct);
        var sessions = await SessionsAsync(plan, ct);
        if (sessions.Count == 0) return new([], null, null, null, "No dose has been given on this plan yet: the proposal follows the first session.", next, steps, null, null);

        var latest = sessions[^1];
        var decision = await db.TitrationDecisions.AsNoTracking().FirstOrDefaultAsync(d => d.SessionId == latest.Session.Id, ct);
        var changeSince = history.LastOrDefault(c => c.ChangedAt > latest.Administration.StartedAt);
        var baseline = await BaselineAsync(plan.PatientId, sessions[0].Administration.StartedAt, ct);
        TitrationReview Without(string why) => new(sessions, baseline, null, null, why, next, steps, decision, changeSince);

        if (steps.Count == 0) return Without("The protocol has no titration steps.");
        if (latest.Step is null) return Without($"The last dose ({latest.Administration.PlannedRule}) is not one of the protocol's steps ({string.Join(", ", steps)}): choose the next dose by hand.");
        if (latest.BloodPressure is null) return Without("The last session has no baseline and no later blood pressure: without it nothing can be proposed (a missing fact is never a pass).");

        var outcomes = sessions.Where(s => s.Step is not null && s.BloodPressure is not null)
            .Select(s => new SessionOutcome(s.Date, PlanDosing.Rule(s.Step!), s.Response, s.Dissociation, s.BloodPressure!, s.AdverseEvents, cadss6Total: s.Cadss6))
            .ToList();
        var doseSteps = DoseSteps.Create(plan.Protocol.Route, steps.Select(PlanDosing.Rule), PlanDosing.LimitsFor(plan.Protocol));
        var proposal = Titration.Propose(doseSteps, PlanDosing.Rule(latest.Step), outcomes);
        var proposedDose = steps.First(s => PlanDosing.Rule(s) == proposal.To);
        return new(sessions, baseline, proposal, proposedDose, null, next, steps, decision, changeSince);
    }

    /// <summary>Why the next dose of this plan cannot start, or null: a safety signal in the last session not yet decided.</summary>
    public async Task<string?> OutstandingReviewAsync(TreatmentPlanRecord plan, CancellationToken ct = default)
    {
        var review = await ReviewAsync(plan, ct);
        if (!review.SafetyReviewOutstanding) return null;
        return $"The last session ({review.Latest!.Date:d MMM}) had a safety signal — {review.Proposal!.Reasons[0]} " +
               "A prescriber decides the next dose on the plan page before dosing starts.";
    }

    /// <summary>
    /// Records the prescriber's decision on the latest session's proposal: accept it, or choose another of the protocol's
    /// steps with a reason. A dose different from the next planned one is recorded as a dose change (the calculator's
    /// warnings acknowledged), in the same transaction.
    /// </summary>
    public async Task<TitrationDecisionResult> DecideAsync(Guid planId, Guid sessionId, bool accept, decimal? dose, string? reason, bool acknowledged,
        ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.DoseOrder)) return new TitrationDecisionResult.Refused("plan", "Only a prescriber decides a dose.");
        var plan = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return new TitrationDecisionResult.NotFound();
        if (plan.Status != PlanStatus.Signed) return new TitrationDecisionResult.Refused("plan", "Doses are decided on the signed plan.");
        var review = await ReviewAsync(plan, ct);
        if (review.Proposal is not { } proposal || review.ProposedDose is not { } proposed)
            return new TitrationDecisionResult.Refused("plan", review.Unavailable ?? "There is no proposal to decide.");
        // The form names the session it was shown for: a later session (another tab, a colleague) makes it stale.
        if (review.Latest!.Session.Id != sessionId)
            return new TitrationDecisionResult.Refused("plan", "A later session has been recorded since this page was opened: read the new proposal.");
        if (review.Decided)
        {
            return new TitrationDecisionResult.Refused("plan", review.Decision is { } d
                ? $"Already decided by {d.DecidedByName} at {clock.Format(d.DecidedAt)}: {d.DecidedDose}."
                : $"The dose was already changed after this session ({review.ChangeSince!.To}, by {review.ChangeSince.ChangedByName}).");
        }

        TemplateDose chosen;
        string? why = reason?.Trim() is { Length: > 0 } r ? r : null;
        if (accept)
        {
            chosen = proposed;
        }
        else
        {
            if (review.Steps.FirstOrDefault(s => (s.MgPerKg ?? s.FixedMg) == dose) is not { } step)
                return new TitrationDecisionResult.Refused("dose", $"Choose one of the protocol's steps: {string.Join(", ", review.Steps)}.");
            chosen = step;
            if (chosen == proposed)
                return new TitrationDecisionResult.Refused("dose", $"{chosen} is the proposal: accept it instead.");
            if (why is null || why.Length < DoseChange.MinimumReasonLength)
                return new TitrationDecisionResult.Refused("reason", $"Say why you do not follow the proposal (at least {DoseChange.MinimumReasonLength} characters).");
            if (why.Length > DoseChange.MaximumReasonLength)
                return new TitrationDecisionResult.Refused("reason", $"Keep the reason to {DoseChange.MaximumReasonLength} characters.");
        }

        var proposalText = Truncate($"{Label(proposal.Direction)}: {proposal.From} → {proposal.To}. {string.Join(" ", proposal.Reasons)}", TitrationDecisionRecord.MaxProposalLength);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        DoseChangeRecord? change = null;
        if (chosen != review.NextDose)
        {
            var changeReason = accept ? Truncate("Titration proposal accepted: " + string.Join(" ", proposal.Reasons), DoseChange.MaximumReasonLength)
                : Truncate($"Titration proposed {proposal.To}; chose {chosen}: {why}", DoseChange.MaximumReasonLength);
            switch (await dosing.ChangeAsync(plan.Id, chosen.MgPerKg ?? chosen.FixedMg, changeReason, acknowledged, PlanDosing.CoSignInput.None, user, ct))
            {
                case DoseChangeResult.Changed changed:
                    change = changed.Change;
                    break;
                case DoseChangeResult.Refused refused:
                    return new TitrationDecisionResult.Refused(refused.Field is "acknowledge" ? "acknowledge" : "dose", refused.Message);
                default:
                    return new TitrationDecisionResult.Refused("dose", "That dose needs a co-signature: use “Change dose” below.");
            }
        }

        var record = new TitrationDecisionRecord
        {
            Id = Guid.NewGuid(), PatientId = plan.PatientId, PlanId = plan.Id, SessionId = sessionId,
            ProposedDirection = proposal.Direction, ProposedDose = proposed.ToString(), Proposal = proposalText,
            Decision = accept ? TitrationDecisionKind.Accepted : TitrationDecisionKind.Otherwise, DecidedDose = chosen.ToString(),
            Reason = why, DoseChangeId = change?.Id, DecidedAt = clock.UtcNow,
            DecidedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, DecidedByName = user.DisplayName(),
        };
        db.TitrationDecisions.Add(record);
        audit.Add(AuditActions.TitrationDecide, AuditOutcome.Success, "CarePlan", plan.Id.ToString(), plan.PatientId,
            $"{(accept ? "accepted" : "decided otherwise")}: proposed {Label(proposal.Direction)} to {proposed}; next dose {chosen}" + (why is null ? string.Empty : $" ({why})"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique index on the session: a second tab decided it a moment ago; nothing of this one is kept.
            return new TitrationDecisionResult.Refused("plan", "This session's proposal was decided a moment ago (another tab?): reload the plan.");
        }
        await transaction.CommitAsync(ct);
        return new TitrationDecisionResult.Decided(record, change);
    }

    public static string Label(TitrationDirection direction) => direction switch
    {
        TitrationDirection.StepUp => "Up one step",
        TitrationDirection.Stay => "Stay",
        TitrationDirection.StepDown => "Down one step",
        TitrationDirection.Hold => "Hold for review",
        _ => direction.ToString(),
    };

    /// <summary>The completed dosing sessions of this protocol (the plan and its earlier versions), oldest first.</summary>
    private async Task<List<TitrationSession>> SessionsAsync(TreatmentPlanRecord plan, CancellationToken ct)
    {
        var sameProtocol = db.TreatmentPlans.Where(p => p.PatientId == plan.PatientId && p.TemplateId == plan.TemplateId && p.PlanVersion <= plan.PlanVersion).Select(p => p.Id);
        var rows = await (from s in db.DosingSessions.AsNoTracking()
                          join a in db.MedicationAdministrations.AsNoTracking() on s.Id equals a.SessionId
                          where sameProtocol.Contains(s.PlanId) && Completed.Contains(s.State) && a.StoppedAt != null
                          select new { Session = s, Administration = a }).ToListAsync(ct);
        if (rows.Count == 0) return [];
        rows = [.. rows.OrderBy(r => r.Administration.StartedAt)];
        var ids = rows.Select(r => r.Session.Id).ToList();
        var vitals = (await db.VitalSigns.AsNoTracking().Where(v => ids.Contains(v.SessionId)).ToListAsync(ct)).ToLookup(v => v.SessionId);
        var events = await db.SessionAdverseEvents.AsNoTracking().Where(e => ids.Contains(e.SessionId)).ToListAsync(ct);
        var superseded = events.Where(e => e.SupersedesId is not null).Select(e => e.SupersedesId!.Value).ToHashSet();
        var currentEvents = events.Where(e => !superseded.Contains(e.Id)).ToLookup(e => e.SessionId);
        var from = rows[0].Administration.StartedAt;
        var scales = await db.QuestionnaireResponses.AsNoTracking()
            .Where(r => r.PatientId == plan.PatientId && r.Status == ResponseStatus.Completed && r.Total != null && r.AuthoredAt >= from
                && (r.InstrumentId == InstrumentIds.Gad7 || r.InstrumentId == InstrumentIds.Cadss6))
            .Select(r => new { r.InstrumentId, r.AuthoredAt, r.Total }).ToListAsync(ct);
        var baseline = await BaselineAsync(plan.PatientId, from, ct);
        var limits = VitalsLimits.Default;

        var result = new List<TitrationSession>();
        for (var i = 0; i < rows.Count; i++)
        {
            var (session, administration) = (rows[i].Session, rows[i].Administration);
            var end = session.DischargedAt ?? administration.StoppedAt!.Value;
            var nextStart = i + 1 < rows.Count ? rows[i + 1].Administration.StartedAt : DateTime.MaxValue;
            // The response to this dose: the last GAD-7 after the session and before the next dose (often its pre-dose scale).
            var gad7 = scales.Where(s => s.InstrumentId == InstrumentIds.Gad7 && s.AuthoredAt > end && s.AuthoredAt < nextStart)
                .OrderBy(s => s.AuthoredAt).Select(s => s.Total).LastOrDefault();
            var cadss6 = scales.Where(s => s.InstrumentId == InstrumentIds.Cadss6 && s.AuthoredAt >= administration.StartedAt && s.AuthoredAt <= end)
                .OrderBy(s => s.AuthoredAt).Select(s => s.Total).LastOrDefault();
            var sessionEvents = currentEvents[session.Id].ToList();
            var dissociation = sessionEvents.Where(e => e.Kind == AdverseEventKind.DissociationDistress).Select(e => Level(e.Severity)).DefaultIfEmpty(DissociationLevel.None).Max();
            var worst = sessionEvents.Select(e => e.Serious ? AdverseEventSeverity.Severe : e.Severity).DefaultIfEmpty(AdverseEventSeverity.None).Max();
            var readings = vitals[session.Id].OrderBy(v => v.MeasuredAt).ToList();
            var base_ = readings.LastOrDefault(v => v.Phase == VitalsPhase.Baseline);
            var after = readings.Where(v => v.Phase != VitalsPhase.Baseline && v.MeasuredAt >= administration.StartedAt).ToList();
            SessionBloodPressure? bp = null;
            if (base_ is not null)
            {
                var peakS = after.Select(v => v.Systolic).DefaultIfEmpty(base_.Systolic).Max();
                var peakD = after.Select(v => v.Diastolic).DefaultIfEmpty(base_.Diastolic).Max();
                var overLimit = after.Any(v => v.Systolic >= limits.SurgeSystolicAtOrAbove || v.Diastolic >= limits.SurgeDiastolicAtOrAbove);
                bp = new SessionBloodPressure(base_.Systolic, base_.Diastolic, peakS, peakD, overLimit);
            }
            var step = plan.Protocol.TitrationSteps.FirstOrDefault(s => s.ToString() == administration.PlannedRule);
            result.Add(new TitrationSession(session, administration, DateOnly.FromDateTime(clock.ToLocal(administration.StartedAt)), step, gad7,
                baseline is { } b && gad7 is { } g ? AnxietyResponse.FromGad7(b, g) : null, cadss6, dissociation, bp, worst,
                [.. sessionEvents.Select(e => $"{AdverseEvents.Label(e.Kind)} ({AdverseEvents.Label(e.Severity).ToLowerInvariant()}{(e.Serious ? ", serious" : string.Empty)})")]));
        }
        return result;
    }

    /// <summary>The course's baseline GAD-7: the last one completed before its first dose.</summary>
    private async Task<int?> BaselineAsync(Guid patientId, DateTime firstDose, CancellationToken ct) =>
        await db.QuestionnaireResponses.AsNoTracking()
            .Where(r => r.PatientId == patientId && r.Status == ResponseStatus.Completed && r.Total != null && r.InstrumentId == InstrumentIds.Gad7 && r.AuthoredAt <= firstDose)
            .OrderByDescending(r => r.AuthoredAt).Select(r => r.Total).FirstOrDefaultAsync(ct);

    private static DissociationLevel Level(AdverseEventSeverity severity) => severity switch
    {
        AdverseEventSeverity.Mild => DissociationLevel.Mild,
        AdverseEventSeverity.Moderate => DissociationLevel.Moderate,
        AdverseEventSeverity.Severe => DissociationLevel.Severe,
        _ => DissociationLevel.None,
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
