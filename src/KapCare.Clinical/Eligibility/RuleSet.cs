using System.Globalization;

namespace KapCare.Clinical.Eligibility;

/// <summary>
/// A versioned set of eligibility rules. <see cref="Default"/> encodes REFERENCE.md §2; the admin changes a threshold with
/// <see cref="WithThreshold"/>, which returns a new set with a new version (the old one stays as it was, so a result
/// always names the exact rules that produced it).
/// </summary>
public sealed class RuleSet
{
    internal RuleSet(string version, IReadOnlyList<EligibilityRule> rules)
    {
        if (string.IsNullOrWhiteSpace(version)) throw new ArgumentException("A rule set needs a version.", nameof(version));
        var duplicate = rules.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Rule '{duplicate.Key}' appears twice.", nameof(rules));
        Version = version;
        Rules = rules;
    }

    public string Version { get; }
    public IReadOnlyList<EligibilityRule> Rules { get; }

    /// <summary>The rules of REFERENCE.md §2 with their published defaults, plus the missing-information rules.</summary>
    public static RuleSet Default { get; } = new("1.0", DefaultRules.All());

    public EligibilityRule Rule(string ruleId) =>
        Rules.FirstOrDefault(r => r.Id == ruleId)
        ?? throw new ArgumentException($"Rule set {Version} has no rule '{ruleId}'.", nameof(ruleId));

    /// <summary>
    /// A new rule set in which one threshold of one rule has a new value; the rule's version goes up by one and the set
    /// gets <paramref name="newVersion"/>, or by default this version with its last number raised by one ("1.0" → "1.1").
    /// Throws <see cref="ArgumentOutOfRangeException"/> for an implausible value (outside the threshold's range, or a
    /// diastolic limit not below the systolic one) and <see cref="ArgumentException"/> for an unknown rule or threshold.
    /// </summary>
    public RuleSet WithThreshold(string ruleId, string name, decimal value, string? newVersion = null)
    {
        var changed = Rule(ruleId).WithThreshold(name, value);
        if (changed.Thresholds.FirstOrDefault(t => t.Name == DefaultRules.SystolicLimit) is { } sys
            && changed.Thresholds.FirstOrDefault(t => t.Name == DefaultRules.DiastolicLimit) is { } dia
            && dia.Value >= sys.Value)
        {
            throw new ArgumentOutOfRangeException(
                nameof(value), value, $"The diastolic limit ({dia.Value} mmHg) must be below the systolic limit ({sys.Value} mmHg).");
        }
        var version = newVersion ?? NextVersion(Version);
        if (version == Version) throw new ArgumentException($"The new version must differ from {Version}.", nameof(newVersion));
        return new RuleSet(version, Rules.Select(r => r.Id == ruleId ? changed : r).ToList());
    }

    private static string NextVersion(string version)
    {
        var dot = version.LastIndexOf('.');
        var head = dot < 0 ? version + "." : version[..(dot + 1)];
        var tail = dot < 0 ? "0" : version[(dot + 1)..];
        return int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? head + (n + 1).ToString(CultureInfo.InvariantCulture)
            : version + ".1";
    }
}
