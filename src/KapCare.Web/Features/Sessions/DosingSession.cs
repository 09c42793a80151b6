using KapCare.Clinical.Sessions;
using KapCare.Web.Data;

namespace KapCare.Web.Features.Sessions;

/// <summary>
/// One dosing session of a signed plan (issue 10, item 1): which plan entry it delivers and where it stands. The state
/// changes only through <see cref="Fire"/>, i.e. <see cref="SessionStateMachine"/>; every change is also a
/// <see cref="SessionEvent"/>. A signed session is sealed (<see cref="ISealableRecord"/>).
/// </summary>
public sealed class DosingSession : IVersioned, ISealableRecord
{
    public const int MaxChairLength = 32;

    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    /// <summary>The signed plan version the session was opened under.</summary>
    public Guid PlanId { get; set; }
    /// <summary>1, 2, 3 … the plan's dosing entry this session delivers.</summary>
    public int DosingNumber { get; set; }
    public DateOnly PlannedDate { get; set; }
    public SessionState State { get; set; }
    /// <summary>Decided when the session is opened; see <see cref="DosingSessions.PregnancyTestRequired"/>.</summary>
    public bool PregnancyTestRequired { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime? CheckedInAt { get; set; }
    /// <summary>The chair or room the patient is in (chosen at check-in), for the chair board.</summary>
    public string? Chair { get; set; }
    /// <summary>The nurse who discharged the patient, in their own session: the nurse's signature on the chart.</summary>
    public DateTime? DischargedAt { get; set; }
    public string? DischargedByUserId { get; set; }
    public string? DischargedByName { get; set; }
    /// <summary>Minutes from the first dose to discharge, as recorded at discharge.</summary>
    public int? MonitoringMinutes { get; set; }
    /// <summary>The prescriber's co-signature, in their own session: the session is then sealed.</summary>
    public DateTime? SignedAt { get; set; }
    public string? SignedByUserId { get; set; }
    public string? SignedByName { get; set; }
    public int Version { get; set; }

    /// <summary>Moves the session; an illegal move throws <see cref="InvalidSessionTransitionException"/> and changes nothing.</summary>
    public SessionEvent Fire(SessionTrigger trigger, string byUserId, string byName, DateTime atUtc, string? reason = null)
    {
        var from = State;
        State = SessionStateMachine.Fire(from, trigger);
        if (trigger == SessionTrigger.CheckIn) CheckedInAt = atUtc;
        if (trigger == SessionTrigger.Discharge) (DischargedAt, DischargedByUserId, DischargedByName) = (atUtc, byUserId, byName);
        if (trigger == SessionTrigger.Sign) (SignedAt, SignedByUserId, SignedByName) = (atUtc, byUserId, byName);
        return new SessionEvent
        {
            Id = Guid.CreateVersion7(), SessionId = Id, From = from, To = State, Trigger = trigger, At = atUtc,
            ByUserId = byUserId, ByName = byName, Reason = reason,
        };
    }

    public string? RefuseChange(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.State == Microsoft.EntityFrameworkCore.EntityState.Deleted ? "A dosing session is never deleted: cancel it with a reason."
        : (SessionState)entry.OriginalValues[nameof(State)]! == SessionState.Signed ? "A signed dosing session is immutable: record an amendment."
        : null;
}

/// <summary>A state change of a session: who moved it, when, from what, and why (a hold decision, a cancellation).</summary>
[AppendOnly("A session's history is immutable.")]
public sealed class SessionEvent
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public SessionState From { get; set; }
    public SessionState To { get; set; }
    public SessionTrigger Trigger { get; set; }
    public DateTime At { get; set; }
    public string ByUserId { get; set; } = string.Empty;
    public string ByName { get; set; } = string.Empty;
    public string? Reason { get; set; }
}

/// <summary>
/// One pre-check as the nurse recorded it, with who and when (issue 10, item 2). Append-only: recording an item again
/// (after a re-measure) adds a row; the latest row of each item counts.
/// </summary>
[AppendOnly("A recorded pre-check is immutable: record it again.")]
public sealed class SessionPreCheck
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public PreCheckItem Item { get; set; }
    /// <summary>"yes" / "no", "negative" / "positive", or the new medicines one per line ("" = none).</summary>
    public string Value { get; set; } = string.Empty;
    public DateTime RecordedAt { get; set; }
    public string RecordedByUserId { get; set; } = string.Empty;
    public string RecordedByName { get; set; } = string.Empty;
}

public enum VitalsPhase { Baseline, Dosing, Monitoring, Discharge }

/// <summary>One row of the session's vitals flowsheet (BP, HR, SpO₂, RR), baseline first.</summary>
[AppendOnly("A vitals reading is immutable: record a new reading (a correction is a new row with a note).")]
public sealed class VitalSigns
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public VitalsPhase Phase { get; set; }
    public DateTime MeasuredAt { get; set; }
    public int Systolic { get; set; }
    public int Diastolic { get; set; }
    public int HeartRate { get; set; }
    public int OxygenSaturation { get; set; }
    public int RespiratoryRate { get; set; }
    /// <summary>MOAA/S 0–5 (<see cref="SedationScale"/>), when assessed.</summary>
    public int? Sedation { get; set; }
    public NauseaLevel? Nausea { get; set; }
    public string RecordedByUserId { get; set; } = string.Empty;
    public string RecordedByName { get; set; } = string.Empty;

    public BloodPressure BloodPressure => new(Systolic, Diastolic);

    public VitalsReading Reading => new(MeasuredAt, BloodPressure, HeartRate, OxygenSaturation, RespiratoryRate);
}
