using KapCare.Clinical.Dosing;
using static KapCare.Clinical.Tests.Dosing.Requests;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>
/// IM and SC: dose rounded down to a whole mg, volume split into equal injections when above the site's maximum (IM 5 mL
/// ventrogluteal / vastus lateralis, 2 mL deltoid; SC 1.5 mL), each injection rounded down to its syringe's graduation.
/// Default limits: IM and SC soft 0.5 mg/kg, hard 1.0 mg/kg.
/// </summary>
public sealed class InjectionDoseTests
{
    // route, mg/kg, kg, mg/mL, site → injections × mL each, given mg, status
    // IM 0.5 × 72.4 = 36.2 → 36 mg ÷ 50 = 0.72 mL ≤ 2 (deltoid) → 1 × 0.72 → 36 mg; 36 ≤ 36.2 (soft) → within.
    // IM 0.5 × 80 = 40 ÷ 10 = 4.0 mL > 2 (deltoid) → ceil(4/2) = 2 × 2.0 (3 mL syringe, 0.1) → 40 mg; 40 = soft → within.
    // IM 0.5 × 80 = 40 ÷ 10 = 4.0 mL ≤ 5 (ventrogluteal) → 1 × 4.0 (5 mL syringe, 0.2) → 40 mg.
    // IM 1.0 × 100 = 100 ÷ 10 = 10 mL > 5 (vastus lateralis) → 2 × 5.0 (5 mL syringe, 0.2) → 100 mg; 100 > 50, = 100 → above soft.
    // IM 0.5 × 93 = 46.5 → 46 ÷ 10 = 4.6 mL > 2 (deltoid) → ceil(2.3) = 3 injections of 1.533… → 1.5 each (3 mL, 0.1)
    //   → 4.5 mL → 45 mg; 45 ≤ 46.5 → within.
    // IM 0.25 × 60 = 15 ÷ 50 = 0.3 mL → 15 mg.
    // SC 0.25 × 72.4 = 18.1 → 18 ÷ 100 = 0.18 mL ≤ 1.5 → 18 mg; ≤ 36.2 → within.
    // SC 1.0 × 90 = 90 ÷ 50 = 1.8 mL > 1.5 (abdomen) → ceil(1.2) = 2 × 0.9 (1 mL, 0.01) → 90 mg; 90 > 45, = 90 → above soft.
    // SC 1.0 × 85.5 = 85.5 → 85 ÷ 100 = 0.85 mL → 85 mg; 85 > 42.75 and ≤ 85.5 → above soft.
    // SC 0.5 × 70 = 35 ÷ 50 = 0.7 mL → 35 mg; 35 = 0.5 × 70 → within.
    // SC 1.2 × 70 = 84 ÷ 100 = 0.84 mL (upper arm) → 84 mg; 84 > 70 (hard) → above hard.
    [Theory]
    [InlineData(Route.Intramuscular, "0.5", "72.4", "50", InjectionSite.Deltoid, 1, "0.72", "36", LimitStatus.Within)]
    [InlineData(Route.Intramuscular, "0.5", "80", "10", InjectionSite.Deltoid, 2, "2.0", "40", LimitStatus.Within)]
    [InlineData(Route.Intramuscular, "0.5", "80", "10", InjectionSite.Ventrogluteal, 1, "4.0", "40", LimitStatus.Within)]
    [InlineData(Route.Intramuscular, "1.0", "100", "10", InjectionSite.VastusLateralis, 2, "5.0", "100", LimitStatus.AboveSoft)]
    [InlineData(Route.Intramuscular, "0.5", "93", "10", InjectionSite.Deltoid, 3, "1.5", "45", LimitStatus.Within)]
    [InlineData(Route.Intramuscular, "0.25", "60", "50", InjectionSite.Ventrogluteal, 1, "0.3", "15", LimitStatus.Within)]
    [InlineData(Route.Subcutaneous, "0.25", "72.4", "100", InjectionSite.AbdomenSubcutaneous, 1, "0.18", "18", LimitStatus.Within)]
    [InlineData(Route.Subcutaneous, "1.0", "90", "50", InjectionSite.AbdomenSubcutaneous, 2, "0.9", "90", LimitStatus.AboveSoft)]
    [InlineData(Route.Subcutaneous, "1.0", "85.5", "100", InjectionSite.ThighSubcutaneous, 1, "0.85", "85", LimitStatus.AboveSoft)]
    [InlineData(Route.Subcutaneous, "0.5", "70", "50", InjectionSite.AbdomenSubcutaneous, 1, "0.7", "35", LimitStatus.Within)]
    [InlineData(Route.Subcutaneous, "1.2", "70", "100", InjectionSite.UpperArmSubcutaneous, 1, "0.84", "84", LimitStatus.AboveHard)]
    public void Given_an_injection_order_When_calculated_Then_the_hand_worked_volumes_and_split(
        Route route, string mgPerKg, string kg, string mgPerMl, InjectionSite site,
        int injections, string eachMl, string givenMg, LimitStatus status)
    {
        var calc = Calculated(Injection(route, mgPerKg, kg, mgPerMl, site));

        var prep = Assert.IsType<InjectionPreparation>(calc.Preparation);
        Assert.Equal(injections, prep.Injections.Count);
        Assert.All(prep.Injections, v => Assert.Equal(D(eachMl), v.Value));
        Assert.All(prep.Injections, v => Assert.True(v <= prep.MaximumPerInjection));
        Assert.Equal(D(givenMg), calc.Dose.Value);
        Assert.Equal(status, calc.Limit.Status);
    }

    [Theory]
    [InlineData(InjectionSite.Deltoid, "2")]
    [InlineData(InjectionSite.Ventrogluteal, "5")]
    [InlineData(InjectionSite.VastusLateralis, "5")]
    [InlineData(InjectionSite.AbdomenSubcutaneous, "1.5")]
    [InlineData(InjectionSite.UpperArmSubcutaneous, "1.5")]
    [InlineData(InjectionSite.ThighSubcutaneous, "1.5")]
    public void Given_a_site_Then_its_maximum_volume_per_injection(InjectionSite site, string maxMl)
    {
        Assert.Equal(D(maxMl), InjectionSites.MaximumVolume(site).Value);
    }

    [Fact]
    public void Given_a_volume_needing_more_than_three_sites_When_calculated_Then_refused_asking_for_a_stronger_concentration()
    {
        // 1.0 × 100 = 100 mg ÷ 10 = 10 mL into a 2 mL deltoid → 5 injections > 3.
        var refused = Refused(Injection(Route.Intramuscular, "1.0", "100", "10", InjectionSite.Deltoid));

        Assert.Equal(nameof(DoseRequest.Concentration), refused.Field);
        Assert.Contains("stronger concentration", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Route.Intramuscular, InjectionSite.AbdomenSubcutaneous)]
    [InlineData(Route.Subcutaneous, InjectionSite.Deltoid)]
    public void Given_a_site_of_the_other_route_When_calculated_Then_refused(Route route, InjectionSite site)
    {
        Assert.Equal(nameof(DoseRequest.Site), Refused(Injection(route, "0.5", "70", "50", site)).Field);
    }

    [Fact]
    public void Given_no_site_When_calculated_Then_refused()
    {
        var request = Injection(Route.Intramuscular, "0.5", "70", "50", InjectionSite.Deltoid) with { Site = null };

        Assert.Equal(nameof(DoseRequest.Site), Refused(request).Field);
    }
}
