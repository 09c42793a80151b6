using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Intake;

namespace KapCare.Clinical.Tests.Intake;

public sealed class IntakeFormTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    /// <summary>The intake of the typical treatment-resistant GAD patient (see Eligibility/Patients.cs).</summary>
    internal static IntakeForm TypicalGad() => new()
    {
        History = new() { Diagnoses = [new DiagnosisEntry(DiagnosisKind.GeneralizedAnxiety, 24, DiagnosisCourse.Persistent)] },
        Treatments = new()
        {
            Medications =
            [
                new MedicationTrialEntry("Sertraline", "150 mg", 8, YesNoUnknown.Yes, TreatmentResponse.Partial, "nausea"),
                new MedicationTrialEntry("Escitalopram", "20 mg", 8, YesNoUnknown.Yes, TreatmentResponse.None, null),
            ],
            Psychotherapy = [new PsychotherapyEntry("CBT", 12, YesNoUnknown.Yes, TreatmentResponse.Partial)],
        },
        Medical = new()
        {
            SystolicMmHg = 124, DiastolicMmHg = 78, WeightKg = 70m, HeightCm = 170m,
            IschaemicHeartDisease = YesNoUnknown.No, CerebrovascularDisease = YesNoUnknown.No, AneurysmalVascularDisease = YesNoUnknown.No,
            ArteriovenousMalformation = YesNoUnknown.No, IntracerebralHaemorrhageHistory = YesNoUnknown.No, LiverDisease = YesNoUnknown.No,
            Pregnant = YesNoUnknown.No, Breastfeeding = YesNoUnknown.No, PsychoticDisorderHistory = YesNoUnknown.No, BipolarDisorder = YesNoUnknown.No,
            SubstanceUseDisorder = YesNoUnknown.No, Seizures = YesNoUnknown.No, TakesBenzodiazepine = YesNoUnknown.No, TakesOpioid = YesNoUnknown.No,
            TakesMaoi = YesNoUnknown.No, TakesPsychostimulant = YesNoUnknown.No, TakesLamotrigine = YesNoUnknown.No, NoKnownAllergies = true,
        },
        Support = new() { HasSupportPerson = YesNoUnknown.Yes, SupportPersonName = "Ana", TransportHome = YesNoUnknown.Yes },
    };

    [Fact]
    public void The_typical_treatment_resistant_GAD_intake_is_eligible()
    {
        var result = EligibilityEngine.Evaluate(TypicalGad().ToFacts(Today, CssrsRiskLevel.Low), RuleSet.Default);

        Assert.Equal(EligibilityOutcome.Eligible, result.Outcome);
    }

    [Fact]
    public void A_new_intake_has_every_finding_unknown_and_is_never_eligible()
    {
        var result = EligibilityEngine.Evaluate(new IntakeForm().ToFacts(Today, CssrsRiskLevel.Unknown), RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NeedsReview, result.Outcome);
        Assert.Contains(result.Reasons, r => r.RuleId == DefaultRules.WeightNotRecorded);
        Assert.Contains(result.Reasons, r => r.RuleId == DefaultRules.BloodPressureNotRecorded);
    }

    [Fact]
    public void A_listed_benzodiazepine_counts_even_when_the_answer_says_no()
    {
        var form = TypicalGad() with { Medical = TypicalGad().Medical with { CurrentMedications = [new CurrentMedication("Klonopin", "0.5 mg")] } };

        var facts = form.ToFacts(Today, CssrsRiskLevel.Low);

        Assert.Equal(YesNoUnknown.Yes, facts.TakesBenzodiazepine);
        Assert.Single(form.Medical.MedicationConflicts());
        Assert.Contains(EligibilityEngine.Evaluate(facts, RuleSet.Default).Reasons, r => r.RuleId == DefaultRules.Medications);
    }

    [Fact]
    public void A_listed_mood_stabilizer_answers_the_bipolar_follow_up()
    {
        var form = TypicalGad() with
        {
            Medical = TypicalGad().Medical with { BipolarDisorder = YesNoUnknown.Yes, CurrentMedications = [new CurrentMedication("Lithium", "600 mg")] },
        };

        Assert.Equal(YesNoUnknown.Yes, form.ToFacts(Today, CssrsRiskLevel.Low).OnMoodStabilizer);
    }

    [Theory]
    // Hand-counted whole calendar months that have fully passed since the month of last use, on 22 Nov 2026 (the intake
    // asks for the month only, so the use may have been on its last day; issue 9, item 8): November 2025 → December 2025 …
    // October 2026 = 11; January 2026 → February … October = 9; October or November 2026 → none yet.
    [InlineData(2025, 11, 1, 11)]
    [InlineData(2025, 10, 1, 12)]
    [InlineData(2026, 1, 1, 9)]
    [InlineData(2026, 11, 1, 0)]
    [InlineData(2026, 10, 23, 0)]
    [InlineData(2026, 10, 1, 0)]
    public void Months_abstinent_are_whole_months_fully_passed_since_the_month_of_last_use(int year, int month, int day, int expected)
    {
        var form = TypicalGad() with { Medical = TypicalGad().Medical with { SubstanceUseDisorder = YesNoUnknown.Yes, LastUse = new DateOnly(year, month, day) } };

        Assert.Equal(expected, form.ToFacts(Today, CssrsRiskLevel.Low).MonthsAbstinent);
    }

    [Fact]
    public void Last_use_in_the_same_month_a_year_earlier_is_still_active_until_that_month_has_fully_passed()
    {
        // Last use in November 2025: on 22 November 2026 only 11 whole months have passed (the use may have been on
        // 30 November 2025), so the 12-month rule (REFERENCE.md §2) still excludes; rounding the month up used to pass it.
        var form = TypicalGad() with { Medical = TypicalGad().Medical with { SubstanceUseDisorder = YesNoUnknown.Yes, LastUse = new DateOnly(2025, 11, 1) } };

        var result = EligibilityEngine.Evaluate(form.ToFacts(Today, CssrsRiskLevel.Low), RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NotEligible, result.Outcome);
        Assert.Contains(result.Reasons, r => r.RuleId == DefaultRules.SubstanceUse);
    }

    [Fact]
    public void Last_use_10_months_ago_is_an_active_substance_use_disorder()
    {
        var form = TypicalGad() with { Medical = TypicalGad().Medical with { SubstanceUseDisorder = YesNoUnknown.Yes, LastUse = new DateOnly(2026, 1, 1) } };

        var result = EligibilityEngine.Evaluate(form.ToFacts(Today, CssrsRiskLevel.Low), RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NotEligible, result.Outcome);
        Assert.Contains(result.Reasons, r => r.RuleId == DefaultRules.SubstanceUse);
    }

    [Fact]
    public void Substance_use_without_a_last_use_is_missing_information()
    {
        var form = TypicalGad() with { Medical = TypicalGad().Medical with { SubstanceUseDisorder = YesNoUnknown.Yes } };

        Assert.Null(form.ToFacts(Today, CssrsRiskLevel.Low).MonthsAbstinent);
        Assert.Contains("last substance use", form.Missing(IntakeSectionId.Medical));
    }

    [Fact]
    public void Sections_report_what_is_missing()
    {
        var form = new IntakeForm();

        Assert.All(Enum.GetValues<IntakeSectionId>(), s => Assert.False(form.IsComplete(s)));
        Assert.Contains("9 of 9 profile questions", form.Missing(IntakeSectionId.Presentation));
        Assert.Contains("allergies", form.Missing(IntakeSectionId.Medical));
        Assert.Empty(TypicalGad().Missing(IntakeSectionId.Medical));
        Assert.True(new IntakeForm { History = new() { NoDiagnosisYet = true } }.IsComplete(IntakeSectionId.History));
    }

    [Fact]
    public void Bmi_is_weight_over_height_squared()
    {
        // 70 kg / (1.70 m)² = 24.22 → 24.2
        Assert.Equal(24.2m, TypicalGad().Medical.Bmi);
        Assert.Null(new MedicalScreenSection { WeightKg = 70m }.Bmi);
    }

    [Fact]
    public void Impossible_values_are_problems_keyed_by_field()
    {
        var form = TypicalGad() with
        {
            Medical = TypicalGad().Medical with { SystolicMmHg = 400, DiastolicMmHg = 20, WeightKg = 0m, LastUse = Today.AddDays(3), SubstanceUseDisorder = YesNoUnknown.Yes },
            History = new() { Diagnoses = [new DiagnosisEntry(DiagnosisKind.PanicDisorder, 130, DiagnosisCourse.Episodic)] },
        };

        var fields = form.Problems(Today).Select(p => p.Field).ToList();

        Assert.Equal(["systolicMmHg", "weightKg", "history.diagnoses[0].onsetAge", "medical.lastUse"], fields);
    }

    [Fact]
    public void Diagnoses_carry_their_ICD_10_CM_codes()
    {
        // REFERENCE.md §6.
        Assert.Equal("F41.1", AnxietyDiagnoses.Get(DiagnosisKind.GeneralizedAnxiety).Icd10Cm);
        Assert.Equal("F41.0", AnxietyDiagnoses.Get(DiagnosisKind.PanicDisorder).Icd10Cm);
        Assert.Equal("F40.00", AnxietyDiagnoses.Get(DiagnosisKind.AgoraphobiaWithoutPanic).Icd10Cm);
        Assert.Equal("F40.01", AnxietyDiagnoses.Get(DiagnosisKind.AgoraphobiaWithPanic).Icd10Cm);
        Assert.Equal("F40.10", AnxietyDiagnoses.Get(DiagnosisKind.SocialAnxiety).Icd10Cm);
        Assert.Equal("F43.10", AnxietyDiagnoses.Get(DiagnosisKind.Ptsd).Icd10Cm);
        Assert.StartsWith("F33", AnxietyDiagnoses.Get(DiagnosisKind.DepressionRecurrent).Icd10Cm, StringComparison.Ordinal);
        Assert.Equal(Enum.GetValues<DiagnosisKind>().Length, AnxietyDiagnoses.All.Count);
    }
}
