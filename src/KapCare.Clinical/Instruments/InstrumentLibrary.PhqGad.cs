using System.Globalization;

namespace KapCare.Clinical.Instruments;

/// <summary>
/// The PHQ and GAD family: GAD-7, PHQ-9 and their short forms GAD-2, PHQ-2 and PHQ-4. Item wording, answer list
/// (LOINC LL358-3) and codes are those of REFERENCE.md §1; the Pfizer notice on these instruments reads "No
/// permission required to reproduce, translate, display or distribute". Identify items by LOINC code, not LinkId.
/// </summary>
public static partial class InstrumentLibrary
{
    private const string Gad7Stem = "Over the last 2 weeks, how often have you been bothered by the following problems?";
    private const string Phq9Stem = "Over the last 2 weeks, how often have you been bothered by any of the following problems?";

    /// <summary>Probable GAD at GAD-7 ≥ 10: sensitivity 89 %, specificity 82 % (Spitzer et al. 2006).</summary>
    public const int Gad7ProbableGadCutOff = 10;

    /// <summary>PHQ-2, GAD-2 and each PHQ-4 subscale screen positive at ≥ 3 (Kroenke 2003; Kroenke 2007; Kroenke 2009).</summary>
    public const int TwoItemScreenCutOff = 3;

    private static InstrumentItem[] Gad7Items() =>
    [
        new("1", "69725-0", "Feeling nervous, anxious, or on edge", AnswerLists.PhqFrequency),
        new("2", "68509-9", "Not being able to stop or control worrying", AnswerLists.PhqFrequency),
        new("3", "69733-4", "Worrying too much about different things", AnswerLists.PhqFrequency),
        new("4", "69734-2", "Trouble relaxing", AnswerLists.PhqFrequency),
        new("5", "69735-9", "Being so restless that it is hard to sit still", AnswerLists.PhqFrequency),
        new("6", "69689-8", "Becoming easily annoyed or irritable", AnswerLists.PhqFrequency),
        new("7", "69736-7", "Feeling afraid, as if something awful might happen", AnswerLists.PhqFrequency),
    ];

    private static InstrumentItem[] Phq9Items() =>
    [
        new("1", "44250-9", "Little interest or pleasure in doing things", AnswerLists.PhqFrequency),
        new("2", "44255-8", "Feeling down, depressed, or hopeless", AnswerLists.PhqFrequency),
        new("3", "44259-0", "Trouble falling or staying asleep, or sleeping too much", AnswerLists.PhqFrequency),
        new("4", "44254-1", "Feeling tired or having little energy", AnswerLists.PhqFrequency),
        new("5", "44251-7", "Poor appetite or overeating", AnswerLists.PhqFrequency),
        new("6", "44258-2", "Feeling bad about yourself – or that you are a failure or have let yourself or your family down", AnswerLists.PhqFrequency),
        new("7", "44252-5", "Trouble concentrating on things, such as reading the newspaper or watching television", AnswerLists.PhqFrequency),
        new("8", "44253-3", "Moving or speaking so slowly that other people could have noticed. Or the opposite – being so fidgety or restless that you have been moving around a lot more than usual", AnswerLists.PhqFrequency),
        new("9", "44260-8", "Thoughts that you would be better off dead, or of hurting yourself in some way", AnswerLists.PhqFrequency),
    ];

    private static Instrument BuildGad7()
    {
        // Spitzer et al. 2006: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe.
        SeverityBand[] bands =
        [
            new("minimal", "Minimal", 0, 4, BandLevel.None),
            new("mild", "Mild", 5, 9, BandLevel.Mild),
            new("moderate", "Moderate", 10, 14, BandLevel.Moderate),
            new("severe", "Severe", 15, 21, BandLevel.Severe),
        ];
        return new Instrument(
            InstrumentIds.Gad7, "Generalized Anxiety Disorder 7-item scale", "GAD-7", Rater.Patient, Gad7Stem, Gad7Items(),
            "69737-5", new CodeRef(CodeRef.Loinc, "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
            Sources.Gad7,
            new SumScorer(bands, interpret: (total, _) =>
                $"{BandLabel(bands, total)} anxiety symptoms (GAD-7 {N(total)})." + (total >= Gad7ProbableGadCutOff
                    ? " A score of 10 or more suggests probable generalized anxiety disorder (sensitivity 89 %, specificity 82 %): confirm clinically."
                    : string.Empty)));
    }

    private static Instrument BuildPhq9()
    {
        // Kroenke et al. 2001: 0–4 none–minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe.
        SeverityBand[] bands =
        [
            new("minimal", "None–minimal", 0, 4, BandLevel.None),
            new("mild", "Mild", 5, 9, BandLevel.Mild),
            new("moderate", "Moderate", 10, 14, BandLevel.Moderate),
            new("moderately-severe", "Moderately severe", 15, 19, BandLevel.Severe),
            new("severe", "Severe", 20, 27, BandLevel.Severe),
        ];
        return new Instrument(
            InstrumentIds.Phq9, "Patient Health Questionnaire-9", "PHQ-9", Rater.Patient, Phq9Stem, Phq9Items(),
            "44249-1", new CodeRef(CodeRef.Loinc, "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
            Sources.Phq9,
            new SumScorer(bands,
                interpret: (total, _) =>
                    $"{BandLabel(bands, total)} depressive symptoms (PHQ-9 {N(total)})." + (total >= 10
                        ? " A score of 10 or more had sensitivity 88 % and specificity 88 % for major depression (Kroenke et al. 2001): confirm clinically."
                        : string.Empty),
                safetyRules: [Phq9Item9]));
    }

    /// <summary>
    /// PHQ-9 item 9 ≥ 1 is a safety signal whatever the total, and is raised even when the form is incomplete: the
    /// one-year risk of a suicide attempt rises from 0.4 % ("not at all") to 4 % ("nearly every day")
    /// (Simon et al., Psychiatr Serv 2013;64:1195).
    /// </summary>
    private static SafetyFlag? Phq9Item9(Instrument instrument, IReadOnlyDictionary<string, int> answers)
    {
        if (!answers.TryGetValue("9", out var score) || score < 1) return null;
        var answer = instrument.FindItem("9")?.OptionFor(score)?.Display ?? N(score);
        return new SafetyFlag(
            "phq9-item9",
            $"PHQ-9 item 9 (thoughts of being better off dead or of hurting oneself) answered \"{answer}\": a clinician reviews and resolves this alert.",
            SafetyLevel.Alert,
            "9",
            Sources.Phq9Item9);
    }

    private static SeverityBand[] ScreenBands(int max) =>
    [
        new("negative", "Negative screen", 0, TwoItemScreenCutOff - 1, BandLevel.None),
        new("positive", "Positive screen", TwoItemScreenCutOff, max, BandLevel.Moderate),
    ];

    private static Instrument BuildGad2() =>
        // GAD-7 items 1–2; positive at ≥ 3 (Kroenke et al., Ann Intern Med 2007). LOINC has no GAD-2 total: local code.
        new(
            InstrumentIds.Gad2, "Generalized Anxiety Disorder 2-item scale", "GAD-2", Rater.Patient, Gad7Stem, Gad7Items()[..2],
            null, new CodeRef(CodeRef.Local, "gad-2-total", "GAD-2 total score"),
            Sources.Gad2,
            new SumScorer(ScreenBands(6), interpret: (total, _) => total >= TwoItemScreenCutOff
                ? $"Positive screen (GAD-2 {N(total)} ≥ 3): give the full GAD-7."
                : $"Negative screen (GAD-2 {N(total)} < 3)."));

    private static Instrument BuildPhq2() =>
        // PHQ-9 items 1–2; positive at ≥ 3 (Kroenke 2003; Arroll, Ann Fam Med 2010).
        new(
            InstrumentIds.Phq2, "Patient Health Questionnaire-2", "PHQ-2", Rater.Patient, Phq9Stem, Phq9Items()[..2],
            "55757-9", new CodeRef(CodeRef.Loinc, "55758-7", "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]"),
            Sources.Phq2,
            new SumScorer(ScreenBands(6), interpret: (total, _) => total >= TwoItemScreenCutOff
                ? $"Positive screen (PHQ-2 {N(total)} ≥ 3): give the full PHQ-9."
                : $"Negative screen (PHQ-2 {N(total)} < 3)."));

    private static Instrument BuildPhq4()
    {
        // Kroenke et al., Psychosomatics 2009: items 1–2 are the GAD-2 (anxiety subscale), items 3–4 the PHQ-2
        // (depression subscale); total 0–2 normal, 3–5 mild, 6–8 moderate, 9–12 severe psychological distress.
        var gad = Gad7Items();
        var phq = Phq9Items();
        InstrumentItem[] items = [gad[0], gad[1], phq[0] with { LinkId = "3" }, phq[1] with { LinkId = "4" }];
        SeverityBand[] bands =
        [
            new("normal", "Normal", 0, 2, BandLevel.None),
            new("mild", "Mild", 3, 5, BandLevel.Mild),
            new("moderate", "Moderate", 6, 8, BandLevel.Moderate),
            new("severe", "Severe", 9, 12, BandLevel.Severe),
        ];
        SubscaleDefinition[] subscales =
        [
            new("anxiety", "Anxiety (GAD-2)", ["1", "2"]),
            new("depression", "Depression (PHQ-2)", ["3", "4"]),
        ];
        return new Instrument(
            InstrumentIds.Phq4, "Patient Health Questionnaire-4", "PHQ-4", Rater.Patient, Gad7Stem, items,
            "69724-3", new CodeRef(CodeRef.Loinc, "70272-0", "Patient Health Questionnaire 4 item (PHQ-4) total score [Reported.PHQ]"),
            Sources.Phq4,
            new SumScorer(bands, subscales, interpret: (total, parts) =>
            {
                var text = $"{BandLabel(bands, total)} psychological distress (PHQ-4 {N(total)}).";
                if (parts["anxiety"] >= TwoItemScreenCutOff) text += $" Anxiety subscale {N(parts["anxiety"])} ≥ 3: give the full GAD-7.";
                if (parts["depression"] >= TwoItemScreenCutOff) text += $" Depression subscale {N(parts["depression"])} ≥ 3: give the full PHQ-9.";
                return text;
            }));
    }

    private static string BandLabel(IReadOnlyList<SeverityBand> bands, int total) =>
        bands.First(b => total >= b.Low && total <= b.High).Label;

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
