using KapCare.Clinical.Sessions;

namespace KapCare.Clinical.Tests.Sessions;

/// <summary>
/// Issue 10, item 2 and REFERENCE.md §4: a missing pre-check is never a pass; resting BP above the hold threshold
/// (default 140/90, "> 140/90") holds the session for a prescriber; a new benzodiazepine, MAOI, stimulant, opioid or
/// lamotrigine raises the eligibility review; no consent, no confirmed identity or a positive pregnancy test cannot be
/// decided past.
/// </summary>
public sealed class PreCheckRulesTests
{
    private static readonly PreCheckSheet Complete = new()
    {
        IdentityConfirmed = true, TreatmentConsentCurrent = true, FastedAsInstructed = true, EscortAndRideHome = true,
        NewMedications = [], DosingWeightKg = 70m, RestingBloodPressure = new BloodPressure(128, 82), HeartRate = 74,
        OxygenSaturation = 98, RespiratoryRate = 14, PreDoseScaleDone = true,
    };

    [Fact]
    public void A_complete_sheet_with_a_normal_blood_pressure_passes()
    {
        var result = PreCheckRules.Evaluate(Complete, PreCheckRequirements.Default);

        Assert.Equal(PreCheckStatus.Passed, result.Status);
        Assert.Empty(result.Missing);
    }

    [Theory]
    [InlineData(140, 90, PreCheckStatus.Passed)]  // at the threshold: "> 140/90" holds, 140/90 does not
    [InlineData(141, 90, PreCheckStatus.Held)]
    [InlineData(140, 91, PreCheckStatus.Held)]
    [InlineData(162, 84, PreCheckStatus.Held)]
    [InlineData(118, 96, PreCheckStatus.Held)]
    public void Resting_BP_above_140_over_90_holds_the_session(int systolic, int diastolic, PreCheckStatus expected)
    {
        var result = PreCheckRules.Evaluate(Complete with { RestingBloodPressure = new BloodPressure(systolic, diastolic) }, PreCheckRequirements.Default);

        Assert.Equal(expected, result.Status);
        if (expected == PreCheckStatus.Held)
            Assert.Contains(result.Holds, h => h.Item == PreCheckItem.BaselineVitals && h.Message.Contains("above the hold threshold 140/90", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(145, 92, PreCheckStatus.Passed)]
    [InlineData(151, 92, PreCheckStatus.Held)]
    public void The_hold_threshold_is_the_clinics_setting(int systolic, int diastolic, PreCheckStatus expected)
    {
        var clinic = new PreCheckRequirements(false, new BloodPressureHold(150, 95));

        Assert.Equal(expected, PreCheckRules.Evaluate(Complete with { RestingBloodPressure = new BloodPressure(systolic, diastolic) }, clinic).Status);
    }

    [Theory]
    [InlineData(109, 90)]
    [InlineData(161, 90)]
    [InlineData(140, 69)]
    [InlineData(140, 101)]
    public void A_clinic_cannot_set_the_hold_past_its_floors(int systolic, int diastolic)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BloodPressureHold(systolic, diastolic));
    }

    public static TheoryData<string, PreCheckItem> EachMissing() => new()
    {
        { nameof(PreCheckSheet.IdentityConfirmed), PreCheckItem.IdentityConfirmed },
        { nameof(PreCheckSheet.TreatmentConsentCurrent), PreCheckItem.TreatmentConsent },
        { nameof(PreCheckSheet.FastedAsInstructed), PreCheckItem.Fasting },
        { nameof(PreCheckSheet.EscortAndRideHome), PreCheckItem.EscortAndRide },
        { nameof(PreCheckSheet.NewMedications), PreCheckItem.MedicationChanges },
        { nameof(PreCheckSheet.DosingWeightKg), PreCheckItem.DosingWeight },
        { nameof(PreCheckSheet.RestingBloodPressure), PreCheckItem.BaselineVitals },
        { nameof(PreCheckSheet.HeartRate), PreCheckItem.BaselineVitals },
        { nameof(PreCheckSheet.OxygenSaturation), PreCheckItem.BaselineVitals },
        { nameof(PreCheckSheet.RespiratoryRate), PreCheckItem.BaselineVitals },
        { nameof(PreCheckSheet.PreDoseScaleDone), PreCheckItem.PreDoseScale },
    };

    [Theory]
    [MemberData(nameof(EachMissing))]
    public void Any_item_not_recorded_leaves_the_checklist_incomplete(string field, PreCheckItem item)
    {
        var sheet = field switch
        {
            nameof(PreCheckSheet.IdentityConfirmed) => Complete with { IdentityConfirmed = null },
            nameof(PreCheckSheet.TreatmentConsentCurrent) => Complete with { TreatmentConsentCurrent = null },
            nameof(PreCheckSheet.FastedAsInstructed) => Complete with { FastedAsInstructed = null },
            nameof(PreCheckSheet.EscortAndRideHome) => Complete with { EscortAndRideHome = null },
            nameof(PreCheckSheet.NewMedications) => Complete with { NewMedications = null },
            nameof(PreCheckSheet.DosingWeightKg) => Complete with { DosingWeightKg = null },
            nameof(PreCheckSheet.RestingBloodPressure) => Complete with { RestingBloodPressure = null },
            nameof(PreCheckSheet.HeartRate) => Complete with { HeartRate = null },
            nameof(PreCheckSheet.OxygenSaturation) => Complete with { OxygenSaturation = null },
            nameof(PreCheckSheet.RespiratoryRate) => Complete with { RespiratoryRate = null },
            nameof(PreCheckSheet.PreDoseScaleDone) => Complete with { PreDoseScaleDone = null },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var result = PreCheckRules.Evaluate(sheet, PreCheckRequirements.Default);

        Assert.Equal(PreCheckStatus.Incomplete, result.Status);
        Assert.Equal([item], result.Missing);
    }

    [Fact]
    public void An_empty_sheet_is_incomplete_in_every_item_and_never_passes()
    {
        var result = PreCheckRules.Evaluate(new PreCheckSheet(), new PreCheckRequirements(true, new BloodPressureHold()));

        Assert.Equal(PreCheckStatus.Incomplete, result.Status);
        Assert.Equal(Enum.GetValues<PreCheckItem>(), result.Missing.Order());
    }

    [Theory]
    [InlineData("Xanax 0.5 mg at night", "a benzodiazepine")]
    [InlineData("phenelzine", "an MAOI")]
    [InlineData("Adderall XR 20 mg", "a psychostimulant")]
    [InlineData("tramadol for back pain", "an opioid")]
    [InlineData("Lamictal 25 mg", "lamotrigine")]
    public void A_new_interacting_medicine_holds_the_session_for_the_prescriber(string medicine, string label)
    {
        var result = PreCheckRules.Evaluate(Complete with { NewMedications = ["sertraline 50 mg", medicine] }, PreCheckRequirements.Default);

        Assert.Equal(PreCheckStatus.Held, result.Status);
        var hold = Assert.Single(result.Holds);
        Assert.Equal(PreCheckItem.MedicationChanges, hold.Item);
        Assert.Contains(label, hold.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_medicine_outside_those_classes_does_not_hold()
    {
        Assert.Equal(PreCheckStatus.Passed, PreCheckRules.Evaluate(Complete with { NewMedications = ["sertraline 50 mg"] }, PreCheckRequirements.Default).Status);
    }

    [Theory]
    [InlineData(false, null, null)]
    [InlineData(null, false, null)]
    [InlineData(null, null, PregnancyTestResult.Positive)]
    public void No_identity_no_consent_or_a_positive_pregnancy_test_blocks_even_with_a_BP_hold(bool? identity, bool? consent, PregnancyTestResult? pregnancy)
    {
        var sheet = Complete with
        {
            IdentityConfirmed = identity ?? true, TreatmentConsentCurrent = consent ?? true, PregnancyTest = pregnancy ?? PregnancyTestResult.Negative,
            RestingBloodPressure = new BloodPressure(150, 95),
        };

        var result = PreCheckRules.Evaluate(sheet, new PreCheckRequirements(true, new BloodPressureHold()));

        Assert.Equal(PreCheckStatus.Blocked, result.Status);
        Assert.Single(result.Blocks);
        Assert.Single(result.Holds);
    }

    [Fact]
    public void A_pregnancy_test_counts_only_where_the_plan_asks_for_one()
    {
        Assert.Equal(PreCheckStatus.Passed, PreCheckRules.Evaluate(Complete, new PreCheckRequirements(false, new BloodPressureHold())).Status);
        var asked = PreCheckRules.Evaluate(Complete, new PreCheckRequirements(true, new BloodPressureHold()));
        Assert.Equal([PreCheckItem.PregnancyTest], asked.Missing);
        Assert.Equal(PreCheckStatus.Passed, PreCheckRules.Evaluate(Complete with { PregnancyTest = PregnancyTestResult.Negative }, new PreCheckRequirements(true, new BloodPressureHold())).Status);
    }

    [Theory]
    [InlineData(false, PreCheckItem.Fasting)]
    [InlineData(true, PreCheckItem.EscortAndRide)]
    public void Not_fasted_or_no_escort_is_a_prescribers_decision(bool fasted, PreCheckItem held)
    {
        var result = PreCheckRules.Evaluate(Complete with { FastedAsInstructed = fasted, EscortAndRideHome = !fasted ? true : false }, PreCheckRequirements.Default);

        Assert.Equal(PreCheckStatus.Held, result.Status);
        Assert.Equal(held, Assert.Single(result.Holds).Item);
    }

    [Theory]
    [InlineData(49, 30)]
    [InlineData(301, 90)]
    [InlineData(120, 19)]
    [InlineData(90, 90)]
    [InlineData(80, 120)]
    public void A_reading_no_cuff_gives_is_refused(int systolic, int diastolic)
    {
        Assert.NotNull(BloodPressure.Problem(systolic, diastolic));
        Assert.Throws<ArgumentException>(() => new BloodPressure(systolic, diastolic));
    }
}
