namespace KapCare.Clinical.Instruments;

/// <summary>
/// SPIN, the Social Phobia Inventory (Connor et al., Br J Psychiatry 2000;176:379). Its item wording is copyrighted,
/// so each item carries a faithful short label naming what is asked; the clinic shows the licensed wording where it
/// holds it.
/// </summary>
public static partial class InstrumentLibrary
{
    /// <summary>SPIN ≥ 19 distinguishes people with social anxiety disorder from controls (Connor et al. 2000).</summary>
    public const int SpinScreenCutOff = 19;

    private static Instrument BuildSpin()
    {
        string[] labels =
        [
            "Fear of people in authority",
            "Bothered by blushing in front of people",
            "Fear of parties and social events",
            "Avoiding talking to people one does not know",
            "Fear of being criticized",
            "Avoiding doing things or speaking to people for fear of embarrassment",
            "Distress at sweating in front of people",
            "Avoiding going to parties",
            "Avoiding activities in which one is the center of attention",
            "Fear of talking to strangers",
            "Avoiding having to give speeches",
            "Doing anything to avoid being criticized",
            "Bothered by heart palpitations when around people",
            "Fear of doing things when people might be watching",
            "Being embarrassed or looking stupid among one's worst fears",
            "Avoiding speaking to anyone in authority",
            "Distress at trembling or shaking in front of others",
        ];
        var items = labels.Select((label, i) => new InstrumentItem(LinkIdOf(i + 1), null, label, AnswerLists.Spin)).ToArray();

        // REFERENCE.md §1 gives the screening cut-off (≥ 19) and severity bands that start at 21 (21–30 mild, 31–40
        // moderate, 41–50 severe, ≥ 51 very severe; the published scoring sheet calls < 21 "none"). Read literally, 19–20
        // would be both "positive" and "none", so KapCare splits the range below 21 at the cut-off: 0–18 below the
        // screening cut-off, 19–20 a positive screen below the mild band. Every total falls in exactly one band and
        // no band contradicts the screen.
        SeverityBand[] bands =
        [
            new("below-cut-off", "Below the screening cut-off", 0, SpinScreenCutOff - 1, BandLevel.None),
            new("positive-screen", "Positive screen, below the mild band", SpinScreenCutOff, 20, BandLevel.Mild),
            new("mild", "Mild", 21, 30, BandLevel.Mild),
            new("moderate", "Moderate", 31, 40, BandLevel.Moderate),
            new("severe", "Severe", 41, 50, BandLevel.Severe),
            new("very-severe", "Very severe", 51, 68, BandLevel.Severe),
        ];

        // Connor et al. 2000 factor subscales: fear 1, 3, 5, 10, 14, 15; avoidance 4, 6, 8, 9, 11, 12, 16;
        // physiological 2, 7, 13, 17.
        SubscaleDefinition[] subscales =
        [
            new("fear", "Fear", ["1", "3", "5", "10", "14", "15"]),
            new("avoidance", "Avoidance", ["4", "6", "8", "9", "11", "12", "16"]),
            new("physiological", "Physiological", ["2", "7", "13", "17"]),
        ];

        return new Instrument(
            InstrumentIds.Spin, "Social Phobia Inventory", "SPIN", Rater.Patient,
            "How much have the following problems bothered you during the past week?",
            items,
            null, new CodeRef(CodeRef.Local, "spin-total", "SPIN total score"),
            Sources.Spin,
            new SumScorer(bands, subscales, (total, _) =>
                $"{BandLabel(bands, total)} (SPIN {N(total)})." + (total >= SpinScreenCutOff
                    ? " A score of 19 or more suggests social anxiety disorder: confirm clinically."
                    : string.Empty)));
    }
}
