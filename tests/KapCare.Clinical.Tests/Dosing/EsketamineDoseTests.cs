using KapCare.Clinical.Dosing;
using static KapCare.Clinical.Tests.Dosing.Requests;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>
/// Esketamine (Spravato label, REFERENCE.md §3): 28 mg devices only, so 28, 56 or 84 mg; 5 min between devices; day 1 of a
/// course is 56 mg, or 28 mg at 65 years and over — a larger first dose is above the hard limit (co-signature needed).
/// </summary>
public sealed class EsketamineDoseTests
{
    // mg ÷ 28 = devices; (devices − 1) × 5 = minutes from the first device to the last.
    [Theory]
    [InlineData(28, 1, 0)]
    [InlineData(56, 2, 5)]
    [InlineData(84, 3, 10)]
    public void Given_a_labelled_dose_When_calculated_Then_whole_devices_five_minutes_apart(int mg, int devices, int minutes)
    {
        var calc = Calculated(Esketamine(mg, 40));

        var prep = Assert.IsType<EsketaminePreparation>(calc.Preparation);
        Assert.Equal(devices, prep.Devices);
        Assert.Equal(minutes, prep.MinutesFirstToLastDevice);
        Assert.Equal(mg, calc.Dose.Value);
        Assert.Equal(LimitStatus.Within, calc.Limit.Status);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(30)]
    [InlineData(42)]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(112)]
    [InlineData(140)]
    public void Given_an_amount_that_is_not_28_56_or_84_mg_When_calculated_Then_refused(int mg)
    {
        var refused = Refused(Esketamine(mg, 40));

        Assert.Equal(nameof(DoseRequest.Rule), refused.Field);
        Assert.Contains("28, 56 or 84 mg", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_weight_based_esketamine_order_When_calculated_Then_refused()
    {
        var request = Esketamine(56, 40) with { Rule = DoseRule.MgPerKg(0.8m), Weight = new Kilograms(70m) };

        Assert.Equal(nameof(DoseRequest.Rule), Refused(request).Field);
    }

    [Fact]
    public void Given_no_age_When_esketamine_is_calculated_Then_refused()
    {
        Assert.Equal(nameof(DoseRequest.AgeYears), Refused(Esketamine(56, 40) with { AgeYears = null }).Field);
    }

    // First dose of a course: at most 56 mg under 65, at most 28 mg at 65 and over (the boundary is inclusive).
    [Theory]
    [InlineData(28, 70, LimitStatus.Within)]
    [InlineData(56, 70, LimitStatus.AboveHard)]
    [InlineData(56, 65, LimitStatus.AboveHard)]
    [InlineData(28, 65, LimitStatus.Within)]
    [InlineData(56, 64, LimitStatus.Within)]
    [InlineData(84, 64, LimitStatus.AboveHard)]
    [InlineData(84, 30, LimitStatus.AboveHard)]
    public void Given_the_first_dose_of_a_course_When_calculated_Then_the_label_starting_dose_is_the_hard_limit(int mg, int age, LimitStatus status)
    {
        var calc = Calculated(Esketamine(mg, age, firstDose: true));

        Assert.Equal(status, calc.Limit.Status);
        Assert.Equal(status == LimitStatus.AboveHard, calc.RequiresCoSignature);
    }

    [Theory]
    [InlineData(56, 70)]
    [InlineData(84, 70)]
    public void Given_a_later_dose_at_65_or_over_When_calculated_Then_the_usual_limits_apply(int mg, int age)
    {
        Assert.Equal(LimitStatus.Within, Calculated(Esketamine(mg, age)).Limit.Status);
    }

    [Fact]
    public void Given_no_weight_When_esketamine_is_calculated_Then_none_is_needed()
    {
        var calc = Calculated(Esketamine(56, 40));

        Assert.Null(calc.Weight);
        Assert.Null(calc.DosePerKilogram);
    }
}
