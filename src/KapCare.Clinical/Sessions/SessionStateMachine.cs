namespace KapCare.Clinical.Sessions;

/// <summary>Where a dosing session stands (issue 10, item 1). Signed, cancelled and did-not-attend are final.</summary>
public enum SessionState
{
    Scheduled,
    CheckedIn,
    /// <summary>A pre-check stopped the session (BP above the hold threshold, a new interacting medicine): a prescriber decides.</summary>
    Held,
    PreChecksPassed,
    Dosing,
    Monitoring,
    ReadyForDischarge,
    Discharged,
    /// <summary>Discharged by the nurse and co-signed by a prescriber: immutable, changed only by an amendment that keeps the original.</summary>
    Signed,
    Cancelled,
    DidNotAttend,
}

/// <summary>What moves a session from one state to the next.</summary>
public enum SessionTrigger
{
    CheckIn,
    /// <summary>Every pre-check recorded and none holds the session.</summary>
    PassPreChecks,
    /// <summary>A pre-check holds the session for a prescriber's decision.</summary>
    Hold,
    /// <summary>The prescriber's decision on a hold: measure again (the pre-checks are taken again).</summary>
    Remeasure,
    /// <summary>The prescriber's decision on a hold: proceed, with a recorded reason.</summary>
    ProceedAfterHold,
    StartDosing,
    /// <summary>The last of the dose is in (infusion stopped, last device used): monitoring begins.</summary>
    FinishDosing,
    /// <summary>Discharge checklist met and the route's minimum monitoring time passed.</summary>
    MeetDischargeCriteria,
    /// <summary>Something changed before the patient left (a rise in BP, new distress): back to monitoring.</summary>
    ResumeMonitoring,
    Discharge,
    Sign,
    Cancel,
    MarkDidNotAttend,
}

/// <summary>
/// The dosing session's explicit state machine (issue 10, item 1): scheduled → checked in → pre-checks passed (or held)
/// → dosing → monitoring → ready for discharge → discharged → signed; cancelled from any state before dosing starts,
/// did-not-attend only from scheduled. Anything else is illegal and throws: once the drug is in, a session cannot be
/// cancelled (it is monitored and discharged), and nothing follows a final state.
/// </summary>
public static class SessionStateMachine
{
    private static readonly Dictionary<(SessionState From, SessionTrigger Trigger), SessionState> Transitions = new()
    {
        [(SessionState.Scheduled, SessionTrigger.CheckIn)] = SessionState.CheckedIn,
        [(SessionState.Scheduled, SessionTrigger.Cancel)] = SessionState.Cancelled,
        [(SessionState.Scheduled, SessionTrigger.MarkDidNotAttend)] = SessionState.DidNotAttend,

        [(SessionState.CheckedIn, SessionTrigger.PassPreChecks)] = SessionState.PreChecksPassed,
        [(SessionState.CheckedIn, SessionTrigger.Hold)] = SessionState.Held,
        [(SessionState.CheckedIn, SessionTrigger.Cancel)] = SessionState.Cancelled,

        [(SessionState.Held, SessionTrigger.Remeasure)] = SessionState.CheckedIn,
        [(SessionState.Held, SessionTrigger.ProceedAfterHold)] = SessionState.PreChecksPassed,
        [(SessionState.Held, SessionTrigger.Cancel)] = SessionState.Cancelled,

        [(SessionState.PreChecksPassed, SessionTrigger.StartDosing)] = SessionState.Dosing,
        [(SessionState.PreChecksPassed, SessionTrigger.Cancel)] = SessionState.Cancelled,

        [(SessionState.Dosing, SessionTrigger.FinishDosing)] = SessionState.Monitoring,

        [(SessionState.Monitoring, SessionTrigger.MeetDischargeCriteria)] = SessionState.ReadyForDischarge,

        [(SessionState.ReadyForDischarge, SessionTrigger.ResumeMonitoring)] = SessionState.Monitoring,
        [(SessionState.ReadyForDischarge, SessionTrigger.Discharge)] = SessionState.Discharged,

        [(SessionState.Discharged, SessionTrigger.Sign)] = SessionState.Signed,
    };

    public static bool IsFinal(SessionState state) => state is SessionState.Signed or SessionState.Cancelled or SessionState.DidNotAttend;

    public static bool CanFire(SessionState from, SessionTrigger trigger) => Transitions.ContainsKey((from, trigger));

    /// <summary>The state <paramref name="trigger"/> leads to from <paramref name="from"/>; throws for an illegal move, saying why in words.</summary>
    public static SessionState Fire(SessionState from, SessionTrigger trigger) =>
        Transitions.TryGetValue((from, trigger), out var to) ? to : throw new InvalidSessionTransitionException(from, trigger, Refusal(from, trigger));

    /// <summary>The triggers allowed from a state (what the chart offers next).</summary>
    public static IReadOnlyList<SessionTrigger> Allowed(SessionState from) =>
        [.. Transitions.Keys.Where(k => k.From == from).Select(k => k.Trigger)];

    private static string Refusal(SessionState from, SessionTrigger trigger)
    {
        if (IsFinal(from)) return $"This session is {Label(from)}: nothing more can be recorded on it{(from == SessionState.Signed ? " except an amendment" : "")}.";
        return trigger switch
        {
            SessionTrigger.Cancel when from is SessionState.Dosing or SessionState.Monitoring or SessionState.ReadyForDischarge or SessionState.Discharged =>
                "The dose has been given: the session cannot be cancelled; monitor and discharge the patient.",
            SessionTrigger.MarkDidNotAttend => "The patient has checked in: they attended.",
            SessionTrigger.StartDosing when from == SessionState.Held => "The session is held: a prescriber decides before dosing can start.",
            SessionTrigger.StartDosing => "Dosing starts only after every pre-check has passed.",
            SessionTrigger.Discharge => "Discharge only when the discharge checklist and the minimum monitoring time are met.",
            SessionTrigger.Sign => "The prescriber signs after the nurse has discharged the patient.",
            _ => $"A session that is {Label(from)} cannot {Label(trigger)}.",
        };
    }

    public static string Label(SessionState state) => state switch
    {
        SessionState.Scheduled => "scheduled",
        SessionState.CheckedIn => "checked in",
        SessionState.Held => "held for a prescriber",
        SessionState.PreChecksPassed => "ready to dose",
        SessionState.Dosing => "dosing",
        SessionState.Monitoring => "monitoring",
        SessionState.ReadyForDischarge => "ready for discharge",
        SessionState.Discharged => "discharged",
        SessionState.Signed => "signed",
        SessionState.Cancelled => "cancelled",
        SessionState.DidNotAttend => "did not attend",
    };

    public static string Label(SessionTrigger trigger) => trigger switch
    {
        SessionTrigger.CheckIn => "check in",
        SessionTrigger.PassPreChecks => "pass its pre-checks",
        SessionTrigger.Hold => "be held",
        SessionTrigger.Remeasure => "be measured again",
        SessionTrigger.ProceedAfterHold => "proceed after a hold",
        SessionTrigger.StartDosing => "start dosing",
        SessionTrigger.FinishDosing => "finish dosing",
        SessionTrigger.MeetDischargeCriteria => "become ready for discharge",
        SessionTrigger.ResumeMonitoring => "go back to monitoring",
        SessionTrigger.Discharge => "be discharged",
        SessionTrigger.Sign => "be signed",
        SessionTrigger.Cancel => "be cancelled",
        SessionTrigger.MarkDidNotAttend => "be marked did-not-attend",
    };
}

public sealed class InvalidSessionTransitionException(SessionState from, SessionTrigger trigger, string message) : InvalidOperationException(message)
{
    public SessionState From { get; } = from;
    public SessionTrigger Trigger { get; } = trigger;
}
