using System.Globalization;

namespace KapCare.Clinical.Eligibility;

/// <summary>How much a rule's finding weighs: an exclusion, a finding a prescriber must review, or a note for the record.</summary>
public enum RuleSeverity
{
    Note,
    Review,
    Exclude,
}

/// <summary>Whether a rule reports a clinical finding or a question that was not answered.</summary>
public enum RuleKind
{
    Finding,
    MissingInformation,
}

/// <summary>
/// A number a rule compares against, which the clinic's admin may change within <see cref="Minimum"/>–<see cref="Maximum"/>
/// (REFERENCE.md: "the clinic decides the number and the software ships the default"). Every default threshold is a
/// whole number (mmHg, months, trials, weeks), so a fraction is refused unless <see cref="WholeNumber"/> is false.
/// </summary>
public sealed record RuleThreshold(string Name, decimal Value, string Unit, decimal Minimum, decimal Maximum, bool WholeNumber = true)
{
    public override string ToString() => $"{Name} = {Value.ToString(CultureInfo.InvariantCulture)} {Unit}";
}

/// <summary>An intake field and its value that made a rule fire, e.g. <c>SystolicMmHg = 168</c>.</summary>
public sealed record ReasonFact(string Field, string Value)
{
    public override string ToString() => $"{Field} = {Value}";
}

/// <summary>What a rule found in one set of facts: a plain-language message and the facts behind it.</summary>
public sealed record RuleHit(string Message, IReadOnlyList<ReasonFact> Facts);

/// <summary>
/// One eligibility rule as data: its identity and version, its title and source, how much it weighs, the thresholds the
/// admin may change, and the logic that reads <see cref="IntakeFacts"/>. Built by <see cref="RuleSet.Default"/>; changed
/// only through <see cref="RuleSet.WithThreshold"/>, which makes a new version.
/// </summary>
public sealed class EligibilityRule
{
    private readonly Func<IntakeFacts, EligibilityRule, IEnumerable<RuleHit>> _logic;

    internal EligibilityRule(
        string id,
        int version,
        string title,
        string source,
        RuleSeverity severity,
        RuleKind kind,
        IReadOnlyList<RuleThreshold> thresholds,
        Func<IntakeFacts, EligibilityRule, IEnumerable<RuleHit>> logic)
    {
        Id = id;
        Version = version;
        Title = title;
        Source = source;
        Severity = severity;
        Kind = kind;
        Thresholds = thresholds;
        _logic = logic;
    }

    /// <summary>A stable identifier, e.g. <c>psychosis</c>.</summary>
    public string Id { get; }

    /// <summary>Starts at 1; goes up by one each time a threshold of this rule changes.</summary>
    public int Version { get; }

    public string Title { get; }
    public string Source { get; }
    public RuleSeverity Severity { get; }
    public RuleKind Kind { get; }
    public IReadOnlyList<RuleThreshold> Thresholds { get; }

    /// <summary>The value of the named threshold; throws when the rule has no such threshold.</summary>
    public decimal Threshold(string name) =>
        Thresholds.FirstOrDefault(t => t.Name == name)?.Value
        ?? throw new ArgumentException($"Rule '{Id}' has no threshold '{name}'.", nameof(name));

    public IReadOnlyList<RuleHit> Evaluate(IntakeFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return _logic(facts, this).ToList();
    }

    internal EligibilityRule WithThreshold(string name, decimal value)
    {
        var current = Thresholds.FirstOrDefault(t => t.Name == name)
            ?? throw new ArgumentException(
                $"Rule '{Id}' has no threshold '{name}'. Its thresholds: {(Thresholds.Count == 0 ? "none" : string.Join(", ", Thresholds.Select(t => t.Name)))}.",
                nameof(name));
        if (value < current.Minimum || value > current.Maximum)
        {
            throw new ArgumentOutOfRangeException(
                nameof(value),
                value,
                $"{Title}: {name} must be between {current.Minimum.ToString(CultureInfo.InvariantCulture)} and {current.Maximum.ToString(CultureInfo.InvariantCulture)} {current.Unit}.");
        }
        if (current.WholeNumber && decimal.Truncate(value) != value)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{Title}: {name} must be a whole number of {current.Unit}.");
        }
        var thresholds = Thresholds.Select(t => t.Name == name ? t with { Value = value } : t).ToList();
        return new EligibilityRule(Id, Version + 1, Title, Source, Severity, Kind, thresholds, _logic);
    }
}
