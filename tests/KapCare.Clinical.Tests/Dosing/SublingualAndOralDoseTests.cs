using KapCare.Clinical.Dosing;
using static KapCare.Clinical.Tests.Dosing.Requests;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>
/// Sublingual: whole lozenges / troches of the stocked strengths (assumed 25, 50, 100, 150, 200 mg), the largest total not
/// above the dose, fewest units. Limits soft 0.4 mg/kg, hard 3.0 mg/kg and 300 mg. Oral solution: measured like an
/// injection volume; limits soft 2.5 mg/kg, hard 4.0 mg/kg.
/// </summary>
public sealed class SublingualAndOralDoseTests
{
    private static DoseRequest Sublingual(DoseRule rule, string kg) => new()
    {
        Route = Route.Sublingual,
        Rule = rule,
        Weight = new Kilograms(D(kg)),
    };

    // rule, kg → lozenges (largest first), given mg, status
    // 0.4 × 70 = 28 mg → largest whole-unit total ≤ 28 = 25 (1 × 25); 25 ≤ 28 (soft) → within.
    // fixed 100 mg, 70 kg → 1 × 100; 100 > 28 (soft), ≤ 210 (hard 3.0 × 70) → above soft.
    // fixed 175 mg, 70 kg → 150 + 25 = 175 (2 units; 100 + 50 + 25 needs 3); 175 ≤ 210 → above soft.
    // fixed 260 mg, 90 kg → 260 cannot be made (all totals are multiples of 25) → 250 = 200 + 50 (2 units; 150 + 100 also 2,
    //   the larger piece first); 250 ≤ 270 (3.0 × 90) and ≤ 300 → above soft.
    // fixed 300 mg, 90 kg → 200 + 100; 300 > 270 (3.0 × 90) → above hard.
    // fixed 350 mg, 150 kg → 200 + 150; 350 ≤ 450 (3.0 × 150) but > 300 (absolute) → above hard.
    // 2.0 × 72.4 = 144.8 → 144 mg → 100 + 25 = 125 (2 units; 50 + 50 + 25 needs 3); 125 ≤ 217.2 → above soft (> 28.96).
    [Theory]
    [InlineData("0.4", null, "70", "25", "25", LimitStatus.Within)]
    [InlineData(null, "100", "70", "100", "100", LimitStatus.AboveSoft)]
    [InlineData(null, "175", "70", "150,25", "175", LimitStatus.AboveSoft)]
    [InlineData(null, "260", "90", "200,50", "250", LimitStatus.AboveSoft)]
    [InlineData(null, "300", "90", "200,100", "300", LimitStatus.AboveHard)]
    [InlineData(null, "350", "150", "200,150", "350", LimitStatus.AboveHard)]
    [InlineData("2.0", null, "72.4", "100,25", "125", LimitStatus.AboveSoft)]
    public void Given_a_sublingual_order_When_calculated_Then_the_hand_worked_lozenges(
        string? mgPerKg, string? fixedMg, string kg, string lozenges, string givenMg, LimitStatus status)
    {
        var rule = mgPerKg is not null ? DoseRule.MgPerKg(D(mgPerKg)) : DoseRule.FixedMg(D(fixedMg!));

        var calc = Calculated(Sublingual(rule, kg));

        var prep = Assert.IsType<LozengePreparation>(calc.Preparation);
        var units = prep.Units.SelectMany(u => Enumerable.Repeat(u.Strength.Value, u.Count)).ToList();
        Assert.Equal(lozenges.Split(',').Select(D).ToList(), units);
        Assert.Equal(D(givenMg), calc.Dose.Value);
        Assert.Equal(status, calc.Limit.Status);
    }

    [Fact]
    public void Given_a_dose_below_the_smallest_strength_When_calculated_Then_refused()
    {
        // 0.3 × 72.4 = 21.72 → 21 mg < 25 mg, the smallest troche.
        var refused = Refused(Sublingual(DoseRule.MgPerKg(0.3m), "72.4"));

        Assert.Equal(nameof(DoseRequest.LozengeStrengths), refused.Field);
    }

    [Fact]
    public void Given_a_clinics_own_strengths_When_calculated_Then_only_those_are_combined()
    {
        // Stock 40 and 60 mg; fixed 110 mg: totals are 40, 60, 80, 100, 120 … → 100 = 60 + 40.
        var request = Sublingual(DoseRule.FixedMg(110m), "70") with { LozengeStrengths = [new(40m), new(60m)] };

        var calc = Calculated(request);

        var prep = Assert.IsType<LozengePreparation>(calc.Preparation);
        Assert.Equal([60m, 40m], prep.Units.SelectMany(u => Enumerable.Repeat(u.Strength.Value, u.Count)));
        Assert.Equal(100m, calc.Dose.Value);
    }

    [Fact]
    public void Given_a_large_rounding_loss_on_lozenges_When_calculated_Then_it_is_flagged()
    {
        // 0.4 × 70 = 28 → 25 mg: (28 − 25) ÷ 28 = 10.7 % below.
        var calc = Calculated(Sublingual(DoseRule.MgPerKg(0.4m), "70"));

        Assert.Contains(calc.Warnings, w => w.Contains("10.7 % below", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_fractional_or_empty_strengths_When_calculated_Then_refused()
    {
        Assert.Equal(nameof(DoseRequest.LozengeStrengths),
            Refused(Sublingual(DoseRule.FixedMg(100m), "70") with { LozengeStrengths = [new(12.5m)] }).Field);
        Assert.Equal(nameof(DoseRequest.LozengeStrengths),
            Refused(Sublingual(DoseRule.FixedMg(100m), "70") with { LozengeStrengths = [] }).Field);
    }

    // Oral solution: 2.5 × 72.4 = 181 mg ÷ 50 = 3.62 mL (5 mL syringe, 0.2) → 3.6 mL → 180 mg; 180 ≤ 181 (soft) → within.
    // 4.5 × 60 = 270 mg ÷ 50 = 5.4 mL (10 mL, 0.2) → 5.4 → 270 mg; 270 > 240 (4.0 × 60) → above hard.
    // 3.0 × 60 = 180 mg ÷ 10 = 18 mL (20 mL, by 1) → 18 → 180 mg; 180 > 150 (soft), ≤ 240 → above soft.
    [Theory]
    [InlineData("2.5", "72.4", "50", "3.6", "180", LimitStatus.Within)]
    [InlineData("4.5", "60", "50", "5.4", "270", LimitStatus.AboveHard)]
    [InlineData("3.0", "60", "10", "18", "180", LimitStatus.AboveSoft)]
    public void Given_an_oral_solution_order_When_calculated_Then_the_hand_worked_volume(
        string mgPerKg, string kg, string mgPerMl, string volumeMl, string givenMg, LimitStatus status)
    {
        var calc = Calculated(new DoseRequest
        {
            Route = Route.Oral,
            Rule = DoseRule.MgPerKg(D(mgPerKg)),
            Weight = new Kilograms(D(kg)),
            Concentration = new MilligramsPerMillilitre(D(mgPerMl)),
        });

        var prep = Assert.IsType<OralSolutionPreparation>(calc.Preparation);
        Assert.Equal(D(volumeMl), prep.Volume.Value);
        Assert.Equal(D(givenMg), calc.Dose.Value);
        Assert.Equal(status, calc.Limit.Status);
    }
}
