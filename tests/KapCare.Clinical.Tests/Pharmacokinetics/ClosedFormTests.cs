using KapCare.Clinical.Dosing;
using KapCare.Clinical.Pharmacokinetics;

namespace KapCare.Clinical.Tests.Pharmacokinetics;

/// <summary>
/// The simulator (matrix exponential, one-minute steps) against the closed-form sums of exponentials in
/// <see cref="ClosedForm"/>, for every model and every kind of input. Both are exact, so they must agree to rounding:
/// the tolerance, 1e-9 of the curve's peak, is far below any modelling question and far above double-precision
/// rounding (≈ 1e-13 after 1440 steps). A wrong rate constant, a swapped k12/k21, a missing ÷ 60 or an Euler step would
/// each miss by orders of magnitude more.
/// </summary>
public sealed class ClosedFormTests
{
    private const double WeightKg = 70;

    public static TheoryData<PkModelId> Models => [PkModelId.ClementsNimmo, PkModelId.Domino, PkModelId.Fanta];

    private static ClosedForm Exact(PkModelId model) => model switch
    {
        PkModelId.ClementsNimmo => ClosedForm.ClementsNimmo(WeightKg),
        PkModelId.Domino => ClosedForm.Domino(WeightKg),
        PkModelId.Fanta => ClosedForm.Fanta(WeightKg),
    };

    private static void AssertMatches(PkResult result, Func<double, double> exact)
    {
        var peak = result.Points.Max(p => exact(p.Minute));
        foreach (var point in result.Points)
        {
            var expected = exact(point.Minute);
            Assert.True(Math.Abs(point.NgPerMl - expected) <= 1e-9 * peak,
                $"minute {point.Minute}: simulated {point.NgPerMl:R} ng/mL, closed form {expected:R} ng/mL");
        }
    }

    [Fact]
    public void Given_Clements_Nimmo_and_a_bolus_When_simulated_Then_it_follows_the_hand_derived_biexponential()
    {
        // By hand (see ClosedForm), 70 kg, 35 mg (0.5 mg/kg) bolus:
        //   k10 + k12 + k21 = 0.0432; k10 k21 = 0.0109 × 0.0137 = 1.4933e-4; √(0.0432² − 4 × 1.4933e-4) = √0.00126892 = 0.0356219
        //   λ₁ = (0.0432 + 0.0356219)/2 = 0.0394110/min, λ₂ = (0.0432 − 0.0356219)/2 = 0.00378905/min (terminal half-life 182.9 min)
        //   A₁ = (λ₁ − k21)/(λ₁ − λ₂) = 0.0257110/0.0356219 = 0.721774, A₂ = 0.278226
        //   V1 = 1.7522 × 70 = 122.654 L, so C(0) = 35/122.654 × 1000 = 285.356 ng/mL
        //   C(t) = 285.356 × (0.721774 e^(−0.0394110 t) + 0.278226 e^(−0.00378905 t)) ng/mL
        // Six significant figures by hand, so this comparison allows 1e-5 relative.
        var result = PkSimulator.Simulate(new PkRequest(PkModelId.ClementsNimmo, Route.Intravenous, 35m, 70m, 0, 24 * 60));
        foreach (var point in result.Points)
        {
            var t = point.Minute;
            var hand = 285.356 * (0.721774 * Math.Exp(-0.0394110 * t) + 0.278226 * Math.Exp(-0.00378905 * t));
            Assert.True(Math.Abs(point.NgPerMl - hand) <= 1e-5 * hand, $"minute {t}: {point.NgPerMl} vs {hand}");
        }
        Assert.Equal(0, result.TmaxMinutes);
        Assert.Equal(285.356, result.CmaxNgPerMl, 0.001);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Given_any_model_and_an_IV_bolus_When_simulated_Then_it_matches_the_sum_of_exponentials(PkModelId model)
    {
        var result = PkSimulator.Simulate(new PkRequest(model, Route.Intravenous, 70m, 70m, 0, 24 * 60));
        AssertMatches(result, t => Exact(model).Bolus(70, t));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Given_any_model_and_a_40_minute_infusion_When_simulated_Then_it_matches_the_closed_form_infusion(PkModelId model)
    {
        var result = PkSimulator.Simulate(new PkRequest(model, Route.Intravenous, 35m, 70m, 40, 24 * 60));
        AssertMatches(result, t => Exact(model).Infusion(35, 40, t));
    }

    [Theory]
    [InlineData(PkModelId.ClementsNimmo, Route.Intramuscular)]
    [InlineData(PkModelId.ClementsNimmo, Route.Sublingual)]
    [InlineData(PkModelId.ClementsNimmo, Route.Oral)]
    [InlineData(PkModelId.Domino, Route.Subcutaneous)]
    [InlineData(PkModelId.Fanta, Route.IntranasalEsketamine)]
    public void Given_an_extravascular_route_When_simulated_Then_it_matches_the_closed_form_first_order_absorption(PkModelId model, Route route)
    {
        var input = PkAbsorption.For(route);
        var result = PkSimulator.Simulate(new PkRequest(model, route, 56m, 70m, 0, 24 * 60));
        AssertMatches(result, t => Exact(model).FirstOrderAbsorption(56, input.Bioavailability, input.AbsorptionRatePerMinute!.Value, t));
        Assert.Equal(input.Bioavailability, result.Bioavailability);
        Assert.Equal(input.AbsorptionRatePerMinute, result.AbsorptionRatePerMinute);
    }

    [Fact]
    public void Given_Fanta_at_140_kg_When_scaled_Then_volumes_double_and_flows_grow_by_two_to_the_three_quarters()
    {
        var k = PkModels.MicroConstants(PkModelId.Fanta, 140);
        var flow = Math.Pow(2, 0.75);
        Assert.Equal(266, k.V1Litres, 9);
        Assert.Equal(95.2 * flow / 266 / 60, k.K10, 12);
        Assert.Equal(23.2 * flow / 374 / 60, k.K21, 12);
        Assert.Equal(157 * flow / 197.6 / 60, k.K31, 12);
        // And the simulator uses the scaled model: the heavier person's curve matches the closed form at 140 kg.
        var result = PkSimulator.Simulate(new PkRequest(PkModelId.Fanta, Route.Intravenous, 70m, 140m, 40, 600));
        AssertMatches(result, t => ClosedForm.Fanta(140).Infusion(70, 40, t));
    }

    [Fact]
    public void Given_the_same_bolus_When_Domino_and_Clements_Nimmo_are_compared_Then_Dominos_small_V1_starts_28_times_higher()
    {
        // C(0) = dose / V1, and V1 is 0.063 L/kg (Domino) against 1.7522 L/kg (Clements & Nimmo): 1.7522 / 0.063 = 27.8.
        var domino = PkSimulator.Simulate(new PkRequest(PkModelId.Domino, Route.Intravenous, 35m, 70m, 0, 60));
        var clements = PkSimulator.Simulate(new PkRequest(PkModelId.ClementsNimmo, Route.Intravenous, 35m, 70m, 0, 60));
        Assert.Equal(1.7522 / 0.063, domino.Points[0].NgPerMl / clements.Points[0].NgPerMl, 9);
    }

    [Fact]
    public void Given_a_curve_When_summarised_Then_AUC_is_the_trapezoid_sum_of_the_minute_points_in_ng_h_per_mL()
    {
        var result = PkSimulator.Simulate(new PkRequest(PkModelId.ClementsNimmo, Route.Sublingual, 20m, 70m, 0, 240));
        var trapezoid = 0.0;
        for (var i = 1; i < result.Points.Count; i++) trapezoid += (result.Points[i - 1].NgPerMl + result.Points[i].NgPerMl) / 2;
        Assert.Equal(trapezoid / 60, result.AucNgHourPerMl, 9);
        Assert.Equal(241, result.Points.Count);
        Assert.Equal(Enumerable.Range(0, 241), result.Points.Select(p => p.Minute));
        var peak = result.Points.MaxBy(p => p.NgPerMl)!;
        Assert.Equal(peak.Minute, result.TmaxMinutes);
        Assert.Equal(peak.NgPerMl, result.CmaxNgPerMl);
    }
}
