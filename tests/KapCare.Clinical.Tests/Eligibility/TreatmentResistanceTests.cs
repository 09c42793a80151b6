using KapCare.Clinical.Eligibility;

namespace KapCare.Clinical.Tests.Eligibility;

/// <summary>
/// Adequate prior trials (REFERENCE.md §2, TRD definition used by IV programmes: ≥ 2 adequate trials of 4–6 weeks each):
/// a medication at an adequate dose for at least 4 weeks, or a completed psychotherapy course.
/// </summary>
public sealed class TreatmentResistanceTests
{
    [Theory]
    // Adequate dose for 4 weeks or more counts; 3 weeks does not.
    [InlineData(YesNoUnknown.Yes, 8, true, "adequate dose for 8 weeks (at least 4)")]
    [InlineData(YesNoUnknown.Yes, 4, true, "adequate dose for 4 weeks (at least 4)")]
    [InlineData(YesNoUnknown.Yes, 3, false, "3 weeks, fewer than the 4 required")]
    [InlineData(YesNoUnknown.Unknown, 8, false, "dose adequacy not recorded")]
    [InlineData(YesNoUnknown.No, 8, false, "dose not adequate")]
    [InlineData(YesNoUnknown.Yes, null, false, "duration not recorded")]
    [InlineData(YesNoUnknown.Unknown, 2, false, "dose adequacy not recorded; 2 weeks, fewer than the 4 required")]
    public void Given_one_medication_trial_When_assessed_Then_it_counts_or_says_why_not(
        YesNoUnknown doseAdequate, int? weeks, bool counts, string why)
    {
        var assessment = TreatmentResistance.Assess([new MedicationTrial("Sertraline", doseAdequate, weeks)], []);

        Assert.Equal(counts ? 1 : 0, assessment.AdequateTrialCount);
        var trial = Assert.Single(counts ? assessment.Counted : assessment.NotCounted);
        Assert.Empty(counts ? assessment.NotCounted : assessment.Counted);
        Assert.Equal("Sertraline", trial.Trial);
        Assert.Equal(counts, trial.Counts);
        Assert.Equal(why, trial.Why);
    }

    [Theory]
    [InlineData(YesNoUnknown.Yes, true, "course completed, 12 sessions (at least 4 weekly)")]
    [InlineData(YesNoUnknown.No, false, "course not completed")]
    [InlineData(YesNoUnknown.Unknown, false, "completion not recorded")]
    public void Given_a_psychotherapy_course_When_assessed_Then_only_a_completed_one_counts(YesNoUnknown completed, bool counts, string why)
    {
        var assessment = TreatmentResistance.Assess([], [new PsychotherapyCourse("CBT", 12, completed)]);

        Assert.Equal(counts ? 1 : 0, assessment.AdequateTrialCount);
        var course = Assert.Single(assessment.Counted.Concat(assessment.NotCounted));
        Assert.Equal("CBT (12 sessions)", course.Trial);
        Assert.Equal(why, course.Why);
    }

    [Theory]
    // REFERENCE.md §2: adequate trials last 4–6 weeks; a weekly course needs at least 4 sessions to have lasted 4 weeks.
    [InlineData(1, false, "1 sessions, fewer than a weekly course of 4 weeks")]
    [InlineData(3, false, "3 sessions, fewer than a weekly course of 4 weeks")]
    [InlineData(4, true, "course completed, 4 sessions (at least 4 weekly)")]
    public void Given_a_completed_course_When_it_was_too_short_Then_it_is_not_an_adequate_trial(int sessions, bool counts, string why)
    {
        var assessment = TreatmentResistance.Assess([], [new PsychotherapyCourse("CBT", sessions, YesNoUnknown.Yes)]);

        Assert.Equal(counts ? 1 : 0, assessment.AdequateTrialCount);
        Assert.Equal(why, Assert.Single(assessment.Counted.Concat(assessment.NotCounted)).Why);
    }

    [Fact]
    public void Given_a_completed_course_with_no_session_count_When_assessed_Then_it_does_not_count()
    {
        var assessment = TreatmentResistance.Assess([], [new PsychotherapyCourse("IFS", null, YesNoUnknown.Yes)]);

        Assert.Equal(0, assessment.AdequateTrialCount);
        Assert.Equal("number of sessions not recorded", Assert.Single(assessment.NotCounted).Why);
    }

    [Fact]
    public void Given_the_typical_patient_When_assessed_Then_three_adequate_trials()
    {
        var p = Patients.TypicalTreatmentResistantGad;

        var assessment = TreatmentResistance.Assess(p.MedicationTrials, p.PsychotherapyCourses);

        Assert.Equal(3, assessment.AdequateTrialCount);
        Assert.Equal(["Sertraline", "Escitalopram", "CBT (12 sessions)"], assessment.Counted.Select(t => t.Trial));
        Assert.Empty(assessment.NotCounted);
    }

    [Fact]
    public void Given_a_minimum_of_6_weeks_When_assessed_Then_a_5_week_trial_does_not_count()
    {
        var assessment = TreatmentResistance.Assess([new MedicationTrial("Sertraline", YesNoUnknown.Yes, 5)], [], minimumWeeks: 6);

        Assert.Equal(0, assessment.AdequateTrialCount);
        Assert.Equal("5 weeks, fewer than the 6 required", Assert.Single(assessment.NotCounted).Why);
    }

    [Fact]
    public void Given_one_adequate_trial_a_3_week_trial_and_an_unknown_dose_When_evaluated_Then_the_reason_lists_why_each_did_not_count()
    {
        var facts = Patients.TypicalTreatmentResistantGad with
        {
            MedicationTrials =
            [
                new MedicationTrial("Sertraline", YesNoUnknown.Yes, 8),
                new MedicationTrial("Escitalopram", YesNoUnknown.Yes, 3),
                new MedicationTrial("Venlafaxine", YesNoUnknown.Unknown, 10),
            ],
            PsychotherapyCourses = [],
        };

        var result = EligibilityEngine.Evaluate(facts, RuleSet.Default);

        Assert.Equal(EligibilityOutcome.NeedsReview, result.Outcome);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal("treatment-resistance", reason.RuleId);
        Assert.Equal(
            [
                new ReasonFact("AdequateTrialCount", "1"),
                new ReasonFact("CountedTrial", "Sertraline: adequate dose for 8 weeks (at least 4)"),
                new ReasonFact("NotCountedTrial", "Escitalopram: 3 weeks, fewer than the 4 required"),
                new ReasonFact("NotCountedTrial", "Venlafaxine: dose adequacy not recorded"),
            ],
            reason.Facts);
    }
}
