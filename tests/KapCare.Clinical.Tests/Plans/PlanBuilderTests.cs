using KapCare.Clinical.Plans;

namespace KapCare.Clinical.Tests.Plans;

public sealed class PlanBuilderTests
{
    /// <summary>Monday 30 November 2026 (22 November 2026 is a Sunday).</summary>
    private static readonly DateOnly Monday = new(2026, 11, 30);

    private static ProtocolTemplate Template(string id) => ProtocolTemplates.Find(ProtocolTemplates.Defaults, id)!;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Every_shipped_template_is_valid_and_cites_a_source()
    {
        Assert.Equal(7, ProtocolTemplates.Defaults.Count);
        Assert.All(ProtocolTemplates.Defaults, t =>
        {
            Assert.Empty(t.Problems());
            Assert.False(string.IsNullOrWhiteSpace(t.Source));
            Assert.NotEmpty(t.StopContinue);
            Assert.NotEmpty(t.MeasurementPlan);
        });
    }

    [Fact]
    public void IV_induction_is_six_infusions_three_a_week_each_with_integration_the_next_day()
    {
        var plan = PlanBuilder.Build(Template(ProtocolTemplates.IvInduction), new PlanAdjustments(Monday), patientAgeYears: 40);

        // Mon/Wed/Fri for two weeks (hand-listed from the calendar).
        Assert.Equal([D(2026, 11, 30), D(2026, 12, 2), D(2026, 12, 4), D(2026, 12, 7), D(2026, 12, 9), D(2026, 12, 11)], plan.Dosing.Select(s => s.Date));
        Assert.All(plan.Dosing, s => Assert.Equal(TemplateDose.PerKg(0.5m), s.Dose));
        Assert.Equal([D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 5), D(2026, 12, 8), D(2026, 12, 10), D(2026, 12, 12)],
            plan.Sessions.Where(s => s.Kind == SessionKind.Integration).Select(s => s.Date));
        Assert.Equal(D(2026, 11, 27), plan.Sessions.Single(s => s.Kind == SessionKind.Preparation).Date);
        // Follow-ups 1, 3, 7, 14, 30 and 90 days after Friday 11 December.
        Assert.Equal([D(2026, 12, 12), D(2026, 12, 14), D(2026, 12, 18), D(2026, 12, 25), D(2027, 1, 10), D(2027, 3, 11)],
            plan.Sessions.Where(s => s.Kind == SessionKind.FollowUp).Select(s => s.Date));
        Assert.Equal(1 + 6 + 6 + 6, plan.Sessions.Count);
        Assert.Equal(Enumerable.Range(1, 19), plan.Sessions.Select(s => s.Number));
        Assert.Equal(Enumerable.Range(1, 6).Cast<int?>(), plan.Dosing.Select(s => s.DosingNumber));
    }

    [Fact]
    public void Esketamine_follows_the_label_twice_weekly_then_weekly_then_every_two_weeks()
    {
        var plan = PlanBuilder.Build(Template(ProtocolTemplates.Esketamine), new PlanAdjustments(Monday), patientAgeYears: 40);

        Assert.Equal(
        [
            // Weeks 1–4, Mon/Thu.
            D(2026, 11, 30), D(2026, 12, 3), D(2026, 12, 7), D(2026, 12, 10), D(2026, 12, 14), D(2026, 12, 17), D(2026, 12, 21), D(2026, 12, 24),
            // Weeks 5–8, weekly from the Monday after week 4.
            D(2026, 12, 28), D(2027, 1, 4), D(2027, 1, 11), D(2027, 1, 18),
            // Then every 2 weeks, starting a week after the last weekly dose.
            D(2027, 1, 25), D(2027, 2, 8), D(2027, 2, 22), D(2027, 3, 8),
        ], plan.Dosing.Select(s => s.Date));
        Assert.All(plan.Dosing, s => Assert.Equal(TemplateDose.Fixed(56m), s.Dose));
        Assert.Empty(plan.Notes);
    }

    [Theory]
    [InlineData(64, 56)]
    [InlineData(65, 28)]
    [InlineData(78, 28)]
    public void Esketamine_starts_at_28_mg_from_age_65(int age, int firstDoseMg)
    {
        var plan = PlanBuilder.Build(Template(ProtocolTemplates.Esketamine), new PlanAdjustments(Monday), age);

        Assert.Equal(TemplateDose.Fixed(firstDoseMg), plan.Dosing.First().Dose);
        Assert.Equal(TemplateDose.Fixed(56m), plan.Dosing.Skip(1).First().Dose);
    }

    [Fact]
    public void SC_ascends_weekly_then_continues_at_1_mg_per_kg()
    {
        var plan = PlanBuilder.Build(Template(ProtocolTemplates.ScAscending), new PlanAdjustments(Monday), 40);

        Assert.Equal([D(2026, 11, 30), D(2026, 12, 7), D(2026, 12, 14), D(2026, 12, 21), D(2026, 12, 28), D(2027, 1, 4)], plan.Dosing.Select(s => s.Date));
        Assert.Equal([0.25m, 0.5m, 1.0m, 1.0m, 1.0m, 1.0m], plan.Dosing.Select(s => s.Dose!.MgPerKg!.Value));
    }

    [Fact]
    public void Intensive_retreat_is_four_a_week_for_two_weeks_with_same_day_integration()
    {
        var plan = PlanBuilder.Build(Template(ProtocolTemplates.IntensiveRetreat), new PlanAdjustments(Monday), 40);

        // Mon, Tue, Thu, Fri twice.
        var dosing = new[] { D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 4), D(2026, 12, 7), D(2026, 12, 8), D(2026, 12, 10), D(2026, 12, 11) };
        Assert.Equal(dosing, plan.Dosing.Select(s => s.Date));
        Assert.Equal(dosing, plan.Sessions.Where(s => s.Kind == SessionKind.Integration).Select(s => s.Date));
        Assert.Equal(D(2026, 11, 29), plan.Sessions.Single(s => s.Kind == SessionKind.Preparation).Date);
        // On a dosing day the dosing session comes before its integration.
        Assert.True(plan.Sessions.Single(s => s.Kind == SessionKind.Dosing && s.DosingNumber == 1).Number
            < plan.Sessions.Single(s => s.Kind == SessionKind.Integration && s.DosingNumber == 1).Number);
    }

    [Fact]
    public void Sublingual_KAP_is_six_sessions_every_two_weeks()
    {
        var plan = PlanBuilder.Build(Template(ProtocolTemplates.SublingualKap), new PlanAdjustments(Monday), 40);

        Assert.Equal([D(2026, 11, 30), D(2026, 12, 14), D(2026, 12, 28), D(2027, 1, 11), D(2027, 1, 25), D(2027, 2, 8)], plan.Dosing.Select(s => s.Date));
    }

    [Fact]
    public void IM_series_and_maintenance_generate_their_sessions()
    {
        var im = PlanBuilder.Build(Template(ProtocolTemplates.ImSeries), new PlanAdjustments(Monday), 40);
        var maintenance = PlanBuilder.Build(Template(ProtocolTemplates.Maintenance), new PlanAdjustments(Monday), 40);

        Assert.Equal([D(2026, 11, 30), D(2026, 12, 3), D(2026, 12, 7), D(2026, 12, 10), D(2026, 12, 14), D(2026, 12, 17)], im.Dosing.Select(s => s.Date));
        Assert.Equal([D(2026, 11, 30), D(2027, 1, 11), D(2027, 2, 22), D(2027, 4, 5)], maintenance.Dosing.Select(s => s.Date));
    }

    [Fact]
    public void Adjusting_a_retreat_to_five_a_week_for_one_week_is_noted()
    {
        var plan = PlanBuilder.Build(Template(ProtocolTemplates.IntensiveRetreat),
            new PlanAdjustments(Monday, [(5, new Spacing.TimesPerWeek(5))], TemplateDose.PerKg(0.375m)), 40);

        Assert.Equal([D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 2), D(2026, 12, 3), D(2026, 12, 4)], plan.Dosing.Select(s => s.Date));
        Assert.All(plan.Dosing, s => Assert.Equal(TemplateDose.PerKg(0.375m), s.Dose));
        Assert.Equal(2, plan.Notes.Count);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(60, 3)]
    [InlineData(6, 6)]
    public void Impossible_adjustments_are_refused(int sessions, int perWeek) =>
        Assert.Throws<ArgumentException>(() => PlanBuilder.Build(Template(ProtocolTemplates.IvInduction),
            new PlanAdjustments(Monday, [(sessions, new Spacing.TimesPerWeek(perWeek))]), 40));

    [Fact]
    public void Esketamine_doses_other_than_device_multiples_are_refused() =>
        Assert.Throws<ArgumentException>(() => PlanBuilder.Build(Template(ProtocolTemplates.Esketamine),
            new PlanAdjustments(Monday, StartingDose: TemplateDose.Fixed(70m)), 40));

    [Fact]
    public void An_IV_infusion_time_outside_10_to_240_minutes_is_refused() =>
        Assert.Throws<ArgumentException>(() => PlanBuilder.Build(Template(ProtocolTemplates.IvInduction), new PlanAdjustments(Monday, InfusionMinutes: 5), 40));

    [Fact]
    public void Three_a_week_from_a_Wednesday_keeps_the_Monday_Wednesday_Friday_rhythm()
    {
        var plan = PlanBuilder.Build(Template(ProtocolTemplates.IvInduction), new PlanAdjustments(D(2026, 12, 2)), 40);

        Assert.Equal([D(2026, 12, 2), D(2026, 12, 4), D(2026, 12, 7), D(2026, 12, 9), D(2026, 12, 11), D(2026, 12, 14)], plan.Dosing.Select(s => s.Date));
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void A_weekly_pattern_asked_to_start_on_a_Saturday_starts_on_the_Monday_and_says_so()
    {
        var plan = PlanBuilder.Build(Template(ProtocolTemplates.IvInduction), new PlanAdjustments(D(2026, 12, 5)), 40);

        Assert.Equal(D(2026, 12, 7), plan.Dosing.First().Date);
        // The preparation session is three days before the first actual dose.
        Assert.Equal(D(2026, 12, 4), plan.Sessions.Single(s => s.Kind == SessionKind.Preparation).Date);
        Assert.Contains("Sat 5 Dec is not a day of the weekly pattern: dosing starts Mon 7 Dec.", plan.Notes);
    }
}
