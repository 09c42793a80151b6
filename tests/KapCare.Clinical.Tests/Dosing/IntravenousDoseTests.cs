using KapCare.Clinical.Dosing;
using static KapCare.Clinical.Tests.Dosing.Requests;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>
/// IV: dose from today's weight rounded down to a whole mg, drawn volume rounded down to the graduation of the smallest
/// syringe that holds it (1 mL by 0.01, 3 mL by 0.1, 5 and 10 mL by 0.2), diluent to the final volume, pump rate = final
/// volume ÷ minutes × 60 rounded down to 0.1 mL/h. Default limits: soft 0.75 mg/kg, hard 1.0 mg/kg.
/// </summary>
public sealed class IntravenousDoseTests
{
    // mg/kg, kg, vial, final mL, min → calculated mg, drawn mL, given mg, diluent mL, pump mL/h, status
    // 0.5 × 72.4 = 36.2 mg → 36 mg ÷ 50 = 0.72 mL (1 mL syringe, 0.01) → 36 mg; 100 − 0.72 = 99.28 mL; 100 ÷ 40 × 60 = 150.
    //   36 ≤ 0.75 × 72.4 = 54.3 → within.
    // 0.5 × 72.4 = 36.2 → 36 mg ÷ 10 = 3.6 mL (5 mL syringe, 0.2: 3.6 = 18 × 0.2) → 36 mg; 100 − 3.6 = 96.4.
    // 0.5 × 72.4 = 36.2 → 36 mg ÷ 100 = 0.36 mL → 36 mg; 100 − 0.36 = 99.64.
    // 0.75 × 80 = 60 → 60 ÷ 50 = 1.2 mL (3 mL, 0.1) → 60 mg; 250 − 1.2 = 248.8; 250 ÷ 60 × 60 = 250.
    //   60 = 0.75 × 80 exactly: at the soft limit is within.
    // 1.0 × 80 = 80 → 80 ÷ 50 = 1.6 mL → 80 mg; 50 − 1.6 = 48.4; 50 ÷ 45 × 60 = 66.67 → 66.6 (down).
    //   80 > 60 (soft) and 80 = 80 (hard, not above) → above soft.
    // 1.0 × 77.7 = 77.7 → 77 mg ÷ 50 = 1.54 mL → 1.5 mL (0.1) → 75 mg; 100 − 1.5 = 98.5; 100 ÷ 45 × 60 = 133.33 → 133.3.
    //   75 > 0.75 × 77.7 = 58.275 → above soft; 75 ≤ 77.7 → not above hard.
    // 0.5 × 61.8 = 30.9 → 30 mg ÷ 10 = 3.0 mL (3 mL, 0.1) → 30 mg; 100 − 3 = 97; 100 ÷ 35 × 60 = 171.43 → 171.4.
    [Theory]
    [InlineData("0.5", "72.4", "50", "100", "40", "36.2", "0.72", "36", "99.28", "150", LimitStatus.Within)]
    [InlineData("0.5", "72.4", "10", "100", "40", "36.2", "3.6", "36", "96.4", "150", LimitStatus.Within)]
    [InlineData("0.5", "72.4", "100", "100", "40", "36.2", "0.36", "36", "99.64", "150", LimitStatus.Within)]
    [InlineData("0.75", "80", "50", "250", "60", "60", "1.2", "60", "248.8", "250", LimitStatus.Within)]
    [InlineData("1.0", "80", "50", "50", "45", "80", "1.6", "80", "48.4", "66.6", LimitStatus.AboveSoft)]
    [InlineData("1.0", "77.7", "50", "100", "45", "77.7", "1.5", "75", "98.5", "133.3", LimitStatus.AboveSoft)]
    [InlineData("0.5", "61.8", "10", "100", "35", "30.9", "3.0", "30", "97", "171.4", LimitStatus.AboveHard)] // 35 min is faster than the 40-minute minimum (issue 9): a hard limit
    public void Given_an_IV_order_When_calculated_Then_the_hand_worked_preparation(
        string mgPerKg, string kg, string vial, string finalMl, string minutes,
        string calculatedMg, string drawnMl, string givenMg, string diluentMl, string pumpRate, LimitStatus status)
    {
        var calc = Calculated(Iv(mgPerKg, kg, vial, finalMl, minutes));

        Assert.Equal(D(calculatedMg), calc.CalculatedDose.Value);
        Assert.Equal(D(givenMg), calc.Dose.Value);
        var prep = Assert.IsType<InfusionPreparation>(calc.Preparation);
        Assert.Equal(D(drawnMl), prep.DrawnVolume.Value);
        Assert.Equal(D(diluentMl), prep.DiluentVolume.Value);
        Assert.Equal(D(finalMl), prep.FinalVolume.Value);
        Assert.Equal(D(pumpRate), prep.PumpRate.Value);
        Assert.Equal(status, calc.Limit.Status);
        Assert.True(calc.Dose.Value <= calc.CalculatedDose.Value);
    }

    // Pump rate = final mL ÷ min × 60, rounded down to 0.1 mL/h:
    // 100/40 → 150; 50/40 → 75; 250/60 → 250; 100/60 → 100; 50/45 → 66.67 → 66.6; 100/45 → 133.33 → 133.3;
    // 250/40 → 375; 100/10 → 600; 500/240 → 125; 20/240 → 5; 100/35 → 171.43 → 171.4; 50/60 → 50; 250/45 → 333.33 → 333.3.
    [Theory]
    [InlineData("100", "40", "150")]
    [InlineData("50", "40", "75")]
    [InlineData("250", "60", "250")]
    [InlineData("100", "60", "100")]
    [InlineData("50", "45", "66.6")]
    [InlineData("100", "45", "133.3")]
    [InlineData("250", "40", "375")]
    [InlineData("100", "10", "600")]
    [InlineData("500", "240", "125")]
    [InlineData("20", "240", "5")]
    [InlineData("100", "35", "171.4")]
    [InlineData("50", "60", "50")]
    [InlineData("250", "45", "333.3")]
    public void Given_a_final_volume_and_infusion_time_When_calculated_Then_the_pump_rate(string finalMl, string minutes, string expected)
    {
        var prep = Assert.IsType<InfusionPreparation>(Calculated(Iv("0.5", "70", "50", finalMl, minutes)).Preparation);

        Assert.Equal(D(expected), prep.PumpRate.Value);
    }

    [Fact]
    public void Given_a_dose_over_the_hard_limit_When_calculated_Then_blocked_pending_co_signature()
    {
        // Fixed 100 mg for 80 kg: 100 > 1.0 × 80 = 80 → above hard. 100 ÷ 100 = 1.00 mL (1 mL syringe) → 100 mg.
        var request = Iv("0.5", "80", "100") with { Rule = DoseRule.FixedMg(100m) };

        var calc = Calculated(request);

        Assert.Equal(100m, calc.Dose.Value);
        Assert.Equal(LimitStatus.AboveHard, calc.Limit.Status);
        Assert.True(calc.RequiresCoSignature);
        Assert.Contains(calc.Warnings, w => w.Contains("hard limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_the_hard_limit_dose_on_a_fractional_weight_When_rounded_Then_it_stays_at_or_below_the_limit()
    {
        // 1.0 × 80.5 = 80.5 mg → 80 mg ÷ 50 = 1.6 mL → 80 mg ≤ 80.5 (hard): never rounded up past it.
        var calc = Calculated(Iv("1.0", "80.5", "50"));

        Assert.Equal(80m, calc.Dose.Value);
        Assert.Equal(LimitStatus.AboveSoft, calc.Limit.Status);
    }

    [Fact]
    public void Given_a_large_rounding_loss_When_calculated_Then_it_is_flagged()
    {
        // 1.0 × 129 = 129 mg ÷ 100 = 1.29 mL → 1.2 mL (3 mL syringe, 0.1) → 120 mg; (129 − 120) ÷ 129 = 6.98 % → "7 %".
        var calc = Calculated(Iv("1.0", "129", "100"));

        Assert.Equal(120m, calc.Dose.Value);
        Assert.Contains(calc.Warnings, w => w.Contains("7 % below", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_an_IV_calculation_Then_the_final_concentration_and_the_rounding_are_stated()
    {
        // 36 mg in 100 mL = 0.36 mg/mL.
        var calc = Calculated(Iv("0.5", "72.4", "50"));
        var prep = Assert.IsType<InfusionPreparation>(calc.Preparation);

        Assert.Equal(0.36m, prep.FinalConcentration.Value);
        Assert.Equal(0.01m, prep.Syringe.Graduation);
        Assert.Contains("Rounded down", calc.Rounding, StringComparison.Ordinal);
        Assert.Contains("0.72 mL", prep.Instruction, StringComparison.Ordinal);
        Assert.Contains("150 mL/h", prep.Instruction, StringComparison.Ordinal);
    }

    // 500 mL over 20 min = 1500 mL/h; 250 mL over 10 min = 1500 mL/h: above a pump's 999 mL/h.
    [Theory]
    [InlineData("500", "20")]
    [InlineData("250", "10")]
    public void Given_a_rate_no_pump_runs_When_calculated_Then_refused(string finalMl, string minutes)
    {
        Assert.Equal(nameof(DoseRequest.InfusionDuration), Refused(Iv("0.5", "70", "50", finalMl, minutes)).Field);
    }

    [Theory]
    [InlineData("1000")]
    [InlineData("9")]
    [InlineData("241")]
    public void Given_an_implausible_infusion_time_When_calculated_Then_refused(string minutes)
    {
        var refused = Refused(Iv("0.5", "70", "50", "100", minutes));

        Assert.Equal(nameof(DoseRequest.InfusionDuration), refused.Field);
        Assert.Contains("10–240 min", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("501")]
    public void Given_an_implausible_final_volume_When_calculated_Then_refused(string finalMl)
    {
        Assert.Equal(nameof(DoseRequest.FinalVolume), Refused(Iv("0.5", "70", "50", finalMl)).Field);
    }

    [Fact]
    public void Given_a_drawn_volume_larger_than_the_bag_When_calculated_Then_refused()
    {
        // 1.0 × 250 = 250 mg ÷ 10 = 25 mL (60 mL syringe, by 1 mL) > a 20 mL final volume.
        Assert.Equal(nameof(DoseRequest.FinalVolume), Refused(Iv("1.0", "250", "10", "20")).Field);
    }

    [Fact]
    public void Given_a_weak_vial_When_calculated_Then_refused()
    {
        var refused = Refused(Iv("0.5", "70", "5"));

        Assert.Equal(nameof(DoseRequest.Concentration), refused.Field);
        Assert.Contains("10, 50 and 100 mg/mL", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_missing_IV_inputs_When_calculated_Then_each_is_refused_by_name()
    {
        Assert.Equal(nameof(DoseRequest.Concentration), Refused(Iv("0.5", "70", "50") with { Concentration = null }).Field);
        Assert.Equal(nameof(DoseRequest.FinalVolume), Refused(Iv("0.5", "70", "50") with { FinalVolume = null }).Field);
        Assert.Equal(nameof(DoseRequest.InfusionDuration), Refused(Iv("0.5", "70", "50") with { InfusionDuration = null }).Field);
        Assert.Equal(nameof(DoseRequest.Weight), Refused(Iv("0.5", "70", "50") with { Weight = null }).Field);
    }
}
