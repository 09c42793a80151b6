using KapCare.Clinical.Measurement;

namespace KapCare.Clinical.Tests.Measurement;

/// <summary>Hand-worked calendars: course starts Monday 2 Nov 2026, ends Monday 30 Nov 2026 (4 weeks).</summary>
public sealed class MeasurementScheduleTests
{
    private static readonly DateOnly Start = new(2026, 11, 2);
    private static readonly DateOnly End = new(2026, 11, 30);

    private static IReadOnlyDictionary<string, IReadOnlyList<DateOnly>> Done(params (string Instrument, DateOnly On)[] answers) =>
        answers.GroupBy(a => a.Instrument).ToDictionary(g => g.Key, g => (IReadOnlyList<DateOnly>)g.Select(a => a.On).ToList());

    [Fact]
    public void Given_a_weekly_GAD7_plan_When_expanded_Then_occurrences_fall_every_7_days_until_the_course_ends()
    {
        var plan = new MeasurementPlan(Start, End, [MeasurementRule.Baseline("gad-7"), MeasurementRule.EveryDays("gad-7", 7)]);
        var occurrences = MeasurementSchedule.Expand(plan, Done(), [], new DateOnly(2026, 10, 30));

        // Baseline 2 Nov; weekly 9, 16, 23, 30 Nov (30 Nov = course end, included).
        Assert.Equal([Start, new(2026, 11, 9), new(2026, 11, 16), new(2026, 11, 23), new(2026, 11, 30)], occurrences.Select(o => o.Due));
        // 30 Oct is inside the baseline window (19 Oct–9 Nov): the baseline is due now, the rest are ahead.
        Assert.Equal(OccurrenceStatus.Due, occurrences[0].Status);
        Assert.All(occurrences.Skip(1), o => Assert.Equal(OccurrenceStatus.Upcoming, o.Status));
        var week1 = occurrences[1];
        Assert.Equal((new DateOnly(2026, 11, 6), new DateOnly(2026, 11, 12)), (week1.WindowStart, week1.WindowEnd)); // 9 Nov ± 3 days
    }

    [Fact]
    public void Given_answers_and_gaps_When_matched_Then_each_window_is_completed_due_or_missed()
    {
        var plan = new MeasurementPlan(Start, End, [MeasurementRule.Baseline("phq-9"), MeasurementRule.EveryDays("phq-9", 7)]);
        // Baseline answered 1 Nov (inside 19 Oct–9 Nov); week 1 answered 10 Nov (6–12 Nov); weeks 2 and 3 not answered.
        var today = new DateOnly(2026, 11, 28);
        var occurrences = MeasurementSchedule.Expand(plan, Done(("phq-9", new(2026, 11, 1)), ("phq-9", new(2026, 11, 10))), [], today);

        Assert.Equal(
            [OccurrenceStatus.Completed, OccurrenceStatus.Completed, OccurrenceStatus.Missed, OccurrenceStatus.Missed, OccurrenceStatus.Due],
            occurrences.Select(o => o.Status));
        // 16 Nov window closed 19 Nov, 23 Nov window closed 26 Nov: two in a row; 30 Nov window (27 Nov–3 Dec) is open.
        Assert.Equal(2, MeasurementSchedule.MissedInARow(occurrences)["phq-9"]);
    }

    [Fact]
    public void Given_a_completed_course_When_expanded_Then_follow_ups_fall_1_4_and_12_weeks_after_with_wider_windows()
    {
        var plan = new MeasurementPlan(Start, End, [MeasurementRule.AfterCourse("gad-7", 1, 4, 12)]);
        var occurrences = MeasurementSchedule.Expand(plan, Done(), [], new DateOnly(2026, 12, 1));

        Assert.Equal([new DateOnly(2026, 12, 7), new(2026, 12, 28), new(2027, 2, 22)], occurrences.Select(o => o.Due));
        Assert.Equal((new DateOnly(2026, 12, 4), new DateOnly(2026, 12, 10)), (occurrences[0].WindowStart, occurrences[0].WindowEnd)); // ±3 days
        Assert.Equal((new DateOnly(2026, 12, 21), new DateOnly(2027, 1, 4)), (occurrences[1].WindowStart, occurrences[1].WindowEnd)); // ±7
        Assert.Equal((new DateOnly(2027, 2, 8), new DateOnly(2027, 3, 8)), (occurrences[2].WindowStart, occurrences[2].WindowEnd));  // ±14
    }

    [Fact]
    public void Given_dosing_sessions_When_measured_before_every_other_session_Then_sessions_1_3_5_are_due()
    {
        DateOnly[] sessions = [new(2026, 11, 3), new(2026, 11, 5), new(2026, 11, 10), new(2026, 11, 12), new(2026, 11, 17)];
        var plan = new MeasurementPlan(Start, End, [MeasurementRule.BeforeDosing("gad-7", 2)]);
        var occurrences = MeasurementSchedule.Expand(plan, Done(("gad-7", new(2026, 11, 3))), sessions, new DateOnly(2026, 11, 11));

        Assert.Equal([new DateOnly(2026, 11, 3), new(2026, 11, 10), new(2026, 11, 17)], occurrences.Select(o => o.Due));
        Assert.Equal([OccurrenceStatus.Completed, OccurrenceStatus.Missed, OccurrenceStatus.Upcoming], occurrences.Select(o => o.Status));
    }

    [Fact]
    public void Given_one_answer_in_two_overlapping_windows_When_matched_Then_it_counts_once()
    {
        // Baseline window 19 Oct–9 Nov and week-1 window 6–12 Nov overlap; one answer on 7 Nov fills the baseline only.
        var plan = new MeasurementPlan(Start, End, [MeasurementRule.Baseline("gad-7"), MeasurementRule.EveryDays("gad-7", 7)]);
        var occurrences = MeasurementSchedule.Expand(plan, Done(("gad-7", new(2026, 11, 7))), [], new DateOnly(2026, 11, 13));
        Assert.Equal(OccurrenceStatus.Completed, occurrences[0].Status);
        Assert.Equal(OccurrenceStatus.Missed, occurrences[1].Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(366)]
    public void Given_an_implausible_cadence_When_created_Then_it_is_refused(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasurementRule.EveryDays("gad-7", days));

    [Fact]
    public void Given_rules_When_described_Then_people_can_read_them()
    {
        Assert.Equal("weekly during the course", MeasurementRule.EveryDays("gad-7", 7).Describe());
        Assert.Equal("every 14 days during the course", MeasurementRule.EveryDays("gad-7", 14).Describe());
        Assert.Equal("after the course at 1 week, 4 weeks, 12 weeks", MeasurementRule.AfterCourse("phq-9", 12, 1, 4).Describe());
        Assert.Equal("before every other dosing session", MeasurementRule.BeforeDosing("gad-7", 2).Describe());
    }
}
