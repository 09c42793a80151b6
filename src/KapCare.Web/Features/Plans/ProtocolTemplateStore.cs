using System.Globalization;
using System.Text.Json;
using KapCare.Clinical.Plans;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Settings;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Plans;

/// <summary>An admin's edit of a shipped protocol: the adjustable parts, as a whole, and the version it makes.</summary>
public sealed record ProtocolEdit(int Version, IReadOnlyList<PhaseEdit> Phases, TemplateDose StartingDose, int? InfusionMinutes, int IntegrationDaysAfter, DateTime At, string? By);

public sealed record PhaseEdit(int Sessions, Spacing Spacing);

/// <summary>
/// The clinic's protocol templates: the shipped defaults with the admin's latest edit of each applied. Every edit raises
/// the template's version (plans keep the version they were built from) and is audited with before and after.
/// </summary>
public sealed class ProtocolTemplateStore(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public const string KeyPrefix = "protocol.";

    public async Task<IReadOnlyList<ProtocolTemplate>> CurrentAsync(CancellationToken ct = default)
    {
        var rows = await db.ClinicSettings.AsNoTracking().Where(s => s.Key.StartsWith(KeyPrefix)).ToListAsync(ct);
        return ProtocolTemplates.Defaults.Select(t =>
            rows.FirstOrDefault(r => r.Key == KeyPrefix + t.Id) is { } row && JsonSerializer.Deserialize<ProtocolEdit>(row.Value, TreatmentPlanRecord.Json) is { } edit
                ? Apply(t, edit)
                : t).ToList();
    }

    public async Task<ProtocolTemplate?> FindAsync(string id, CancellationToken ct = default) =>
        ProtocolTemplates.Find(await CurrentAsync(ct), id);

    /// <summary>Saves an edit when the resulting template is valid; returns the problems in words otherwise (nothing saved).</summary>
    public async Task<IReadOnlyList<string>> EditAsync(string id, IReadOnlyList<PhaseEdit> phases, TemplateDose startingDose, int? infusionMinutes,
        int integrationDaysAfter, string? byName, CancellationToken ct = default)
    {
        var current = await FindAsync(id, ct);
        if (current is null) return [$"No protocol '{id}'."];
        if (phases.Count != current.Phases.Count) return [$"{current.Name} has {current.Phases.Count} phase(s)."];
        var edit = new ProtocolEdit(current.Version + 1, phases, startingDose, infusionMinutes, integrationDaysAfter, clock.UtcNow, byName);
        var edited = Apply(current, edit);
        var problems = edited.Problems();
        if (problems.Count > 0) return problems;

        await db.ClinicSettings.PutAsync(KeyPrefix + id, JsonSerializer.Serialize(edit, TreatmentPlanRecord.Json), byName, clock.UtcNow, ct);
        audit.Add(AuditActions.SettingUpdate, AuditOutcome.Success, "ProtocolTemplate", id,
            detail: string.Create(CultureInfo.InvariantCulture, $"{current.Name} v{current.Version} → v{edited.Version}: {Describe(current)} → {Describe(edited)}"));
        await db.SaveChangesAsync(ct);
        return [];
    }

    public static string Describe(ProtocolTemplate t) =>
        string.Join("; ", t.Phases.Select(p => $"{p.Name} {p.Sessions} {p.Spacing} at {string.Join("→", p.Doses)}"))
        + (t.InfusionMinutes is { } m ? string.Create(CultureInfo.InvariantCulture, $"; infusion {m} min") : string.Empty)
        + string.Create(CultureInfo.InvariantCulture, $"; integration +{t.IntegrationDaysAfter} d");

    /// <summary>The template with the edit's phases, starting dose (an ascending first phase keeps its later steps), infusion time and integration day.</summary>
    public static ProtocolTemplate Apply(ProtocolTemplate template, ProtocolEdit edit)
    {
        var phases = template.Phases.Zip(edit.Phases, (p, e) => p with { Sessions = e.Sessions, Spacing = e.Spacing }).ToList();
        var first = phases[0];
        phases[0] = first with { Doses = first.Doses.Count > 1 ? [edit.StartingDose, .. first.Doses.Skip(1)] : [edit.StartingDose] };
        // A flat later phase follows the starting dose when it had the same dose as the first phase.
        for (var i = 1; i < phases.Count; i++)
        {
            if (phases[i].Doses is [var only] && only == template.Phases[0].Doses[0] && first.Doses.Count == 1) phases[i] = phases[i] with { Doses = [edit.StartingDose] };
        }
        return template with
        {
            Version = edit.Version,
            Phases = phases,
            InfusionMinutes = edit.InfusionMinutes,
            IntegrationDaysAfter = edit.IntegrationDaysAfter,
        };
    }
}
