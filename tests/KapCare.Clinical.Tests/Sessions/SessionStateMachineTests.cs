using KapCare.Clinical.Sessions;

namespace KapCare.Clinical.Tests.Sessions;

/// <summary>
/// Issue 10, "the state machine: every allowed and every illegal transition". The allowed moves below are the issue's
/// text written out by hand: scheduled → checked in → pre-checks passed (or held) → dosing → monitoring → ready for
/// discharge → discharged → signed; cancelled and did-not-attend from the early states; a hold ends by a prescriber's
/// decision (measure again, proceed, cancel). Every other (state, trigger) pair must throw.
/// </summary>
public sealed class SessionStateMachineTests
{
    private static readonly (SessionState From, SessionTrigger Trigger, SessionState To)[] Allowed =
    [
        (SessionState.Scheduled, SessionTrigger.CheckIn, SessionState.CheckedIn),
        (SessionState.Scheduled, SessionTrigger.Cancel, SessionState.Cancelled),
        (SessionState.Scheduled, SessionTrigger.MarkDidNotAttend, SessionState.DidNotAttend),
        (SessionState.CheckedIn, SessionTrigger.PassPreChecks, SessionState.PreChecksPassed),
        (SessionState.CheckedIn, SessionTrigger.Hold, SessionState.Held),
        (SessionState.CheckedIn, SessionTrigger.Cancel, SessionState.Cancelled),
        (SessionState.Held, SessionTrigger.Remeasure, SessionState.CheckedIn),
        (SessionState.Held, SessionTrigger.ProceedAfterHold, SessionState.PreChecksPassed),
        (SessionState.Held, SessionTrigger.Cancel, SessionState.Cancelled),
        (SessionState.PreChecksPassed, SessionTrigger.StartDosing, SessionState.Dosing),
        (SessionState.PreChecksPassed, SessionTrigger.Cancel, SessionState.Cancelled),
        (SessionState.Dosing, SessionTrigger.FinishDosing, SessionState.Monitoring),
        (SessionState.Monitoring, SessionTrigger.MeetDischargeCriteria, SessionState.ReadyForDischarge),
        (SessionState.ReadyForDischarge, SessionTrigger.ResumeMonitoring, SessionState.Monitoring),
        (SessionState.ReadyForDischarge, SessionTrigger.Discharge, SessionState.Discharged),
        (SessionState.Discharged, SessionTrigger.Sign, SessionState.Signed),
    ];

    public static TheoryData<SessionState, SessionTrigger, SessionState> AllowedMoves()
    {
        var data = new TheoryData<SessionState, SessionTrigger, SessionState>();
        foreach (var (from, trigger, to) in Allowed) data.Add(from, trigger, to);
        return data;
    }

    public static TheoryData<SessionState, SessionTrigger> IllegalMoves()
    {
        var data = new TheoryData<SessionState, SessionTrigger>();
        foreach (var from in Enum.GetValues<SessionState>())
            foreach (var trigger in Enum.GetValues<SessionTrigger>())
                if (!Allowed.Any(a => a.From == from && a.Trigger == trigger)) data.Add(from, trigger);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void Every_allowed_move_leads_where_the_pathway_says(SessionState from, SessionTrigger trigger, SessionState to)
    {
        Assert.True(SessionStateMachine.CanFire(from, trigger));
        Assert.Equal(to, SessionStateMachine.Fire(from, trigger));
        Assert.Contains(trigger, SessionStateMachine.Allowed(from));
    }

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void Every_other_move_throws_with_a_sentence_a_nurse_can_act_on(SessionState from, SessionTrigger trigger)
    {
        Assert.False(SessionStateMachine.CanFire(from, trigger));
        var refused = Assert.Throws<InvalidSessionTransitionException>(() => SessionStateMachine.Fire(from, trigger));
        Assert.Equal(from, refused.From);
        Assert.Equal(trigger, refused.Trigger);
        Assert.EndsWith(".", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(trigger, SessionStateMachine.Allowed(from));
    }

    [Fact]
    public void There_are_11_states_and_13_triggers_so_143_pairs_of_which_16_are_allowed()
    {
        Assert.Equal(11 * 13, AllowedMoves().Count + IllegalMoves().Count);
        Assert.Equal(16, AllowedMoves().Count);
    }

    [Theory]
    [InlineData(SessionState.Dosing)]
    [InlineData(SessionState.Monitoring)]
    [InlineData(SessionState.ReadyForDischarge)]
    public void Once_the_drug_is_in_the_session_cannot_be_cancelled(SessionState from)
    {
        var refused = Assert.Throws<InvalidSessionTransitionException>(() => SessionStateMachine.Fire(from, SessionTrigger.Cancel));
        Assert.Contains("monitor and discharge", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_held_session_cannot_start_dosing_without_the_prescribers_decision()
    {
        var refused = Assert.Throws<InvalidSessionTransitionException>(() => SessionStateMachine.Fire(SessionState.Held, SessionTrigger.StartDosing));
        Assert.Contains("prescriber decides", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SessionState.Signed)]
    [InlineData(SessionState.Cancelled)]
    [InlineData(SessionState.DidNotAttend)]
    public void Nothing_follows_a_final_state(SessionState final)
    {
        Assert.True(SessionStateMachine.IsFinal(final));
        Assert.Empty(SessionStateMachine.Allowed(final));
    }
}
