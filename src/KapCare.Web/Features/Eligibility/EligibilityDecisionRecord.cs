using System.Text.Json;
using System.Security.Claims;
using KapCare.Clinical.Eligibility;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;

namespace KapCare.Web.Features.Eligibility;

/// <summary>
/// A prescriber's recorded eligibility decision: the facts, the rule-set version and every reason as evaluated at
/// the time, the decision and its note, and any override with its justification. Immutable, like a signature.
/// </summary>
[AppendOnly("A recorded eligibility decision is immutable: record a new decision instead.")]
public sealed class EligibilityDecisionRecord
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public EligibilityDecisionKind Kind { get; set; }
    public EligibilityOutcome Outcome { get; set; }
    public string RuleSetVersion { get; set; } = string.Empty;
    public string ReasonsJson { get; set; } = "[]";
    public string FactsJson { get; set; } = "{}";
    public string? Note { get; set; }
    public string? OverriddenRuleIds { get; set; }
    public string? OverrideJustification { get; set; }
    /// <summary>The intake's facts when the decision was made (its basis); null when the patient had no intake.</summary>
    public string? BasisFactsJson { get; set; }
    /// <summary>The facts the prescriber changed from the intake on the decision form (<see cref="ChangedFact"/> list), and why.</summary>
    public string? ChangedFactsJson { get; set; }
    public string? ChangeReason { get; set; }
    public DateTime DecidedAt { get; set; }
    public string DecidedByUserId { get; set; } = string.Empty;
    public string DecidedByName { get; set; } = string.Empty;

    public IReadOnlyList<ChangedFact> ChangedFacts => ChangedFactsJson is null ? [] : JsonSerializer.Deserialize<List<ChangedFact>>(ChangedFactsJson, JsonSerializerOptions.Web) ?? [];

    public IReadOnlyList<ReasonResponse> Reasons => JsonSerializer.Deserialize<List<ReasonResponse>>(ReasonsJson, JsonSerializerOptions.Web) ?? [];
}

public abstract record DecisionResult
{
    private DecisionResult() { }
    public sealed record Recorded(EligibilityDecisionRecord Decision) : DecisionResult;
    public sealed record Refused(string Message) : DecisionResult;
}

/// <summary>Records a decision after evaluating the facts again on the server (the result shown in the browser is never trusted).</summary>
public sealed class RecordEligibilityDecision(KapCareDbContext db, AuditTrail audit, ClinicClock clock, EligibilityRules rules, EligibilityStanding standing)
{
    public const int MinimumChangeReasonLength = 10;

    /// <summary>
    /// The facts are compared with the intake's (loaded here, never taken from the form): every fact that differs is recorded
    /// as a changed fact with the prescriber's reason and audited; an exclusion the intake shows stays in force whatever the
    /// form says, so it is passed only by the override path (issue 9, item 8).
    /// </summary>
    public async Task<DecisionResult> HandleAsync(Guid patientId, IntakeFacts facts, string factsJson, bool approve, string? note,
        IReadOnlyList<string> overriddenRuleIds, string? justification, ClaimsPrincipal user, string? changeReason = null, CancellationToken ct = default)
    {
        var ruleSet = await rules.CurrentAsync(ct);
        var basis = await standing.IntakeFactsAsync(patientId, ct);
        var changed = basis is null ? [] : EligibilityStanding.Compare(IntakeFactsRequest.From(basis), IntakeFactsRequest.From(facts));
        var reason = changeReason?.Trim();
        var contradicted = changed.Where(c => !c.Completes).ToList();
        if (contradicted.Count > 0 && (reason?.Length ?? 0) < MinimumChangeReasonLength)
        {
            await audit.RecordAsync(AuditActions.EligibilityDecide, AuditOutcome.Failure, "EligibilityDecision", null, patientId,
                "refused: facts differ from the intake without a reason: " + string.Join("; ", contradicted), ct);
            return new DecisionResult.Refused($"These facts differ from the intake: {string.Join("; ", contradicted)}. Say why they were changed "
                + $"(at least {MinimumChangeReasonLength} characters), or correct the intake itself.");
        }
        var result = basis is null ? EligibilityEngine.Evaluate(facts, ruleSet) : EligibilityEngine.EvaluateAgainstIntake(facts, basis, ruleSet);
        EligibilityDecision decision;
        try
        {
            var @override = overriddenRuleIds.Count > 0 || !string.IsNullOrWhiteSpace(justification)
                ? EligibilityOverride.Create(overriddenRuleIds, justification ?? string.Empty)
                : null;
            decision = approve ? EligibilityDecision.Approve(result, note, @override) : EligibilityDecision.Decline(result, note ?? string.Empty);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            await audit.RecordAsync(AuditActions.EligibilityDecide, AuditOutcome.Failure, "EligibilityDecision", null, patientId, "refused: " + ex.Message, ct);
            return new DecisionResult.Refused(ex.ForPeople());
        }

        var record = new EligibilityDecisionRecord
        {
            Id = Guid.CreateVersion7(),
            PatientId = patientId,
            Kind = decision.Kind,
            Outcome = result.Outcome,
            RuleSetVersion = result.RuleSetVersion,
            ReasonsJson = JsonSerializer.Serialize(result.Reasons.Select(r => new ReasonResponse(r.RuleId, r.RuleVersion, r.Severity.ToString(), r.IsMissingInformation, r.Message,
                r.Facts.Select(f => new ReasonFactResponse(f.Field, f.Value)).ToList(), r.Source)), JsonSerializerOptions.Web),
            FactsJson = factsJson,
            Note = decision.Note,
            OverriddenRuleIds = decision.Override is { } o ? string.Join(',', o.OverriddenRuleIds) : null,
            OverrideJustification = decision.Override?.Justification,
            BasisFactsJson = basis is null ? null : JsonSerializer.Serialize(IntakeFactsRequest.From(basis), JsonSerializerOptions.Web),
            ChangedFactsJson = changed.Count == 0 ? null : JsonSerializer.Serialize(changed, JsonSerializerOptions.Web),
            ChangeReason = string.IsNullOrEmpty(reason) ? null : reason,
            DecidedAt = clock.UtcNow,
            DecidedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier)!,
            DecidedByName = user.DisplayName(),
        };
        db.EligibilityDecisions.Add(record);
        audit.Add(AuditActions.EligibilityDecide, AuditOutcome.Success, "EligibilityDecision", record.Id.ToString(), patientId,
            $"{record.Kind} with outcome {record.Outcome} under rule set {record.RuleSetVersion}" + (record.OverrideJustification is null ? string.Empty : $"; OVERRIDE of {record.OverriddenRuleIds}")
            + (changed.Count == 0 ? string.Empty : $"; CHANGED FACTS from the intake: {string.Join("; ", changed)}; reason: {reason}"));
        await db.SaveChangesAsync(ct);
        return new DecisionResult.Recorded(record);
    }
}
