using System.Globalization;

namespace KapCare.Clinical.Instruments;

/// <summary>
/// The checks every scorer makes before it adds anything up: a form is refused, not repaired, when it answers an
/// item the instrument does not have or gives a score that is none of the item's options (the web layer turns
/// either into a 400 that names the item).
/// </summary>
internal static class AnswerValidation
{
    public static void ThrowIfInvalid(Instrument instrument, IReadOnlyDictionary<string, int> answersByLinkId)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(answersByLinkId);

        var unknown = answersByLinkId.Keys
            .Where(linkId => instrument.Items.All(i => !string.Equals(i.LinkId, linkId, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"{instrument.ShortName} has no item {string.Join(", ", unknown.Select(u => $"\"{u}\""))}; its items are {string.Join(", ", instrument.Items.Select(i => i.LinkId))}.",
                nameof(answersByLinkId));
        }

        foreach (var item in instrument.Items)
        {
            if (answersByLinkId.TryGetValue(item.LinkId, out var score) && item.OptionFor(score) is null)
            {
                // ParamName is the item's LinkId so that the caller can point at the field.
                throw new ArgumentOutOfRangeException(
                    item.LinkId,
                    score,
                    $"{instrument.ShortName} item {item.LinkId} allows scores {string.Join(", ", item.Options.Select(o => o.Score.ToString(CultureInfo.InvariantCulture)))}; {score.ToString(CultureInfo.InvariantCulture)} is not one of them.");
            }
        }
    }

    /// <summary>Required items that are enabled and unanswered, in the instrument's order.</summary>
    public static IReadOnlyList<string> Missing(Instrument instrument, IReadOnlyDictionary<string, int> answersByLinkId) =>
        instrument.Items
            .Where(i => i.Required && Instrument.IsEnabled(i, answersByLinkId) && !answersByLinkId.ContainsKey(i.LinkId))
            .Select(i => i.LinkId)
            .ToList();

    public static string IncompleteMessage(Instrument instrument, IReadOnlyList<string> missing, string withheld = "No total is scored") =>
        $"Incomplete: {instrument.ShortName} item{(missing.Count == 1 ? string.Empty : "s")} {string.Join(", ", missing)} unanswered. " +
        $"{withheld}: missing items are never counted as 0.";
}
