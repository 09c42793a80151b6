using System.Security.Claims;
using KapCare.Clinical.Dosing;
using Route = KapCare.Clinical.Dosing.Route;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Sessions;

/// <summary>The checklist answers at the chair; null = not answered on this submission.</summary>
public sealed record DischargeChecksInput(bool? AlertAndOriented, bool? EffectsResolved, bool? EscortPresent, bool? InstructionsGiven);

public sealed record DischargeState(DischargeSheet Sheet, DischargeResult Result, DischargeRequirements Requirements, IReadOnlyDictionary<DischargeItem, SessionDischargeCheck> Recorded);

/// <summary>
/// Discharge and signature (issue 10, item 6): the checklist (each answer with who and when), discharge refused until it and
/// the route's minimum monitoring time are met, the nurse's discharge in their own session, the prescriber's co-signature
/// in theirs — a second person — after which the session is sealed and changes only by an amendment that keeps the original.
/// </summary>
public sealed class SessionDischarge(KapCareDbContext db, AuditTrail audit, ClinicClock clock, DosingSessions sessions, SessionAdministrations administrations,
    SessionMonitoring monitoring)
{
    public async Task<DischargeState> StateAsync(DosingSession session, CancellationToken ct = default)
    {
        var administration = await administrations.CurrentAsync(session.Id, ct);
        var route = administration?.Route ?? (await db.TreatmentPlans.AsNoTracking().FirstAsync(p => p.Id == session.PlanId, ct)).Protocol.Route;
        var checks = await db.SessionDischargeChecks.AsNoTracking().Where(c => c.SessionId == session.Id).ToListAsync(ct);
        var latest = checks.GroupBy(c => c.Item).ToDictionary(g => g.Key, g => g.OrderBy(c => c.RecordedAt).ThenBy(c => c.Id).Last());
        var vitals = await db.VitalSigns.AsNoTracking().Where(v => v.SessionId == session.Id).OrderBy(v => v.MeasuredAt).ThenBy(v => v.Id).ToListAsync(ct);
        var baseline = vitals.LastOrDefault(v => v.Phase == VitalsPhase.Baseline);
        var events = await monitoring.AdverseEventsAsync(session.Id, ct);
        bool? Answer(DischargeItem item) => latest.TryGetValue(item, out var c) ? c.Value : null;
        var sheet = new DischargeSheet
        {
            Route = route,
            Baseline = baseline?.Reading,
            Latest = vitals.Count == 0 ? null : vitals[^1].Reading,
            Readings = [.. vitals.Where(v => v.Phase != VitalsPhase.Baseline).Select(v => v.Reading)],
            AlertAndOriented = Answer(DischargeItem.AlertAndOriented),
            EffectsResolved = Answer(DischargeItem.EffectsResolved),
            EscortPresent = Answer(DischargeItem.EscortPresent),
            InstructionsGiven = Answer(DischargeItem.InstructionsGiven),
            FirstDoseAt = administration?.StartedAt,
            DosingEndedAt = administration?.StoppedAt,
            OngoingSeriousAdverseEvents = events.Count(e => e.Serious && e.Outcome == AdverseEventOutcome.Ongoing),
        };
        var requirements = new DischargeRequirements(MonitoringMinimums.DefaultMinutesAfterDosing(route), await sessions.HoldAsync(ct), VitalsLimits.Default);
        return new DischargeState(sheet, DischargeRules.Evaluate(sheet, requirements, clock.UtcNow), requirements, latest);
    }

    /// <summary>Records the nurse's checklist answers; all met (the clock included) makes the session ready for discharge.</summary>
    public async Task<SessionResult> RecordChecksAsync(Guid sessionId, DischargeChecksInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SessionRun)) return new SessionResult.Refused("session", "Only a nurse or a prescriber records the discharge checklist.");
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new SessionResult.NotFound();
        if (session.State is not (SessionState.Monitoring or SessionState.ReadyForDischarge))
            return new SessionResult.Refused("session", $"The discharge checklist is recorded during monitoring; this session is {SessionStateMachine.Label(session.State)}.");
        var (byId, byName, now) = (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, user.DisplayName(), clock.UtcNow);
        void Record(DischargeItem item, bool? value)
        {
            if (value is { } v)
                db.SessionDischargeChecks.Add(new SessionDischargeCheck { Id = Guid.CreateVersion7(), SessionId = session.Id, Item = item, Value = v, RecordedAt = now, RecordedByUserId = byId, RecordedByName = byName });
        }
        Record(DischargeItem.AlertAndOriented, input.AlertAndOriented);
        Record(DischargeItem.EffectsResolved, input.EffectsResolved);
        Record(DischargeItem.EscortPresent, input.EscortPresent);
        Record(DischargeItem.InstructionsGiven, input.InstructionsGiven);
        await db.SaveChangesAsync(ct);
        var state = await StateAsync(session, ct);
        if (state.Result.Met && session.State == SessionState.Monitoring)
            return await sessions.MoveAsync(session, SessionTrigger.MeetDischargeCriteria, null, user, "Ready for discharge.", ct);
        if (!state.Result.Met && session.State == SessionState.ReadyForDischarge)
            return await sessions.MoveAsync(session, SessionTrigger.ResumeMonitoring, state.Result.Unmet[0].Message, user, "Back to monitoring: " + state.Result.Unmet[0].Message, ct);
        await audit.RecordAsync(AuditActions.SessionDischargeChecks, AuditOutcome.Success, "Encounter", session.Id.ToString(), session.PatientId,
            state.Result.Met ? "checklist met" : "still unmet: " + string.Join(" ", state.Result.Unmet.Select(u => u.Message)), ct);
        return new SessionResult.Done(session, state.Result.Met ? "Ready for discharge." : "Saved. Not yet: " + string.Join(" ", state.Result.Unmet.Select(u => u.Message)));
    }

    /// <summary>The nurse discharges the patient — their signature on the chart — once every rule is met, checked again now.</summary>
    public async Task<SessionResult> DischargeAsync(Guid sessionId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SessionRun)) return new SessionResult.Refused("session", "Only a nurse or a prescriber discharges a patient.");
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new SessionResult.NotFound();
        if (session.State is not (SessionState.Monitoring or SessionState.ReadyForDischarge))
            return new SessionResult.Refused("session", $"Discharge follows monitoring; this session is {SessionStateMachine.Label(session.State)}.");
        var state = await StateAsync(session, ct);
        if (!state.Result.Met)
        {
            await audit.RecordAsync(AuditActions.SessionMove, AuditOutcome.Failure, "Encounter", session.Id.ToString(), session.PatientId,
                "discharge refused: " + string.Join(" ", state.Result.Unmet.Select(u => u.Message)), ct);
            return new SessionResult.Refused("discharge", "Not ready for discharge: " + string.Join(" ", state.Result.Unmet.Select(u => u.Message)));
        }
        if (session.State == SessionState.Monitoring)
        {
            // Both moves are saved together by the discharge below.
            db.SessionEvents.Add(session.Fire(SessionTrigger.MeetDischargeCriteria, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, user.DisplayName(), clock.UtcNow));
        }
        session.MonitoringMinutes = (int)Math.Floor((clock.UtcNow - state.Sheet.FirstDoseAt!.Value).TotalMinutes);
        return await sessions.MoveAsync(session, SessionTrigger.Discharge, null, user, "Discharged. A prescriber co-signs the session.", ct);
    }

    /// <summary>The prescriber's co-signature, in their own session: a different person from the nurse who discharged. The session is then sealed.</summary>
    public async Task<SessionResult> SignAsync(Guid sessionId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.DoseOrder)) return new SessionResult.Refused("sign", "Only a prescriber co-signs a dosing session.");
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new SessionResult.NotFound();
        if (session.State != SessionState.Discharged)
            return new SessionResult.Refused("sign", session.State == SessionState.Signed ? $"Already signed by {session.SignedByName}." : "The prescriber signs after the nurse has discharged the patient.");
        if (session.DischargedByUserId == user.FindFirstValue(ClaimTypes.NameIdentifier))
            return new SessionResult.Refused("sign", "You discharged this patient: a second person, a prescriber, co-signs the session.");
        return await sessions.MoveAsync(session, SessionTrigger.Sign, null, user, "Session signed. It can now change only by an amendment.", ct);
    }

    /// <summary>An amendment of a signed session: the signed record stays as it was; the amendment adds what was wrong or missing.</summary>
    public async Task<SessionResult> AmendAsync(Guid sessionId, string? text, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SessionRun)) return new SessionResult.Refused("amendment", "Only a nurse or a prescriber amends a session.");
        var session = await db.DosingSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new SessionResult.NotFound();
        if (session.State != SessionState.Signed) return new SessionResult.Refused("amendment", "Only a signed session is amended; until then, record on the chart.");
        if ((text?.Trim().Length ?? 0) < SessionAmendment.MinimumLength)
            return new SessionResult.Refused("amendment", $"Say what is amended and why (at least {SessionAmendment.MinimumLength} characters).");
        var amendment = new SessionAmendment
        {
            Id = Guid.CreateVersion7(), SessionId = session.Id, Text = text!.Trim(), At = clock.UtcNow,
            ByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, ByName = user.DisplayName(),
        };
        db.SessionAmendments.Add(amendment);
        audit.Add(AuditActions.SessionAmend, AuditOutcome.Success, "Encounter", session.Id.ToString(), session.PatientId, "amendment: " + amendment.Text);
        await db.SaveChangesAsync(ct);
        return new SessionResult.Done(session, "Amendment added; the signed record is unchanged.");
    }
}
