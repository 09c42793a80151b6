namespace KapCare.Clinical.Eligibility;

public enum EligibilityDecisionKind
{
    Approve,
    Decline,
}

/// <summary>
/// A prescriber's explicit override of exclusions: the rule ids overridden and a written justification of at least
/// <see cref="MinimumJustificationLength"/> characters. REFERENCE.md §2: an outcome is overridden with a recorded reason,
/// never silently.
/// </summary>
public sealed class EligibilityOverride
{
    public const int MinimumJustificationLength = 20;

    private EligibilityOverride(IReadOnlyList<string> ruleIds, string justification)
    {
        OverriddenRuleIds = ruleIds;
        Justification = justification;
    }

    public IReadOnlyList<string> OverriddenRuleIds { get; }
    public string Justification { get; }

    public static EligibilityOverride Create(IEnumerable<string> overriddenRuleIds, string justification)
    {
        ArgumentNullException.ThrowIfNull(overriddenRuleIds);
        var ids = overriddenRuleIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct().ToList();
        if (ids.Count == 0) throw new ArgumentException("An override must name the reasons it overrides.", nameof(overriddenRuleIds));
        var text = justification?.Trim() ?? string.Empty;
        if (text.Length < MinimumJustificationLength)
        {
            throw new ArgumentException(
                $"An override needs a written justification of at least {MinimumJustificationLength} characters.", nameof(justification));
        }
        return new EligibilityOverride(ids, text);
    }
}

/// <summary>
/// The prescriber's decision on an <see cref="EligibilityResult"/>. Built only through <see cref="Approve"/> and
/// <see cref="Decline"/>, which refuse what may not be decided: approving a not-eligible result without an override that
/// names every exclusion, approving a needs-review result without a note saying why, declining without a note.
/// Who decided and when is recorded by the web layer.
/// </summary>
public sealed class EligibilityDecision
{
    private EligibilityDecision(EligibilityDecisionKind kind, EligibilityResult result, string? note, EligibilityOverride? @override)
    {
        Kind = kind;
        Result = result;
        Note = note;
        Override = @override;
    }

    public EligibilityDecisionKind Kind { get; }

    /// <summary>The result decided on (its outcome, rule-set version and reasons).</summary>
    public EligibilityResult Result { get; }

    public string? Note { get; }
    public EligibilityOverride? Override { get; }

    public static EligibilityDecision Approve(EligibilityResult result, string? note = null, EligibilityOverride? @override = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        switch (result.Outcome)
        {
            case EligibilityOutcome.NotEligible:
                if (@override is null)
                {
                    throw new InvalidOperationException(
                        "The result is not eligible: approving it needs an explicit override with a written justification.");
                }
                var excluded = result.Reasons.Where(r => r.Severity == RuleSeverity.Exclude).Select(r => r.RuleId).Distinct().ToList();
                var notNamed = excluded.Except(@override.OverriddenRuleIds).ToList();
                if (notNamed.Count > 0)
                {
                    throw new InvalidOperationException($"The override does not name every exclusion: {string.Join(", ", notNamed)}.");
                }
                var unknown = @override.OverriddenRuleIds.Except(result.Reasons.Select(r => r.RuleId)).ToList();
                if (unknown.Count > 0)
                {
                    throw new ArgumentException($"The override names reasons the result does not have: {string.Join(", ", unknown)}.", nameof(@override));
                }
                break;
            case EligibilityOutcome.NeedsReview:
                // REFERENCE.md §2: a "review" outcome is overridden with a recorded reason, never silently.
                if (@override is not null) throw new ArgumentException("Only a not-eligible result takes an override.", nameof(@override));
                if (trimmed is null) throw new ArgumentException("Approving a result that needs review requires a note saying why.", nameof(note));
                break;
            case EligibilityOutcome.Eligible:
                if (@override is not null) throw new ArgumentException("Only a not-eligible result takes an override.", nameof(@override));
                break;
        }
        return new EligibilityDecision(EligibilityDecisionKind.Approve, result, trimmed, @override);
    }

    public static EligibilityDecision Decline(EligibilityResult result, string note)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (string.IsNullOrWhiteSpace(note)) throw new ArgumentException("Declining needs a note saying why.", nameof(note));
        return new EligibilityDecision(EligibilityDecisionKind.Decline, result, note.Trim(), null);
    }
}
