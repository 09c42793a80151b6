using KapCare.Clinical.Dosing;
using static KapCare.Clinical.Tests.Dosing.Requests;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>
/// The co-signature rule: a dose above a hard limit is ordered only with a second, different prescriber's co-signature and
/// a written reason of at least 20 characters. Every dose change carries its reason.
/// </summary>
public sealed class DoseOrderTests
{
    private const string Reason = "Partial response at 1.0 mg/kg over six sessions, well tolerated; agreed at case review.";

    // 1.2 × 80 = 96 mg > 80 mg (IV hard 1.0 × 80) → above hard. 96 ÷ 100 = 0.96 mL → 96 mg.
    private static readonly DoseCalculation AboveHard = Calculated(Iv("1.2", "80", "100"));

    // 0.5 × 80 = 40 mg → within.
    private static readonly DoseCalculation Within = Calculated(Iv("0.5", "80", "100"));

    [Fact]
    public void Given_a_dose_above_the_hard_limit_When_ordered_without_a_co_signature_Then_refused()
    {
        Assert.Equal(LimitStatus.AboveHard, AboveHard.Limit.Status);

        var ex = Assert.Throws<InvalidOperationException>(() => DoseOrder.Create(AboveHard, "dr.okafor"));
        Assert.Contains("second prescriber", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dr.okafor")]
    [InlineData("DR.OKAFOR")]
    [InlineData("  dr.okafor ")]
    public void Given_the_ordering_prescriber_as_co_signer_When_ordered_Then_refused(string coSigner)
    {
        var coSignature = CoSignature.Create(coSigner, Reason);

        Assert.Throws<InvalidOperationException>(() => DoseOrder.Create(AboveHard, "dr.okafor", coSignature));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Patient wants more.")]
    public void Given_a_missing_or_short_reason_When_co_signing_Then_refused(string reason)
    {
        Assert.Throws<ArgumentException>(() => CoSignature.Create("dr.adeyemi", reason));
    }

    [Fact]
    public void Given_no_co_signer_When_co_signing_Then_refused()
    {
        Assert.Throws<ArgumentException>(() => CoSignature.Create(" ", Reason));
    }

    [Fact]
    public void Given_a_second_prescribers_co_signature_with_a_reason_When_ordered_Then_accepted()
    {
        var order = DoseOrder.Create(AboveHard, "dr.okafor", CoSignature.Create("dr.adeyemi", Reason));

        Assert.Equal(96m, order.Dose.Value);
        Assert.Equal("dr.okafor", order.OrderedBy);
        Assert.Equal("dr.adeyemi", order.CoSignature!.CoSignedBy);
        Assert.Equal(Reason, order.CoSignature.Reason);
    }

    [Fact]
    public void Given_a_dose_within_limits_When_ordered_by_one_prescriber_Then_accepted()
    {
        var order = DoseOrder.Create(Within, "dr.okafor");

        Assert.Equal(40m, order.Dose.Value);
        Assert.Null(order.CoSignature);
    }

    [Fact]
    public void Given_no_ordering_prescriber_When_ordered_Then_refused()
    {
        Assert.Throws<ArgumentException>(() => DoseOrder.Create(Within, ""));
    }

    [Fact]
    public void Given_a_dose_change_with_its_reason_When_recorded_Then_kept_in_UTC()
    {
        var at = new DateTimeOffset(2026, 3, 4, 9, 30, 0, TimeSpan.FromHours(-6));

        var change = DoseChange.Create(DoseRule.MgPerKg(0.5m), DoseRule.MgPerKg(0.75m), "No response after two sessions.", "dr.okafor", at);

        Assert.Equal(new DateTimeOffset(2026, 3, 4, 15, 30, 0, TimeSpan.Zero), change.ChangedAt);
        Assert.Equal(TimeSpan.Zero, change.ChangedAt.Offset);
        Assert.Equal(DoseRule.MgPerKg(0.75m), change.To);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("because")]
    public void Given_a_dose_change_without_a_reason_When_recorded_Then_refused(string reason)
    {
        Assert.Throws<ArgumentException>(() =>
            DoseChange.Create(DoseRule.MgPerKg(0.5m), DoseRule.MgPerKg(0.75m), reason, "dr.okafor", DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Given_a_dose_change_to_the_same_dose_or_by_nobody_When_recorded_Then_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            DoseChange.Create(DoseRule.MgPerKg(0.5m), DoseRule.MgPerKg(0.50m), "Same dose, written differently.", "dr.okafor", DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() =>
            DoseChange.Create(DoseRule.MgPerKg(0.5m), DoseRule.MgPerKg(0.75m), "No response after two sessions.", " ", DateTimeOffset.UtcNow));
    }
}
