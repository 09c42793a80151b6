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
    public DateTime DecidedAt { get; set; }
    public string DecidedByUserId { get; set; } = string.Empty;
    public string DecidedByName { get; set; } = string.Empty;

    public IReadOnlyList<ReasonResponse> Reasons => JsonSerializer.Deserialize<List<ReasonResponse>>(ReasonsJson, JsonSerializerOptions.Web) ?? [];
}

public abstract record DecisionResult
{
    private DecisionResult() { }
    public sealed record Recorded(EligibilityDecisionRecord Decision) : DecisionResult;
    public sealed record Refused(string Message) : DecisionResult;
}

/// <summary>Records a decision after evaluating the facts again on the server (the result shown in the browser is never trusted).</summary>
public sealed class RecordEligibilityDecision(KapCareDbContext db, AuditTrail audit, ClinicClock clock, EligibilityRules rules)
{
    public async Task<DecisionResult> HandleAsync(Guid patientId, IntakeFacts facts, string factsJson, bool approve, string? note,
        IReadOnlyList<string> overriddenRuleIds, string? justification, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var result = EligibilityEngine.Evaluate(facts, await rules.CurrentAsync(ct));
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
            DecidedAt = clock.UtcNow,
            DecidedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier)!,
            DecidedByName = user.DisplayName(),
        };
        db.EligibilityDecisions.Add(record);
        audit.Add(AuditActions.EligibilityDecide, AuditOutcome.Success, "EligibilityDecision", record.Id.ToString(), patientId,
            $"{record.Kind} with outcome {record.Outcome} under rule set {record.RuleSetVersion}" + (record.OverrideJustification is null ? string.Empty : $"; OVERRIDE of {record.OverriddenRuleIds}"));
        await db.SaveChangesAsync(ct);
        return new DecisionResult.Recorded(record);
    }
}
