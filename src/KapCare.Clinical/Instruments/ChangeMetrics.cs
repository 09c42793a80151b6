using System.Globalization;

namespace KapCare.Clinical.Instruments;

public enum ReliableChangeMethod
{
    /// <summary>|RCI| &gt; z, with RCI = (post − pre) / S_diff and S_diff = SD₁·√(2(1 − r)) (Jacobson &amp; Truax 1991).</summary>
    JacobsonTruax = 0,

    /// <summary>A change of at least a fixed number of points (e.g. NHS Talking Therapies: PHQ-9 ≥ 6, GAD-7 ≥ 4).</summary>
    FixedPoints = 1,
}

/// <summary>
/// When a change in a total counts as reliable, i.e. larger than measurement error. Built with
/// <see cref="JacobsonTruax"/> or <see cref="FixedPoints"/>; immutable once built, so a configured rule stays valid.
/// </summary>
public sealed record ReliableChangeRule
{
    private ReliableChangeRule(ReliableChangeMethod method, double? baselineSd, double? reliability, double criticalZ, int? points, string source)
    {
        Method = method;
        BaselineSd = baselineSd;
        Reliability = reliability;
        CriticalZ = criticalZ;
        Points = points;
        Source = source;
    }

    public ReliableChangeMethod Method { get; }

    /// <summary>SD₁, the standard deviation of the baseline (pre-treatment) scores (Jacobson–Truax only).</summary>
    public double? BaselineSd { get; }

    /// <summary>r, the test–retest reliability of the instrument (Jacobson–Truax only).</summary>
    public double? Reliability { get; }

    /// <summary>The |RCI| a change must exceed: 1.96, two-sided p &lt; .05 (Jacobson–Truax only).</summary>
    public double CriticalZ { get; }

    /// <summary>The smallest change, in points, that counts (fixed-points only).</summary>
    public int? Points { get; }

    public string Source { get; }

    public static ReliableChangeRule JacobsonTruax(double baselineSd, double reliability, string source, double criticalZ = 1.96)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baselineSd);
        ArgumentOutOfRangeException.ThrowIfNegative(reliability);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(reliability, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(criticalZ);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return new(ReliableChangeMethod.JacobsonTruax, baselineSd, reliability, criticalZ, null, source);
    }

    public static ReliableChangeRule FixedPoints(int points, string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return new(ReliableChangeMethod.FixedPoints, null, null, 1.96, points, source);
    }

    /// <summary>S_diff = SD₁·√(2(1 − r)) (Jacobson &amp; Truax 1991); null for a fixed-points rule.</summary>
    public double? StandardErrorOfDifference =>
        Method == ReliableChangeMethod.JacobsonTruax ? BaselineSd!.Value * Math.Sqrt(2 * (1 - Reliability!.Value)) : null;

    /// <summary>RCI = change / S_diff; null for a fixed-points rule.</summary>
    public double? Rci(int change) => StandardErrorOfDifference is { } sDiff ? change / sDiff : null;

    public bool IsReliable(int change) => Method switch
    {
        ReliableChangeMethod.JacobsonTruax => Math.Abs(Rci(change)!.Value) > CriticalZ,
        ReliableChangeMethod.FixedPoints => Math.Abs(change) >= Points!.Value,
    };

    /// <summary>The smallest whole-point change that counts as reliable (totals are whole numbers).</summary>
    public int MinimumPoints => Method switch
    {
        // |change| must exceed z·S_diff strictly, so the first whole number above it.
        ReliableChangeMethod.JacobsonTruax => (int)Math.Floor(CriticalZ * StandardErrorOfDifference!.Value) + 1,
        ReliableChangeMethod.FixedPoints => Points!.Value,
    };

    public string Describe() => Method switch
    {
        ReliableChangeMethod.JacobsonTruax => string.Create(CultureInfo.InvariantCulture,
            $"|RCI| > {CriticalZ:0.##} with SD₁ {BaselineSd:0.###} and r {Reliability:0.###} (S_diff {StandardErrorOfDifference:0.00}; {Sources.JacobsonTruax}; {Source}): a change of {MinimumPoints} points or more"),
        ReliableChangeMethod.FixedPoints => string.Create(CultureInfo.InvariantCulture,
            $"a change of {Points} points or more ({Source})"),
    };
}

/// <summary>
/// The rules by which a clinic judges change on one instrument: response, remission, reliable change and the minimal
/// clinically important difference (REFERENCE.md §1, "Rules that go with the instruments"). The presets are the
/// defaults KapCare ships; a clinic may build its own, and <see cref="Describe"/> tells the UI which is in use.
/// </summary>
public sealed record ChangeConvention
{
    public ChangeConvention(
        string instrumentId,
        string name,
        decimal responseReduction,
        int? remissionBelow,
        ReliableChangeRule reliableChange,
        int? minimalClinicallyImportantDifference,
        string? minimalClinicallyImportantDifferenceSource = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(reliableChange);
        if (responseReduction is <= 0m or > 1m)
            throw new ArgumentOutOfRangeException(nameof(responseReduction), responseReduction, "The response reduction is a fraction of the baseline, above 0 and at most 1.");
        if (remissionBelow is < 1) throw new ArgumentOutOfRangeException(nameof(remissionBelow), remissionBelow, "Remission is a total below a positive number.");
        if (minimalClinicallyImportantDifference is < 1)
            throw new ArgumentOutOfRangeException(nameof(minimalClinicallyImportantDifference), minimalClinicallyImportantDifference, "The MCID is a positive number of points.");

        InstrumentId = instrumentId;
        Name = name;
        ResponseReduction = responseReduction;
        RemissionBelow = remissionBelow;
        ReliableChange = reliableChange;
        MinimalClinicallyImportantDifference = minimalClinicallyImportantDifference;
        MinimalClinicallyImportantDifferenceSource = minimalClinicallyImportantDifferenceSource;
    }

    public string InstrumentId { get; }

    public string Name { get; }

    /// <summary>Response: a fall of at least this fraction of the baseline total (0.5: NQF 1884/1885).</summary>
    public decimal ResponseReduction { get; }

    /// <summary>Remission: a current total below this (PHQ-9 &lt; 5, CMS159 / NQF 0710; GAD-7 &lt; 5 by the same convention); null for none.</summary>
    public int? RemissionBelow { get; }

    public ReliableChangeRule ReliableChange { get; }

    /// <summary>The smallest improvement, in points, that patients notice (GAD-7 4, Toussaint 2020; PHQ-9 5, Löwe 2004); null for none.</summary>
    public int? MinimalClinicallyImportantDifference { get; }

    public string? MinimalClinicallyImportantDifferenceSource { get; }

    /// <summary>
    /// GAD-7, KapCare's default: Jacobson–Truax with SD₁ 5.59 and r 0.87 (Bischoff et al. 2020), which makes 6 points
    /// reliable (1.96 × 5.59 × √0.26 ≈ 5.59); MCID 4 points (Toussaint et al. 2020).
    /// </summary>
    public static ChangeConvention Gad7 { get; } = new(
        InstrumentIds.Gad7, "KapCare default (Jacobson & Truax; Bischoff et al. 2020)", 0.5m, 5,
        ReliableChangeRule.JacobsonTruax(5.59, 0.87, Sources.Gad7ReliableChange), 4, Sources.Gad7Mcid);

    /// <summary>GAD-7 as NHS Talking Therapies report it: reliable improvement at 4 points or more.</summary>
    public static ChangeConvention Gad7NhsTalkingTherapies { get; } = new(
        InstrumentIds.Gad7, "NHS Talking Therapies", 0.5m, 5,
        ReliableChangeRule.FixedPoints(4, Sources.NhsTalkingTherapies), 4, Sources.Gad7Mcid);

    /// <summary>PHQ-9, KapCare's default: NHS Talking Therapies reliable improvement at 6 points or more; MCID 5 (Löwe et al. 2004).</summary>
    public static ChangeConvention Phq9 { get; } = new(
        InstrumentIds.Phq9, "NHS Talking Therapies", 0.5m, 5,
        ReliableChangeRule.FixedPoints(6, Sources.NhsTalkingTherapies), 5, Sources.Phq9Mcid);

    /// <summary>Every preset, for a clinic's settings page.</summary>
    public static IReadOnlyList<ChangeConvention> Presets { get; } = [Gad7, Gad7NhsTalkingTherapies, Phq9];

    /// <summary>The convention KapCare uses for an instrument unless the clinic sets another; null when it ships none.</summary>
    public static ChangeConvention? DefaultFor(string instrumentId) => instrumentId.ToLowerInvariant() switch
    {
        InstrumentIds.Gad7 => Gad7,
        InstrumentIds.Phq9 => Phq9,
        _ => null,
    };

    public string Describe()
    {
        var shortName = InstrumentLibrary.Find(InstrumentId)?.ShortName ?? InstrumentId;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{shortName}, {Name}. Response: a fall of at least {ResponseReduction * 100:0.#} % from baseline ({Sources.Response}).");
        if (RemissionBelow is { } below)
            text += string.Create(CultureInfo.InvariantCulture, $" Remission: total below {below} ({Sources.Remission}).");
        text += $" Reliable change: {ReliableChange.Describe()}.";
        if (MinimalClinicallyImportantDifference is { } mcid)
            text += string.Create(CultureInfo.InvariantCulture, $" Clinically important improvement: {mcid} points or more") +
                (MinimalClinicallyImportantDifferenceSource is { } source ? $" ({source})." : ".");
        return text;
    }
}

public enum ReliableChangeOutcome
{
    NoReliableChange = 0,
    ReliableImprovement = 1,
    ReliableDeterioration = 2,
}

/// <summary>The four judgements on one change, and the convention they were made under (its text for the UI).</summary>
/// <param name="Change">Current − baseline: negative is improvement on every instrument here (higher = worse).</param>
/// <param name="PercentReduction">(baseline − current) ÷ baseline × 100, to one decimal; null when the baseline is 0.</param>
/// <param name="Rci">The reliable change index, for a Jacobson–Truax convention.</param>
public sealed record ChangeAssessment(
    string InstrumentId,
    int Baseline,
    int Current,
    int Change,
    decimal? PercentReduction,
    bool Response,
    bool? Remission,
    ReliableChangeOutcome ReliableChange,
    double? Rci,
    bool? ClinicallyImportantImprovement,
    ChangeConvention Convention,
    string ConventionText);

/// <summary>Response, remission, reliable change and minimal clinically important difference between two totals.</summary>
public static class ChangeMetrics
{
    /// <summary>
    /// Judges the change from <paramref name="baselineTotal"/> (the index score) to <paramref name="currentTotal"/>
    /// on one instrument, under <paramref name="convention"/> or the instrument's default. Who enters a measure's
    /// denominator (e.g. NQF 1884 counts only a baseline PHQ-9 above 9) is the outcome report's business, not this one's.
    /// </summary>
    public static ChangeAssessment Assess(string instrumentId, int baselineTotal, int currentTotal, ChangeConvention? convention = null)
    {
        var instrument = InstrumentLibrary.Find(instrumentId) ?? throw new ArgumentException($"No instrument \"{instrumentId}\".", nameof(instrumentId));
        if (instrument.MaxTotal is not { } max) throw new ArgumentException($"{instrument.ShortName} has no total to compare.", nameof(instrumentId));
        ArgumentOutOfRangeException.ThrowIfNegative(baselineTotal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(baselineTotal, max);
        ArgumentOutOfRangeException.ThrowIfNegative(currentTotal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(currentTotal, max);

        convention ??= ChangeConvention.DefaultFor(instrument.Id)
            ?? throw new ArgumentException($"KapCare ships no change convention for {instrument.ShortName}: pass one.", nameof(convention));
        if (!string.Equals(convention.InstrumentId, instrument.Id, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The convention is for {convention.InstrumentId}, not {instrument.Id}.", nameof(convention));

        var change = currentTotal - baselineTotal;
        var reduction = baselineTotal - currentTotal;

        // Response: reduction ≥ 50 % of baseline (NQF 1884/1885), compared in exact decimals so that exactly half counts.
        // A baseline of 0 cannot fall, so it can never respond.
        var response = baselineTotal > 0 && reduction >= convention.ResponseReduction * baselineTotal;
        decimal? percent = baselineTotal > 0 ? Math.Round(100m * reduction / baselineTotal, 1, MidpointRounding.AwayFromZero) : null;

        bool? remission = convention.RemissionBelow is { } below ? currentTotal < below : null;

        var reliable = !convention.ReliableChange.IsReliable(change) ? ReliableChangeOutcome.NoReliableChange
            : change < 0 ? ReliableChangeOutcome.ReliableImprovement
            : ReliableChangeOutcome.ReliableDeterioration;

        bool? mcid = convention.MinimalClinicallyImportantDifference is { } points ? reduction >= points : null;

        return new ChangeAssessment(instrument.Id, baselineTotal, currentTotal, change, percent, response, remission, reliable,
            convention.ReliableChange.Rci(change), mcid, convention, convention.Describe());
    }
}
