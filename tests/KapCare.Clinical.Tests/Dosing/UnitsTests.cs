using KapCare.Clinical.Dosing;
using static KapCare.Clinical.Tests.Dosing.Requests;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>Typed units: conversions worked by hand, and nonsense refused when the value is made.</summary>
public sealed class UnitsTests
{
    // mg/kg × kg = mg: 0.5 × 72.4 = 36.2; 0.75 × 80 = 60; 1.0 × 77.7 = 77.7; 0.25 × 72.4 = 18.1.
    [Theory]
    [InlineData("0.5", "72.4", "36.2")]
    [InlineData("0.75", "80", "60")]
    [InlineData("1.0", "77.7", "77.7")]
    [InlineData("0.25", "72.4", "18.1")]
    public void Given_mg_per_kg_and_a_weight_When_multiplied_Then_mg(string mgPerKg, string kg, string expectedMg)
    {
        Assert.Equal(D(expectedMg), (new MilligramsPerKilogram(D(mgPerKg)) * new Kilograms(D(kg))).Value);
    }

    // mg ÷ mg/mL = mL: 36.2 ÷ 50 = 0.724; 36 ÷ 10 = 3.6; 36 ÷ 100 = 0.36; 60 ÷ 50 = 1.2.
    [Theory]
    [InlineData("36.2", "50", "0.724")]
    [InlineData("36", "10", "3.6")]
    [InlineData("36", "100", "0.36")]
    [InlineData("60", "50", "1.2")]
    public void Given_mg_and_a_concentration_When_divided_Then_mL(string mg, string mgPerMl, string expectedMl)
    {
        Assert.Equal(D(expectedMl), (new Milligrams(D(mg)) / new MilligramsPerMillilitre(D(mgPerMl))).Value);
    }

    // mL × mg/mL = mg: 0.72 × 50 = 36; 3.6 × 10 = 36; 1.5 × 50 = 75.
    [Theory]
    [InlineData("0.72", "50", "36")]
    [InlineData("3.6", "10", "36")]
    [InlineData("1.5", "50", "75")]
    public void Given_mL_and_a_concentration_When_multiplied_Then_mg(string ml, string mgPerMl, string expectedMg)
    {
        Assert.Equal(D(expectedMg), (new Millilitres(D(ml)) * new MilligramsPerMillilitre(D(mgPerMl))).Value);
    }

    // mL ÷ min × 60 = mL/h: 100 ÷ 40 × 60 = 150; 250 ÷ 60 × 60 = 250; 50 ÷ 40 × 60 = 75.
    [Theory]
    [InlineData("100", "40", "150")]
    [InlineData("250", "60", "250")]
    [InlineData("50", "40", "75")]
    public void Given_a_volume_and_a_duration_When_divided_Then_mL_per_hour(string ml, string minutes, string expected)
    {
        Assert.Equal(D(expected), (new Millilitres(D(ml)) / new Minutes(D(minutes))).Value);
    }

    [Fact]
    public void Given_mg_and_a_weight_or_a_volume_When_divided_Then_mg_per_kg_and_mg_per_mL()
    {
        // 36 mg ÷ 72 kg = 0.5 mg/kg; 36 mg ÷ 100 mL = 0.36 mg/mL.
        Assert.Equal(0.5m, (new Milligrams(36m) / new Kilograms(72m)).Value);
        Assert.Equal(0.36m, (new Milligrams(36m) / new Millilitres(100m)).Value);
    }

    // Rounding is always down: 0.724 mL by 0.01 → 0.72; 1.54 by 0.1 → 1.5; 3.62 by 0.2 → 3.6; 36.2 mg by 1 → 36;
    // 66.666… mL/h by 0.1 → 66.6.
    [Fact]
    public void Given_a_value_between_steps_When_rounded_Then_it_goes_down_never_up()
    {
        Assert.Equal(0.72m, new Millilitres(0.724m).RoundDownTo(0.01m).Value);
        Assert.Equal(1.5m, new Millilitres(1.54m).RoundDownTo(0.1m).Value);
        Assert.Equal(3.6m, new Millilitres(3.62m).RoundDownTo(0.2m).Value);
        Assert.Equal(36m, new Milligrams(36.2m).RoundDownTo(1m).Value);
        Assert.Equal(36m, new Milligrams(36.999m).RoundDownTo(1m).Value);
        Assert.Equal(66.6m, (new Millilitres(50m) / new Minutes(45m)).RoundDownTo(0.1m).Value);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("19")]
    [InlineData("19.99")]
    [InlineData("400.01")]
    [InlineData("401")]
    [InlineData("-70")]
    public void Given_an_implausible_weight_When_made_Then_refused_with_the_range(string kg)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Kilograms(D(kg)));
        Assert.Contains("20–400 kg", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20")]
    [InlineData("72.4")]
    [InlineData("400")]
    public void Given_a_plausible_weight_When_made_Then_kept(string kg)
    {
        Assert.Equal(D(kg), new Kilograms(D(kg)).Value);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-10")]
    [InlineData("100.01")]
    [InlineData("1000")]
    public void Given_an_impossible_concentration_When_made_Then_refused(string mgPerMl)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MilligramsPerMillilitre(D(mgPerMl)));
    }

    // Vials and stock solutions: 10–100 mg/mL (commercial strengths 10, 50, 100 mg/mL).
    [Theory]
    [InlineData("10", true)]
    [InlineData("50", true)]
    [InlineData("100", true)]
    [InlineData("9.9", false)]
    [InlineData("5", false)]
    [InlineData("0.36", false)]
    public void Given_a_vial_strength_When_checked_Then_10_to_100_mg_per_mL_pass(string mgPerMl, bool plausible)
    {
        Assert.Equal(plausible, MilligramsPerMillilitre.StockProblem(D(mgPerMl)) is null);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1441")]
    public void Given_an_impossible_duration_When_made_Then_refused(string minutes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Minutes(D(minutes)));
    }

    // Infusions: 10–240 min.
    [Theory]
    [InlineData("9", false)]
    [InlineData("10", true)]
    [InlineData("40", true)]
    [InlineData("240", true)]
    [InlineData("241", false)]
    [InlineData("1000", false)]
    public void Given_an_infusion_time_When_checked_Then_10_to_240_min_pass(string minutes, bool plausible)
    {
        Assert.Equal(plausible, Minutes.InfusionProblem(D(minutes)) is null);
    }

    [Fact]
    public void Given_negative_amounts_When_made_Then_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Milligrams(-1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MilligramsPerKilogram(-0.5m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Millilitres(-0.1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MillilitresPerHour(-1m));
    }

    [Fact]
    public void Given_absurdly_large_doses_When_made_Then_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MilligramsPerKilogram(16m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Milligrams(10_001m));
    }

    [Theory]
    [InlineData("-0.5")]
    [InlineData("0")]
    public void Given_a_zero_or_negative_rule_When_made_Then_refused(string value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DoseRule.MgPerKg(D(value)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DoseRule.FixedMg(D(value)));
    }
}
