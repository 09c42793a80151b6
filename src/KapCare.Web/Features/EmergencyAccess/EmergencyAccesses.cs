using System.Globalization;
using System.Security.Claims;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Settings;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.EmergencyAccess;

/// <summary>What starting an emergency access came to.</summary>
public abstract record StartEmergencyAccess
{
    private StartEmergencyAccess() { }

    /// <summary>A new grant, audited.</summary>
    public sealed record Started(EmergencyAccess Access) : StartEmergencyAccess;

    /// <summary>One was already open for this person and patient (a double submit, a second tab): that one, unchanged.</summary>
    public sealed record AlreadyActive(EmergencyAccess Access) : StartEmergencyAccess;

    /// <summary>The person reads the clinical record already; nothing was granted.</summary>
    public sealed record NotNeeded : StartEmergencyAccess;

    /// <summary>The person may not use emergency access at all.</summary>
    public sealed record NotAllowed : StartEmergencyAccess;

    public sealed record NoSuchPatient : StartEmergencyAccess;

    /// <summary>The input is wrong: which field and what to do about it. Nothing was saved.</summary>
    public sealed record Invalid(string Field, string Message) : StartEmergencyAccess;
}

/// <summary>A grant waiting for review, with the patient it opened.</summary>
public sealed record EmergencyAccessToReview(EmergencyAccess Access, string PatientName, string PatientMrn);

/// <summary>
/// Break-glass access (issue 9, item 4; docs/decisions/0020-emergency-access.md): start a grant for one patient, find
/// the active one for a request, list those awaiting review, review one. Every start and every review is audited.
/// </summary>
public sealed class EmergencyAccesses(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public const string MinutesKey = "access.emergency-minutes";
    public const int DefaultMinutes = 60;
    public const int MinimumMinutes = 5;

    /// <summary>Four hours: long enough for an ambulance handover or a night shift's crisis, short enough to need a new reason after.</summary>
    public const int MaximumMinutes = 240;

    /// <summary>How long a grant lasts, in minutes: the clinic setting when it is in range, else the default.</summary>
    public async Task<int> MinutesAsync(CancellationToken ct = default)
    {
        var value = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == MinutesKey).Select(s => s.Value).FirstOrDefaultAsync(ct);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is >= MinimumMinutes and <= MaximumMinutes
            ? minutes : DefaultMinutes;
    }

    /// <summary>Saves the duration with its audit entry; returns the problem in words, or null when saved.</summary>
    public async Task<string?> SetMinutesAsync(int minutes, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SettingsManage)) return "Only an administrator changes clinic settings.";
        if (minutes is < MinimumMinutes or > MaximumMinutes) return $"Give {MinimumMinutes} to {MaximumMinutes} minutes.";
        var old = await db.ClinicSettings.PutAsync(MinutesKey, minutes.ToString(CultureInfo.InvariantCulture), user.DisplayName(), clock.UtcNow, ct);
        audit.Add(AuditActions.SettingUpdate, AuditOutcome.Success, "ClinicSetting", MinutesKey, null,
            $"{old ?? DefaultMinutes.ToString(CultureInfo.InvariantCulture)} → {minutes} minutes");
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// Opens the patient's clinical record to the person for the clinic's duration. A person who reads the clinical record
    /// already is told so and gets nothing; one who has an active grant for the patient gets that one back. The check and
    /// the insert hold the audit chain's lock (docs/decisions/0017), so two submits at once still make one grant.
    /// </summary>
    public async Task<StartEmergencyAccess> StartAsync(Guid patientId, string? reason, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.HasOwn(Permissions.EmergencyAccess)) return new StartEmergencyAccess.NotAllowed();
        if (user.HasOwn(Permissions.ClinicalRead)) return new StartEmergencyAccess.NotNeeded();
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(userId)) return new StartEmergencyAccess.NotAllowed();
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, ct)) return new StartEmergencyAccess.NoSuchPatient();
        var minutes = await MinutesAsync(ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AuditChain.LockAsync(db, ct);
        var now = clock.UtcNow;
        if (await ActiveForAsync(userId, patientId, now, ct) is { } active) return new StartEmergencyAccess.AlreadyActive(active);
        if (EmergencyAccess.ReasonProblem(reason) is { } problem) return new StartEmergencyAccess.Invalid(nameof(EmergencyAccess.Reason), problem);

        var access = EmergencyAccess.Start(userId, user.DisplayName(), patientId, reason!, now, TimeSpan.FromMinutes(minutes));
        db.EmergencyAccesses.Add(access);
        audit.Add(AuditActions.EmergencyAccessStart, AuditOutcome.Success, "EmergencyAccess", access.Id.ToString(), patientId,
            $"until {clock.Format(access.ExpiresAt)} ({minutes} min): {access.Reason}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new StartEmergencyAccess.Started(access);
    }

    /// <summary>The person's grant for the patient that is open at <paramref name="nowUtc"/>, if any.</summary>
    public Task<EmergencyAccess?> ActiveForAsync(string userId, Guid patientId, DateTime nowUtc, CancellationToken ct = default) =>
        db.EmergencyAccesses.AsNoTracking()
            .Where(a => a.UserId == userId && a.PatientId == patientId && a.StartedAt <= nowUtc && a.ExpiresAt > nowUtc)
            .OrderByDescending(a => a.ExpiresAt).FirstOrDefaultAsync(ct);

    /// <summary>Every grant nobody has reviewed yet, newest first, with the patient's name and MRN.</summary>
    public async Task<IReadOnlyList<EmergencyAccessToReview>> UnreviewedAsync(CancellationToken ct = default)
    {
        var rows = await db.EmergencyAccesses.AsNoTracking().Where(a => a.ReviewedAt == null)
            .Join(db.Patients.AsNoTracking(), a => a.PatientId, p => p.Id, (a, p) => new { Access = a, Patient = p })
            .OrderByDescending(x => x.Access.StartedAt).Take(200).ToListAsync(ct);
        return [.. rows.Select(r => new EmergencyAccessToReview(r.Access, $"{r.Patient.FamilyName}, {r.Patient.GivenName}", r.Patient.DisplayMrn))];
    }

    /// <summary>Marks a grant reviewed with an optional note, audited; returns the problem in words, or null when saved.</summary>
    public async Task<string?> ReviewAsync(Guid id, string? note, ClaimsPrincipal reviewer, CancellationToken ct = default)
    {
        if (!reviewer.HasOwn(Permissions.AuditRead)) return "Only a person who reads the audit log reviews emergency access.";
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed is { Length: > EmergencyAccess.MaxReviewNoteLength }) return $"Keep the note to {EmergencyAccess.MaxReviewNoteLength} characters.";
        var access = await db.EmergencyAccesses.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (access is null) return "No such emergency access.";
        if (access.IsReviewed) return $"{access.ReviewedByName} has already reviewed it.";
        access.Review(reviewer.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, reviewer.DisplayName(), trimmed, clock.UtcNow);
        audit.Add(AuditActions.EmergencyAccessReview, AuditOutcome.Success, "EmergencyAccess", access.Id.ToString(), access.PatientId,
            $"access by {access.UserName} from {clock.Format(access.StartedAt)}" + (trimmed is null ? string.Empty : $": {trimmed}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return "Someone reviewed it at the same moment.";
        }
        return null;
    }
}
