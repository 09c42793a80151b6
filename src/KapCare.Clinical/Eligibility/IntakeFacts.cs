using System.Globalization;

namespace KapCare.Clinical.Eligibility;

/// <summary>
/// An answer that may be missing. <see cref="Unknown"/> is the default, so a question nobody asked is never read as
/// "no" (REFERENCE.md §2: no outcome is reached silently).
/// </summary>
public enum YesNoUnknown
{
    Unknown = 0,
    No,
    Yes,
}

/// <summary>The C-SSRS screener risk level (REFERENCE.md §1); <see cref="Unknown"/> when the screener was not completed.</summary>
public enum CssrsRiskLevel
{
    Unknown = 0,
    Low,
    Moderate,
    High,
}

/// <summary>A prior medication trial: the drug, whether the dose was adequate, and how many weeks it was taken.</summary>
public sealed record MedicationTrial(string Drug, YesNoUnknown DoseAdequate, int? Weeks)
{
    public override string ToString() => Drug;
}

/// <summary>A prior course of psychotherapy (e.g. "CBT"), its number of sessions if known, and whether it was completed.</summary>
public sealed record PsychotherapyCourse(string Type, int? Sessions, YesNoUnknown Completed)
{
    public override string ToString() => Sessions is { } n ? $"{Type} ({n.ToString(CultureInfo.InvariantCulture)} sessions)" : Type;
}

/// <summary>
/// What the intake found, as the eligibility rules read it (REFERENCE.md §2). Every finding starts
/// <see cref="YesNoUnknown.Unknown"/> and every measurement <c>null</c>: the web intake fills what it learns, and
/// what it does not becomes a "missing information" reason.
/// </summary>
/// <remarks>
/// Findings that do not apply to a patient (pregnancy, breastfeeding) should be recorded as
/// <see cref="YesNoUnknown.No"/> by the intake, not left unknown.
/// </remarks>
public sealed record IntakeFacts
{
    public int? SystolicMmHg { get; init; }
    public int? DiastolicMmHg { get; init; }
    public decimal? WeightKg { get; init; }
    public decimal? HeightCm { get; init; }

    /// <summary>Current or past schizophrenia, schizoaffective disorder, or bipolar disorder with psychotic features.</summary>
    public YesNoUnknown PsychoticDisorderHistory { get; init; }

    public YesNoUnknown BipolarDisorder { get; init; }

    /// <summary>Asked only when <see cref="BipolarDisorder"/> is yes.</summary>
    public YesNoUnknown OnMoodStabilizer { get; init; }

    public YesNoUnknown SubstanceUseDisorder { get; init; }

    /// <summary>Months since last use; 0 when use is current. Asked only when <see cref="SubstanceUseDisorder"/> is yes.</summary>
    public int? MonthsAbstinent { get; init; }

    public YesNoUnknown AneurysmalVascularDisease { get; init; }
    public YesNoUnknown ArteriovenousMalformation { get; init; }
    public YesNoUnknown IntracerebralHaemorrhageHistory { get; init; }
    public YesNoUnknown IschaemicHeartDisease { get; init; }
    public YesNoUnknown CerebrovascularDisease { get; init; }
    public YesNoUnknown Pregnant { get; init; }
    public YesNoUnknown Breastfeeding { get; init; }
    public YesNoUnknown TakesBenzodiazepine { get; init; }
    public YesNoUnknown TakesOpioid { get; init; }
    public YesNoUnknown TakesMaoi { get; init; }
    public YesNoUnknown TakesPsychostimulant { get; init; }
    public CssrsRiskLevel SuicideRisk { get; init; }
    public YesNoUnknown SupportPerson { get; init; }
    public YesNoUnknown TransportHome { get; init; }
    public IReadOnlyList<MedicationTrial> MedicationTrials { get; init; } = [];
    public IReadOnlyList<PsychotherapyCourse> PsychotherapyCourses { get; init; } = [];

    /// <summary>
    /// What is physically impossible or inconsistent in these facts (a typo, not a finding): empty when the facts can be
    /// evaluated. The web layer shows these as a 4xx; <see cref="EligibilityEngine.Evaluate"/> refuses such facts.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (SystolicMmHg.HasValue != DiastolicMmHg.HasValue)
            problems.Add("Blood pressure needs both systolic and diastolic values.");
        if (SystolicMmHg is { } sys and (< 50 or > 300))
            problems.Add($"Systolic blood pressure {sys} mmHg is outside 50–300 mmHg.");
        if (DiastolicMmHg is { } dia and (< 20 or > 200))
            problems.Add($"Diastolic blood pressure {dia} mmHg is outside 20–200 mmHg.");
        if (SystolicMmHg is { } s && DiastolicMmHg is { } d && d >= s)
            problems.Add($"Diastolic blood pressure ({d} mmHg) must be below systolic ({s} mmHg).");
        if (WeightKg is { } w and (< 20m or > 400m))
            problems.Add($"Weight {w} kg is outside 20–400 kg.");
        if (HeightCm is { } h and (< 100m or > 250m))
            problems.Add($"Height {h} cm is outside 100–250 cm.");
        if (MonthsAbstinent is < 0)
            problems.Add("Months abstinent cannot be negative.");
        foreach (var trial in MedicationTrials)
        {
            if (string.IsNullOrWhiteSpace(trial.Drug)) problems.Add("A medication trial has no drug name.");
            if (trial.Weeks is < 0) problems.Add($"Medication trial {trial.Drug}: weeks cannot be negative.");
        }
        foreach (var course in PsychotherapyCourses)
        {
            if (string.IsNullOrWhiteSpace(course.Type)) problems.Add("A psychotherapy course has no type.");
            if (course.Sessions is < 0) problems.Add($"Psychotherapy course {course.Type}: sessions cannot be negative.");
        }
        return problems;
    }
}
