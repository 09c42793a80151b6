using KapCare.Clinical.Dosing;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>
/// Titration within the protocol's steps (IV 0.5 → 0.75 → 1.0 mg/kg; SC 0.25 → 0.5 → 1.0 mg/kg; esketamine 28 → 56 → 84 mg):
/// a safety signal steps down (or holds at the lowest step), a moderate effect stays, no response when tolerated steps up,
/// a good response stays; never beyond the top step.
/// </summary>
public sealed class TitrationTests
{
    private static readonly DoseRule Iv05 = DoseRule.MgPerKg(0.5m);
    private static readonly DoseRule Iv075 = DoseRule.MgPerKg(0.75m);
    private static readonly DoseRule Iv10 = DoseRule.MgPerKg(1.0m);

    /// <summary>128/82 → 140/90: a rise of +12/+8 mmHg, below 40/25.</summary>
    private static readonly SessionBloodPressure Calm = new(128, 82, 140, 90, false);

    private static SessionOutcome Session(
        int day, DoseRule dose, ResponseLevel? response, DissociationLevel dissociation = DissociationLevel.Mild,
        SessionBloodPressure? bp = null, AdverseEventSeverity adverse = AdverseEventSeverity.None) =>
        new(new DateOnly(2026, 3, day), dose, response, dissociation, bp ?? Calm, adverse);

    [Fact]
    public void Given_no_response_and_tolerated_When_proposed_Then_up_one_step()
    {
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv05, [Session(2, Iv05, ResponseLevel.None)]);

        Assert.Equal(TitrationDirection.StepUp, proposal.Direction);
        Assert.Equal(Iv075, proposal.To);
    }

    [Fact]
    public void Given_no_response_below_a_step_above_the_soft_limit_When_proposed_Then_up_with_the_warning_stated()
    {
        // IV soft 0.75 mg/kg: the next step, 1.0 mg/kg, is above it.
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv075, [Session(2, Iv075, ResponseLevel.None)]);

        Assert.Equal(TitrationDirection.StepUp, proposal.Direction);
        Assert.Equal(Iv10, proposal.To);
        Assert.Contains(proposal.Reasons, r => r.Contains("soft limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_no_response_at_the_top_step_When_proposed_Then_stay_never_above_it()
    {
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv10, [Session(2, Iv10, ResponseLevel.None)]);

        Assert.Equal(TitrationDirection.Stay, proposal.Direction);
        Assert.Equal(Iv10, proposal.To);
        Assert.Contains(proposal.Reasons, r => r.Contains("top step", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_good_response_When_proposed_Then_stay()
    {
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv05, [Session(2, Iv05, ResponseLevel.Good)]);

        Assert.Equal(TitrationDirection.Stay, proposal.Direction);
        Assert.Equal(Iv05, proposal.To);
    }

    [Fact]
    public void Given_one_partial_response_When_proposed_Then_stay_and_after_two_then_up()
    {
        var once = Titration.Propose(DoseSteps.Intravenous, Iv05, [Session(2, Iv05, ResponseLevel.Partial)]);
        var twice = Titration.Propose(DoseSteps.Intravenous, Iv05,
            [Session(2, Iv05, ResponseLevel.Partial), Session(5, Iv05, ResponseLevel.Partial)]);
        var afterGood = Titration.Propose(DoseSteps.Intravenous, Iv05,
            [Session(2, Iv05, ResponseLevel.Good), Session(5, Iv05, ResponseLevel.Partial)]);

        Assert.Equal(TitrationDirection.Stay, once.Direction);
        Assert.Equal(TitrationDirection.StepUp, twice.Direction);
        Assert.Equal(Iv075, twice.To);
        Assert.Equal(TitrationDirection.Stay, afterGood.Direction);
    }

    // Baseline 120/80. Systolic rise ≥ 40 or diastolic rise ≥ 25 (Spravato label) is a safety signal:
    // 160/90 = +40/+10 → down; 159/104 = +39/+24 → not a signal (no response → up); 140/105 = +20/+25 → down.
    [Theory]
    [InlineData(160, 90, TitrationDirection.StepDown)]
    [InlineData(159, 104, TitrationDirection.StepUp)]
    [InlineData(140, 105, TitrationDirection.StepDown)]
    public void Given_a_blood_pressure_rise_When_proposed_Then_40_25_mmHg_steps_down(int peakSystolic, int peakDiastolic, TitrationDirection expected)
    {
        var bp = new SessionBloodPressure(120, 80, peakSystolic, peakDiastolic, false);

        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv075, [Session(2, Iv075, ResponseLevel.None, bp: bp)]);

        Assert.Equal(expected, proposal.Direction);
        if (expected == TitrationDirection.StepDown)
        {
            Assert.Equal(Iv05, proposal.To);
            Assert.Contains(proposal.Reasons, r => r.Contains("Spravato label", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Given_blood_pressure_above_the_hold_limit_When_proposed_Then_down()
    {
        var bp = new SessionBloodPressure(130, 85, 150, 95, exceededHoldLimit: true);

        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv075, [Session(2, Iv075, ResponseLevel.Good, bp: bp)]);

        Assert.Equal(TitrationDirection.StepDown, proposal.Direction);
        Assert.Equal(Iv05, proposal.To);
    }

    [Fact]
    public void Given_excessive_dissociation_at_the_lowest_step_When_proposed_Then_hold_for_review()
    {
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv05,
            [new SessionOutcome(new DateOnly(2026, 3, 2), Iv05, ResponseLevel.None, DissociationLevel.Severe, Calm, cadssTotal: 41)]);

        Assert.Equal(TitrationDirection.Hold, proposal.Direction);
        Assert.Equal(Iv05, proposal.To);
        Assert.Contains(proposal.Reasons, r => r.Contains("CADSS 41", StringComparison.Ordinal));
        Assert.Contains(proposal.Reasons, r => r.Contains("prescriber reviews", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_severe_adverse_event_When_proposed_Then_down()
    {
        var proposal = Titration.Propose(DoseSteps.Subcutaneous, DoseRule.MgPerKg(1.0m),
            [Session(2, DoseRule.MgPerKg(1.0m), ResponseLevel.Good, adverse: AdverseEventSeverity.Severe)]);

        Assert.Equal(TitrationDirection.StepDown, proposal.Direction);
        Assert.Equal(DoseRule.MgPerKg(0.5m), proposal.To);
    }

    [Theory]
    [InlineData(DissociationLevel.Moderate, AdverseEventSeverity.None)]
    [InlineData(DissociationLevel.Mild, AdverseEventSeverity.Moderate)]
    public void Given_a_moderate_effect_and_no_response_When_proposed_Then_stay(DissociationLevel dissociation, AdverseEventSeverity adverse)
    {
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv05,
            [Session(2, Iv05, ResponseLevel.None, dissociation, adverse: adverse)]);

        Assert.Equal(TitrationDirection.Stay, proposal.Direction);
    }

    [Fact]
    public void Given_the_latest_session_is_the_one_judged_When_an_older_one_had_a_signal_Then_the_newest_decides()
    {
        var spike = new SessionBloodPressure(120, 80, 170, 100, false);

        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv05,
            [Session(9, Iv05, ResponseLevel.None), Session(2, Iv05, ResponseLevel.None, bp: spike)]);

        Assert.Equal(TitrationDirection.StepUp, proposal.Direction);
    }

    [Fact]
    public void Given_esketamine_with_no_response_at_56_mg_When_proposed_Then_84_mg_and_down_again_on_a_BP_rise()
    {
        var mg56 = DoseRule.FixedMg(56m);
        var mg84 = DoseRule.FixedMg(84m);

        var up = Titration.Propose(DoseSteps.Esketamine, mg56, [Session(2, mg56, ResponseLevel.None)]);
        var down = Titration.Propose(DoseSteps.Esketamine, mg84,
            [Session(5, mg84, ResponseLevel.Partial, bp: new SessionBloodPressure(124, 78, 166, 96, false))]);

        Assert.Equal(mg84, up.To);
        Assert.Equal(mg56, down.To);
    }

    [Fact]
    public void Given_a_proposal_that_changes_the_dose_When_recorded_Then_the_change_carries_its_reasons()
    {
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv05, [Session(2, Iv05, ResponseLevel.None)]);

        var change = proposal.ToChange("dr.okafor", new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(Iv05, change.From);
        Assert.Equal(Iv075, change.To);
        Assert.Contains("No response", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_proposal_to_stay_When_recorded_as_a_change_Then_refused()
    {
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv05, [Session(2, Iv05, ResponseLevel.Good)]);

        Assert.Throws<ArgumentException>(() => proposal.ToChange("dr.okafor", DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Given_a_current_dose_off_the_steps_or_no_sessions_When_proposed_Then_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            Titration.Propose(DoseSteps.Intravenous, DoseRule.MgPerKg(0.6m), [Session(2, DoseRule.MgPerKg(0.6m), ResponseLevel.None)]));
        Assert.Throws<ArgumentException>(() => Titration.Propose(DoseSteps.Intravenous, Iv05, []));
    }

    [Fact]
    public void Given_protocol_steps_that_break_the_rules_When_made_Then_refused()
    {
        // Above the IV hard limit (1.0 mg/kg); out of order; mixed kinds; esketamine not in 28 mg devices; above 84 mg.
        Assert.Throws<ArgumentException>(() => DoseSteps.Create(Route.Intravenous, [Iv05, Iv10, DoseRule.MgPerKg(1.25m)]));
        Assert.Throws<ArgumentException>(() => DoseSteps.Create(Route.Intravenous, [Iv075, Iv05]));
        Assert.Throws<ArgumentException>(() => DoseSteps.Create(Route.Intravenous, [Iv05, DoseRule.FixedMg(50m)]));
        Assert.Throws<ArgumentException>(() => DoseSteps.Create(Route.IntranasalEsketamine, [DoseRule.FixedMg(42m), DoseRule.FixedMg(56m)]));
        Assert.Throws<ArgumentException>(() => DoseSteps.Create(Route.IntranasalEsketamine, [DoseRule.FixedMg(84m), DoseRule.FixedMg(112m)]));
        Assert.Throws<ArgumentException>(() => DoseSteps.Create(Route.IntranasalEsketamine, [DoseRule.MgPerKg(0.5m)]));
    }

    [Fact]
    public void Given_protocol_limits_narrower_than_a_step_When_made_Then_refused()
    {
        var narrow = DoseLimits.For(Route.Intravenous).Narrow("This protocol stops at 0.75 mg/kg.", hardPerKg: new(0.75m));

        Assert.Throws<ArgumentException>(() => DoseSteps.Create(Route.Intravenous, [Iv05, Iv075, Iv10], narrow));
    }

    [Theory]
    [InlineData(400, 80)]
    [InlineData(120, 130)]
    [InlineData(120, 10)]
    public void Given_an_impossible_blood_pressure_When_recorded_Then_refused(int systolic, int diastolic)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionBloodPressure(systolic, diastolic, 140, 90, false));
    }

    [Fact]
    public void Given_a_CADSS_total_beyond_92_When_recorded_Then_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SessionOutcome(new DateOnly(2026, 3, 2), Iv05, ResponseLevel.None, DissociationLevel.Mild, Calm, cadssTotal: 93));
    }

    [Fact]
    public void Given_no_scale_since_the_last_session_When_proposed_Then_stay_until_it_is_measured()
    {
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv05, [Session(2, Iv05, null)]);

        Assert.Equal(TitrationDirection.Stay, proposal.Direction);
        Assert.Contains(proposal.Reasons, r => r.Contains("not known yet", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_partial_response_and_an_unmeasured_session_before_When_proposed_Then_stay()
    {
        // Two sessions "without a good response" need two measured ones: an unknown is not evidence of no response.
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv05, [Session(2, Iv05, null), Session(5, Iv05, ResponseLevel.Partial)]);

        Assert.Equal(TitrationDirection.Stay, proposal.Direction);
    }

    [Fact]
    public void Given_an_unmeasured_response_but_a_bp_surge_When_proposed_Then_the_safety_signal_still_steps_down()
    {
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv075, [Session(2, Iv075, null, bp: new SessionBloodPressure(120, 80, 165, 95, false))]);

        Assert.Equal(TitrationDirection.StepDown, proposal.Direction);
        Assert.True(proposal.IsSafetySignal);
    }

    [Fact]
    public void Given_a_cadss6_total_When_dissociation_is_moderate_Then_the_reason_quotes_it_out_of_24()
    {
        var proposal = Titration.Propose(DoseSteps.Intravenous, Iv05,
            [new SessionOutcome(new DateOnly(2026, 3, 2), Iv05, ResponseLevel.None, DissociationLevel.Moderate, Calm, cadss6Total: 14)]);

        Assert.Contains(proposal.Reasons, r => r.Contains("CADSS-6 14/24", StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SessionOutcome(new DateOnly(2026, 3, 2), Iv05, ResponseLevel.None, DissociationLevel.Mild, Calm, cadss6Total: 25));
    }

    // GAD-7 response (REFERENCE.md §1): ≥ 50 % fall = response (NQF 1884/1885); a fall ≥ 4 points (MCID, Toussaint 2020) = partial.
    [Theory]
    [InlineData(16, 8, ResponseLevel.Good)]      // exactly 50 %
    [InlineData(15, 8, ResponseLevel.Partial)]   // 46.7 %, 7 points
    [InlineData(6, 3, ResponseLevel.Good)]       // exactly 50 % of a small baseline
    [InlineData(15, 11, ResponseLevel.Partial)]  // 4 points = the MCID
    [InlineData(15, 12, ResponseLevel.None)]     // 3 points
    [InlineData(12, 14, ResponseLevel.None)]     // worse
    public void Gad7_response_follows_the_published_conventions(int baseline, int latest, ResponseLevel expected) =>
        Assert.Equal(expected, AnxietyResponse.FromGad7(baseline, latest));

    [Fact]
    public void Gad7_response_from_a_baseline_of_zero_is_unknown_and_impossible_totals_are_refused()
    {
        Assert.Null(AnxietyResponse.FromGad7(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnxietyResponse.FromGad7(22, 3));
        Assert.Equal("12 → 5 (−58 %)", AnxietyResponse.Describe(12, 5));
    }
}
