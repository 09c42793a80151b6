using System.Globalization;
using KapCare.Clinical.Instruments;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Settings;

/// <summary>A clinic-wide setting an admin changes in the app. Every change is audited with the old and new value.</summary>
public sealed class ClinicSetting : IVersioned
{
    public string Key { get; set; } = string.Empty;
    public string Value { get; set; } = string.Empty;
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedByName { get; set; }
    public int Version { get; set; }
}

public static class ClinicSettingWrites
{
    /// <summary>
    /// Sets a setting's value, adding its row the first time, for the caller to save together with its audit entry;
    /// returns the value it had (null when new).
    /// </summary>
    public static async Task<string?> PutAsync(this DbSet<ClinicSetting> settings, string key, string value, string? byName, DateTime nowUtc, CancellationToken ct)
    {
        var row = await settings.FirstOrDefaultAsync(s => s.Key == key, ct);
        var old = row?.Value;
        if (row is null)
        {
            row = new ClinicSetting { Key = key, Version = 1 };
            settings.Add(row);
        }
        row.Value = value;
        row.UpdatedAt = nowUtc;
        row.UpdatedByName = byName;
        return old;
    }
}

/// <summary>How a reliable change is judged for one instrument: Jacobson–Truax with SD₁ and r, or a fixed number of points.</summary>
public sealed record ReliableChangeSetting(bool JacobsonTruax, double? BaselineSd, double? Reliability, int? Points)
{
    public string Serialize() => JacobsonTruax
        ? string.Create(CultureInfo.InvariantCulture, $"jt:{BaselineSd}:{Reliability}")
        : string.Create(CultureInfo.InvariantCulture, $"points:{Points}");

    public static ReliableChangeSetting? Parse(string? value)
    {
        var parts = (value ?? string.Empty).Split(':');
        if (parts is ["jt", var sd, var r] && double.TryParse(sd, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var rel))
            return new(true, s, rel, null);
        if (parts is ["points", var p] && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var points))
            return new(false, null, null, points);
        return null;
    }

    /// <summary>What is wrong with the numbers, in words, or null when they make a valid rule.</summary>
    public string? Problem(int maxTotal) => JacobsonTruax
        ? BaselineSd is not (> 0 and <= 100) ? "Enter the baseline standard deviation SD₁ as a positive number (e.g. 5.59)."
          : Reliability is not (>= 0 and < 1) ? "Enter the reliability r between 0 and 1 (e.g. 0.87)."
          : null
        : Points is not { } p || p < 1 || p > maxTotal ? $"Enter the reliable-change threshold in points, between 1 and {maxTotal}."
          : null;

    public static ReliableChangeSetting From(ReliableChangeRule rule) => rule.Method == ReliableChangeMethod.JacobsonTruax
        ? new(true, rule.BaselineSd, rule.Reliability, null)
        : new(false, null, null, rule.Points);
}

/// <summary>
/// The change conventions the clinic uses (REFERENCE.md §1: "make the parameters configurable and show which
/// convention is in use"). Response, remission and MCID keep their published values; the reliable-change
/// rule is the clinic's choice.
/// </summary>
public sealed class ChangeConventions(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public static readonly IReadOnlyList<string> Configurable = [InstrumentIds.Gad7, InstrumentIds.Phq9];

    public static string KeyFor(string instrumentId) => $"measures.{instrumentId}.reliable-change";

    public async Task<ChangeConvention?> ForAsync(string instrumentId, CancellationToken ct = default)
    {
        var preset = ChangeConvention.DefaultFor(instrumentId);
        if (preset is null) return null;
        var key = KeyFor(instrumentId);
        var stored = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(ct);
        return ReliableChangeSetting.Parse(stored) is { } setting ? Build(preset, setting) : preset;
    }

    /// <summary>Validates and saves; returns the problem in words, or null when saved.</summary>
    public async Task<string?> SaveAsync(string instrumentId, ReliableChangeSetting setting, string? byName, CancellationToken ct = default)
    {
        var preset = ChangeConvention.DefaultFor(instrumentId) ?? throw new ArgumentException("No convention for " + instrumentId, nameof(instrumentId));
        if (setting.Problem(InstrumentLibrary.Get(instrumentId).MaxTotal ?? 0) is { } problem) return problem;
        var key = KeyFor(instrumentId);
        var value = setting.Serialize();
        var old = await db.ClinicSettings.PutAsync(key, value, byName, clock.UtcNow, ct) ?? ReliableChangeSetting.From(preset.ReliableChange).Serialize();
        audit.Add(AuditActions.SettingUpdate, AuditOutcome.Success, "ClinicSetting", key, detail: $"{old} → {value}");
        await db.SaveChangesAsync(ct);
        return null;
    }

    private static ChangeConvention Build(ChangeConvention preset, ReliableChangeSetting setting)
    {
        var rule = setting.JacobsonTruax
            ? ReliableChangeRule.JacobsonTruax(setting.BaselineSd ?? 0, setting.Reliability ?? -1, "clinic setting")
            : ReliableChangeRule.FixedPoints(setting.Points ?? 0, "clinic setting");
        return new ChangeConvention(preset.InstrumentId, "clinic setting", preset.ResponseReduction, preset.RemissionBelow, rule,
            preset.MinimalClinicallyImportantDifference, preset.MinimalClinicallyImportantDifferenceSource);
    }
}
