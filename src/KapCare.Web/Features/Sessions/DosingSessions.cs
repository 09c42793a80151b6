using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Instruments;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Consent;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Sessions;

/// <summary>What the nurse typed on the pre-check form; null = not answered on this submission.</summary>
public sealed record PreCheckInput(
    bool? IdentityConfirmed, bool? FastedAsInstructed, bool? EscortAndRideHome, PregnancyTestResult? PregnancyTest,
    bool? NoNewMedications, string? NewMedications, int? Systolic, int? Diastolic, int? HeartRate, int? OxygenSaturation, int? RespiratoryRate);

public enum HoldDecision { Remeasure, Proceed, Cancel }

public abstract record SessionResult
{
    public sealed record Done(DosingSession Session, string Message) : SessionResult;
    public sealed record Refused(string Field, string Message) : SessionResult;
    public sealed record NotFound : SessionResult;
}

/// <summary>The pre-checks as they stand: what was recorded (latest per item, with who and when) and what the rules make of it.</summary>
public sealed record PreCheckState(PreCheckSheet Sheet, PreCheckResult Result, IReadOnlyDictionary<PreCheckItem, SessionPreCheck> Recorded,
    VitalSigns? Baseline, DosingWeight Weight, PreCheckRequirements Requirements);

/// <summary>
/// Runs a dosing session from check-in to the start of dosing (issue 10, items 1–2): opening it for a signed plan's
/// dosing entry, checking in, recording the pre-checks (each with who and when), the BP hold and the prescriber's
/// decision on it, cancellation and did-not-attend. Consent, the dosing weight and the pre-dose scale are read from
/// their records, never typed. Every act is audited; an illegal move is refused with the state machine's sentence.
/// </summary>
public sealed class DosingSessions(KapCareDbContext db, AuditTrail audit, ClinicClock clock, ConsentService consents, DosingWeights weights,
    Intake.IntakeService intakes)
{
    public const string HoldSystolicKey = "sessions.bp-hold-systolic";
    public const string HoldDiastolicKey = "sessions.bp-hold-diastolic";
    public const int MinimumReasonLength = 10;

    /// <summary>The instruments that count as the pre-dose scale: the GAD-7 (issue 10: "a short pre-dose GAD-7 or the plan's scale").</summary>
    public static readonly IReadOnlySet<string> PreDoseInstruments = new HashSet<string>(StringComparer.Ordinal) { InstrumentIds.Gad7 };

    /// <summary>
    /// KapCare's default until plans carry their own choice: a pregnancy test for a female patient aged 12–55 (who could
    /// become pregnant). Ketamine is not given in pregnancy (REFERENCE.md §2).
    /// </summary>
    public static bool PregnancyTestRequired(KapCare.Clinical.Patients.AdministrativeSex sex, int ageYears) =>
        sex == KapCare.Clinical.Patients.AdministrativeSex.Female && ageYears is >= 12 and <= 55;

    public async Task<BloodPressureHold> HoldAsync(CancellationToken ct = default)
    {
        var values = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == HoldSystolicKey || s.Key == HoldDiastolicKey).ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        int Read(string key, int fallback, int min, int max) =>
            values.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : fallback;
        return new BloodPressureHold(
            Read(HoldSystolicKey, BloodPressureHold.DefaultSystolic, BloodPressureHold.MinSystolic, BloodPressureHold.MaxSystolic),
            Read(HoldDiastolicKey, BloodPressureHold.DefaultDiastolic, BloodPressureHold.MinDiastolic, BloodPressureHold.MaxDiastolic));
    }

    /// <summary>The session for a dosing entry of the patient's current signed plan, opened (scheduled) on first use.</summary>
    public async Task<SessionResult> OpenAsync(Guid patientId, int dosingNumber, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SessionRun)) return new SessionResult.Refused("session", "Only a nurse or a prescriber runs a dosing session.");
        // A session already open goes on whatever happened to the plan since (a patient being monitored is still charted);
        // the dose itself needs a signed plan, which StartAsync checks. Every action at the chair opens the session first,
        // so this is one indexed read, not the plan's.
        var existing = await db.DosingSessions.FirstOrDefaultAsync(s => s.PatientId == patientId && s.DosingNumber == dosingNumber && s.State != SessionState.Cancelled, ct);
        if (existing is not null) return new SessionResult.Done(existing, "Session opened.");
        var plan = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == patientId && p.Status == PlanStatus.Signed, ct);
        if (plan is null) return new SessionResult.Refused("plan", "There is no signed treatment plan: a dose is given only under a signed plan.");
        var entry = plan.Sessions.FirstOrDefault(s => s.Kind == KapCare.Clinical.Plans.SessionKind.Dosing && s.DosingNumber == dosingNumber);
        if (entry is null) return new SessionResult.Refused("dosingNumber", $"The signed plan has no dosing session {dosingNumber}.");

        var patient = await db.Patients.AsNoTracking().FirstAsync(p => p.Id == patientId, ct);
        var session = new DosingSession
        {
            Id = Guid.CreateVersion7(), PatientId = patientId, PlanId = plan.Id, DosingNumber = dosingNumber, PlannedDate = entry.Date,
            State = SessionState.Scheduled, OpenedAt = clock.UtcNow,
            PregnancyTestRequired = PregnancyTestRequired(patient.Sex, KapCare.Clinical.Patients.PatientDemographics.AgeOn(patient.BirthDate, clock.Today)),
        };
        db.DosingSessions.Add(session);
        audit.Add(AuditActions.SessionOpen, AuditOutcome.Success, "Encounter", session.Id.ToString(), patientId, $"dosing session {dosingNumber} of plan v{plan.PlanVersion}");
        await db.SaveChangesAsync(ct);
        return new SessionResult.Done(session, "Session opened.");
    }

    /// <summary>Checks the patient in, in a chair no other patient is in now (a chair is optional: the board shows it unassigned).</summary>
    public async Task<SessionResult> CheckInAsync(Guid sessionId, string? chair, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SessionRun)) return new SessionResult.Refused("session", "Only a nurse or a prescriber runs a dosing session.");
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new SessionResult.NotFound();
        if (!string.IsNullOrWhiteSpace(chair))
        {
            chair = chair.Trim();
            if (!(await new SessionSettings(db).ChairsAsync(ct)).Contains(chair, StringComparer.Ordinal)) return new SessionResult.Refused("chair", "Choose one of the clinic's chairs.");
            SessionState[] active = [SessionState.CheckedIn, SessionState.Held, SessionState.PreChecksPassed, SessionState.Dosing, SessionState.Monitoring, SessionState.ReadyForDischarge];
            if (await db.DosingSessions.AnyAsync(s => s.Id != session.Id && s.Chair == chair && active.Contains(s.State), ct))
                return new SessionResult.Refused("chair", $"{chair} has another patient in it: choose a free chair.");
            session.Chair = chair;
        }
        return await MoveAsync(session, SessionTrigger.CheckIn, null, user, chair is null or "" ? "Checked in." : $"Checked in, {chair}.", ct);
    }

    public Task<SessionResult> DidNotAttendAsync(Guid sessionId, ClaimsPrincipal user, CancellationToken ct = default) =>
        MoveAsync(sessionId, SessionTrigger.MarkDidNotAttend, null, user, Permissions.SessionRun, "Marked as did not attend.", ct);

    public async Task<SessionResult> CancelAsync(Guid sessionId, string? reason, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if ((reason?.Trim().Length ?? 0) < MinimumReasonLength)
            return new SessionResult.Refused("reason", $"Say why the session is cancelled (at least {MinimumReasonLength} characters).");
        return await MoveAsync(sessionId, SessionTrigger.Cancel, reason!.Trim(), user, Permissions.SessionRun, "Session cancelled.", ct);
    }

    /// <summary>
    /// A prescriber's documented decision on a held session (REFERENCE.md §4): measure again (the pre-checks are taken
    /// again), proceed with a reason, or cancel with a reason. Nobody else decides, and a hold is never decided by default.
    /// </summary>
    public async Task<SessionResult> DecideHoldAsync(Guid sessionId, HoldDecision decision, string? reason, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.DoseOrder)) return new SessionResult.Refused("decision", "Only a prescriber decides on a held session.");
        if (decision != HoldDecision.Remeasure && (reason?.Trim().Length ?? 0) < MinimumReasonLength)
            return new SessionResult.Refused("reason", $"Document the decision (at least {MinimumReasonLength} characters).");
        var trigger = decision switch
        {
            HoldDecision.Remeasure => SessionTrigger.Remeasure,
            HoldDecision.Proceed => SessionTrigger.ProceedAfterHold,
            HoldDecision.Cancel => SessionTrigger.Cancel,
            _ => throw new ArgumentOutOfRangeException(nameof(decision)),
        };
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new SessionResult.NotFound();
        if (session.State != SessionState.Held) return new SessionResult.Refused("decision", "This session is not held: there is no hold to decide.");
        var message = decision switch
        {
            HoldDecision.Remeasure => "Measure again: record the pre-checks again.",
            HoldDecision.Proceed => "Proceed: the session may start dosing.",
            _ => "Session cancelled.",
        };
        return await MoveAsync(session, trigger, reason?.Trim(), user, message, ct);
    }

    /// <summary>
    /// Records the pre-checks the nurse answered (each a row with who and when; baseline vitals a flowsheet row), then
    /// applies the rules: all recorded and nothing found → pre-checks passed; a finding for the prescriber → held; a
    /// block or something missing → stays checked in, saying what.
    /// </summary>
    public async Task<SessionResult> RecordPreChecksAsync(Guid sessionId, PreCheckInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SessionRun)) return new SessionResult.Refused("session", "Only a nurse or a prescriber records pre-checks.");
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new SessionResult.NotFound();
        if (session.State != SessionState.CheckedIn)
            return new SessionResult.Refused("session", $"Pre-checks are recorded after check-in; this session is {SessionStateMachine.Label(session.State)}.");

        var vitals = new int?[] { input.Systolic, input.Diastolic, input.HeartRate, input.OxygenSaturation, input.RespiratoryRate };
        if (vitals.Any(v => v is not null) && vitals.Any(v => v is null))
            return new SessionResult.Refused("vitals", "Record the baseline vitals together: blood pressure, heart rate, SpO₂ and respiratory rate.");
        if (input is { Systolic: { } sys, Diastolic: { } dia } && BloodPressure.Problem(sys, dia) is { } bpProblem) return new SessionResult.Refused("vitals", bpProblem);
        if (input.HeartRate is < 20 or > 250) return new SessionResult.Refused("vitals", "A heart rate outside 20–250 /min: check the reading.");
        if (input.OxygenSaturation is < 50 or > 100) return new SessionResult.Refused("vitals", "SpO₂ is a percentage of 50–100: check the reading.");
        if (input.RespiratoryRate is < 4 or > 60) return new SessionResult.Refused("vitals", "A respiratory rate outside 4–60 /min: check the reading.");
        if (input.NoNewMedications == true && !string.IsNullOrWhiteSpace(input.NewMedications))
            return new SessionResult.Refused("medications", "Either \"no new medicines\" or a list of the new ones, not both.");
        if (input.PregnancyTest is not null && !session.PregnancyTestRequired)
            return new SessionResult.Refused("pregnancy", "No pregnancy test is asked for this session.");

        var now = clock.UtcNow;
        var (byId, byName) = (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, user.DisplayName());
        void Record(PreCheckItem item, string value) => db.SessionPreChecks.Add(new SessionPreCheck
        {
            Id = Guid.CreateVersion7(), SessionId = session.Id, Item = item, Value = value, RecordedAt = now, RecordedByUserId = byId, RecordedByName = byName,
        });
        static string YesNo(bool value) => value ? "yes" : "no";
        if (input.IdentityConfirmed is { } identity) Record(PreCheckItem.IdentityConfirmed, YesNo(identity));
        if (input.FastedAsInstructed is { } fasted) Record(PreCheckItem.Fasting, YesNo(fasted));
        if (input.EscortAndRideHome is { } escort) Record(PreCheckItem.EscortAndRide, YesNo(escort));
        if (input.PregnancyTest is { } pregnancy) Record(PreCheckItem.PregnancyTest, pregnancy == PregnancyTestResult.Negative ? "negative" : "positive");
        if (input.NoNewMedications == true) Record(PreCheckItem.MedicationChanges, string.Empty);
        else if (!string.IsNullOrWhiteSpace(input.NewMedications)) Record(PreCheckItem.MedicationChanges, input.NewMedications.Trim());
        if (input.Systolic is { } s && input.Diastolic is { } d)
        {
            db.VitalSigns.Add(new VitalSigns
            {
                Id = Guid.CreateVersion7(), SessionId = session.Id, Phase = VitalsPhase.Baseline, MeasuredAt = now, Systolic = s, Diastolic = d,
                HeartRate = input.HeartRate!.Value, OxygenSaturation = input.OxygenSaturation!.Value, RespiratoryRate = input.RespiratoryRate!.Value,
                RecordedByUserId = byId, RecordedByName = byName,
            });
        }
        await db.SaveChangesAsync(ct);

        var state = await PreChecksAsync(session, ct);
        switch (state.Result.Status)
        {
            case PreCheckStatus.Passed:
                return await MoveAsync(session, SessionTrigger.PassPreChecks, null, user, "Pre-checks passed: the session may start dosing.", ct);
            case PreCheckStatus.Held:
                var why = string.Join(" ", state.Result.Holds.Select(h => h.Message));
                return await MoveAsync(session, SessionTrigger.Hold, why, user, "Held for a prescriber's decision: " + why, ct);
            case PreCheckStatus.Blocked:
                await audit.RecordAsync(AuditActions.SessionPreChecks, AuditOutcome.Failure, "Encounter", session.Id.ToString(), session.PatientId,
                    "blocked: " + string.Join(" ", state.Result.Blocks.Select(b => b.Message)), ct);
                return new SessionResult.Done(session, "Cannot be dosed today: " + string.Join(" ", state.Result.Blocks.Select(b => b.Message)));
            default:
                await audit.RecordAsync(AuditActions.SessionPreChecks, AuditOutcome.Success, "Encounter", session.Id.ToString(), session.PatientId,
                    "recorded; still to record: " + string.Join(", ", state.Result.Missing.Select(PreCheckRules.Label)), ct);
                return new SessionResult.Done(session, "Saved. Still to record: " + string.Join(", ", state.Result.Missing.Select(PreCheckRules.Label)) + ".");
        }
    }

    /// <summary>The pre-checks as recorded since the last check-in (a re-measure starts them again), and the rules' verdict.</summary>
    public async Task<PreCheckState> PreChecksAsync(DosingSession session, CancellationToken ct = default)
    {
        var since = await db.SessionEvents.AsNoTracking()
            .Where(e => e.SessionId == session.Id && (e.Trigger == SessionTrigger.CheckIn || e.Trigger == SessionTrigger.Remeasure))
            .MaxAsync(e => (DateTime?)e.At, ct) ?? DateTime.MinValue;
        var entries = await db.SessionPreChecks.AsNoTracking().Where(p => p.SessionId == session.Id && p.RecordedAt >= since).ToListAsync(ct);
        var latest = entries.GroupBy(e => e.Item).ToDictionary(g => g.Key, g => g.OrderBy(e => e.RecordedAt).ThenBy(e => e.Id).Last());
        var baseline = await db.VitalSigns.AsNoTracking().Where(v => v.SessionId == session.Id && v.Phase == VitalsPhase.Baseline && v.MeasuredAt >= since)
            .OrderByDescending(v => v.MeasuredAt).ThenByDescending(v => v.Id).FirstOrDefaultAsync(ct);
        var weight = await weights.CurrentAsync(session.PatientId, (await intakes.GetAsync(session.PatientId, ct)).Form.Medical.WeightKg, ct);
        var dayStart = clock.ToUtc(clock.Today, TimeOnly.MinValue);
        string[] instruments = [.. PreDoseInstruments];
        var scaleDone = await db.QuestionnaireResponses.AsNoTracking().AnyAsync(r => r.PatientId == session.PatientId
            && r.Status == ResponseStatus.Completed && r.AuthoredAt >= dayStart && instruments.Contains(r.InstrumentId), ct);

        bool? YesNo(PreCheckItem item) => latest.TryGetValue(item, out var e) ? e.Value == "yes" : null;
        var sheet = new PreCheckSheet
        {
            IdentityConfirmed = YesNo(PreCheckItem.IdentityConfirmed),
            TreatmentConsentCurrent = await consents.HasCurrentTreatmentConsentAsync(session.PatientId, ct),
            FastedAsInstructed = YesNo(PreCheckItem.Fasting),
            EscortAndRideHome = YesNo(PreCheckItem.EscortAndRide),
            PregnancyTest = latest.TryGetValue(PreCheckItem.PregnancyTest, out var p) ? p.Value == "negative" ? PregnancyTestResult.Negative : PregnancyTestResult.Positive : null,
            NewMedications = latest.TryGetValue(PreCheckItem.MedicationChanges, out var m)
                ? m.Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null,
            DosingWeightKg = weight.Kg,
            RestingBloodPressure = baseline?.BloodPressure,
            HeartRate = baseline?.HeartRate,
            OxygenSaturation = baseline?.OxygenSaturation,
            RespiratoryRate = baseline?.RespiratoryRate,
            PreDoseScaleDone = scaleDone,
        };
        var requirements = new PreCheckRequirements(session.PregnancyTestRequired, await HoldAsync(ct));
        return new PreCheckState(sheet, PreCheckRules.Evaluate(sheet, requirements), latest, baseline, weight, requirements);
    }

    private async Task<SessionResult> MoveAsync(Guid sessionId, SessionTrigger trigger, string? reason, ClaimsPrincipal user, string permission, string message, CancellationToken ct)
    {
        if (!user.Has(permission)) return new SessionResult.Refused("session", "Only a nurse or a prescriber runs a dosing session.");
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        return session is null ? new SessionResult.NotFound() : await MoveAsync(session, trigger, reason, user, message, ct);
    }

    /// <summary>Fires <paramref name="trigger"/> on a tracked session, records the event and its audit entry, and saves (with the caller's pending rows).</summary>
    internal async Task<SessionResult> MoveAsync(DosingSession session, SessionTrigger trigger, string? reason, ClaimsPrincipal user, string message, CancellationToken ct)
    {
        SessionEvent change;
        try
        {
            change = session.Fire(trigger, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, user.DisplayName(), clock.UtcNow, reason);
        }
        catch (InvalidSessionTransitionException ex)
        {
            // The state machine throws before the session changes: nothing to undo.
            return new SessionResult.Refused("session", ex.Message);
        }
        db.SessionEvents.Add(change);
        audit.Add(AuditActions.SessionMove, AuditOutcome.Success, "Encounter", session.Id.ToString(), session.PatientId,
            $"{SessionStateMachine.Label(change.From)} → {SessionStateMachine.Label(change.To)}" + (reason is null ? string.Empty : ": " + reason));
        return await SaveAsync(session, message, ct);
    }

    /// <summary>
    /// Saves the session with the caller's pending rows, its version bumped even when only its rows changed, so that a
    /// second tab or a double submit that read the same version is refused and nothing of it is written.
    /// </summary>
    internal async Task<SessionResult> SaveAsync(DosingSession session, string message, CancellationToken ct)
    {
        try
        {
            db.Entry(session).Property(s => s.Version).IsModified = true;
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new SessionResult.Refused("session", "Someone else changed this session a moment ago: look at it again.");
        }
        return new SessionResult.Done(session, message);
    }
}
