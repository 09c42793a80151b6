using KapCare.Clinical.Intake;

namespace KapCare.Clinical.Sessions;

/// <summary>The items of the pre-dose checklist (issue 10, item 2), each recorded with who and when.</summary>
public enum PreCheckItem
{
    IdentityConfirmed,
    TreatmentConsent,
    Fasting,
    EscortAndRide,
    PregnancyTest,
    MedicationChanges,
    DosingWeight,
    BaselineVitals,
    PreDoseScale,
}

public enum PregnancyTestResult { Negative, Positive }

/// <summary>A blood pressure in mmHg, within what a cuff can read (systolic 50–300, diastolic 20–200, systolic above diastolic).</summary>
public readonly record struct BloodPressure
{
    public BloodPressure(int systolic, int diastolic)
    {
        if (Problem(systolic, diastolic) is { } problem) throw new ArgumentException(problem, nameof(systolic));
        Systolic = systolic;
        Diastolic = diastolic;
    }

    public int Systolic { get; }
    public int Diastolic { get; }

    public static string? Problem(int systolic, int diastolic) =>
        systolic is < 50 or > 300 ? $"A systolic pressure of {systolic} mmHg is outside 50–300: check the reading."
        : diastolic is < 20 or > 200 ? $"A diastolic pressure of {diastolic} mmHg is outside 20–200: check the reading."
        : diastolic >= systolic ? $"The diastolic pressure ({diastolic}) must be below the systolic ({systolic})."
        : null;

    public override string ToString() => $"{Systolic}/{Diastolic} mmHg";
}

/// <summary>
/// The pre-dose BP hold (REFERENCE.md §4: "resting BP > 140/90 mmHg → do not dose this session without a prescriber's
/// documented decision", default configurable per clinic; esketamine label "weigh the risk above 140/90"). A clinic may
/// set 110–160 systolic and 70–100 diastolic (the same floors as the eligibility BP review, docs/decisions/0019).
/// </summary>
public sealed record BloodPressureHold
{
    public const int DefaultSystolic = 140, DefaultDiastolic = 90;
    public const int MinSystolic = 110, MaxSystolic = 160, MinDiastolic = 70, MaxDiastolic = 100;

    public BloodPressureHold(int systolicAbove = DefaultSystolic, int diastolicAbove = DefaultDiastolic)
    {
        if (systolicAbove is < MinSystolic or > MaxSystolic)
            throw new ArgumentOutOfRangeException(nameof(systolicAbove), systolicAbove, $"The systolic hold threshold must be {MinSystolic}–{MaxSystolic} mmHg.");
        if (diastolicAbove is < MinDiastolic or > MaxDiastolic)
            throw new ArgumentOutOfRangeException(nameof(diastolicAbove), diastolicAbove, $"The diastolic hold threshold must be {MinDiastolic}–{MaxDiastolic} mmHg.");
        SystolicAbove = systolicAbove;
        DiastolicAbove = diastolicAbove;
    }

    public int SystolicAbove { get; }
    public int DiastolicAbove { get; }

    public bool Holds(BloodPressure bp) => bp.Systolic > SystolicAbove || bp.Diastolic > DiastolicAbove;

    public override string ToString() => $"{SystolicAbove}/{DiastolicAbove} mmHg";
}

/// <summary>
/// What the nurse recorded before the dose. Null means "not recorded yet" — never "fine": a missing pre-check is never a
/// pass. <see cref="NewMedications"/> is the list of medicines started since the last session (empty = asked, none).
/// </summary>
public sealed record PreCheckSheet
{
    public bool? IdentityConfirmed { get; init; }
    /// <summary>From the consent records (issue 4's check), not typed: whether a current treatment consent is signed.</summary>
    public bool? TreatmentConsentCurrent { get; init; }
    public bool? FastedAsInstructed { get; init; }
    public bool? EscortAndRideHome { get; init; }
    public PregnancyTestResult? PregnancyTest { get; init; }
    public IReadOnlyList<string>? NewMedications { get; init; }
    /// <summary>The dosing weight a clinician vouches for (today's, or confirmed within the clinic's window).</summary>
    public decimal? DosingWeightKg { get; init; }
    public BloodPressure? RestingBloodPressure { get; init; }
    public int? HeartRate { get; init; }
    public int? OxygenSaturation { get; init; }
    public int? RespiratoryRate { get; init; }
    /// <summary>Whether today's pre-dose scale (GAD-7 or the plan's) has been answered.</summary>
    public bool? PreDoseScaleDone { get; init; }
}

/// <summary>What the plan and the clinic ask of this session's pre-checks.</summary>
public sealed record PreCheckRequirements(bool PregnancyTestRequired, BloodPressureHold Hold)
{
    public static readonly PreCheckRequirements Default = new(false, new BloodPressureHold());
}

public enum PreCheckStatus
{
    /// <summary>Something is not recorded yet: dosing cannot start.</summary>
    Incomplete,
    /// <summary>Cannot be dosed today whoever decides (no consent, identity not confirmed, a positive pregnancy test).</summary>
    Blocked,
    /// <summary>Recorded, but a finding needs a prescriber's decision (BP above the hold threshold, a new interacting medicine, …).</summary>
    Held,
    Passed,
}

public sealed record PreCheckFinding(PreCheckItem Item, string Message);

public sealed record PreCheckResult(IReadOnlyList<PreCheckItem> Missing, IReadOnlyList<PreCheckFinding> Blocks, IReadOnlyList<PreCheckFinding> Holds)
{
    public PreCheckStatus Status => Blocks.Count > 0 ? PreCheckStatus.Blocked : Missing.Count > 0 ? PreCheckStatus.Incomplete
        : Holds.Count > 0 ? PreCheckStatus.Held : PreCheckStatus.Passed;
}

/// <summary>
/// The pre-dose checklist's rules (issue 10, item 2; REFERENCE.md §2 and §4). Interacting medicines are those the
/// eligibility rules review (Spravato label: benzodiazepines, opioids, MAOIs, psychostimulants; lamotrigine attenuates
/// ketamine's effect, Anand 2000): one started since the last session holds the session for the prescriber, as at
/// eligibility.
/// </summary>
public static class PreCheckRules
{
    public static readonly IReadOnlySet<DrugClass> ReviewedClasses =
        new HashSet<DrugClass> { DrugClass.Benzodiazepine, DrugClass.Maoi, DrugClass.Psychostimulant, DrugClass.Opioid, DrugClass.Lamotrigine };

    public static PreCheckResult Evaluate(PreCheckSheet sheet, PreCheckRequirements requirements)
    {
        var missing = new List<PreCheckItem>();
        var blocks = new List<PreCheckFinding>();
        var holds = new List<PreCheckFinding>();

        switch (sheet.IdentityConfirmed)
        {
            case null: missing.Add(PreCheckItem.IdentityConfirmed); break;
            case false: blocks.Add(new(PreCheckItem.IdentityConfirmed, "Identity not confirmed: never dose a person whose identity is not confirmed (name and date of birth against the wristband or ID).")); break;
        }
        switch (sheet.TreatmentConsentCurrent)
        {
            case null: missing.Add(PreCheckItem.TreatmentConsent); break;
            case false: blocks.Add(new(PreCheckItem.TreatmentConsent, "No current signed treatment consent: the patient signs the current consent before any dose.")); break;
        }
        switch (sheet.FastedAsInstructed)
        {
            case null: missing.Add(PreCheckItem.Fasting); break;
            case false: holds.Add(new(PreCheckItem.Fasting, "Not fasted as instructed (nausea and vomiting are common after ketamine): a prescriber decides whether to dose.")); break;
        }
        switch (sheet.EscortAndRideHome)
        {
            case null: missing.Add(PreCheckItem.EscortAndRide); break;
            case false: holds.Add(new(PreCheckItem.EscortAndRide, "No responsible adult escort or ride home (REFERENCE §4: no driving until the next day): a prescriber decides.")); break;
        }
        if (requirements.PregnancyTestRequired)
        {
            switch (sheet.PregnancyTest)
            {
                case null: missing.Add(PreCheckItem.PregnancyTest); break;
                case PregnancyTestResult.Positive: blocks.Add(new(PreCheckItem.PregnancyTest, "Positive pregnancy test: ketamine is not given in pregnancy (REFERENCE §2).")); break;
            }
        }
        if (sheet.NewMedications is null) missing.Add(PreCheckItem.MedicationChanges);
        else
        {
            foreach (var medicine in sheet.NewMedications)
            {
                var reviewed = DrugClasses.Of(medicine).Where(ReviewedClasses.Contains).ToList();
                if (reviewed.Count > 0)
                {
                    holds.Add(new(PreCheckItem.MedicationChanges,
                        $"New since the last session: {medicine.Trim()} ({string.Join(", ", reviewed.Select(DrugClasses.Label))}), reviewed at eligibility too: a prescriber decides."));
                }
            }
        }
        if (sheet.DosingWeightKg is null) missing.Add(PreCheckItem.DosingWeight);
        if (sheet.RestingBloodPressure is not { } bp || sheet.HeartRate is null || sheet.OxygenSaturation is null || sheet.RespiratoryRate is null)
            missing.Add(PreCheckItem.BaselineVitals);
        else if (requirements.Hold.Holds(bp))
            holds.Add(new(PreCheckItem.BaselineVitals, $"Resting BP {bp} is above the hold threshold {requirements.Hold}: no dose without a prescriber's decision (REFERENCE §4)."));
        if (sheet.PreDoseScaleDone is not true) missing.Add(PreCheckItem.PreDoseScale);

        return new PreCheckResult(missing, blocks, holds);
    }

    public static string Label(PreCheckItem item) => item switch
    {
        PreCheckItem.IdentityConfirmed => "Identity confirmed",
        PreCheckItem.TreatmentConsent => "Current treatment consent",
        PreCheckItem.Fasting => "Fasting as instructed",
        PreCheckItem.EscortAndRide => "Escort and ride home",
        PreCheckItem.PregnancyTest => "Pregnancy test",
        PreCheckItem.MedicationChanges => "Medication changes since the last session",
        PreCheckItem.DosingWeight => "Today's dosing weight",
        PreCheckItem.BaselineVitals => "Baseline vitals",
        PreCheckItem.PreDoseScale => "Pre-dose scale",
    };
}
