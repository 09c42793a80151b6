using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Dosing;
using Route = KapCare.Clinical.Dosing.Route;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Sessions;

/// <summary>A vitals row as typed at the chair; the time is "HH:mm" today (empty = now).</summary>
public sealed record VitalsInput(int? Systolic, int? Diastolic, int? HeartRate, int? OxygenSaturation, int? RespiratoryRate, int? Sedation, NauseaLevel? Nausea, string? At = null);

public sealed record AdverseEventInput(AdverseEventKind? Kind, AdverseEventSeverity? Severity, bool MarkedSerious, string? OnsetAt, string? ActionTaken, AdverseEventOutcome? Outcome);

/// <summary>The flowsheet as the chart shows it: every reading with its flags, when the next is due, and the interval that applies.</summary>
public sealed record Flowsheet(IReadOnlyList<(VitalSigns Row, IReadOnlyList<VitalsFlag> Flags)> Rows, VitalSigns? Baseline, int IntervalMinutes, VitalsDue? Next, VitalsLimits Limits);

/// <summary>
/// The vitals flowsheet and adverse events of a session (issue 10, items 4–5): readings every N minutes while the drug acts,
/// each checked against the clinic's limits with the threshold shown; a BP surge and a serious adverse event raise a
/// safety alert for the prescribers (the chair board and the alerts inbox show it). Rows are append-only.
/// </summary>
public sealed class SessionMonitoring(KapCareDbContext db, AuditTrail audit, ClinicClock clock, SessionAdministrations administrations, DosingSessions moves)
{
    public const string BpSurgeAlert = "bp-surge";
    public const string SeriousAdverseEventAlert = "serious-adverse-event";

    public Task<VitalsSchedule> ScheduleAsync(CancellationToken ct = default) => new SessionSettings(db).ScheduleAsync(ct);

    /// <summary>Which of the patient's IV sessions this is, counting this one: 1 for the first (its vitals every 10 min by default).</summary>
    public async Task<int> IvSessionNumberAsync(DosingSession session, CancellationToken ct = default) =>
        1 + await db.MedicationAdministrations.CountAsync(a => a.PatientId == session.PatientId && a.Route == Route.Intravenous && a.StartedAt < session.OpenedAt && a.SessionId != session.Id, ct);

    public async Task<Flowsheet> FlowsheetAsync(DosingSession session, Route route, CancellationToken ct = default)
    {
        var rows = await db.VitalSigns.AsNoTracking().Where(v => v.SessionId == session.Id).OrderBy(v => v.MeasuredAt).ThenBy(v => v.Id).ToListAsync(ct);
        var baseline = rows.LastOrDefault(r => r.Phase == VitalsPhase.Baseline);
        var limits = VitalsLimits.Default;
        var interval = (await ScheduleAsync(ct)).IntervalFor(route, route == Route.Intravenous ? await IvSessionNumberAsync(session, ct) : 0);
        VitalsDue? next = null;
        if (session.State is SessionState.Dosing or SessionState.Monitoring or SessionState.ReadyForDischarge)
        {
            var administration = await administrations.CurrentAsync(session.Id, ct);
            var last = rows.Where(r => r.Phase != VitalsPhase.Baseline).Select(r => (DateTime?)r.MeasuredAt).LastOrDefault();
            var from = last is { } l && administration is not null && l >= administration.StartedAt ? l : administration?.StartedAt;
            if (from is { } f) next = VitalsSchedule.Next(f, interval, clock.UtcNow);
        }
        return new Flowsheet([.. rows.Select(r => (r, r.Phase == VitalsPhase.Baseline ? (IReadOnlyList<VitalsFlag>)[] : limits.Check(r.Reading, baseline?.Reading)))],
            baseline, interval, next, limits);
    }

    /// <summary>Records a reading while the drug acts (dosing, monitoring, before discharge); a surge raises a prescriber alert.</summary>
    public async Task<(SessionResult Result, IReadOnlyList<VitalsFlag> Flags)> RecordVitalsAsync(Guid sessionId, VitalsInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        static (SessionResult, IReadOnlyList<VitalsFlag>) Refuse(string field, string message) => (new SessionResult.Refused(field, message), []);
        if (!user.Has(Permissions.SessionRun)) return Refuse("session", "Only a nurse or a prescriber records vitals.");
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return (new SessionResult.NotFound(), []);
        if (session.State is not (SessionState.Dosing or SessionState.Monitoring or SessionState.ReadyForDischarge))
            return Refuse("session", $"Vitals are recorded here from the start of the dose to discharge; this session is {SessionStateMachine.Label(session.State)}.");
        if (input is not { Systolic: { } sys, Diastolic: { } dia, HeartRate: { } hr, OxygenSaturation: { } spo2, RespiratoryRate: { } rr })
            return Refuse("vitals", "Record the whole set: blood pressure, heart rate, SpO₂ and respiratory rate.");
        if (VitalsReading.Problem(sys, dia, hr, spo2, rr) is { } problem) return Refuse("vitals", problem);
        if (input.Sedation is < 0 or > 5) return Refuse("sedation", "MOAA/S is 0 to 5.");
        if (input.Nausea is { } n && !Enum.IsDefined(n)) return Refuse("nausea", "Choose none, mild, moderate or severe.");
        var administration = await administrations.CurrentAsync(session.Id, ct);
        var now = clock.UtcNow;
        if (administrations.ParseTime(input.At, now) is not { } at) return Refuse("at", "Give the time as HH:MM (clinic time).");
        if (AdministrationRules.TimeProblem(at, now, administration?.StartedAt ?? session.CheckedInAt ?? session.OpenedAt, "reading", "the start of the dose") is { } timeProblem)
            return Refuse("at", timeProblem);

        var baseline = await db.VitalSigns.AsNoTracking().Where(v => v.SessionId == session.Id && v.Phase == VitalsPhase.Baseline)
            .OrderByDescending(v => v.MeasuredAt).ThenByDescending(v => v.Id).FirstOrDefaultAsync(ct);
        var (byId, byName) = (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, user.DisplayName());
        var row = new VitalSigns
        {
            Id = Guid.CreateVersion7(), SessionId = session.Id, Phase = session.State == SessionState.Dosing ? VitalsPhase.Dosing : VitalsPhase.Monitoring,
            MeasuredAt = at, Systolic = sys, Diastolic = dia, HeartRate = hr, OxygenSaturation = spo2, RespiratoryRate = rr,
            Sedation = input.Sedation, Nausea = input.Nausea, RecordedByUserId = byId, RecordedByName = byName,
        };
        db.VitalSigns.Add(row);
        var flags = VitalsLimits.Default.Check(row.Reading, baseline?.Reading);
        if (flags.FirstOrDefault(f => f.IsSurge) is { } surge)
            await RaiseAlertOnceAsync(session, BpSurgeAlert, $"Dosing session {session.DosingNumber}, {clock.FormatTime(at)}: {surge.Message}",
                "Spravato label (rise ≥ 40/25 mmHg); clinic limit 180/110 mmHg (REFERENCE.md §4)", ct);
        audit.Add(AuditActions.SessionVitals, AuditOutcome.Success, "Observation", row.Id.ToString(), session.PatientId,
            $"{row.BloodPressure}, HR {hr}, SpO₂ {spo2} %, RR {rr}" + (flags.Count == 0 ? string.Empty : "; flagged: " + string.Join(" ", flags.Select(f => f.Message))));
        // A worse reading after the checklist was met sends the patient back to monitoring.
        if (session.State == SessionState.ReadyForDischarge && flags.Count > 0)
        {
            var back = await MoveAsync(session, SessionTrigger.ResumeMonitoring, "new reading out of range: " + flags[0].Message, user, ct);
            return (back, flags);
        }
        var saved = await moves.SaveAsync(session, flags.Count == 0 ? "Vitals recorded." : "Vitals recorded — " + string.Join(" ", flags.Select(f => f.Message)), ct);
        return (saved, saved is SessionResult.Done ? flags : []);
    }

    /// <summary>The session's adverse events as they stand now (the latest record of each).</summary>
    public async Task<IReadOnlyList<SessionAdverseEvent>> AdverseEventsAsync(Guid sessionId, CancellationToken ct = default)
    {
        var rows = await db.SessionAdverseEvents.AsNoTracking().Where(e => e.SessionId == sessionId).OrderBy(e => e.RecordedAt).ThenBy(e => e.Id).ToListAsync(ct);
        var superseded = rows.Where(r => r.SupersedesId is not null).Select(r => r.SupersedesId!.Value).ToHashSet();
        return [.. rows.Where(r => !superseded.Contains(r.Id)).OrderBy(r => r.OnsetAt)];
    }

    /// <summary>
    /// Records an adverse event, or (with <paramref name="updates"/>) a new state of one already recorded. A serious one
    /// raises a safety alert that every prescriber sees, and flags the patient until a prescriber resolves it.
    /// </summary>
    public async Task<SessionResult> RecordAdverseEventAsync(Guid sessionId, AdverseEventInput input, Guid? updates, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SessionRun)) return new SessionResult.Refused("session", "Only a nurse or a prescriber records an adverse event.");
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new SessionResult.NotFound();
        if (session.State is not (SessionState.Dosing or SessionState.Monitoring or SessionState.ReadyForDischarge or SessionState.Discharged))
            return new SessionResult.Refused("session", SessionStateMachine.IsFinal(session.State)
                ? $"This session is {SessionStateMachine.Label(session.State)}: add an amendment."
                : "Adverse events are recorded from the start of the dose.");
        if (input.Kind is not { } kind || !Enum.IsDefined(kind)) return new SessionResult.Refused("kind", "Choose what happened.");
        if (input.Severity is not { } severity || !Enum.IsDefined(severity) || severity == AdverseEventSeverity.None) return new SessionResult.Refused("severity", "Choose the severity: mild, moderate or severe.");
        if (input.Outcome is not { } outcome || !Enum.IsDefined(outcome)) return new SessionResult.Refused("outcome", "Choose the outcome.");
        if (string.IsNullOrWhiteSpace(input.ActionTaken) || input.ActionTaken.Trim().Length < 3)
            return new SessionResult.Refused("actionTaken", "Say what was done (\"none\", \"ondansetron 4 mg SL\", \"infusion paused\").");
        SessionAdverseEvent? previous = null;
        if (updates is { } id)
        {
            previous = await db.SessionAdverseEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.SessionId == session.Id, ct);
            if (previous is null) return new SessionResult.Refused("updates", "That adverse event is not on this session.");
            if (await db.SessionAdverseEvents.AnyAsync(e => e.SupersedesId == id, ct)) return new SessionResult.Refused("updates", "That record was updated already: update the latest one.");
            if (previous.Kind != kind) return new SessionResult.Refused("kind", "An update keeps the event's kind; record a different event separately.");
        }
        var administration = await administrations.CurrentAsync(session.Id, ct);
        var now = clock.UtcNow;
        if (administrations.ParseTime(input.OnsetAt, now) is not { } onset) return new SessionResult.Refused("onsetAt", "Give the onset time as HH:MM (clinic time).");
        if (previous is not null) onset = previous.OnsetAt;
        else if (AdministrationRules.TimeProblem(onset, now, administration?.StartedAt ?? now, "onset", "the start of the dose") is { } problem)
            return new SessionResult.Refused("onsetAt", problem);

        var serious = AdverseEvents.IsSerious(kind, input.MarkedSerious || previous?.Serious == true, outcome);
        var (byId, byName) = (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, user.DisplayName());
        var row = new SessionAdverseEvent
        {
            Id = Guid.CreateVersion7(), SessionId = session.Id, PatientId = session.PatientId, EventId = previous?.EventId ?? Guid.Empty, SupersedesId = previous?.Id,
            Kind = kind, Severity = severity, Serious = serious, OnsetAt = onset, ActionTaken = input.ActionTaken.Trim(), Outcome = outcome,
            RecordedAt = now, RecordedByUserId = byId, RecordedByName = byName,
        };
        if (row.EventId == Guid.Empty) row.EventId = row.Id;
        db.SessionAdverseEvents.Add(row);
        var what = $"{AdverseEvents.Label(kind)} ({AdverseEvents.Label(severity)}{(serious ? ", SERIOUS" : string.Empty)}), {AdverseEvents.Label(outcome)}; action: {row.ActionTaken}";
        audit.Add(AuditActions.SessionAdverseEvent, AuditOutcome.Success, "AdverseEvent", row.EventId.ToString(), session.PatientId, (previous is null ? "recorded " : "updated ") + what);
        if (serious && previous?.Serious != true)
            await RaiseAlertOnceAsync(session, SeriousAdverseEventAlert, $"Serious adverse event at dosing session {session.DosingNumber}: {what}.",
                "21 CFR 312.32(a) (serious adverse event); REFERENCE.md §4", ct);
        if (session.State == SessionState.ReadyForDischarge && outcome == AdverseEventOutcome.Ongoing)
            return await MoveAsync(session, SessionTrigger.ResumeMonitoring, "adverse event: " + AdverseEvents.Label(kind), user, ct);
        return await moves.SaveAsync(session, previous is null ? "Adverse event recorded." : "Adverse event updated.", ct);
    }

    /// <summary>One open alert of a kind per session: a second surge in the same session adds to the chart, not to the inbox.</summary>
    private async Task RaiseAlertOnceAsync(DosingSession session, string code, string message, string source, CancellationToken ct)
    {
        var since = session.CheckedInAt ?? session.OpenedAt;
        if (await db.SafetyAlerts.AnyAsync(a => a.PatientId == session.PatientId && a.Code == code && a.Status == AlertStatus.Open && a.RaisedAt >= since, ct)) return;
        db.SafetyAlerts.Add(new SafetyAlert
        {
            Id = Guid.CreateVersion7(), PatientId = session.PatientId, Code = code, Message = message, Source = source, RaisedAt = clock.UtcNow, Status = AlertStatus.Open,
        });
    }

    private Task<SessionResult> MoveAsync(DosingSession session, SessionTrigger trigger, string reason, ClaimsPrincipal user, CancellationToken ct) =>
        moves.MoveAsync(session, trigger, reason, user, "Back to monitoring: " + reason, ct);
}
