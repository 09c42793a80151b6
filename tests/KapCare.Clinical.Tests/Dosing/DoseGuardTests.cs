using KapCare.Clinical.Dosing;
using KapCare.Clinical.Patients;
using static KapCare.Clinical.Tests.Dosing.Requests;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>
/// Issue 9, item 8: guards of the dose calculator that used to be walked past — IV infusions faster than the 40-minute
/// minimum, weight-based doses with no mg ceiling, obese patients dosed on actual weight with no mention of ideal or
/// adjusted body weight. Expected values worked by hand below.
/// </summary>
public sealed class DoseGuardTests
{
    [Theory]
    [InlineData("10")]
    [InlineData("20")]
    [InlineData("39")]
    public void An_IV_infusion_faster_than_40_minutes_is_a_hard_limit(string minutes)
    {
        // REFERENCE.md §3: 0.5 mg/kg over 40 min; infusions 40–60 min.
        var calculation = Calculated(Iv("0.5", "70", "50", minutes: minutes));

        Assert.Equal(LimitStatus.AboveHard, calculation.Limit.Status);
        Assert.True(calculation.RequiresCoSignature);
        Assert.Contains("40-minute minimum", calculation.Limit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_40_minute_infusion_is_within_limits()
    {
        Assert.Equal(LimitStatus.Within, Calculated(Iv("0.5", "70", "50", minutes: "40")).Limit.Status);
    }

    [Fact]
    public void A_weight_based_dose_above_the_mg_ceiling_is_a_hard_limit_whatever_the_weight()
    {
        // 1.0 mg/kg × 250 kg = 250 mg: at the per-kg hard limit, but above the 120 mg ceiling (1.0 mg/kg at 120 kg).
        // 250 mg from 50 mg/mL = 5 mL (a 10 mL syringe holds it exactly) in a 250 mL bag.
        var calculation = Calculated(Iv("1.0", "250", "50", finalMl: "250"));

        Assert.Equal(250m, calculation.Dose.Value);
        Assert.Equal(LimitStatus.AboveHard, calculation.Limit.Status);
        Assert.Contains("120 mg", calculation.Limit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Between_the_soft_and_hard_ceilings_a_heavy_patients_dose_warns()
    {
        // 0.7 mg/kg × 150 kg = 105 mg = 2.1 mL of 50 mg/mL: within 0.75 mg/kg (soft) per kg, but above the 90 mg soft
        // ceiling (0.75 mg/kg at 120 kg) and below the 120 mg hard one.
        var calculation = Calculated(Iv("0.7", "150", "50"));

        Assert.Equal(105m, calculation.Dose.Value);
        Assert.Equal(LimitStatus.AboveSoft, calculation.Limit.Status);
    }

    [Fact]
    public void Above_the_BMI_threshold_the_dose_by_ideal_and_adjusted_body_weight_is_shown()
    {
        // 120 kg, 170 cm, female: BMI 120 ÷ 1.70² = 41.5. Devine: 170 cm = 66.93 in, 6.93 in over 5 ft →
        // 45.5 + 2.3 × 6.93 = 61.4 kg; adjusted 61.44 + 0.4 × (120 − 61.44) = 84.9 kg. At 0.5 mg/kg: 30.7 mg and 42.4 mg.
        var calculation = Calculated(Iv("0.5", "120", "50") with { HeightCm = 170m, Sex = AdministrativeSex.Female, BmiWarningAbove = 35m });

        var warning = Assert.Single(calculation.Warnings, w => w.StartsWith("BMI", StringComparison.Ordinal));
        Assert.Contains("BMI 41.5 is above 35", warning, StringComparison.Ordinal);
        Assert.Contains("ideal body weight 61.4 kg", warning, StringComparison.Ordinal);
        Assert.Contains("30.7 mg", warning, StringComparison.Ordinal);
        Assert.Contains("adjusted body weight 84.9 kg", warning, StringComparison.Ordinal);
        Assert.Contains("42.4 mg", warning, StringComparison.Ordinal);
        Assert.Equal(60m, calculation.Dose.Value); // still by actual weight: 0.5 × 120
    }

    [Fact]
    public void At_or_below_the_BMI_threshold_there_is_no_body_size_warning()
    {
        // 70 kg, 170 cm: BMI 24.2.
        var calculation = Calculated(Iv("0.5", "70", "50") with { HeightCm = 170m, Sex = AdministrativeSex.Male, BmiWarningAbove = 35m });

        Assert.DoesNotContain(calculation.Warnings, w => w.StartsWith("BMI", StringComparison.Ordinal));
    }

    [Fact]
    public void Above_a_hard_limit_the_limit_is_co_signed_not_acknowledged_but_other_warnings_still_need_acknowledging()
    {
        // 1.2 mg/kg IV × 70 kg = 84 mg: above the 1.0 mg/kg hard limit; nothing else to warn about.
        var plain = Calculated(Iv("1.2", "70", "50"));
        Assert.True(plain.RequiresCoSignature);
        Assert.Equal([plain.Limit.Message], plain.Warnings);
        Assert.Empty(plain.WarningsToAcknowledge);

        // The same dose for 120 kg at 170 cm (BMI 41.5 > 35): 144 mg, above the hard limit and the 120 mg ceiling, and the
        // body-size warning stays for the prescriber to acknowledge even though a co-signature is needed anyway.
        var heavy = Calculated(Iv("1.2", "120", "50") with { HeightCm = 170m, Sex = AdministrativeSex.Female, BmiWarningAbove = 35m });
        Assert.True(heavy.RequiresCoSignature);
        Assert.DoesNotContain(heavy.Limit.Message, heavy.WarningsToAcknowledge);
        Assert.Contains(heavy.WarningsToAcknowledge, w => w.Contains("ideal body weight", StringComparison.OrdinalIgnoreCase));

        // Below the hard limit a soft-limit warning is acknowledged: 0.8 mg/kg is above IV's 0.75 soft limit.
        var soft = Calculated(Iv("0.8", "70", "50"));
        Assert.False(soft.RequiresCoSignature);
        Assert.Equal(soft.Warnings, soft.WarningsToAcknowledge);
        Assert.Contains(soft.Limit.Message, soft.WarningsToAcknowledge);
    }
}
