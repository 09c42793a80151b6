namespace KapCare.Clinical.Eligibility;

public enum EligibilityOutcome
{
    Eligible,
    NeedsReview,
    NotEligible,
}

/// <summary>Why a result is what it is: the rule (and its version) that fired, what it found, and where the rule comes from.</summary>
public sealed record Reason(
    string RuleId,
    int RuleVersion,
    RuleSeverity Severity,
    RuleKind Kind,
    string Message,
    IReadOnlyList<ReasonFact> Facts,
    string Source)
{
    public bool IsMissingInformation => Kind == RuleKind.MissingInformation;
}

/// <summary>The outcome of evaluating intake facts against a rule set, with every reason.</summary>
public sealed record EligibilityResult(EligibilityOutcome Outcome, string RuleSetVersion, IReadOnlyList<Reason> Reasons);

/// <summary>
/// Evaluates <see cref="IntakeFacts"/> against a <see cref="RuleSet"/>: any exclusion → not eligible; otherwise any review
/// finding or missing information → needs review; otherwise eligible. Notes are shown but never change the outcome.
/// </summary>
public static class EligibilityEngine
{
    public static EligibilityResult Evaluate(IntakeFacts facts, RuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(ruleSet);
        var problems = facts.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(facts));

        var reasons = ruleSet.Rules
            .SelectMany(rule => rule.Evaluate(facts).Select(hit =>
                new Reason(rule.Id, rule.Version, rule.Severity, rule.Kind, hit.Message, hit.Facts, rule.Source)))
            .OrderByDescending(r => r.Severity)
            .ToList();

        var outcome = reasons.Any(r => r.Severity == RuleSeverity.Exclude) ? EligibilityOutcome.NotEligible
            : reasons.Any(r => r.Severity == RuleSeverity.Review || r.IsMissingInformation) ? EligibilityOutcome.NeedsReview
            : EligibilityOutcome.Eligible;
        return new EligibilityResult(outcome, ruleSet.Version, reasons);
    }

    /// <summary>
    /// Evaluates the facts a prescriber decides on while keeping every exclusion the intake itself shows: a fact changed on
    /// the decision form (an intake "yes" to psychosis turned into "no") never removes an exclusion; only the override path,
    /// with its written justification, passes it (issue 9, item 8).
    /// </summary>
    public static EligibilityResult EvaluateAgainstIntake(IntakeFacts decided, IntakeFacts intake, RuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(intake);
        var result = Evaluate(decided, ruleSet);
        if (intake.Problems().Count > 0) return result;
        var kept = Evaluate(intake, ruleSet).Reasons
            .Where(r => r.Severity == RuleSeverity.Exclude && result.Reasons.All(x => x.RuleId != r.RuleId))
            .Select(r => r with { Message = $"The intake says: {r.Message} The fact was changed on the decision form; an exclusion is passed only by an override." })
            .ToList();
        return kept.Count == 0 ? result : new EligibilityResult(EligibilityOutcome.NotEligible, result.RuleSetVersion, [.. kept, .. result.Reasons]);
    }
}
