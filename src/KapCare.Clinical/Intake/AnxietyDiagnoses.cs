namespace KapCare.Clinical.Intake;

/// <summary>The diagnoses the intake asks about: the anxiety disorders KapCare treats and their common comorbidities.</summary>
public enum DiagnosisKind
{
    GeneralizedAnxiety,
    PanicDisorder,
    AgoraphobiaWithoutPanic,
    AgoraphobiaWithPanic,
    SocialAnxiety,
    SpecificPhobia,
    AnxietyUnspecified,
    DepressionSingleEpisode,
    DepressionRecurrent,
    Ptsd,
    Ocd,
}

/// <summary>How the condition has run since onset.</summary>
public enum DiagnosisCourse
{
    Unknown = 0,
    /// <summary>Comes and goes, with symptom-free periods.</summary>
    Episodic,
    /// <summary>Present most of the time since onset.</summary>
    Persistent,
    Worsening,
    Improving,
}

/// <summary>One diagnosis with its ICD-10-CM code.</summary>
public sealed record DiagnosisDefinition(DiagnosisKind Kind, string Label, string Icd10Cm, string Icd10CmDisplay, bool IsAnxietyDisorder);

/// <summary>
/// ICD-10-CM codes for the intake's diagnoses (REFERENCE.md §6; code titles from the ICD-10-CM tabular list, FY2026).
/// Where ICD-10-CM splits a diagnosis by specifier the intake cannot know (specific phobia by object, depression by
/// severity), the "other specified" / "unspecified" code is used and the prescriber refines it in the plan.
/// </summary>
public static class AnxietyDiagnoses
{
    public static readonly IReadOnlyList<DiagnosisDefinition> All =
    [
        new(DiagnosisKind.GeneralizedAnxiety, "Generalized anxiety disorder", "F41.1", "Generalized anxiety disorder", true),
        new(DiagnosisKind.PanicDisorder, "Panic disorder", "F41.0", "Panic disorder [episodic paroxysmal anxiety]", true),
        new(DiagnosisKind.AgoraphobiaWithoutPanic, "Agoraphobia", "F40.00", "Agoraphobia, unspecified", true),
        new(DiagnosisKind.AgoraphobiaWithPanic, "Agoraphobia with panic disorder", "F40.01", "Agoraphobia with panic disorder", true),
        new(DiagnosisKind.SocialAnxiety, "Social anxiety disorder", "F40.10", "Social phobia, unspecified", true),
        new(DiagnosisKind.SpecificPhobia, "Specific phobia", "F40.298", "Other specified phobia", true),
        new(DiagnosisKind.AnxietyUnspecified, "Anxiety disorder, unspecified", "F41.9", "Anxiety disorder, unspecified", true),
        new(DiagnosisKind.DepressionSingleEpisode, "Depression (single episode)", "F32.9", "Major depressive disorder, single episode, unspecified", false),
        new(DiagnosisKind.DepressionRecurrent, "Depression (recurrent)", "F33.9", "Major depressive disorder, recurrent, unspecified", false),
        new(DiagnosisKind.Ptsd, "Post-traumatic stress disorder", "F43.10", "Post-traumatic stress disorder, unspecified", false),
        new(DiagnosisKind.Ocd, "Obsessive-compulsive disorder", "F42.9", "Obsessive-compulsive disorder, unspecified", false),
    ];

    public static DiagnosisDefinition Get(DiagnosisKind kind) => All.First(d => d.Kind == kind);
}
