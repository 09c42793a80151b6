namespace KapCare.Clinical.Instruments;

/// <summary>Who fills in an instrument: the patient about themselves, or a clinician rating the patient.</summary>
public enum Rater
{
    Patient = 0,
    Clinician = 1,
}

/// <summary>One answer a question allows, with the score it carries and its code (LOINC LA code where one exists).</summary>
public sealed record AnswerOption(string System, string Code, string Display, int Score);

/// <summary>One question. <see cref="LinkId"/> is KapCare's id; <see cref="LoincCode"/> identifies it to other systems.</summary>
public sealed record InstrumentItem(string LinkId, string? LoincCode, string Text, IReadOnlyList<AnswerOption> Options, bool Required = true)
{
    public int MinScore => Options.Min(o => o.Score);
    public int MaxScore => Options.Max(o => o.Score);

    /// <summary>
    /// When set, the item is asked only if this condition holds (FHIR <c>Questionnaire.item.enableWhen</c>, operator "=").
    /// As in FHIR, <see cref="Required"/> applies only while the item is enabled: C-SSRS screener items 3–5 are
    /// asked, and so required, only when item 2 is "yes" (Posner et al., Am J Psychiatry 2011).
    /// </summary>
    public ItemCondition? EnableWhen { get; init; }

    /// <summary>The option carrying <paramref name="score"/>, or null when the item allows no such score.</summary>
    public AnswerOption? OptionFor(int score) => Options.FirstOrDefault(o => o.Score == score);

    /// <summary>The option with this code (e.g. a LOINC LA code), or null.</summary>
    public AnswerOption? OptionFor(string code) => Options.FirstOrDefault(o => o.Code == code);
}

/// <summary>"Ask this item only when item <see cref="LinkId"/> was answered with score <see cref="Score"/>."</summary>
public sealed record ItemCondition(string LinkId, int Score);

/// <summary>A part score: the sum of some items (e.g. PHQ-4 "anxiety" = its GAD-2 items), keyed by <see cref="Code"/> in <see cref="ScoreResult.Subscales"/>.</summary>
public sealed record SubscaleDefinition(string Code, string Label, IReadOnlyList<string> LinkIds);

/// <summary>
/// A validated scale: its questions and answer options (the data of its FHIR Questionnaire) and how it is
/// scored. <see cref="Id"/> is also the Questionnaire id, e.g. "gad-7".
/// </summary>
public sealed record Instrument(
    string Id,
    string Title,
    string ShortName,
    Rater Rater,
    string? Preamble,
    IReadOnlyList<InstrumentItem> Items,
    string? PanelLoinc,
    CodeRef TotalCode,
    string Source,
    IInstrumentScorer Scorer)
{
    /// <summary>The canonical URL of KapCare's Questionnaire for this instrument.</summary>
    public string CanonicalUrl => $"{InstrumentLibrary.CanonicalBase}/{Id}";

    public InstrumentItem? FindItem(string linkIdOrCode) =>
        Items.FirstOrDefault(i => i.LinkId == linkIdOrCode || i.LoincCode == linkIdOrCode);

    public ScoreResult Score(IReadOnlyDictionary<string, int> answersByLinkId) => Scorer.Score(this, answersByLinkId);

    /// <summary>The instrument's published bands, lowest first (empty when it has none, e.g. CADSS).</summary>
    public IReadOnlyList<SeverityBand> Bands => Scorer.Bands;

    public IReadOnlyList<SubscaleDefinition> Subscales => Scorer.Subscales;

    /// <summary>The lowest and highest possible total, or null for an instrument without a total (C-SSRS screener).</summary>
    public int? MinTotal => Scorer.HasTotal ? Items.Sum(i => i.MinScore) : null;

    public int? MaxTotal => Scorer.HasTotal ? Items.Sum(i => i.MaxScore) : null;

    /// <summary>Whether <paramref name="item"/> is asked given the answers so far (see <see cref="InstrumentItem.EnableWhen"/>).</summary>
    public static bool IsEnabled(InstrumentItem item, IReadOnlyDictionary<string, int> answersByLinkId) =>
        item.EnableWhen is not { } condition
        || (answersByLinkId.TryGetValue(condition.LinkId, out var score) && score == condition.Score);
}

/// <summary>A coded concept: LOINC where a code exists, otherwise KapCare's local code system.</summary>
public sealed record CodeRef(string System, string Code, string Display)
{
    public const string Loinc = "http://loinc.org";
    public const string Local = "urn:kapcare:instrument-score";
}

/// <summary>How serious a total is, in the instrument's published bands.</summary>
public sealed record SeverityBand(string Code, string Label, int Low, int High, BandLevel Level);

/// <summary>For display: colour carries meaning only (DESIGN.md).</summary>
public enum BandLevel
{
    None = 0,
    Mild = 1,
    Moderate = 2,
    Severe = 3,
}

public enum SafetyLevel
{
    /// <summary>Worth a clinician's look, no immediate action.</summary>
    Review = 0,
    /// <summary>Create an alert that a clinician must resolve.</summary>
    Alert = 1,
}

/// <summary>A safety signal raised by an answer (e.g. PHQ-9 item 9 ≥ 1), with the rule's source.</summary>
public sealed record SafetyFlag(string Code, string Message, SafetyLevel Level, string LinkId, string Source);

/// <summary>
/// The result of scoring one completed form. An invalid (incomplete) form has no total and no band: missing
/// items are never counted as 0 (REFERENCE.md §1, "Rules that go with the instruments"). Safety flags are
/// raised from the answers given even when the form is incomplete.
/// </summary>
public sealed record ScoreResult(
    string InstrumentId,
    bool Valid,
    int? Total,
    SeverityBand? Band,
    IReadOnlyDictionary<string, int> Subscales,
    IReadOnlyList<SafetyFlag> Flags,
    IReadOnlyList<string> MissingLinkIds,
    decimal? MeanItemScore = null,
    string? Interpretation = null);

/// <summary>
/// Scores a form. Implementations throw <see cref="ArgumentException"/> for an answer to an item the instrument does
/// not have, and <see cref="ArgumentOutOfRangeException"/> (with <see cref="ArgumentException.ParamName"/> = the item's
/// LinkId) for a score that is not one of the item's options.
/// </summary>
public interface IInstrumentScorer
{
    ScoreResult Score(Instrument instrument, IReadOnlyDictionary<string, int> answersByLinkId);

    IReadOnlyList<SeverityBand> Bands => [];

    IReadOnlyList<SubscaleDefinition> Subscales => [];

    /// <summary>False for an instrument that yields a level but no total (C-SSRS screener).</summary>
    bool HasTotal => true;
}
