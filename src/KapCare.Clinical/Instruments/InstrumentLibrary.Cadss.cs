namespace KapCare.Clinical.Instruments;

/// <summary>
/// CADSS, the Clinician-Administered Dissociative States Scale (Bremner et al., J Trauma Stress 1998;11:125), in the
/// 23-item form used to record dissociation in ketamine sessions, and CADSS-6, its items 1, 2, 6, 7, 15 and 22
/// (Rodrigues et al., J Affect Disord 2021;282:160). The CADSS wording is not ours to reproduce: items carry short
/// labels naming what is asked, and the clinician asks the questions from the clinic's licensed form. Items 20–23 are
/// labelled by number only, because we could not confirm their wording in this version from a source we hold.
/// </summary>
public static partial class InstrumentLibrary
{
    /// <summary>The CADSS items that make up the CADSS-6 (Rodrigues et al. 2021).</summary>
    public static IReadOnlyList<string> Cadss6LinkIds { get; } = ["1", "2", "6", "7", "15", "22"];

    private const string CadssNoCutOff =
        "No cut-off: the CADSS has no published threshold; compare with this patient's other dosing sessions.";

    private static InstrumentItem[] CadssItems()
    {
        string[] labels =
        [
            "Things seem to be moving in slow motion",
            "Things seem unreal, as if in a dream",
            "Feeling separated from what is happening, as if in a movie or a play, or a robot",
            "Looking at things from outside one's body",
            "Watching the situation as an observer or spectator",
            "Feeling disconnected from one's own body",
            "Sense of one's own body changed (e.g. unusually large or small)",
            "People seem motionless, dead or mechanical",
            "Objects look different than expected",
            "Colors seem diminished in intensity",
            "Seeing things as if in a tunnel or through a wide-angle lens",
            "The experience seems to take much longer than expected",
            "Things seem to happen very quickly, as if a lifetime in a moment",
            "Things happen that one later cannot account for",
            "Spacing out or losing track of what is going on",
            "Sounds almost disappear or become much stronger than expected",
            "Things seem very real, with a special sense of clarity",
            "Looking at the world through a fog; people and objects far away or unclear",
            "Colors seem much brighter than expected",
            "CADSS item 20 (ask from the licensed form)",
            "CADSS item 21 (ask from the licensed form)",
            "CADSS item 22 (ask from the licensed form)",
            "CADSS item 23 (ask from the licensed form)",
        ];
        return labels.Select((label, i) => new InstrumentItem(LinkIdOf(i + 1), null, label, AnswerLists.Cadss)).ToArray();
    }

    private static Instrument BuildCadss() =>
        new(
            InstrumentIds.Cadss, "Clinician-Administered Dissociative States Scale", "CADSS", Rater.Clinician,
            "Ask about the patient's experience during the session and rate each item from 0 (not at all) to 4 (extremely).",
            CadssItems(),
            null, new CodeRef(CodeRef.Local, "cadss-total", "CADSS total score"),
            Sources.Cadss,
            // No band: the CADSS has no cut-off (REFERENCE.md §1); the CADSS-6 is reported as a part score so that a
            // full CADSS can be compared with sessions where only the CADSS-6 was rated.
            new SumScorer([], [new SubscaleDefinition("cadss-6", "CADSS-6", Cadss6LinkIds)], (_, _) => CadssNoCutOff));

    private static Instrument BuildCadss6()
    {
        // The same items under the same LinkIds as in the full CADSS, so answers carry over either way.
        var items = CadssItems().Where(i => Cadss6LinkIds.Contains(i.LinkId)).ToArray();
        return new Instrument(
            InstrumentIds.Cadss6, "Clinician-Administered Dissociative States Scale, 6-item", "CADSS-6", Rater.Clinician,
            "Ask about the patient's experience during the session and rate each item from 0 (not at all) to 4 (extremely).",
            items,
            null, new CodeRef(CodeRef.Local, "cadss-6-total", "CADSS-6 total score"),
            Sources.Cadss6,
            new SumScorer([], interpret: (_, _) => CadssNoCutOff));
    }
}
