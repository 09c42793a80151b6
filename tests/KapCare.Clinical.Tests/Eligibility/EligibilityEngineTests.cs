using KapCare.Clinical.Eligibility;

namespace KapCare.Clinical.Tests.Eligibility;

/// <summary>
/// REFERENCE.md §2, one row at a time: each finding alone, on top of an otherwise eligible patient, gives exactly its own
/// reason, outcome and source. Rule ids, outcomes and sources are written out here from the reference, not read from the code.
/// </summary>
public sealed class EligibilityEngineTests
{
    private const string ProgrammeCriteria = "KAP programme criteria (psyon.cz exclusion criteria); Osmind IV intake guide";
    private const string Spravato = "Spravato (esketamine) prescribing information, Contraindications";

    private static readonly IntakeFacts Typical = Patients.TypicalTreatmentResistantGad;

    private static IntakeFacts Vary(string change) => change switch
    {
        "psychosis" => Typical with { PsychoticDisorderHistory = YesNoUnknown.Yes },
        "sud-3-months" => Typical with { SubstanceUseDisorder = YesNoUnknown.Yes, MonthsAbstinent = 3 },
        "sud-current" => Typical with { SubstanceUseDisorder = YesNoUnknown.Yes, MonthsAbstinent = 0 },
        "sud-11-months" => Typical with { SubstanceUseDisorder = YesNoUnknown.Yes, MonthsAbstinent = 11 },
        "aneurysm" => Typical with { AneurysmalVascularDisease = YesNoUnknown.Yes },
        "avm" => Typical with { ArteriovenousMalformation = YesNoUnknown.Yes },
        "ich" => Typical with { IntracerebralHaemorrhageHistory = YesNoUnknown.Yes },
        "bp-168-96" => Typical with { SystolicMmHg = 168, DiastolicMmHg = 96 },
        "ihd" => Typical with { IschaemicHeartDisease = YesNoUnknown.Yes },
        "cvd" => Typical with { CerebrovascularDisease = YesNoUnknown.Yes },
        "pregnant" => Typical with { Pregnant = YesNoUnknown.Yes },
        "breastfeeding" => Typical with { Breastfeeding = YesNoUnknown.Yes },
        "bipolar-no-stabilizer" => Typical with { BipolarDisorder = YesNoUnknown.Yes, OnMoodStabilizer = YesNoUnknown.No },
        "cssrs-high" => Typical with { SuicideRisk = CssrsRiskLevel.High },
        "benzodiazepine" => Typical with { TakesBenzodiazepine = YesNoUnknown.Yes },
        "opioid" => Typical with { TakesOpioid = YesNoUnknown.Yes },
        "maoi" => Typical with { TakesMaoi = YesNoUnknown.Yes },
        "psychostimulant" => Typical with { TakesPsychostimulant = YesNoUnknown.Yes },
        "no-support" => Typical with { SupportPerson = YesNoUnknown.No },
        "no-transport" => Typical with { TransportHome = YesNoUnknown.No },
        "one-trial" => Typical with { MedicationTrials = [new MedicationTrial("Sertraline", YesNoUnknown.Yes, 8)], PsychotherapyCourses = [] },
        "no-trials" => Typical with { MedicationTrials = [], PsychotherapyCourses = [] },
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };

    [Fact]
    public void Given_the_typical_treatment_resistant_GAD_patient_When_evaluated_Then_eligible_with_no_reasons()
    {
        var result = EligibilityEngine.Evaluate(Typical, RuleSet.Default);

        Assert.Equal(EligibilityOutcome.Eligible, result.Outcome);
        Assert.Empty(result.Reasons);
        Assert.Equal("1.0", result.RuleSetVersion);
    }

    [Theory]
    // Not eligible (REFERENCE.md §2): psychotic disorder; active SUD (abstinent < 12 months); aneurysm / AVM / ICH.
    [InlineData("psychosis", "psychosis", "PsychoticDisorderHistory", ProgrammeCriteria)]
    [InlineData("sud-3-months", "substance-use-disorder", "MonthsAbstinent", ProgrammeCriteria)]
    [InlineData("sud-current", "substance-use-disorder", "MonthsAbstinent", ProgrammeCriteria)]
    [InlineData("sud-11-months", "substance-use-disorder", "MonthsAbstinent", ProgrammeCriteria)]
    [InlineData("aneurysm", "vascular-contraindication", "AneurysmalVascularDisease", Spravato)]
    [InlineData("avm", "vascular-contraindication", "ArteriovenousMalformation", Spravato)]
    [InlineData("ich", "vascular-contraindication", "IntracerebralHaemorrhageHistory", Spravato)]
    public void Given_one_exclusion_alone_When_evaluated_Then_not_eligible_with_exactly_that_reason_and_source(
        string change, string ruleId, string field, string source)
    {
        var result = EligibilityEngine.Evaluate(Vary(change), RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NotEligible, result.Outcome);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ruleId, reason.RuleId);
        Assert.Equal(RuleSeverity.Exclude, reason.Severity);
        Assert.Equal(source, reason.Source);
        Assert.Equal(1, reason.RuleVersion);
        Assert.False(reason.IsMissingInformation);
        Assert.Contains(reason.Facts, f => f.Field == field);
        Assert.False(string.IsNullOrWhiteSpace(reason.Message));
    }

    [Theory]
    // Review (REFERENCE.md §2).
    [InlineData("bp-168-96", "uncontrolled-hypertension", "SystolicMmHg", "Spravato label (\"weigh the risk above 140/90 mmHg\"); clinic protocols (REFERENCE.md §4 pre-dose hold)")]
    [InlineData("ihd", "cardiovascular-disease", "IschaemicHeartDisease", "FDA ketamine (Ketalar) label; clinic protocols")]
    [InlineData("cvd", "cardiovascular-disease", "CerebrovascularDisease", "FDA ketamine (Ketalar) label; clinic protocols")]
    [InlineData("pregnant", "pregnancy-breastfeeding", "Pregnant", "FDA ketamine (Ketalar) label")]
    [InlineData("breastfeeding", "pregnancy-breastfeeding", "Breastfeeding", "FDA ketamine (Ketalar) label")]
    [InlineData("bipolar-no-stabilizer", "bipolar-without-mood-stabilizer", "OnMoodStabilizer", "Osmind IV intake guide")]
    [InlineData("cssrs-high", "suicide-risk", "SuicideRisk", "KAP programme criteria; C-SSRS screener (Posner et al., Am J Psychiatry 2011)")]
    [InlineData("benzodiazepine", "interacting-medications", "TakesBenzodiazepine", "Spravato prescribing information (drug interactions); KAP programme criteria")]
    [InlineData("opioid", "interacting-medications", "TakesOpioid", "Spravato prescribing information (drug interactions); KAP programme criteria")]
    [InlineData("maoi", "interacting-medications", "TakesMaoi", "Spravato prescribing information (drug interactions); KAP programme criteria")]
    [InlineData("psychostimulant", "interacting-medications", "TakesPsychostimulant", "Spravato prescribing information (drug interactions); KAP programme criteria")]
    [InlineData("no-support", "support-and-transport", "SupportPerson", "Spravato REMS; KAP practice")]
    [InlineData("no-transport", "support-and-transport", "TransportHome", "Spravato REMS; KAP practice")]
    [InlineData("one-trial", "treatment-resistance", "AdequateTrialCount", "TRD definition used by IV programmes (≥ 2 adequate trials, 4–6 weeks each)")]
    [InlineData("no-trials", "treatment-resistance", "AdequateTrialCount", "TRD definition used by IV programmes (≥ 2 adequate trials, 4–6 weeks each)")]
    public void Given_one_review_finding_alone_When_evaluated_Then_needs_review_with_exactly_that_reason(
        string change, string ruleId, string field, string source)
    {
        var result = EligibilityEngine.Evaluate(Vary(change), RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NeedsReview, result.Outcome);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ruleId, reason.RuleId);
        Assert.Equal(RuleSeverity.Review, reason.Severity);
        Assert.Equal(source, reason.Source);
        Assert.False(reason.IsMissingInformation);
        Assert.Contains(reason.Facts, f => f.Field == field);
    }

    [Theory]
    // 12 months abstinent is no longer "active" (REFERENCE.md §2: abstinent < 12 months); bipolar on a mood stabilizer is no review.
    [InlineData(12)]
    [InlineData(36)]
    public void Given_SUD_abstinent_at_least_12_months_When_evaluated_Then_eligible(int months)
    {
        var facts = Typical with { SubstanceUseDisorder = YesNoUnknown.Yes, MonthsAbstinent = months };

        var result = EligibilityEngine.Evaluate(facts, RuleSet.Default);

        Assert.Equal(EligibilityOutcome.Eligible, result.Outcome);
        Assert.Empty(result.Reasons);
    }

    [Fact]
    public void Given_bipolar_disorder_on_a_mood_stabilizer_When_evaluated_Then_eligible()
    {
        var facts = Typical with { BipolarDisorder = YesNoUnknown.Yes, OnMoodStabilizer = YesNoUnknown.Yes };

        Assert.Equal(EligibilityOutcome.Eligible, EligibilityEngine.Evaluate(facts, RuleSet.Default).Outcome);
    }

    [Fact]
    public void Given_high_BP_When_evaluated_Then_the_reason_shows_the_reading_and_the_limit()
    {
        var result = EligibilityEngine.Evaluate(Vary("bp-168-96"), RuleSet.Default);

        var reason = Assert.Single(result.Reasons);
        Assert.Contains("BP 168/96 mmHg", reason.Message, StringComparison.Ordinal);
        Assert.Contains("140/90", reason.Message, StringComparison.Ordinal);
        Assert.Equal([new ReasonFact("SystolicMmHg", "168"), new ReasonFact("DiastolicMmHg", "96")], reason.Facts);
    }

    [Theory]
    // Default limit 140/90 mmHg; the rule fires only above it (REFERENCE.md §4: "> 140/90 → hold"; label: "above 140/90").
    [InlineData(140, 90, EligibilityOutcome.Eligible)]
    [InlineData(140, 89, EligibilityOutcome.Eligible)]
    [InlineData(141, 90, EligibilityOutcome.NeedsReview)]
    [InlineData(140, 91, EligibilityOutcome.NeedsReview)]
    [InlineData(139, 95, EligibilityOutcome.NeedsReview)]
    public void Given_BP_at_or_just_above_the_limit_When_evaluated_Then_only_above_it_needs_review(
        int systolic, int diastolic, EligibilityOutcome expected)
    {
        var facts = Typical with { SystolicMmHg = systolic, DiastolicMmHg = diastolic };

        var result = EligibilityEngine.Evaluate(facts, RuleSet.Default);

        Assert.Equal(expected, result.Outcome);
        if (expected == EligibilityOutcome.NeedsReview)
            Assert.Equal("uncontrolled-hypertension", Assert.Single(result.Reasons).RuleId);
        else
            Assert.Empty(result.Reasons);
    }

    [Fact]
    public void Given_an_exclusion_and_a_review_finding_When_evaluated_Then_not_eligible_with_both_reasons_exclusion_first()
    {
        var facts = Typical with { PsychoticDisorderHistory = YesNoUnknown.Yes, Pregnant = YesNoUnknown.Yes };

        var result = EligibilityEngine.Evaluate(facts, RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NotEligible, result.Outcome);
        Assert.Equal(["psychosis", "pregnancy-breastfeeding"], result.Reasons.Select(r => r.RuleId));
    }

    [Fact]
    public void Given_implausible_facts_When_evaluated_Then_refused()
    {
        var facts = Typical with { SystolicMmHg = 80, DiastolicMmHg = 120 };

        Assert.Throws<ArgumentException>(() => EligibilityEngine.Evaluate(facts, RuleSet.Default));
    }
}
