using KapCare.Clinical.Eligibility;

namespace KapCare.Clinical.Tests.Eligibility;

/// <summary>Rules are data: a threshold change makes a new, versioned rule set and leaves the old one as it was.</summary>
public sealed class RuleSetTests
{
    [Fact]
    public void Given_the_default_rule_set_When_read_Then_it_has_one_rule_per_REFERENCE_row_plus_the_missing_information_rules()
    {
        Assert.Equal(
            [
                "psychosis", "substance-use-disorder", "vascular-contraindication", "uncontrolled-hypertension",
                "cardiovascular-disease", "pregnancy-breastfeeding", "bipolar-without-mood-stabilizer", "suicide-risk",
                "interacting-medications", "support-and-transport", "treatment-resistance",
                "weight-not-recorded", "blood-pressure-not-recorded", "finding-not-recorded",
            ],
            RuleSet.Default.Rules.Select(r => r.Id));
        Assert.All(RuleSet.Default.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
        // Defaults: 140/90 mmHg (label / REFERENCE.md §4), 12 months abstinent, 2 trials of 4 weeks (REFERENCE.md §2).
        Assert.Equal(140m, RuleSet.Default.Rule("uncontrolled-hypertension").Threshold("systolic-limit"));
        Assert.Equal(90m, RuleSet.Default.Rule("uncontrolled-hypertension").Threshold("diastolic-limit"));
        Assert.Equal(12m, RuleSet.Default.Rule("substance-use-disorder").Threshold("minimum-months-abstinent"));
        Assert.Equal(2m, RuleSet.Default.Rule("treatment-resistance").Threshold("minimum-adequate-trials"));
        Assert.Equal(4m, RuleSet.Default.Rule("treatment-resistance").Threshold("minimum-weeks"));
    }

    [Fact]
    public void Given_a_lower_systolic_limit_When_a_BP_of_135_85_is_evaluated_Then_a_new_version_changes_the_outcome()
    {
        var facts = Patients.TypicalTreatmentResistantGad with { SystolicMmHg = 135, DiastolicMmHg = 85 };
        var changed = RuleSet.Default.WithThreshold("uncontrolled-hypertension", "systolic-limit", 130);

        var before = EligibilityEngine.Evaluate(facts, RuleSet.Default);
        var after = EligibilityEngine.Evaluate(facts, changed);

        Assert.Equal("1.1", changed.Version);
        Assert.Equal("1.0", RuleSet.Default.Version);
        Assert.Equal(140m, RuleSet.Default.Rule("uncontrolled-hypertension").Threshold("systolic-limit"));
        Assert.Equal(EligibilityOutcome.Eligible, before.Outcome);
        Assert.Equal(EligibilityOutcome.NeedsReview, after.Outcome);
        Assert.Equal("1.1", after.RuleSetVersion);
        var reason = Assert.Single(after.Reasons);
        Assert.Equal("uncontrolled-hypertension", reason.RuleId);
        Assert.Equal(2, reason.RuleVersion);
        Assert.Contains("BP 135/85 mmHg", reason.Message, StringComparison.Ordinal);
        Assert.Contains("130/90", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_two_changes_When_made_Then_versions_advance_and_an_explicit_version_is_kept()
    {
        var v11 = RuleSet.Default.WithThreshold("treatment-resistance", "minimum-weeks", 6);
        var v12 = v11.WithThreshold("treatment-resistance", "minimum-adequate-trials", 3);
        var named = RuleSet.Default.WithThreshold("substance-use-disorder", "minimum-months-abstinent", 24, "clinic-2027");

        Assert.Equal("1.2", v12.Version);
        Assert.Equal(3, v12.Rule("treatment-resistance").Version);
        Assert.Equal("clinic-2027", named.Version);
        // Three adequate trials of 8 weeks still meet 3 trials of 6 weeks.
        Assert.Equal(EligibilityOutcome.Eligible, EligibilityEngine.Evaluate(Patients.TypicalTreatmentResistantGad, v12).Outcome);
    }

    [Fact]
    public void Given_a_longer_required_abstinence_When_a_patient_abstinent_18_months_is_evaluated_Then_not_eligible()
    {
        var facts = Patients.TypicalTreatmentResistantGad with { SubstanceUseDisorder = YesNoUnknown.Yes, MonthsAbstinent = 18 };
        var changed = RuleSet.Default.WithThreshold("substance-use-disorder", "minimum-months-abstinent", 24);

        Assert.Equal(EligibilityOutcome.Eligible, EligibilityEngine.Evaluate(facts, RuleSet.Default).Outcome);
        Assert.Equal(EligibilityOutcome.NotEligible, EligibilityEngine.Evaluate(facts, changed).Outcome);
    }

    [Theory]
    [InlineData("uncontrolled-hypertension", "systolic-limit", 89)]
    [InlineData("uncontrolled-hypertension", "systolic-limit", 201)]
    [InlineData("uncontrolled-hypertension", "diastolic-limit", 49)]
    [InlineData("uncontrolled-hypertension", "diastolic-limit", 131)]
    [InlineData("treatment-resistance", "minimum-adequate-trials", 0)]
    [InlineData("treatment-resistance", "minimum-weeks", 1)]
    [InlineData("substance-use-disorder", "minimum-months-abstinent", 0)]
    public void Given_an_implausible_threshold_When_changed_Then_refused(string ruleId, string name, int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleSet.Default.WithThreshold(ruleId, name, value));
    }

    [Fact]
    public void Given_a_fractional_threshold_When_changed_Then_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleSet.Default.WithThreshold("treatment-resistance", "minimum-adequate-trials", 2.5m));
    }

    [Fact]
    public void Given_a_diastolic_limit_not_below_the_systolic_one_When_changed_Then_refused()
    {
        // With the floors (systolic 110–160, diastolic 70–100 mmHg) a diastolic limit at or above the systolic one cannot be set.
        Assert.Throws<ArgumentOutOfRangeException>(() => RuleSet.Default.WithThreshold("uncontrolled-hypertension", "systolic-limit", 100));
        var lowest = RuleSet.Default.WithThreshold("uncontrolled-hypertension", "systolic-limit", 110);
        Assert.Throws<ArgumentOutOfRangeException>(() => lowest.WithThreshold("uncontrolled-hypertension", "diastolic-limit", 110));
    }

    [Theory]
    [InlineData("no-such-rule", "systolic-limit")]
    [InlineData("uncontrolled-hypertension", "no-such-threshold")]
    [InlineData("psychosis", "systolic-limit")]
    public void Given_an_unknown_rule_or_threshold_When_changed_Then_refused(string ruleId, string name)
    {
        Assert.Throws<ArgumentException>(() => RuleSet.Default.WithThreshold(ruleId, name, 150));
    }

    [Theory]
    // Floors from REFERENCE.md: abstinence ≥ 12 months and ≥ 2 adequate trials of ≥ 4 weeks (§2); BP review from 140/90
    // (§4), loosened at most to 160/100. A clinic may be stricter, never looser (issue 9, item 8).
    [InlineData("substance-use-disorder", "minimum-months-abstinent", 11)]
    [InlineData("treatment-resistance", "minimum-adequate-trials", 1)]
    [InlineData("treatment-resistance", "minimum-weeks", 3)]
    [InlineData("uncontrolled-hypertension", "systolic-limit", 200)]
    [InlineData("uncontrolled-hypertension", "diastolic-limit", 130)]
    public void A_threshold_cannot_be_moved_past_its_floor(string rule, string name, int value)
    {
        Assert.ThrowsAny<ArgumentException>(() => RuleSet.Default.WithThreshold(rule, name, value));
    }

    [Theory]
    [InlineData("substance-use-disorder", "minimum-months-abstinent", 12)]
    [InlineData("substance-use-disorder", "minimum-months-abstinent", 24)]
    [InlineData("treatment-resistance", "minimum-adequate-trials", 3)]
    [InlineData("uncontrolled-hypertension", "systolic-limit", 160)]
    [InlineData("uncontrolled-hypertension", "systolic-limit", 130)]
    public void A_threshold_may_be_made_stricter_or_loosened_within_its_floor(string rule, string name, int value)
    {
        Assert.Equal(value, RuleSet.Default.WithThreshold(rule, name, value).Rule(rule).Threshold(name));
    }
}
