namespace KapCare.Clinical.Instruments;

/// <summary>
/// The upper ends of the HAM-A severity bands. Hamilton (1959) published no banding and none is canonical
/// (REFERENCE.md §1), so KapCare ships the common one — ≤ 17 mild, 18–24 mild to moderate, 25–30 moderate to severe,
/// &gt; 30 severe — and a clinic may set its own.
/// </summary>
public sealed record HamABands(int MildMax = 17, int MildToModerateMax = 24, int ModerateToSevereMax = 30)
{
    public static HamABands Default { get; } = new();
}

/// <summary>
/// HAM-A, the Hamilton Anxiety Rating Scale (Hamilton, Br J Med Psychol 1959;32:50), rated by a clinician: 14 items,
/// each 0 not present … 4 very severe. Each item is Hamilton's symptom heading with his descriptors.
/// </summary>
public static partial class InstrumentLibrary
{
    /// <summary>The HAM-A with a clinic's bands; <see cref="All"/> holds it with <see cref="HamABands.Default"/>.</summary>
    public static Instrument HamA(HamABands? bands = null)
    {
        bands ??= HamABands.Default;
        // Each band must hold at least one total, and the top band must reach the highest total (14 × 4 = 56).
        ArgumentOutOfRangeException.ThrowIfNegative(bands.MildMax, nameof(bands));
        if (bands.MildToModerateMax <= bands.MildMax || bands.ModerateToSevereMax <= bands.MildToModerateMax || bands.ModerateToSevereMax >= 56)
            throw new ArgumentOutOfRangeException(nameof(bands), bands, "HAM-A band ends must rise strictly and stay below 56.");

        string[] texts =
        [
            "Anxious mood: worries, anticipation of the worst, fearful anticipation, irritability",
            "Tension: feelings of tension, fatigability, startle response, moved to tears easily, trembling, feelings of restlessness, inability to relax",
            "Fears: of dark, of strangers, of being left alone, of animals, of traffic, of crowds",
            "Insomnia: difficulty in falling asleep, broken sleep, unsatisfying sleep and fatigue on waking, dreams, nightmares, night terrors",
            "Intellectual: difficulty in concentration, poor memory",
            "Depressed mood: loss of interest, lack of pleasure in hobbies, depression, early waking, diurnal swing",
            "Somatic (muscular): pains and aches, twitching, stiffness, myoclonic jerks, grinding of teeth, unsteady voice, increased muscular tone",
            "Somatic (sensory): tinnitus, blurring of vision, hot and cold flushes, feelings of weakness, pricking sensation",
            "Cardiovascular symptoms: tachycardia, palpitations, pain in chest, throbbing of vessels, fainting feelings, missing beat",
            "Respiratory symptoms: pressure or constriction in chest, choking feelings, sighing, dyspnea",
            "Gastrointestinal symptoms: difficulty in swallowing, wind, abdominal pain, burning sensations, abdominal fullness, nausea, vomiting, borborygmi, looseness of bowels, loss of weight, constipation",
            "Genitourinary symptoms: frequency of micturition, urgency of micturition, amenorrhea, menorrhagia, development of frigidity, premature ejaculation, loss of libido, impotence",
            "Autonomic symptoms: dry mouth, flushing, pallor, tendency to sweat, giddiness, tension headache, raising of hair",
            "Behavior at interview: fidgeting, restlessness or pacing, tremor of hands, furrowed brow, strained face, sighing or rapid respiration, facial pallor, swallowing",
        ];
        var items = texts.Select((text, i) => new InstrumentItem(LinkIdOf(i + 1), null, text, AnswerLists.HamA)).ToArray();

        // The level shown is the band's upper word: "mild to moderate" is shown as moderate, "moderate to severe" as severe.
        SeverityBand[] severity =
        [
            new("mild", "Mild", 0, bands.MildMax, BandLevel.Mild),
            new("mild-moderate", "Mild to moderate", bands.MildMax + 1, bands.MildToModerateMax, BandLevel.Moderate),
            new("moderate-severe", "Moderate to severe", bands.MildToModerateMax + 1, bands.ModerateToSevereMax, BandLevel.Severe),
            new("severe", "Severe", bands.ModerateToSevereMax + 1, 56, BandLevel.Severe),
        ];

        return new Instrument(
            InstrumentIds.HamA, "Hamilton Anxiety Rating Scale", "HAM-A", Rater.Clinician,
            "Rate each item from the interview: 0 not present, 1 mild, 2 moderate, 3 severe, 4 very severe.",
            items,
            null, new CodeRef(CodeRef.Local, "ham-a-total", "HAM-A total score"),
            Sources.HamA,
            new SumScorer(severity, interpret: (total, _) =>
                $"{BandLabel(severity, total)} anxiety (HAM-A {N(total)}; bands in use: ≤ {N(bands.MildMax)} mild, {N(bands.MildMax + 1)}–{N(bands.MildToModerateMax)} mild to moderate, " +
                $"{N(bands.MildToModerateMax + 1)}–{N(bands.ModerateToSevereMax)} moderate to severe, > {N(bands.ModerateToSevereMax)} severe)."));
    }
}
