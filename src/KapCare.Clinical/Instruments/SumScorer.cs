using System.Globalization;

namespace KapCare.Clinical.Instruments;

/// <summary>
/// Scores an instrument whose total is the sum of its item scores (every instrument here but the C-SSRS screener).
/// The total, band, mean and interpretation exist only when every required item is answered; subscales only when all
/// of their items are; safety rules look at whatever was answered, complete or not (REFERENCE.md §1, "Rules that go
/// with the instruments").
/// </summary>
public sealed class SumScorer : IInstrumentScorer
{
    private readonly Func<int, IReadOnlyDictionary<string, int>, string?>? interpret;
    private readonly IReadOnlyList<Func<Instrument, IReadOnlyDictionary<string, int>, SafetyFlag?>> safetyRules;

    /// <param name="bands">Bands that together cover every possible total without gaps or overlaps, lowest first; empty for none.</param>
    /// <param name="subscales">Part scores reported alongside the total.</param>
    /// <param name="interpret">Text for a complete form, from its total and subscales; null for none.</param>
    /// <param name="safetyRules">Each returns a flag or null; they see the answers of incomplete forms too.</param>
    /// <param name="reportMeanItemScore">Whether to report total ÷ item count (PDSS-SR, Shear et al. 1997).</param>
    public SumScorer(
        IReadOnlyList<SeverityBand> bands,
        IReadOnlyList<SubscaleDefinition>? subscales = null,
        Func<int, IReadOnlyDictionary<string, int>, string?>? interpret = null,
        IReadOnlyList<Func<Instrument, IReadOnlyDictionary<string, int>, SafetyFlag?>>? safetyRules = null,
        bool reportMeanItemScore = false)
    {
        ArgumentNullException.ThrowIfNull(bands);
        for (var i = 1; i < bands.Count; i++)
        {
            if (bands[i].Low != bands[i - 1].High + 1)
                throw new ArgumentException($"Band \"{bands[i].Code}\" must start right after \"{bands[i - 1].Code}\" ends.", nameof(bands));
        }
        if (bands.Any(b => b.Low > b.High)) throw new ArgumentException("A band's low end is above its high end.", nameof(bands));

        Bands = bands;
        Subscales = subscales ?? [];
        this.interpret = interpret;
        this.safetyRules = safetyRules ?? [];
        ReportMeanItemScore = reportMeanItemScore;
    }

    public IReadOnlyList<SeverityBand> Bands { get; }

    public IReadOnlyList<SubscaleDefinition> Subscales { get; }

    public bool ReportMeanItemScore { get; }

    public ScoreResult Score(Instrument instrument, IReadOnlyDictionary<string, int> answersByLinkId)
    {
        AnswerValidation.ThrowIfInvalid(instrument, answersByLinkId);

        var missing = AnswerValidation.Missing(instrument, answersByLinkId);
        var flags = safetyRules.Select(rule => rule(instrument, answersByLinkId)).OfType<SafetyFlag>().ToList();
        var subscales = Subscales
            .Where(s => s.LinkIds.All(answersByLinkId.ContainsKey))
            .ToDictionary(s => s.Code, s => s.LinkIds.Sum(id => answersByLinkId[id]), StringComparer.Ordinal);

        if (missing.Count > 0)
        {
            return new ScoreResult(instrument.Id, false, null, null, subscales, flags, missing,
                Interpretation: AnswerValidation.IncompleteMessage(instrument, missing));
        }

        var total = instrument.Items.Sum(i => answersByLinkId.TryGetValue(i.LinkId, out var s) ? s : 0);
        SeverityBand? band = null;
        if (Bands.Count > 0)
        {
            // A total outside every band would be a definition error, not bad input: the answers were checked above.
            band = Bands.FirstOrDefault(b => total >= b.Low && total <= b.High)
                ?? throw new InvalidOperationException($"{instrument.ShortName} total {total.ToString(CultureInfo.InvariantCulture)} falls in no band.");
        }

        decimal? mean = ReportMeanItemScore
            ? Math.Round((decimal)total / instrument.Items.Count, 2, MidpointRounding.AwayFromZero)
            : null;

        return new ScoreResult(instrument.Id, true, total, band, subscales, flags, [], mean, interpret?.Invoke(total, subscales));
    }
}
