using KapCare.Clinical.Instruments;

namespace KapCare.Clinical.Tests.Instruments;

public sealed class ChangeMetricsTests
{
    // Jacobson & Truax 1991 with Bischoff et al. 2020's GAD-7 parameters SD₁ 5.59, r 0.87, worked by hand:
    //   S_diff = 5.59 · √(2 · (1 − 0.87)) = 5.59 · √0.26 = 5.59 · 0.509902 = 2.850350
    //   threshold = 1.96 · 2.850350 = 5.586686 ≈ 5.59 points
    // |RCI| must exceed 1.96, so whole-point changes of 6 or more are reliable: 6 / 2.850350 = 2.105 > 1.96,
    // 5 / 2.850350 = 1.754 < 1.96.
    [Fact]
    public void Given_the_GAD7_default_When_computing_the_reliable_change_threshold_Then_it_is_about_5_59_so_6_points()
    {
        var rule = ChangeConvention.Gad7.ReliableChange;

        Assert.Equal(ReliableChangeMethod.JacobsonTruax, rule.Method);
        Assert.Equal(2.850350, rule.StandardErrorOfDifference!.Value, 5);
        Assert.Equal(5.586686, rule.CriticalZ * rule.StandardErrorOfDifference!.Value, 5);
        Assert.Equal(6, rule.MinimumPoints);
        Assert.Equal(-2.105, rule.Rci(-6)!.Value, 3);
        Assert.Equal(-1.754, rule.Rci(-5)!.Value, 3);
    }

    [Theory]
    // GAD-7 default (Jacobson–Truax, 6 points): −5 no, −6 improvement, +6 deterioration, +5 no.
    [InlineData("gad-7", 15, 10, ReliableChangeOutcome.NoReliableChange)]
    [InlineData("gad-7", 15, 9, ReliableChangeOutcome.ReliableImprovement)]
    [InlineData("gad-7", 9, 15, ReliableChangeOutcome.ReliableDeterioration)]
    [InlineData("gad-7", 10, 15, ReliableChangeOutcome.NoReliableChange)]
    // PHQ-9 default (NHS Talking Therapies, 6 points): −5 no, −6 improvement, +6 deterioration.
    [InlineData("phq-9", 20, 15, ReliableChangeOutcome.NoReliableChange)]
    [InlineData("phq-9", 20, 14, ReliableChangeOutcome.ReliableImprovement)]
    [InlineData("phq-9", 8, 14, ReliableChangeOutcome.ReliableDeterioration)]
    public void Given_a_change_around_the_default_threshold_When_assessed_Then_reliable_change_starts_at_6_points(string id, int baseline, int current, ReliableChangeOutcome expected) =>
        Assert.Equal(expected, ChangeMetrics.Assess(id, baseline, current).ReliableChange);

    // NHS Talking Therapies convention for the GAD-7: reliable improvement at 4 points or more.
    [Theory]
    [InlineData(12, 9, ReliableChangeOutcome.NoReliableChange)]
    [InlineData(12, 8, ReliableChangeOutcome.ReliableImprovement)]
    [InlineData(8, 12, ReliableChangeOutcome.ReliableDeterioration)]
    public void Given_the_NHS_Talking_Therapies_GAD7_convention_When_assessed_Then_4_points_are_reliable(int baseline, int current, ReliableChangeOutcome expected)
    {
        var result = ChangeMetrics.Assess("gad-7", baseline, current, ChangeConvention.Gad7NhsTalkingTherapies);
        Assert.Equal(expected, result.ReliableChange);
        Assert.Null(result.Rci);
    }

    // Response: ≥ 50 % reduction from baseline (NQF 1884/1885).
    [Theory]
    [InlineData(16, 8, true, "50.0")]    // 8/16 = 50 % exactly → response
    [InlineData(16, 9, false, "43.8")]   // 7/16 = 43.75 %
    [InlineData(15, 7, true, "53.3")]    // 8/15 = 53.3 %
    [InlineData(15, 8, false, "46.7")]   // 7/15 = 46.7 %: half of an odd baseline needs rounding up
    [InlineData(10, 12, false, "-20.0")] // worse
    public void Given_a_baseline_and_current_total_When_assessed_Then_response_starts_at_exactly_50_percent(int baseline, int current, bool response, string percent)
    {
        var result = ChangeMetrics.Assess("phq-9", baseline, current);
        Assert.Equal(response, result.Response);
        Assert.Equal(decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture), result.PercentReduction);
    }

    [Fact]
    public void Given_a_baseline_of_0_When_assessed_Then_there_is_no_response_and_no_percentage() =>
        Assert.Multiple(
            () => Assert.False(ChangeMetrics.Assess("gad-7", 0, 0).Response),
            () => Assert.Null(ChangeMetrics.Assess("gad-7", 0, 0).PercentReduction));

    // Remission: PHQ-9 < 5 (CMS159 / NQF 0710), GAD-7 < 5 by the same convention.
    [Theory]
    [InlineData("phq-9", 4, true)]
    [InlineData("phq-9", 5, false)]
    [InlineData("gad-7", 4, true)]
    [InlineData("gad-7", 5, false)]
    public void Given_a_current_total_at_the_remission_boundary_When_assessed_Then_remission_is_below_5(string id, int current, bool remission) =>
        Assert.Equal(remission, ChangeMetrics.Assess(id, 18, current).Remission);

    // MCID: GAD-7 4 points (Toussaint 2020), PHQ-9 5 points (Löwe 2004).
    [Theory]
    [InlineData("gad-7", 12, 9, false)]
    [InlineData("gad-7", 12, 8, true)]
    [InlineData("phq-9", 12, 8, false)]
    [InlineData("phq-9", 12, 7, true)]
    public void Given_an_improvement_around_the_MCID_When_assessed_Then_it_is_clinically_important_from_the_MCID(string id, int baseline, int current, bool important) =>
        Assert.Equal(important, ChangeMetrics.Assess(id, baseline, current).ClinicallyImportantImprovement);

    // All four at once: GAD-7 15 → 5. Change −10; reduction 10/15 = 66.7 % → response; 5 is not < 5 → no remission;
    // |−10| ≥ 6 → reliable improvement; 10 ≥ 4 → clinically important.
    [Fact]
    public void Given_GAD7_15_to_5_When_assessed_Then_response_reliable_and_important_but_not_remission()
    {
        var result = ChangeMetrics.Assess("gad-7", 15, 5);

        Assert.Equal(-10, result.Change);
        Assert.Equal(66.7m, result.PercentReduction);
        Assert.True(result.Response);
        Assert.False(result.Remission);
        Assert.Equal(ReliableChangeOutcome.ReliableImprovement, result.ReliableChange);
        Assert.True(result.ClinicallyImportantImprovement);
        Assert.Contains("NQF 1884/1885", result.ConventionText, StringComparison.Ordinal);
        Assert.Contains("SD₁ 5.59 and r 0.87", result.ConventionText, StringComparison.Ordinal);
        Assert.Contains("6 points or more", result.ConventionText, StringComparison.Ordinal);
        Assert.Contains("Toussaint", result.ConventionText, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_the_PHQ9_default_When_described_Then_it_names_the_NHS_Talking_Therapies_convention()
    {
        var text = ChangeMetrics.Assess("phq-9", 14, 6).ConventionText;
        Assert.Contains("NHS Talking Therapies", text, StringComparison.Ordinal);
        Assert.Contains("a change of 6 points or more", text, StringComparison.Ordinal);
        Assert.Contains("Löwe", text, StringComparison.Ordinal);
        Assert.Contains("below 5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_clinic_convention_When_assessed_Then_its_parameters_are_used()
    {
        // A clinic's own Jacobson–Truax PHQ-9 parameters SD₁ 6, r 0.84: S_diff = 6 · √0.32 = 3.394113; 1.96 × 3.394113
        // = 6.652 → 7 points. So a fall of 7 is reliable, a fall of 6 is not.
        var clinic = new ChangeConvention("phq-9", "Clinic", 0.5m, 5, ReliableChangeRule.JacobsonTruax(6, 0.84, "Clinic audit 2026"), 5);
        Assert.Equal(7, clinic.ReliableChange.MinimumPoints);
        Assert.Equal(ReliableChangeOutcome.NoReliableChange, ChangeMetrics.Assess("phq-9", 20, 14, clinic).ReliableChange);
        Assert.Equal(ReliableChangeOutcome.ReliableImprovement, ChangeMetrics.Assess("phq-9", 20, 13, clinic).ReliableChange);
    }

    [Theory]
    [InlineData("gad-7", -1, 5)]
    [InlineData("gad-7", 22, 5)]
    [InlineData("phq-9", 10, 28)]
    public void Given_a_total_outside_the_instrument_range_When_assessed_Then_it_is_refused(string id, int baseline, int current) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChangeMetrics.Assess(id, baseline, current));

    [Fact]
    public void Given_an_instrument_without_a_default_or_a_mismatched_convention_When_assessed_Then_it_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ChangeMetrics.Assess("pcl-5", 40, 20));
        Assert.Throws<ArgumentException>(() => ChangeMetrics.Assess("phq-9", 15, 5, ChangeConvention.Gad7));
        Assert.Throws<ArgumentException>(() => ChangeMetrics.Assess("no-such-scale", 1, 1));
        Assert.Throws<ArgumentException>(() => ChangeMetrics.Assess("c-ssrs-screen", 1, 1));
    }

    [Theory]
    [InlineData(0, 0.87)]
    [InlineData(5.59, 1.0)]
    [InlineData(5.59, -0.1)]
    public void Given_impossible_Jacobson_Truax_parameters_When_building_Then_they_are_refused(double sd, double r) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReliableChangeRule.JacobsonTruax(sd, r, "test"));
}
