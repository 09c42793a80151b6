using KapCare.Clinical.Dosing;
using KapCare.Clinical.Pharmacokinetics;

namespace KapCare.Clinical.Tests.Pharmacokinetics;

/// <summary>
/// Routes other than IV: absorbed later and less than an IV dose, with exposure (AUC) scaled by F, and peaks at the
/// times the cited studies report.
/// </summary>
public sealed class ExtravascularTests
{
    private const int Day = 24 * 60;

    public static TheoryData<Route, PkModelId> RoutesWithDefaultModels => new()
    {
        { Route.Intramuscular, PkModelId.ClementsNimmo },
        { Route.Subcutaneous, PkModelId.ClementsNimmo },
        { Route.Sublingual, PkModelId.ClementsNimmo },
        { Route.Oral, PkModelId.ClementsNimmo },
        { Route.IntranasalEsketamine, PkModelId.Fanta },
    };

    [Theory]
    [MemberData(nameof(RoutesWithDefaultModels))]
    public void Given_the_same_dose_When_given_by_an_extravascular_route_Then_the_peak_is_later_and_lower_than_an_IV_bolus(Route route, PkModelId model)
    {
        Assert.Equal(model, PkModels.DefaultFor(route));
        var iv = PkSimulator.Simulate(new PkRequest(model, Route.Intravenous, 56m, 70m, 0, Day));
        var other = PkSimulator.Simulate(new PkRequest(model, route, 56m, 70m, 0, Day));
        Assert.True(other.TmaxMinutes > iv.TmaxMinutes, $"{route}: Tmax {other.TmaxMinutes} min, IV {iv.TmaxMinutes} min");
        Assert.True(other.CmaxNgPerMl < iv.CmaxNgPerMl, $"{route}: Cmax {other.CmaxNgPerMl:0.#}, IV {iv.CmaxNgPerMl:0.#}");
        Assert.Equal(0, other.Points[0].NgPerMl);
    }

    /// <summary>
    /// AUC(0–∞) is F × dose / CL for any route, so AUC_route / AUC_IV → F. Over 24 h, part of each curve is cut off: by the
    /// closed form, the area after 24 h is 0.34 % of a Clements &amp; Nimmo IV curve (terminal half-life 183 min) and 3.1 %
    /// of a Fanta one (7.4 h). An absorbed dose arrives later, so it loses a little more; the ratio can only drift below
    /// F by about that tail, and trapezoid error on these smooth curves is under 0.1 %. Hence ±2 % for Clements &amp;
    /// Nimmo and ±4 % for Fanta, each above its computed tail: a wrong F (the nearest other value differs by a third) or
    /// F applied twice would fail by far.
    /// </summary>
    [Theory]
    [MemberData(nameof(RoutesWithDefaultModels))]
    public void Given_24_hours_When_the_AUC_is_compared_with_IV_Then_the_ratio_is_the_bioavailability(Route route, PkModelId model)
    {
        var tail = (model == PkModelId.Fanta ? ClosedForm.Fanta(70) : ClosedForm.ClementsNimmo(70)).TailFraction(Day);
        var tolerance = model == PkModelId.Fanta ? 0.04 : 0.02;
        Assert.True(tail < tolerance, $"the truncated tail ({tail:P2}) must be inside the tolerance for this check to mean anything");

        var iv = PkSimulator.Simulate(new PkRequest(model, Route.Intravenous, 56m, 70m, 0, Day));
        var other = PkSimulator.Simulate(new PkRequest(model, route, 56m, 70m, 0, Day));
        var f = PkAbsorption.For(route).Bioavailability;
        Assert.InRange(other.AucNgHourPerMl / iv.AucNgHourPerMl, f * (1 - tolerance), f * (1 + tolerance));
    }

    [Fact]
    public void Given_REFERENCE_bioavailabilities_When_routes_are_looked_up_Then_F_is_as_tabulated()
    {
        // REFERENCE.md §3: IV 100 %, IM ≈ 93 %, SC ≈ IM, sublingual 29–32 %, oral 17–23 %, intranasal esketamine ≈ 48 %.
        Assert.Equal(1.0, PkAbsorption.For(Route.Intravenous).Bioavailability);
        Assert.Equal(0.93, PkAbsorption.For(Route.Intramuscular).Bioavailability);
        Assert.Equal(0.93, PkAbsorption.For(Route.Subcutaneous).Bioavailability);
        Assert.InRange(PkAbsorption.For(Route.Sublingual).Bioavailability, 0.29, 0.32);
        Assert.InRange(PkAbsorption.For(Route.Oral).Bioavailability, 0.17, 0.23);
        Assert.Equal(0.48, PkAbsorption.For(Route.IntranasalEsketamine).Bioavailability);
        Assert.Null(PkAbsorption.For(Route.Intravenous).AbsorptionRatePerMinute);
    }

    /// <summary>
    /// ka was chosen per route so the default model peaks at the published Tmax; these pin that choice (a changed ka or
    /// model that moves the peak outside the published range fails). Windows: IM 5–15 min (pharmacology summaries);
    /// sublingual the observed range 15–60 min (Rolan 2014, median 45); oral the mean ± 15 min around 58 min (Chong 2006:
    /// 0.96 ± 0.8 h, a range too wide to test anything); esketamine 20–40 min (Spravato label).
    /// </summary>
    [Theory]
    [InlineData(Route.Intramuscular, 5, 15)]
    [InlineData(Route.Subcutaneous, 5, 15)]
    [InlineData(Route.Sublingual, 15, 60)]
    [InlineData(Route.Oral, 43, 73)]
    [InlineData(Route.IntranasalEsketamine, 20, 40)]
    public void Given_a_route_and_its_default_model_When_simulated_Then_the_peak_falls_in_the_published_Tmax_window(Route route, int from, int to)
    {
        var result = PkSimulator.Simulate(new PkRequest(PkModels.DefaultFor(route), route, 28m, 70m, 0, 480));
        Assert.InRange(result.TmaxMinutes, from, to);
    }
}
