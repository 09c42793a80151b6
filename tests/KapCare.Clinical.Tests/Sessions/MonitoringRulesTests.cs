using KapCare.Clinical.Dosing;
using KapCare.Clinical.Sessions;

namespace KapCare.Clinical.Tests.Sessions;

/// <summary>
/// Issue 10, items 3, 4, 6 and 7, against REFERENCE.md §4 worked by hand: a BP surge is a rise of ≥ 40 systolic or ≥ 25
/// diastolic from baseline (Spravato label) or a reading at or above 180/110; vitals every 10 min for the first three IV
/// sessions and every 15 after; esketamine is monitored ≥ 120 min from the first device; discharge needs every item.
/// </summary>
public sealed class MonitoringRulesTests
{
    private static readonly DateTime T0 = new(2026, 12, 7, 15, 0, 0, DateTimeKind.Utc);

    private static VitalsReading Reading(int minutes, int sys, int dia, int hr = 72, int spo2 = 98, int rr = 14) =>
        new(T0.AddMinutes(minutes), new BloodPressure(sys, dia), hr, spo2, rr);

    [Theory]
    [InlineData(168, 84, true)]   // 128 + 40: a surge
    [InlineData(167, 84, false)]  // + 39
    [InlineData(140, 105, true)]  // 80 + 25
    [InlineData(140, 104, false)] // + 24
    public void A_rise_of_40_systolic_or_25_diastolic_from_baseline_is_a_surge(int sys, int dia, bool surge)
    {
        var flags = VitalsLimits.Default.Check(Reading(40, sys, dia), Reading(0, 128, 80));

        Assert.Equal(surge, flags.Any(f => f.IsSurge));
        if (surge) Assert.Contains("from baseline 128/80", flags.Single(f => f.IsSurge).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(180, 100, true)]
    [InlineData(150, 110, true)]
    [InlineData(179, 109, false)]
    public void A_reading_at_or_above_180_over_110_is_a_surge_whatever_the_baseline(int sys, int dia, bool surge)
    {
        var flags = VitalsLimits.Default.Check(Reading(40, sys, dia), Reading(0, 170, 105));

        Assert.Equal(surge, flags.Any(f => f.IsSurge));
    }

    [Theory]
    [InlineData(121, 98, 14, Vital.HeartRate, "above 120")]
    [InlineData(49, 98, 14, Vital.HeartRate, "below 50")]
    [InlineData(80, 91, 14, Vital.OxygenSaturation, "below 92 %")]
    [InlineData(80, 98, 9, Vital.RespiratoryRate, "below 10")]
    [InlineData(80, 98, 25, Vital.RespiratoryRate, "above 24")]
    public void Out_of_range_values_are_flagged_with_the_threshold(int hr, int spo2, int rr, Vital vital, string threshold)
    {
        var flag = Assert.Single(VitalsLimits.Default.Check(Reading(30, 130, 80, hr, spo2, rr), Reading(0, 128, 80)));

        Assert.Equal(vital, flag.Vital);
        Assert.Contains(threshold, flag.Message, StringComparison.Ordinal);
        Assert.False(flag.IsSurge);
    }

    [Fact]
    public void Values_at_the_limits_are_not_flagged() =>
        Assert.Empty(VitalsLimits.Default.Check(Reading(30, 90, 60, 120, 92, 24), Reading(0, 128, 80)));

    [Theory]
    [InlineData(Route.Intravenous, 1, 10)]
    [InlineData(Route.Intravenous, 3, 10)]
    [InlineData(Route.Intravenous, 4, 15)]
    [InlineData(Route.Intramuscular, 1, 15)]
    [InlineData(Route.IntranasalEsketamine, 1, 15)]
    public void Vitals_are_due_every_10_minutes_in_the_first_three_IV_sessions_and_every_15_otherwise(Route route, int ivSession, int minutes) =>
        Assert.Equal(minutes, new VitalsSchedule().IntervalFor(route, ivSession));

    [Theory]
    [InlineData(12 * 60, VitalsDueStatus.NotYet, 3, "due in 3 min")]
    [InlineData(13 * 60 + 30, VitalsDueStatus.DueSoon, 2, "due in 2 min")] // 1.5 min left rounds up
    [InlineData(15 * 60, VitalsDueStatus.DueSoon, 0, "due now")]
    [InlineData(18 * 60, VitalsDueStatus.Overdue, 3, "overdue by 3 min")]
    public void The_next_reading_is_due_interval_minutes_after_the_last(int secondsAfterLast, VitalsDueStatus status, int minutes, string text)
    {
        var due = VitalsSchedule.Next(T0, 15, T0.AddSeconds(secondsAfterLast));

        Assert.Equal(T0.AddMinutes(15), due.DueAt);
        Assert.Equal((status, minutes, text), (due.Status, due.Minutes, due.Text));
    }

    private static readonly DischargeRequirements Requirements = new(MonitoringMinimums.DefaultMinutesAfterDosing(Route.Intravenous), new BloodPressureHold(), VitalsLimits.Default);

    private static DischargeSheet Ready(Route route, DateTime firstDose, DateTime ended, VitalsReading latest) => new()
    {
        Route = route, Baseline = Reading(0, 128, 80), Latest = latest, AlertAndOriented = true, EffectsResolved = true, EscortPresent = true,
        InstructionsGiven = true, FirstDoseAt = firstDose, DosingEndedAt = ended,
    };

    [Fact]
    public void An_IV_patient_may_leave_30_minutes_after_the_infusion_stops_and_not_before()
    {
        // Infusion 15:05–15:45; the minimum is 30 min after the stop: 16:15.
        var sheet = Ready(Route.Intravenous, T0.AddMinutes(5), T0.AddMinutes(45), Reading(70, 136, 84));

        var early = DischargeRules.Evaluate(sheet, Requirements, T0.AddMinutes(72));
        var onTime = DischargeRules.Evaluate(sheet, Requirements, T0.AddMinutes(75));

        Assert.Equal(T0.AddMinutes(75), early.EarliestDischarge);
        var finding = Assert.Single(early.Unmet);
        Assert.Equal(DischargeItem.MinimumMonitoring, finding.Item);
        Assert.Contains("3 min to go", finding.Message, StringComparison.Ordinal);
        Assert.True(onTime.Met);
    }

    [Fact]
    public void Esketamine_is_monitored_at_least_120_minutes_from_the_first_device()
    {
        // Devices at 15:00, 15:05, 15:10: the REMS minimum ends at 17:00, not 120 min after the last device.
        var sheet = Ready(Route.IntranasalEsketamine, T0, T0.AddMinutes(10), Reading(115, 130, 82)) with { Readings = [Reading(40, 142, 88), Reading(115, 130, 82)] };
        var requirements = Requirements with { MinutesAfterDosing = 0 };

        var early = DischargeRules.Evaluate(sheet, requirements, T0.AddMinutes(119).AddSeconds(30));
        var onTime = DischargeRules.Evaluate(sheet, requirements, T0.AddMinutes(120));

        Assert.Equal(T0.AddMinutes(120), early.EarliestDischarge);
        Assert.Contains("REMS: at least 120 min of monitoring from the first device; 1 min to go.", Assert.Single(early.Unmet).Message, StringComparison.Ordinal);
        Assert.True(onTime.Met);
    }

    [Fact]
    public void A_clinic_cannot_shorten_the_racemic_minimum_below_KapCares_default() =>
        Assert.Equal(T0.AddMinutes(60), MonitoringMinimums.EarliestDischarge(Route.Intramuscular, T0, T0, minutesAfterDosing: 10));

    [Theory]
    [InlineData(148, 90, true)]   // +20/+10 over the baseline 128/80 is near, even above the hold threshold
    [InlineData(149, 90, false)]  // +21
    [InlineData(140, 90, true)]   // at the hold threshold: near whatever the baseline
    [InlineData(150, 91, false)]
    public void BP_is_back_near_baseline_within_20_over_10_or_at_or_below_the_hold_threshold(int sys, int dia, bool near)
    {
        var sheet = Ready(Route.Intravenous, T0, T0.AddMinutes(40), Reading(110, sys, dia));

        var result = DischargeRules.Evaluate(sheet, Requirements, T0.AddMinutes(115));

        Assert.Equal(near, !result.Unmet.Any(u => u.Item == DischargeItem.VitalsNearBaseline));
    }

    [Fact]
    public void A_reading_older_than_15_minutes_or_only_the_baseline_is_not_enough()
    {
        var stale = DischargeRules.Evaluate(Ready(Route.Intravenous, T0, T0.AddMinutes(40), Reading(90, 128, 80)), Requirements, T0.AddMinutes(106));
        var baselineOnly = DischargeRules.Evaluate(Ready(Route.Intravenous, T0, T0.AddMinutes(40), Reading(0, 128, 80)), Requirements, T0.AddMinutes(106));

        Assert.Contains("more than 15 min old", stale.Unmet.Single(u => u.Item == DischargeItem.VitalsNearBaseline).Message, StringComparison.Ordinal);
        Assert.Contains("Take a set of vitals", baselineOnly.Unmet.Single(u => u.Item == DischargeItem.VitalsNearBaseline).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_answer_is_never_a_pass_and_a_no_says_what_to_do()
    {
        var sheet = Ready(Route.Intravenous, T0, T0.AddMinutes(40), Reading(100, 130, 80)) with { EscortPresent = null, InstructionsGiven = false, AlertAndOriented = null };

        var result = DischargeRules.Evaluate(sheet, Requirements, T0.AddMinutes(105));

        Assert.Equal([DischargeItem.AlertAndOriented, DischargeItem.EscortPresent, DischargeItem.InstructionsGiven], result.Unmet.Select(u => u.Item).ToArray());
        Assert.Contains("not recorded", result.Unmet[1].Message, StringComparison.Ordinal);
        Assert.Contains("no alcohol for 24 h", result.Unmet[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ongoing_serious_adverse_event_or_an_unfinished_dose_blocks_discharge()
    {
        var serious = Ready(Route.Intravenous, T0, T0.AddMinutes(40), Reading(100, 130, 80)) with { OngoingSeriousAdverseEvents = 1 };
        var unfinished = Ready(Route.Intravenous, T0, T0, Reading(100, 130, 80)) with { DosingEndedAt = null };

        Assert.Equal(DischargeItem.AdverseEventsSettled, Assert.Single(DischargeRules.Evaluate(serious, Requirements, T0.AddMinutes(105)).Unmet).Item);
        Assert.Equal(DischargeItem.MinimumMonitoring, Assert.Single(DischargeRules.Evaluate(unfinished, Requirements, T0.AddMinutes(105)).Unmet).Item);
    }

    [Fact]
    public void Times_in_the_future_beyond_a_minute_are_refused()
    {
        Assert.Null(AdministrationRules.TimeProblem(T0.AddSeconds(59), T0, T0.AddHours(-1), "start", "check-in"));
        Assert.Contains("future", AdministrationRules.TimeProblem(T0.AddMinutes(2), T0, T0.AddHours(-1), "start", "check-in"), StringComparison.Ordinal);
        Assert.Contains("before check-in", AdministrationRules.TimeProblem(T0.AddHours(-2), T0, T0.AddHours(-1), "start", "check-in"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(299, "1 min to go")]
    [InlineData(120, "3 min to go")]
    [InlineData(300, null)]
    public void Esketamine_devices_are_used_five_minutes_apart(int secondsAfterPrevious, string? problem)
    {
        var result = AdministrationRules.DeviceSpacingProblem(T0, T0.AddSeconds(secondsAfterPrevious));

        if (problem is null) Assert.Null(result);
        else Assert.Contains(problem, result, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(35, 35, null, true)]
    [InlineData(35, 30, null, false)]
    [InlineData(35, 30, "too short", false)]
    [InlineData(35, 30, "infusion stopped: nausea", true)]
    public void A_dose_other_than_the_plans_needs_a_reason(int planned, int given, string? reason, bool allowed) =>
        Assert.Equal(allowed, AdministrationRules.ReasonProblem(planned, given, reason) is null);

    [Theory]
    [InlineData(AdverseEventKind.Nausea, false, AdverseEventOutcome.Resolved, false)]
    [InlineData(AdverseEventKind.Nausea, true, AdverseEventOutcome.Resolved, true)]
    [InlineData(AdverseEventKind.RespiratoryDepression, false, AdverseEventOutcome.Resolved, true)]
    [InlineData(AdverseEventKind.Hypertension, false, AdverseEventOutcome.Transferred, true)]
    public void Respiratory_depression_a_transfer_or_the_nurses_judgement_make_an_event_serious(AdverseEventKind kind, bool marked, AdverseEventOutcome outcome, bool serious) =>
        Assert.Equal(serious, AdverseEvents.IsSerious(kind, marked, outcome));

    [Theory]
    [InlineData(new[] { 15, 30, 45 }, 45)]  // 30 and 45 are both in 30–50: 45 is nearer 40
    [InlineData(new[] { 25, 38, 55 }, 38)]
    [InlineData(new[] { 15, 29, 51 }, null)] // nothing at about 40 minutes
    public void The_REMS_40_minute_blood_pressure_is_the_reading_nearest_40_within_30_to_50_minutes(int[] minutes, int? expected)
    {
        var reading = EsketamineRems.FortyMinuteReading(T0, minutes.Select(m => Reading(m, 130, 80)));

        Assert.Equal(expected, reading is null ? null : (int)(reading.At - T0).TotalMinutes);
    }

    [Fact]
    public void Without_a_40_minute_blood_pressure_an_esketamine_patient_is_not_discharged()
    {
        var sheet = Ready(Route.IntranasalEsketamine, T0, T0.AddMinutes(5), Reading(125, 128, 80)) with { Readings = [Reading(15, 140, 86), Reading(125, 128, 80)] };

        var result = DischargeRules.Evaluate(sheet, Requirements with { MinutesAfterDosing = 0 }, T0.AddMinutes(130));

        Assert.Equal(DischargeItem.RemsBloodPressures, Assert.Single(result.Unmet).Item);
    }

    [Theory]
    [InlineData("2026-12-01", null, "2026-12-07", RemsFormStatus.Due, 1, "due tomorrow")]   // due 8 Dec: 7 calendar days after 1 Dec
    [InlineData("2026-12-01", null, "2026-12-08", RemsFormStatus.Due, 0, "due today")]
    [InlineData("2026-12-01", null, "2026-12-10", RemsFormStatus.Overdue, 2, "2 days overdue")]
    [InlineData("2026-12-01", "2026-12-03", "2026-12-10", RemsFormStatus.Submitted, 0, "submitted")]
    public void A_patient_monitoring_form_is_due_within_seven_calendar_days(string treated, string? submitted, string today, RemsFormStatus status, int days, string text)
    {
        var standing = EsketamineRems.Standing(DateOnly.Parse(treated, System.Globalization.CultureInfo.InvariantCulture),
            submitted is null ? null : DateTime.Parse(submitted, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((status, days, text), (standing.Status, standing.Days, standing.Text));
        Assert.Equal(new DateOnly(2026, 12, 8), standing.DueOn);
    }

    [Theory]
    [InlineData(56, "56 mg")]
    [InlineData(84, "84 mg")]
    [InlineData(28, "Other: 28 mg")]
    public void The_forms_dose_box_is_56_84_or_other(int mg, string box) => Assert.Equal(box, EsketamineRems.DoseBox(mg));
}
