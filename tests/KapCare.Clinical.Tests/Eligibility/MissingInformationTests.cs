using KapCare.Clinical.Eligibility;

namespace KapCare.Clinical.Tests.Eligibility;

/// <summary>A missing answer is never a pass (REFERENCE.md §2: never silently): each gives its own review reason.</summary>
public sealed class MissingInformationTests
{
    private static readonly IntakeFacts Typical = Patients.TypicalTreatmentResistantGad;

    [Fact]
    public void Given_weight_not_recorded_When_evaluated_Then_needs_review_with_that_reason()
    {
        var result = EligibilityEngine.Evaluate(Typical with { WeightKg = null }, RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NeedsReview, result.Outcome);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal("weight-not-recorded", reason.RuleId);
        Assert.Equal(RuleSeverity.Review, reason.Severity);
        Assert.True(reason.IsMissingInformation);
        Assert.StartsWith("Weight not recorded", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_BP_not_recorded_When_evaluated_Then_needs_review_with_that_reason()
    {
        var result = EligibilityEngine.Evaluate(Typical with { SystolicMmHg = null, DiastolicMmHg = null }, RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NeedsReview, result.Outcome);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal("blood-pressure-not-recorded", reason.RuleId);
        Assert.True(reason.IsMissingInformation);
        Assert.Equal("Blood pressure not recorded.", reason.Message);
    }

    [Theory]
    [InlineData(nameof(IntakeFacts.PsychoticDisorderHistory))]
    [InlineData(nameof(IntakeFacts.BipolarDisorder))]
    [InlineData(nameof(IntakeFacts.SubstanceUseDisorder))]
    [InlineData(nameof(IntakeFacts.AneurysmalVascularDisease))]
    [InlineData(nameof(IntakeFacts.ArteriovenousMalformation))]
    [InlineData(nameof(IntakeFacts.IntracerebralHaemorrhageHistory))]
    [InlineData(nameof(IntakeFacts.IschaemicHeartDisease))]
    [InlineData(nameof(IntakeFacts.CerebrovascularDisease))]
    [InlineData(nameof(IntakeFacts.Pregnant))]
    [InlineData(nameof(IntakeFacts.Breastfeeding))]
    [InlineData(nameof(IntakeFacts.TakesBenzodiazepine))]
    [InlineData(nameof(IntakeFacts.TakesOpioid))]
    [InlineData(nameof(IntakeFacts.TakesMaoi))]
    [InlineData(nameof(IntakeFacts.TakesPsychostimulant))]
    [InlineData(nameof(IntakeFacts.SupportPerson))]
    [InlineData(nameof(IntakeFacts.TransportHome))]
    [InlineData(nameof(IntakeFacts.SuicideRisk))]
    [InlineData(nameof(IntakeFacts.OnMoodStabilizer))]
    [InlineData(nameof(IntakeFacts.MonthsAbstinent))]
    public void Given_one_finding_unknown_When_evaluated_Then_needs_review_naming_that_field(string field)
    {
        var facts = field switch
        {
            nameof(IntakeFacts.PsychoticDisorderHistory) => Typical with { PsychoticDisorderHistory = YesNoUnknown.Unknown },
            nameof(IntakeFacts.BipolarDisorder) => Typical with { BipolarDisorder = YesNoUnknown.Unknown },
            nameof(IntakeFacts.SubstanceUseDisorder) => Typical with { SubstanceUseDisorder = YesNoUnknown.Unknown },
            nameof(IntakeFacts.AneurysmalVascularDisease) => Typical with { AneurysmalVascularDisease = YesNoUnknown.Unknown },
            nameof(IntakeFacts.ArteriovenousMalformation) => Typical with { ArteriovenousMalformation = YesNoUnknown.Unknown },
            nameof(IntakeFacts.IntracerebralHaemorrhageHistory) => Typical with { IntracerebralHaemorrhageHistory = YesNoUnknown.Unknown },
            nameof(IntakeFacts.IschaemicHeartDisease) => Typical with { IschaemicHeartDisease = YesNoUnknown.Unknown },
            nameof(IntakeFacts.CerebrovascularDisease) => Typical with { CerebrovascularDisease = YesNoUnknown.Unknown },
            nameof(IntakeFacts.Pregnant) => Typical with { Pregnant = YesNoUnknown.Unknown },
            nameof(IntakeFacts.Breastfeeding) => Typical with { Breastfeeding = YesNoUnknown.Unknown },
            nameof(IntakeFacts.TakesBenzodiazepine) => Typical with { TakesBenzodiazepine = YesNoUnknown.Unknown },
            nameof(IntakeFacts.TakesOpioid) => Typical with { TakesOpioid = YesNoUnknown.Unknown },
            nameof(IntakeFacts.TakesMaoi) => Typical with { TakesMaoi = YesNoUnknown.Unknown },
            nameof(IntakeFacts.TakesPsychostimulant) => Typical with { TakesPsychostimulant = YesNoUnknown.Unknown },
            nameof(IntakeFacts.SupportPerson) => Typical with { SupportPerson = YesNoUnknown.Unknown },
            nameof(IntakeFacts.TransportHome) => Typical with { TransportHome = YesNoUnknown.Unknown },
            nameof(IntakeFacts.SuicideRisk) => Typical with { SuicideRisk = CssrsRiskLevel.Unknown },
            // Follow-up questions: unknown matters only when the parent answer is yes.
            nameof(IntakeFacts.OnMoodStabilizer) => Typical with { BipolarDisorder = YesNoUnknown.Yes, OnMoodStabilizer = YesNoUnknown.Unknown },
            nameof(IntakeFacts.MonthsAbstinent) => Typical with { SubstanceUseDisorder = YesNoUnknown.Yes, MonthsAbstinent = null },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        var result = EligibilityEngine.Evaluate(facts, RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NeedsReview, result.Outcome);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal("finding-not-recorded", reason.RuleId);
        Assert.True(reason.IsMissingInformation);
        Assert.Equal(field, Assert.Single(reason.Facts).Field);
        Assert.Contains("not recorded", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_nothing_recorded_When_evaluated_Then_needs_review_and_every_gap_is_a_reason()
    {
        var result = EligibilityEngine.Evaluate(new IntakeFacts(), RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NeedsReview, result.Outcome);
        // 16 yes/no findings + C-SSRS + weight + BP = 19 missing; no trials recorded = treatment-resistance review.
        Assert.Equal(19, result.Reasons.Count(r => r.IsMissingInformation));
        Assert.Single(result.Reasons, r => r.RuleId == "treatment-resistance");
        Assert.Equal(20, result.Reasons.Count);
    }
}
