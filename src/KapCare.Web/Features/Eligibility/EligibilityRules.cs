using System.Globalization;
using System.Text.Json;
using KapCare.Clinical.Eligibility;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Settings;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Eligibility;

/// <summary>One admin change to a rule threshold, kept in order: the clinic's rule set is the default with every change replayed.</summary>
public sealed record ThresholdEdit(string RuleId, string Name, decimal Value, DateTime At, string? By);

/// <summary>
/// The clinic's current eligibility rule set. Each threshold change makes a new rule-set version (1.0 → 1.1 …) and
/// raises the changed rule's version, so every stored decision says exactly which rules it was made under.
/// </summary>
public sealed class EligibilityRules(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public const string SettingKey = "eligibility.threshold-edits";

    public async Task<RuleSet> CurrentAsync(CancellationToken ct = default) => Replay(await EditsAsync(ct));

    public async Task<IReadOnlyList<ThresholdEdit>> EditsAsync(CancellationToken ct = default)
    {
        var json = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == SettingKey).Select(s => s.Value).FirstOrDefaultAsync(ct);
        return json is null ? [] : JsonSerializer.Deserialize<List<ThresholdEdit>>(json, JsonSerializerOptions.Web) ?? [];
    }

    /// <summary>Applies the change if the rule set accepts it; returns the problem in words otherwise.</summary>
    public async Task<string?> ChangeThresholdAsync(string ruleId, string name, decimal value, string? byName, CancellationToken ct = default)
    {
        var edits = (await EditsAsync(ct)).ToList();
        var before = Replay(edits);
        RuleSet after;
        try
        {
            after = before.WithThreshold(ruleId, name, value);
        }
        catch (ArgumentException ex)
        {
            return ex.ForPeople();
        }
        var old = before.Rule(ruleId).Threshold(name);
        edits.Add(new ThresholdEdit(ruleId, name, value, clock.UtcNow, byName));
        await db.ClinicSettings.PutAsync(SettingKey, JsonSerializer.Serialize(edits, JsonSerializerOptions.Web), byName, clock.UtcNow, ct);
        audit.Add(AuditActions.SettingUpdate, AuditOutcome.Success, "EligibilityRule", ruleId,
            detail: string.Create(CultureInfo.InvariantCulture, $"{ruleId}.{name} {old} → {value}; rule set {before.Version} → {after.Version}"));
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// The default rule set with every stored edit replayed. An edit made before a floor existed (issue 9: thresholds cannot
    /// pass REFERENCE.md's floors) and now past it is skipped: the rule keeps its previous value, never the looser one.
    /// </summary>
    private static RuleSet Replay(IEnumerable<ThresholdEdit> edits) =>
        edits.Aggregate(RuleSet.Default, (set, edit) =>
        {
            try
            {
                return set.WithThreshold(edit.RuleId, edit.Name, edit.Value);
            }
            catch (ArgumentException)
            {
                return set;
            }
        });
}
