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
    /// What is physically impossible or inconsistent in these facts (a typo, not a finding), each keyed by the field it
    /// belongs to (camelCase, as in JSON): empty when the facts can be evaluated. The web layer shows these as a 4xx;
    /// <see cref="EligibilityEngine.Evaluate"/> refuses such facts.
    /// </summary>
    public IReadOnlyList<IntakeProblem> Problems()
    {
        var problems = new List<IntakeProblem>();
        if (SystolicMmHg.HasValue != DiastolicMmHg.HasValue)
            problems.Add(new(SystolicMmHg is null ? "systolicMmHg" : "diastolicMmHg", "Blood pressure needs both systolic and diastolic values, or neither when not measured."));
        if (SystolicMmHg is { } sys and (< MinimumSystolic or > MaximumSystolic))
            problems.Add(new("systolicMmHg", $"{sys} mmHg is not a possible systolic pressure ({MinimumSystolic}–{MaximumSystolic})."));
        if (DiastolicMmHg is { } dia and (< MinimumDiastolic or > MaximumDiastolic))
            problems.Add(new("diastolicMmHg", $"{dia} mmHg is not a possible diastolic pressure ({MinimumDiastolic}–{MaximumDiastolic})."));
        if (SystolicMmHg is { } s and >= MinimumSystolic and <= MaximumSystolic && DiastolicMmHg is { } d and >= MinimumDiastolic and <= MaximumDiastolic && d >= s)
            problems.Add(new("diastolicMmHg", $"Diastolic ({d} mmHg) must be below systolic ({s} mmHg)."));
        if (WeightKg is { } w and (< MinimumWeightKg or > MaximumWeightKg))
            problems.Add(new("weightKg", $"{w.ToString(CultureInfo.InvariantCulture)} kg is not a possible adult weight ({MinimumWeightKg}–{MaximumWeightKg} kg)."));
        if (HeightCm is { } h and (< MinimumHeightCm or > MaximumHeightCm))
            problems.Add(new("heightCm", $"{h.ToString(CultureInfo.InvariantCulture)} cm is not a possible adult height ({MinimumHeightCm}–{MaximumHeightCm} cm)."));
        if (MonthsAbstinent is < 0)
            problems.Add(new("monthsAbstinent", "Months abstinent cannot be negative."));
        for (var i = 0; i < MedicationTrials.Count; i++)
        {
            var trial = MedicationTrials[i];
            if (string.IsNullOrWhiteSpace(trial.Drug)) problems.Add(new($"medicationTrials[{i}].drug", "Required: the drug's name."));
            if (trial.Weeks is < 0 or > 520) problems.Add(new($"medicationTrials[{i}].weeks", "Between 0 and 520 weeks."));
        }
        for (var i = 0; i < PsychotherapyCourses.Count; i++)
        {
            var course = PsychotherapyCourses[i];
            if (string.IsNullOrWhiteSpace(course.Type)) problems.Add(new($"psychotherapyCourses[{i}].type", "Required: e.g. CBT, EMDR."));
            if (course.Sessions is < 0 or > 1000) problems.Add(new($"psychotherapyCourses[{i}].sessions", "Between 0 and 1000 sessions."));
        }
        return problems;
    }

    // Physiological bounds: outside them a value is a typo (BP 400/20, weight 0), not a finding.
    public const int MinimumSystolic = 50, MaximumSystolic = 300, MinimumDiastolic = 20, MaximumDiastolic = 200;
    public const int MinimumWeightKg = 20, MaximumWeightKg = 400, MinimumHeightCm = 100, MaximumHeightCm = 250;
}

/// <summary>One impossible value: the field it belongs to (camelCase path, as in JSON) and what is wrong.</summary>
public sealed record IntakeProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
