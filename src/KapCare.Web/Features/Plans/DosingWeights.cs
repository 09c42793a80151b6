using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Dosing;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Settings;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Plans;

public enum WeightSource
{
    /// <summary>Weighed by a clinician (at the clinic, at the session).</summary>
    Measured = 0,
    /// <summary>A weight the patient reported, which a clinician checked and confirmed.</summary>
    ConfirmedReport = 1,
}

/// <summary>
/// A weight a clinician vouches for (issue 9, item 3): the only kind of weight doses are calculated from. Append-only:
/// a new weighing is a new row; the context refuses changes and deletes.
/// </summary>
[AppendOnly("A recorded weight is immutable: record a new weighing instead.")]
public sealed class WeightMeasurement
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public decimal WeightKg { get; set; }
    public WeightSource Source { get; set; }
    public DateTime MeasuredAt { get; set; }
    public string RecordedByUserId { get; set; } = string.Empty;
    public string RecordedByName { get; set; } = string.Empty;
}

/// <summary>The weight a dose is calculated from, who vouched for it and when; or why there is none.</summary>
public sealed record DosingWeight(decimal? Kg, WeightMeasurement? Measurement, decimal? ReportedKg, int ValidDays, string? Problem)
{
    /// <summary>The patient's own (intake) weight differs from the one used, or is not confirmed at all.</summary>
    public bool ReportedDiffers => ReportedKg is { } r && r != Kg;
}

/// <summary>
/// Dosing weights (issue 9, item 3). Doses are calculated only from a weight a clinician recorded — weighed, or a
/// patient's report they confirmed — within the clinic's validity window (default 30 days). A weight the patient typed
/// (portal intake) is shown as "reported" and never used alone, however it was entered later.
/// </summary>
public sealed class DosingWeights(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public const string ValidDaysKey = "dosing.weight-valid-days";
    public const int DefaultValidDays = 30;

    /// <summary>A weight older than this is never current, whatever the setting: a quarter of a year.</summary>
    public const int MaximumValidDays = 90;

    /// <summary>
    /// Whose recorded weight doses may be calculated from: those who write the clinical record (nurses and prescribers,
    /// who weigh patients and give doses; docs/decisions/0015-permissions.md).
    /// </summary>
    public static bool CanVouch(ClaimsPrincipal user) => user.Has(Permissions.ClinicalWrite);

    public const string BmiKey = "dosing.bmi-warning-above";

    /// <summary>WHO obesity class II begins at a BMI of 35: above it, the dose by ideal and adjusted body weight is shown.</summary>
    public const decimal DefaultBmiWarningAbove = 35m;

    public async Task<decimal> BmiWarningAboveAsync(CancellationToken ct = default)
    {
        var value = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == BmiKey).Select(s => s.Value).FirstOrDefaultAsync(ct);
        return decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var bmi) && bmi is >= 25m and <= 50m ? bmi : DefaultBmiWarningAbove;
    }

    public async Task<int> ValidDaysAsync(CancellationToken ct = default)
    {
        var value = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == ValidDaysKey).Select(s => s.Value).FirstOrDefaultAsync(ct);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaximumValidDays ? days : DefaultValidDays;
    }

    public async Task<string?> SetValidDaysAsync(int days, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (days is < 1 or > MaximumValidDays) return $"Give 1 to {MaximumValidDays} days.";
        var old = await db.ClinicSettings.PutAsync(ValidDaysKey, days.ToString(CultureInfo.InvariantCulture), user.DisplayName(), clock.UtcNow, ct);
        audit.Add(AuditActions.SettingUpdate, AuditOutcome.Success, "ClinicSetting", ValidDaysKey, null, $"{old ?? DefaultValidDays.ToString(CultureInfo.InvariantCulture)} → {days} days");
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The weight to dose from today, with the patient's reported weight beside it.</summary>
    public async Task<DosingWeight> CurrentAsync(Guid patientId, decimal? reportedKg, CancellationToken ct = default)
    {
        var days = await ValidDaysAsync(ct);
        var since = clock.UtcNow.AddDays(-days);
        var now = clock.UtcNow;
        var latest = await db.WeightMeasurements.AsNoTracking().Where(w => w.PatientId == patientId && w.MeasuredAt <= now)
            .OrderByDescending(w => w.MeasuredAt).FirstOrDefaultAsync(ct);
        if (latest is null)
            return new(null, null, reportedKg, days, "No weight recorded by a clinician: weigh the patient (or confirm the weight they reported) before a dose is calculated.");
        if (latest.MeasuredAt < since)
            return new(null, latest, reportedKg, days,
                $"The last weight a clinician recorded ({latest.WeightKg.ToString("0.#", CultureInfo.InvariantCulture)} kg, {clock.Format(latest.MeasuredAt)}) is older than {days} days: weigh the patient again.");
        return new(latest.WeightKg, latest, reportedKg, days, null);
    }

    /// <summary>Records a weight a clinician vouches for; refuses anyone else and any implausible value (400 with the field).</summary>
    public async Task<(WeightMeasurement? Recorded, string? Problem)> RecordAsync(Guid patientId, decimal? kg, WeightSource source, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!CanVouch(user)) return (null, "Only a prescriber or a nurse records the weight doses are calculated from.");
        if (kg is not { } value) return (null, "Give the weight in kg.");
        if (Kilograms.Problem(value) is { } problem) return (null, problem);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId && p.ArchivedAt == null, ct)) return (null, "No such patient.");
        var measurement = new WeightMeasurement
        {
            Id = Guid.CreateVersion7(), PatientId = patientId, WeightKg = Math.Round(value, 1), Source = source, MeasuredAt = clock.UtcNow,
            RecordedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, RecordedByName = user.DisplayName(),
        };
        db.WeightMeasurements.Add(measurement);
        audit.Add(AuditActions.WeightRecord, AuditOutcome.Success, "Observation", measurement.Id.ToString(), patientId,
            string.Create(CultureInfo.InvariantCulture, $"{measurement.WeightKg} kg, {source}"));
        await db.SaveChangesAsync(ct);
        return (measurement, null);
    }
}
