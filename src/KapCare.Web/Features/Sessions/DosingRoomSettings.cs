using System.Globalization;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Settings;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Sessions;

/// <summary>The dosing room as the clinic sets it up: its chairs and rooms, the pre-dose BP hold, how often vitals are taken.</summary>
public sealed record DosingRoom(IReadOnlyList<string> Chairs, BloodPressureHold Hold, VitalsSchedule Schedule);

/// <summary>What an admin typed: one chair or room per line (or comma-separated), the hold threshold and the two vitals intervals.</summary>
public sealed record DosingRoomInput(string? Chairs, int? HoldSystolic, int? HoldDiastolic, int? IntervalMinutes, int? EarlyIvIntervalMinutes);

/// <summary>
/// The dosing room's settings page (Admin → Settings): each value in the range the chart accepts (REFERENCE.md §4's
/// defaults: hold above 140/90, vitals every 15 minutes and every 10 in a patient's first three IV sessions); nothing is
/// saved when any value is wrong, and a chair with a patient in it cannot be removed. Every change is audited.
/// </summary>
public sealed class DosingRoomSettings(KapCareDbContext db, AuditTrail audit, ClinicClock clock, DosingSessions sessions)
{
    public const int MaximumChairs = 40;
    public const int MinimumInterval = 5, MaximumInterval = 30;

    public async Task<DosingRoom> CurrentAsync(CancellationToken ct = default)
    {
        var settings = new SessionSettings(db);
        return new DosingRoom(await settings.ChairsAsync(ct), await sessions.HoldAsync(ct), await settings.ScheduleAsync(ct));
    }

    /// <summary>Saves the settings, or returns every problem (field, message) and saves nothing.</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> SaveAsync(DosingRoomInput input, string? byName, CancellationToken ct = default)
    {
        var problems = new List<(string, string)>();
        var chairs = (input.Chairs ?? string.Empty).Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (chairs.Count == 0) problems.Add(("chairs", "Name at least one chair or room."));
        if (chairs.Count > MaximumChairs) problems.Add(("chairs", $"At most {MaximumChairs} chairs and rooms."));
        if (chairs.FirstOrDefault(c => c.Length > DosingSession.MaxChairLength) is { } tooLong)
            problems.Add(("chairs", $"“{tooLong[..20]}…” is too long: {DosingSession.MaxChairLength} characters at most."));
        if (chairs.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            problems.Add(("chairs", $"“{twice.Key}” is listed twice."));
        var occupied = await db.DosingSessions.AsNoTracking()
            .Where(s => s.Chair != null && (s.State == SessionState.CheckedIn || s.State == SessionState.Held || s.State == SessionState.PreChecksPassed
                || s.State == SessionState.Dosing || s.State == SessionState.Monitoring || s.State == SessionState.ReadyForDischarge))
            .Select(s => s.Chair!).Distinct().ToListAsync(ct);
        foreach (var chair in occupied.Where(o => !chairs.Contains(o, StringComparer.Ordinal)))
            problems.Add(("chairs", $"{chair} has a patient in it now: keep it until they are discharged."));

        if (input.HoldSystolic is not (>= BloodPressureHold.MinSystolic and <= BloodPressureHold.MaxSystolic))
            problems.Add(("holdSystolic", $"The systolic hold threshold is {BloodPressureHold.MinSystolic}–{BloodPressureHold.MaxSystolic} mmHg."));
        if (input.HoldDiastolic is not (>= BloodPressureHold.MinDiastolic and <= BloodPressureHold.MaxDiastolic))
            problems.Add(("holdDiastolic", $"The diastolic hold threshold is {BloodPressureHold.MinDiastolic}–{BloodPressureHold.MaxDiastolic} mmHg."));
        if (input.IntervalMinutes is not (>= MinimumInterval and <= MaximumInterval))
            problems.Add(("interval", $"Vitals every {MinimumInterval}–{MaximumInterval} minutes."));
        if (input.EarlyIvIntervalMinutes is not (>= MinimumInterval and <= MaximumInterval))
            problems.Add(("earlyIvInterval", $"Vitals in the first IV sessions every {MinimumInterval}–{MaximumInterval} minutes."));
        else if (input.IntervalMinutes is { } every && input.EarlyIvIntervalMinutes > every)
            problems.Add(("earlyIvInterval", "The first IV sessions are watched at least as closely as the others: choose an interval no longer than the usual one."));
        if (problems.Count > 0) return problems;

        var before = await CurrentAsync(ct);
        var now = clock.UtcNow;
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
        var changes = new List<string>();
        async Task PutAsync(string key, string value, string what, string was)
        {
            if (value == was) return;
            await db.ClinicSettings.PutAsync(key, value, byName, now, ct);
            changes.Add($"{what}: {was} → {value}");
        }
        await PutAsync(SessionSettings.ChairsKey, string.Join(",", chairs), "chairs", string.Join(",", before.Chairs));
        await PutAsync(DosingSessions.HoldSystolicKey, Text(input.HoldSystolic!.Value), "BP hold systolic above", Text(before.Hold.SystolicAbove));
        await PutAsync(DosingSessions.HoldDiastolicKey, Text(input.HoldDiastolic!.Value), "BP hold diastolic above", Text(before.Hold.DiastolicAbove));
        await PutAsync(SessionSettings.IntervalKey, Text(input.IntervalMinutes!.Value), "vitals every (min)", Text(before.Schedule.IntervalMinutes));
        await PutAsync(SessionSettings.EarlyIvIntervalKey, Text(input.EarlyIvIntervalMinutes!.Value), "vitals in the first IV sessions every (min)", Text(before.Schedule.EarlyIvIntervalMinutes));
        if (changes.Count == 0) return [];
        audit.Add(AuditActions.SettingUpdate, AuditOutcome.Success, "ClinicSetting", "sessions", detail: string.Join("; ", changes));
        await db.SaveChangesAsync(ct);
        return [];
    }
}
