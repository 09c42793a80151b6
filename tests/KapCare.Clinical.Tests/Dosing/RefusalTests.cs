using KapCare.Clinical.Dosing;
using static KapCare.Clinical.Tests.Dosing.Requests;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>
/// The calculator refuses what it cannot safely calculate, naming the field, and never throws for a request: including
/// typed values left at their default (0 kg, 0 mg/mL, 0 min), which skip the unit's own checks.
/// </summary>
public sealed class RefusalTests
{
    [Fact]
    public void Given_a_weight_left_at_zero_When_calculated_Then_refused_with_the_plausible_range()
    {
        var refused = Refused(Iv("0.5", "70", "50") with { Weight = default(Kilograms) });

        Assert.Equal(nameof(DoseRequest.Weight), refused.Field);
        Assert.Contains("20–400 kg", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_concentration_left_at_zero_When_calculated_Then_refused()
    {
        Assert.Equal(nameof(DoseRequest.Concentration), Refused(Iv("0.5", "70", "50") with { Concentration = default(MilligramsPerMillilitre) }).Field);
        Assert.Equal(nameof(DoseRequest.Concentration),
            Refused(Injection(Route.Intramuscular, "0.5", "70", "50", InjectionSite.Deltoid) with { Concentration = default(MilligramsPerMillilitre) }).Field);
    }

    [Fact]
    public void Given_an_infusion_time_left_at_zero_When_calculated_Then_refused()
    {
        Assert.Equal(nameof(DoseRequest.InfusionDuration), Refused(Iv("0.5", "70", "50") with { InfusionDuration = default(Minutes) }).Field);
    }

    [Fact]
    public void Given_a_volume_left_at_zero_When_calculated_Then_refused()
    {
        Assert.Equal(nameof(DoseRequest.FinalVolume), Refused(Iv("0.5", "70", "50") with { FinalVolume = default(Millilitres) }).Field);
    }

    [Fact]
    public void Given_a_per_kg_rule_without_a_weight_When_calculated_Then_refused()
    {
        Assert.Equal(nameof(DoseRequest.Weight), Refused(Iv("0.5", "70", "50") with { Weight = null }).Field);
    }

    [Fact]
    public void Given_a_fixed_dose_on_a_per_kg_limited_route_without_a_weight_When_calculated_Then_refused()
    {
        // The IV limits are per kg: a fixed 40 mg cannot be checked without today's weight.
        var request = Iv("0.5", "70", "50") with { Rule = DoseRule.FixedMg(40m), Weight = null };

        Assert.Equal(nameof(DoseRequest.Weight), Refused(request).Field);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(121)]
    public void Given_an_age_outside_adult_range_When_calculated_Then_refused(int age)
    {
        Assert.Equal(nameof(DoseRequest.AgeYears), Refused(Iv("0.5", "70", "50") with { AgeYears = age }).Field);
    }

    [Fact]
    public void Given_a_dose_too_small_to_measure_When_calculated_Then_refused()
    {
        // Fixed 0.5 mg → 0 whole mg: nothing measurable.
        var request = Iv("0.5", "70", "50") with { Rule = DoseRule.FixedMg(0.5m) };

        Assert.Equal(nameof(DoseRequest.Rule), Refused(request).Field);
    }

    [Fact]
    public void Given_an_undefined_route_When_calculated_Then_refused()
    {
        Assert.Equal(nameof(DoseRequest.Route), Refused(Iv("0.5", "70", "50") with { Route = (Route)99 }).Field);
    }

    [Fact]
    public void Given_a_volume_beyond_one_syringe_When_calculated_Then_refused()
    {
        // 4.0 × 200 = 800 mg of oral solution ÷ 10 = 80 mL > 60 mL.
        var request = new DoseRequest
        {
            Route = Route.Oral,
            Rule = DoseRule.MgPerKg(4.0m),
            Weight = new Kilograms(200m),
            Concentration = new MilligramsPerMillilitre(10m),
        };

        Assert.Equal(nameof(DoseRequest.Concentration), Refused(request).Field);
    }

    [Fact]
    public void Given_a_fixed_dose_implausible_for_the_weight_When_calculated_Then_refused()
    {
        // 1000 mg ÷ 25 kg = 40 mg/kg > 15 mg/kg (above any labelled ketamine dose).
        var request = new DoseRequest { Route = Route.Sublingual, Rule = DoseRule.FixedMg(1000m), Weight = new Kilograms(25m) };

        var refused = Refused(request);

        Assert.Equal(nameof(DoseRequest.Rule), refused.Field);
        Assert.Contains("40 mg/kg", refused.Message, StringComparison.Ordinal);
    }
}
