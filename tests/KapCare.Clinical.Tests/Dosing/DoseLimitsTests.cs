using KapCare.Clinical.Dosing;
using static KapCare.Clinical.Tests.Dosing.Requests;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>The shipped limits per route (docs/decisions/0012) and a protocol's narrowing, which can never widen them.</summary>
public sealed class DoseLimitsTests
{
    // route → soft mg/kg, hard mg/kg, soft mg, hard mg ("" = none), as chosen in docs/decisions/0012 from REFERENCE.md §3.
    [Theory]
    [InlineData(Route.Intravenous, "0.75", "1.0", "", "")]
    [InlineData(Route.Intramuscular, "0.5", "1.0", "", "")]
    [InlineData(Route.Subcutaneous, "0.5", "1.0", "", "")]
    [InlineData(Route.Sublingual, "0.4", "3.0", "", "300")]
    [InlineData(Route.Oral, "2.5", "4.0", "", "")]
    [InlineData(Route.IntranasalEsketamine, "", "", "84", "84")]
    public void Given_a_route_Then_its_default_limits_and_a_source(Route route, string softPerKg, string hardPerKg, string softMg, string hardMg)
    {
        var limits = DoseLimits.For(route);

        Assert.Equal(route, limits.Route);
        Assert.Equal(Optional(softPerKg), limits.SoftPerKilogram?.Value);
        Assert.Equal(Optional(hardPerKg), limits.HardPerKilogram?.Value);
        Assert.Equal(Optional(softMg), limits.SoftAbsolute?.Value);
        Assert.Equal(Optional(hardMg), limits.HardAbsolute?.Value);
        Assert.False(string.IsNullOrWhiteSpace(limits.Source));
        Assert.False(string.IsNullOrWhiteSpace(limits.Reasoning));
    }

    // 70 kg IV: soft 0.75 × 70 = 52.5 mg, hard 1.0 × 70 = 70 mg. At a limit is within it.
    [Theory]
    [InlineData("52", LimitStatus.Within)]
    [InlineData("52.5", LimitStatus.Within)]
    [InlineData("52.6", LimitStatus.AboveSoft)]
    [InlineData("70", LimitStatus.AboveSoft)]
    [InlineData("70.01", LimitStatus.AboveHard)]
    public void Given_a_dose_near_the_IV_limits_for_70_kg_When_checked_Then_its_status(string mg, LimitStatus status)
    {
        Assert.Equal(status, DoseLimits.For(Route.Intravenous).Check(new Milligrams(D(mg)), new Kilograms(70m)).Status);
    }

    [Fact]
    public void Given_a_protocol_with_a_lower_hard_limit_When_narrowed_Then_the_soft_limit_is_lowered_to_it()
    {
        var limits = DoseLimits.For(Route.Intravenous).Narrow("Retreat protocol stops at 0.6 mg/kg.", hardPerKg: new(0.6m));

        Assert.Equal(0.6m, limits.HardPerKilogram?.Value);
        Assert.Equal(0.6m, limits.SoftPerKilogram?.Value);
        Assert.Contains("Retreat protocol", limits.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_protocol_limit_wider_than_the_route_When_narrowed_Then_refused()
    {
        var iv = DoseLimits.For(Route.Intravenous);

        Assert.Throws<ArgumentException>(() => iv.Narrow("Wants more.", hardPerKg: new(1.2m)));
        Assert.Throws<ArgumentException>(() => iv.Narrow("Wants fewer warnings.", softPerKg: new(0.8m)));
        Assert.Throws<ArgumentException>(() => DoseLimits.For(Route.IntranasalEsketamine).Narrow("More devices.", hardMg: new(112m)));
    }

    [Fact]
    public void Given_no_reason_When_narrowed_Then_refused()
    {
        Assert.Throws<ArgumentException>(() => DoseLimits.For(Route.Intravenous).Narrow(" ", hardPerKg: new(0.6m)));
    }

    [Fact]
    public void Given_a_protocol_cap_in_mg_on_a_per_kg_route_When_a_heavy_patient_is_dosed_Then_the_cap_applies()
    {
        // 0.75 × 100 = 75 mg → 75 ÷ 50 = 1.5 mL → 75 mg; the protocol caps at 60 mg absolute → above hard.
        var limits = DoseLimits.For(Route.Intravenous).Narrow("Protocol caps an infusion at 60 mg.", hardMg: new(60m));

        var calc = Calculated(Iv("0.75", "100", "50") with { Limits = limits });

        Assert.Equal(75m, calc.Dose.Value);
        Assert.Equal(LimitStatus.AboveHard, calc.Limit.Status);
    }

    [Fact]
    public void Given_narrowed_limits_in_a_request_When_calculated_Then_they_are_used()
    {
        // 0.75 × 80 = 60 mg; the protocol's soft limit is 0.5 mg/kg = 40 mg → above soft (within the route's defaults).
        var limits = DoseLimits.For(Route.Intravenous).Narrow("Induction protocol warns above 0.5 mg/kg.", softPerKg: new(0.5m));

        Assert.Equal(LimitStatus.AboveSoft, Calculated(Iv("0.75", "80", "50") with { Limits = limits }).Limit.Status);
        Assert.Equal(LimitStatus.Within, Calculated(Iv("0.75", "80", "50")).Limit.Status);
    }

    [Fact]
    public void Given_limits_of_another_route_When_calculated_Then_refused()
    {
        var request = Iv("0.5", "70", "50") with { Limits = DoseLimits.For(Route.Intramuscular) };

        Assert.Equal(nameof(DoseRequest.Limits), Refused(request).Field);
    }

    private static decimal? Optional(string value) => value.Length == 0 ? null : D(value);
}
