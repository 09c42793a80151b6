namespace KapCare.Clinical.Instruments;

/// <summary>
/// Turns C-SSRS screener answers into a risk level (REFERENCE.md §1, after Posner et al., Am J Psychiatry 2011):
/// all "no", or only items 1–2 "yes" → low; item 3 → moderate; item 4 or 5 (past month) → high; suicidal behaviour
/// (item 6) in the past 3 months → high, lifetime only → moderate. There is no total.
/// </summary>
/// <remarks>
/// Every "yes" counts, even one given to an item that should not have been asked (item 3–5 with item 2 "no"): a
/// safety screen errs toward flagging, and a form without JavaScript may show every item. An incomplete form has no
/// band, but the answers it does have still raise flags (a "yes" on item 5 is high risk whatever is missing).
/// </remarks>
public sealed class CssrsScreenerScorer : IInstrumentScorer
{
    private const int Yes = 1;

    public static SeverityBand Low { get; } = new("low", "Low risk", 0, 0, BandLevel.None);
    public static SeverityBand Moderate { get; } = new("moderate", "Moderate risk", 1, 1, BandLevel.Moderate);
    public static SeverityBand High { get; } = new("high", "High risk", 2, 2, BandLevel.Severe);

    /// <summary>The risk levels, as bands whose Low/High are the level's rank (0 low, 1 moderate, 2 high), not a total.</summary>
    public IReadOnlyList<SeverityBand> Bands { get; } = [Low, Moderate, High];

    public bool HasTotal => false;

    public ScoreResult Score(Instrument instrument, IReadOnlyDictionary<string, int> answersByLinkId)
    {
        AnswerValidation.ThrowIfInvalid(instrument, answersByLinkId);
        var missing = AnswerValidation.Missing(instrument, answersByLinkId);

        bool IsYes(string linkId) => answersByLinkId.TryGetValue(linkId, out var s) && s == Yes;

        // The rules, most serious first; the first that holds sets the level and names the item behind it.
        (SeverityBand Level, string LinkId, string Reason)? rule =
            IsYes("4") ? (High, "4", "item 4 (suicidal ideation with some intent to act) in the past month")
            : IsYes("5") ? (High, "5", "item 5 (suicidal ideation with a specific plan and intent) in the past month")
            : IsYes("6b") ? (High, "6b", "suicidal behavior within the past 3 months")
            : IsYes("3") ? (Moderate, "3", "item 3 (suicidal ideation with a method, without intent) in the past month")
            : IsYes("6") ? (Moderate, "6", "suicidal behavior in the lifetime, not within the past 3 months")
            : null;

        var flags = new List<SafetyFlag>();
        if (rule is { } r)
        {
            flags.Add(new SafetyFlag(
                $"cssrs-{r.Level.Code}-risk",
                $"C-SSRS screener: {r.Level.Label.ToLowerInvariant()} — {r.Reason}. A clinician must assess the patient and resolve this alert.",
                SafetyLevel.Alert,
                r.LinkId,
                Sources.Cssrs));
        }
        else if (IsYes("1") || IsYes("2"))
        {
            // Low risk, but a wish to be dead or suicidal thoughts are still worth a clinician's look (the screener's
            // own triage refers such patients on; REFERENCE.md grades them low, so this is a review, not an alert).
            var linkId = IsYes("2") ? "2" : "1";
            flags.Add(new SafetyFlag(
                "cssrs-ideation",
                $"C-SSRS screener: low risk, with \"yes\" to item {linkId} ({(linkId == "2" ? "suicidal thoughts" : "wish to be dead")}) in the past month. Review with the patient.",
                SafetyLevel.Review,
                linkId,
                Sources.Cssrs));
        }

        if (missing.Count > 0)
        {
            return new ScoreResult(instrument.Id, false, null, null, new Dictionary<string, int>(), flags, missing,
                Interpretation: AnswerValidation.IncompleteMessage(instrument, missing, "No risk level is given") + (rule is { } partial
                    ? $" The answers given already show {partial.Level.Label.ToLowerInvariant()}."
                    : string.Empty));
        }

        var band = rule?.Level ?? Low;
        var interpretation = rule is { } found
            ? $"{band.Label}: {found.Reason}."
            : IsYes("1") || IsYes("2")
                ? $"{band.Label}: wish to be dead or non-specific suicidal thoughts only."
                : $"{band.Label}: \"no\" to every item.";
        return new ScoreResult(instrument.Id, true, null, band, new Dictionary<string, int>(), flags, [], Interpretation: interpretation);
    }
}
