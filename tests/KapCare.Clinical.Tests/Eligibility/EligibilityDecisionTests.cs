using KapCare.Clinical.Eligibility;

namespace KapCare.Clinical.Tests.Eligibility;

/// <summary>
/// The prescriber's decision (REFERENCE.md §2: an outcome is overridden with a recorded reason, never silently): approving a
/// not-eligible result needs an override naming every exclusion with a justification of at least 20 characters.
/// </summary>
public sealed class EligibilityDecisionTests
{
    private static readonly EligibilityResult Eligible = EligibilityEngine.Evaluate(Patients.TypicalTreatmentResistantGad, RuleSet.Default);

    private static readonly EligibilityResult NotEligible = EligibilityEngine.Evaluate(
        Patients.TypicalTreatmentResistantGad with { SubstanceUseDisorder = YesNoUnknown.Yes, MonthsAbstinent = 10 }, RuleSet.Default);

    private static readonly EligibilityResult NeedsReview = EligibilityEngine.Evaluate(
        Patients.TypicalTreatmentResistantGad with { WeightKg = null }, RuleSet.Default);

    private const string Justification = "Alcohol use disorder in sustained early remission; addiction psychiatrist agrees.";

    [Fact]
    public void Given_a_not_eligible_result_When_approved_without_an_override_Then_refused()
    {
        Assert.Throws<InvalidOperationException>(() => EligibilityDecision.Approve(NotEligible, "Looks fine to me."));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("too short reason")]
    [InlineData("19 characters long.")]
    public void Given_a_justification_under_20_characters_When_an_override_is_made_Then_refused(string justification)
    {
        Assert.Throws<ArgumentException>(() => EligibilityOverride.Create(["substance-use-disorder"], justification));
    }

    [Fact]
    public void Given_an_override_naming_no_reasons_When_made_Then_refused()
    {
        Assert.Throws<ArgumentException>(() => EligibilityOverride.Create([], Justification));
    }

    [Fact]
    public void Given_an_override_that_does_not_name_the_exclusion_When_approved_Then_refused()
    {
        var @override = EligibilityOverride.Create(["psychosis"], Justification);

        Assert.ThrowsAny<Exception>(() => EligibilityDecision.Approve(NotEligible, @override: @override));
    }

    [Fact]
    public void Given_an_override_with_a_justification_When_approved_Then_accepted()
    {
        var @override = EligibilityOverride.Create(["substance-use-disorder"], Justification);

        var decision = EligibilityDecision.Approve(NotEligible, @override: @override);

        Assert.Equal(EligibilityDecisionKind.Approve, decision.Kind);
        Assert.Same(@override, decision.Override);
        Assert.Equal(["substance-use-disorder"], decision.Override!.OverriddenRuleIds);
        Assert.Equal(Justification, decision.Override.Justification);
        Assert.Equal(EligibilityOutcome.NotEligible, decision.Result.Outcome);
    }

    [Fact]
    public void Given_an_exactly_20_character_justification_When_approved_Then_accepted()
    {
        var @override = EligibilityOverride.Create(["substance-use-disorder"], "20 characters long..");

        Assert.Equal(EligibilityDecisionKind.Approve, EligibilityDecision.Approve(NotEligible, @override: @override).Kind);
    }

    [Fact]
    public void Given_a_needs_review_result_When_approved_Then_a_note_is_required()
    {
        Assert.Throws<ArgumentException>(() => EligibilityDecision.Approve(NeedsReview));

        var decision = EligibilityDecision.Approve(NeedsReview, "Weight 72 kg taken at the consultation.");

        Assert.Equal("Weight 72 kg taken at the consultation.", decision.Note);
        Assert.Null(decision.Override);
    }

    [Fact]
    public void Given_an_eligible_result_When_approved_Then_accepted_without_note_and_an_override_is_refused()
    {
        Assert.Equal(EligibilityDecisionKind.Approve, EligibilityDecision.Approve(Eligible).Kind);
        Assert.Throws<ArgumentException>(() =>
            EligibilityDecision.Approve(Eligible, @override: EligibilityOverride.Create(["psychosis"], Justification)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Given_no_note_When_declined_Then_refused(string? note)
    {
        Assert.Throws<ArgumentException>(() => EligibilityDecision.Decline(Eligible, note!));
    }

    [Fact]
    public void Given_a_note_When_declined_Then_accepted()
    {
        var decision = EligibilityDecision.Decline(NotEligible, "Refer to addiction services first.");

        Assert.Equal(EligibilityDecisionKind.Decline, decision.Kind);
        Assert.Equal("Refer to addiction services first.", decision.Note);
    }
}
