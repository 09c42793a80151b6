using System.Globalization;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Sessions;

/// <summary>The dosing room's clinic settings: its chairs and rooms, and how often vitals are taken.</summary>
public sealed class SessionSettings(KapCareDbContext db)
{
    public const string ChairsKey = "sessions.chairs";
    public const string IntervalKey = "sessions.vitals-interval-minutes";
    public const string EarlyIvIntervalKey = "sessions.vitals-interval-early-iv-minutes";
    public static readonly IReadOnlyList<string> DefaultChairs = [.. Enumerable.Range(1, 8).Select(i => $"Chair {i.ToString(CultureInfo.InvariantCulture)}")];

    /// <summary>The clinic's chairs and rooms (setting <c>sessions.chairs</c>, comma-separated; default Chair 1–8).</summary>
    public async Task<IReadOnlyList<string>> ChairsAsync(CancellationToken ct = default)
    {
        var value = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == ChairsKey).Select(s => s.Value).FirstOrDefaultAsync(ct);
        var chairs = (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => c.Length <= DosingSession.MaxChairLength).Distinct(StringComparer.Ordinal).ToList();
        return chairs.Count > 0 ? chairs : DefaultChairs;
    }

    /// <summary>How often vitals are taken: settings of 5–30 minutes, else REFERENCE.md §4's defaults (15, and 10 for early IV sessions).</summary>
    public async Task<VitalsSchedule> ScheduleAsync(CancellationToken ct = default)
    {
        var values = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == IntervalKey || s.Key == EarlyIvIntervalKey).ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        int Read(string key, int fallback) => values.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 5 and <= 30 ? n : fallback;
        return new VitalsSchedule(Read(IntervalKey, VitalsSchedule.DefaultInterval), Read(EarlyIvIntervalKey, VitalsSchedule.DefaultEarlyIvInterval));
    }
}
