namespace KapCare.Clinical.Instruments;

/// <summary>
/// PCL-5, the PTSD Checklist for DSM-5 (Weathers, Litz, Keane, Palmieri, Marx &amp; Schnurr 2013, National Center for
/// PTSD: public domain), with the wording of the standard past-month form. Scoring and cut-off: Blevins et al.,
/// J Trauma Stress 2015;28:489.
/// </summary>
public static partial class InstrumentLibrary
{
    /// <summary>The default probable-PTSD cut-off; the literature supports 31–33 (REFERENCE.md §1), the clinic may configure it.</summary>
    public const int Pcl5DefaultCutOff = 33;

    /// <summary>
    /// The PCL-5 with a clinic's probable-PTSD cut-off (total ≥ <paramref name="probablePtsdCutOff"/>); the default 33
    /// is what <see cref="All"/> holds.
    /// </summary>
    public static Instrument Pcl5(int probablePtsdCutOff = Pcl5DefaultCutOff)
    {
        // 1 keeps a "below cut-off" band non-empty; 80 is the highest total (20 items × 4).
        ArgumentOutOfRangeException.ThrowIfLessThan(probablePtsdCutOff, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probablePtsdCutOff, 80);

        // LOINC has codes for the PCL-5 items, but we do not hold them with certainty: the items carry none rather than a
        // guessed code (the panel and total codes are from REFERENCE.md §1).
        string[] texts =
        [
            "Repeated, disturbing, and unwanted memories of the stressful experience?",
            "Repeated, disturbing dreams of the stressful experience?",
            "Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?",
            "Feeling very upset when something reminded you of the stressful experience?",
            "Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?",
            "Avoiding memories, thoughts, or feelings related to the stressful experience?",
            "Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?",
            "Trouble remembering important parts of the stressful experience?",
            "Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?",
            "Blaming yourself or someone else for the stressful experience or what happened after it?",
            "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
            "Loss of interest in activities that you used to enjoy?",
            "Feeling distant or cut off from other people?",
            "Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?",
            "Irritable behavior, angry outbursts, or acting aggressively?",
            "Taking too many risks or doing things that could cause you harm?",
            "Being \"superalert\" or watchful or on guard?",
            "Feeling jumpy or easily startled?",
            "Having difficulty concentrating?",
            "Trouble falling or staying asleep?",
        ];
        var items = texts.Select((text, i) => new InstrumentItem(LinkIdOf(i + 1), null, text, AnswerLists.Pcl5)).ToArray();

        SeverityBand[] bands =
        [
            new("below-cut-off", "Below the probable-PTSD cut-off", 0, probablePtsdCutOff - 1, BandLevel.None),
            new("probable-ptsd", "Probable PTSD", probablePtsdCutOff, 80, BandLevel.Severe),
        ];

        // DSM-5 symptom clusters (Blevins et al. 2015): B intrusion 1–5, C avoidance 6–7, D negative alterations in
        // cognitions and mood 8–14, E alterations in arousal and reactivity 15–20.
        SubscaleDefinition[] clusters =
        [
            new("cluster-b", "Intrusion (cluster B)", Range(1, 5)),
            new("cluster-c", "Avoidance (cluster C)", Range(6, 7)),
            new("cluster-d", "Negative alterations in cognitions and mood (cluster D)", Range(8, 14)),
            new("cluster-e", "Alterations in arousal and reactivity (cluster E)", Range(15, 20)),
        ];

        return new Instrument(
            InstrumentIds.Pcl5, "PTSD Checklist for DSM-5", "PCL-5", Rater.Patient,
            "Below is a list of problems that people sometimes have in response to a very stressful experience. Please read each problem carefully and then select one of the options to indicate how much you have been bothered by that problem in the past month. In the past month, how much were you bothered by:",
            items,
            "101697-1", new CodeRef(CodeRef.Loinc, "101698-9", "PTSD Checklist for DSM-5 (PCL-5) total score"),
            Sources.Pcl5,
            new SumScorer(bands, clusters, (total, _) => total >= probablePtsdCutOff
                ? $"Probable PTSD (PCL-5 {N(total)} ≥ {N(probablePtsdCutOff)}): confirm with a clinical interview."
                : $"Below the probable-PTSD cut-off (PCL-5 {N(total)} < {N(probablePtsdCutOff)})."));
    }

    private static string LinkIdOf(int number) => N(number);

    private static string[] Range(int first, int last) => Enumerable.Range(first, last - first + 1).Select(LinkIdOf).ToArray();
}
