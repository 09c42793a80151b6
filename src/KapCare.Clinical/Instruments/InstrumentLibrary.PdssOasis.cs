namespace KapCare.Clinical.Instruments;

/// <summary>
/// PDSS-SR (Shear et al., Am J Psychiatry 1997;154:1571) and OASIS (Campbell-Sills et al., J Affect Disord 2009).
/// Their item and anchor wording is copyrighted or licensed, so each item carries a faithful short label naming what
/// is asked; the clinic shows the licensed wording where it holds it.
/// </summary>
public static partial class InstrumentLibrary
{
    /// <summary>PDSS-SR ≥ 8: provisional panic disorder (REFERENCE.md §1).</summary>
    public const int PdssSrCutOff = 8;

    /// <summary>OASIS ≥ 8: clinically significant anxiety (Campbell-Sills et al. 2009).</summary>
    public const int OasisCutOff = 8;

    private static Instrument BuildPdssSr()
    {
        string[] labels =
        [
            "How often panic or limited-symptom attacks occurred",
            "How distressing the panic attacks were",
            "How much worry or fear about future panic attacks",
            "Fear or avoidance of situations because of panic",
            "Fear or avoidance of activities because of the physical sensations of panic",
            "Interference with work or responsibilities at home",
            "Interference with social life",
        ];
        var items = labels.Select((label, i) => new InstrumentItem(LinkIdOf(i + 1), null, label, AnswerLists.PdssSr)).ToArray();
        SeverityBand[] bands =
        [
            new("below-cut-off", "Below the cut-off", 0, PdssSrCutOff - 1, BandLevel.None),
            new("provisional-panic-disorder", "Provisional panic disorder", PdssSrCutOff, 28, BandLevel.Moderate),
        ];
        return new Instrument(
            InstrumentIds.PdssSr, "Panic Disorder Severity Scale – Self-Report", "PDSS-SR", Rater.Patient,
            "Think about your panic attacks and panic-related symptoms over the past week.",
            items,
            null, new CodeRef(CodeRef.Local, "pdss-sr-total", "PDSS-SR total score"),
            Sources.PdssSr,
            // The mean item score (total ÷ 7) is stored as well (REFERENCE.md §1); SumScorer rounds it to 2 decimals.
            new SumScorer(bands, reportMeanItemScore: true, interpret: (total, _) => total >= PdssSrCutOff
                ? $"Provisional panic disorder (PDSS-SR {N(total)} ≥ 8): confirm clinically."
                : $"Below the cut-off (PDSS-SR {N(total)} < 8)."));
    }

    private static Instrument BuildOasis()
    {
        // Each OASIS item has its own anchors; KapCare uses short forms of them (frequency, intensity, avoidance,
        // interference at work/school/home, interference socially), scored 0–4 as published.
        InstrumentItem[] items =
        [
            new("1", null, "How often you felt anxious in the past week",
                AnswerLists.Local("oasis-1", "No anxiety", "Infrequent anxiety", "Occasional anxiety", "Frequent anxiety", "Constant anxiety")),
            new("2", null, "How intense or severe your anxiety was when you felt anxious",
                AnswerLists.Local("oasis-2", "Little or none", "Mild", "Moderate", "Severe", "Extreme")),
            new("3", null, "How often you avoided situations, places, objects or activities because of anxiety or fear",
                AnswerLists.Local("oasis-3", "None", "Infrequent", "Occasional", "Frequent", "All the time")),
            new("4", null, "How much anxiety interfered with your ability to do what you needed to do at work, at school or at home",
                AnswerLists.Local("oasis-4", "None", "Mild", "Moderate", "Severe", "Extreme")),
            new("5", null, "How much anxiety interfered with your social life and relationships",
                AnswerLists.Local("oasis-5", "None", "Mild", "Moderate", "Severe", "Extreme")),
        ];
        SeverityBand[] bands =
        [
            new("below-cut-off", "Below the cut-off", 0, OasisCutOff - 1, BandLevel.None),
            new("clinically-significant", "Clinically significant anxiety", OasisCutOff, 20, BandLevel.Moderate),
        ];
        return new Instrument(
            InstrumentIds.Oasis, "Overall Anxiety Severity and Impairment Scale", "OASIS", Rater.Patient,
            "The following items ask about anxiety and fear over the past week.",
            items,
            null, new CodeRef(CodeRef.Local, "oasis-total", "OASIS total score"),
            Sources.Oasis,
            new SumScorer(bands, interpret: (total, _) => total >= OasisCutOff
                ? $"Clinically significant anxiety (OASIS {N(total)} ≥ 8)."
                : $"Below the cut-off (OASIS {N(total)} < 8)."));
    }
}
