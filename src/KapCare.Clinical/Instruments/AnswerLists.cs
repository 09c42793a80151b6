namespace KapCare.Clinical.Instruments;

/// <summary>
/// The answer lists the instruments share. Where LOINC has answer codes they are used (REFERENCE.md §1: PHQ and GAD
/// items are answered with LOINC answer list LL358-3); otherwise the codes are KapCare's own in
/// <see cref="LocalSystem"/>. Each list is a separate static class member so that the instrument definitions in the
/// partial <see cref="InstrumentLibrary"/> can use it whatever order the partial files are initialised in.
/// </summary>
public static class AnswerLists
{
    public const string LocalSystem = "urn:kapcare:answer";

    /// <summary>LOINC LL358-3, the frequency list of the PHQ-9, GAD-7, PHQ-2, GAD-2 and PHQ-4 (REFERENCE.md §1).</summary>
    public static IReadOnlyList<AnswerOption> PhqFrequency { get; } =
    [
        new(CodeRef.Loinc, "LA6568-5", "Not at all", 0),
        new(CodeRef.Loinc, "LA6569-3", "Several days", 1),
        new(CodeRef.Loinc, "LA6570-1", "More than half the days", 2),
        new(CodeRef.Loinc, "LA6571-9", "Nearly every day", 3),
    ];

    /// <summary>PCL-5 (Weathers et al. 2013, National Center for PTSD; public domain): 0 "Not at all" … 4 "Extremely".</summary>
    public static IReadOnlyList<AnswerOption> Pcl5 { get; } =
        Local("pcl-5", "Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely");

    /// <summary>SPIN response scale (Connor et al. 2000): 0 "Not at all" … 4 "Extremely".</summary>
    public static IReadOnlyList<AnswerOption> Spin { get; } =
        Local("spin", "Not at all", "A little bit", "Somewhat", "Very much", "Extremely");

    /// <summary>
    /// PDSS-SR: each item has its own published anchors (copyrighted); KapCare shows this generic 0–4 severity
    /// wording and the licensed form's anchors are used where the clinic holds them (Shear et al. 1997).
    /// </summary>
    public static IReadOnlyList<AnswerOption> PdssSr { get; } =
        Local("pdss-sr", "None", "Mild", "Moderate", "Severe", "Extreme");

    /// <summary>HAM-A grades (Hamilton 1959): 0 not present, 1 mild, 2 moderate, 3 severe, 4 very severe.</summary>
    public static IReadOnlyList<AnswerOption> HamA { get; } =
        Local("ham-a", "Not present", "Mild", "Moderate", "Severe", "Very severe");

    /// <summary>CADSS ratings (Bremner et al. 1998): 0 "Not at all" … 4 "Extremely".</summary>
    public static IReadOnlyList<AnswerOption> Cadss { get; } =
        Local("cadss", "Not at all", "Slightly", "Moderately", "Considerably", "Extremely");

    /// <summary>Yes / no, as LOINC answers LA33-6 "Yes" and LA32-8 "No"; "yes" scores 1 so that a rule can test it.</summary>
    public static IReadOnlyList<AnswerOption> YesNo { get; } =
    [
        new(CodeRef.Loinc, "LA32-8", "No", 0),
        new(CodeRef.Loinc, "LA33-6", "Yes", 1),
    ];

    /// <summary>
    /// Options scored 0, 1, 2, … in display order, in <see cref="LocalSystem"/>, coded "{prefix}-{score}" (e.g. "pcl-5-3"), so a code
    /// names both its list and its score.
    /// </summary>
    public static IReadOnlyList<AnswerOption> Local(string prefix, params string[] displays) =>
        displays.Select((display, score) => new AnswerOption(LocalSystem, $"{prefix}-{score}", display, score)).ToArray();
}
