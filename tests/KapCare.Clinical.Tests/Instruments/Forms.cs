using KapCare.Clinical.Instruments;

namespace KapCare.Clinical.Tests.Instruments;

/// <summary>Builds answer sets for tests. It only arranges inputs: every expected value is written in the tests.</summary>
internal static class Forms
{
    /// <summary>Every item answered with the same score.</summary>
    public static Dictionary<string, int> Uniform(Instrument instrument, int score) =>
        instrument.Items.ToDictionary(i => i.LinkId, _ => score);

    /// <summary>Every item answered, the first items at their maximum until <paramref name="total"/> is reached, the rest 0.</summary>
    public static Dictionary<string, int> WithTotal(Instrument instrument, int total)
    {
        var answers = new Dictionary<string, int>();
        var remaining = total;
        foreach (var item in instrument.Items)
        {
            var score = Math.Min(item.MaxScore, remaining);
            answers[item.LinkId] = score;
            remaining -= score;
        }
        if (remaining != 0) throw new ArgumentOutOfRangeException(nameof(total), total, "More than the instrument's maximum.");
        return answers;
    }

    /// <summary>Item scores in item order: Scores(gad7, 2, 1, 3, …) answers item 1 with 2, item 2 with 1, ….</summary>
    public static Dictionary<string, int> Scores(Instrument instrument, params int[] scores)
    {
        if (scores.Length != instrument.Items.Count) throw new ArgumentException($"{instrument.Id} has {instrument.Items.Count} items.", nameof(scores));
        return instrument.Items.Zip(scores).ToDictionary(p => p.First.LinkId, p => p.Second);
    }

    public static Dictionary<string, int> Without(this Dictionary<string, int> answers, params string[] linkIds)
    {
        var copy = new Dictionary<string, int>(answers);
        foreach (var id in linkIds) copy.Remove(id);
        return copy;
    }

    public static Dictionary<string, int> With(this Dictionary<string, int> answers, string linkId, int score)
    {
        var copy = new Dictionary<string, int>(answers) { [linkId] = score };
        return copy;
    }
}
