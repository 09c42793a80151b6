using System.Security.Cryptography;
using System.Text;
using KapCare.Clinical.Instruments;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Measures;

/// <summary>How long a patient's questionnaire link lasts and when to remind (issue 3: default 4 days, reminder after 2).</summary>
public sealed class MeasureLinkOptions
{
    public int ExpiresAfterDays { get; set; } = 4;
    public int RemindAfterDays { get; set; } = 2;
}

public sealed record CreatedMeasureLink(MeasureLink Link, string Token);

/// <summary>
/// Creates and redeems single-use links. The token is 256 random bits shown once in the link; only its SHA-256
/// is stored, so a database copy cannot be used to answer for a patient.
/// </summary>
public sealed class MeasureLinkService(KapCareDbContext db, AuditTrail audit, ClinicClock clock, IOptions<MeasureLinkOptions> options)
{
    public async Task<CreatedMeasureLink> CreateAsync(Guid patientId, IReadOnlyList<Instrument> instruments, string? createdByUserId, CancellationToken ct = default)
    {
        if (instruments.Count == 0) throw new ArgumentException("Choose at least one questionnaire.", nameof(instruments));
        if (instruments.Any(i => i.Rater != Rater.Patient)) throw new ArgumentException("Clinician-rated scales cannot be sent to the patient.", nameof(instruments));
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.UtcNow;
        var link = new MeasureLink
        {
            Id = Guid.CreateVersion7(),
            PatientId = patientId,
            InstrumentIds = string.Join(',', instruments.Select(i => i.Id)),
            TokenHash = Hash(token),
            CreatedAt = now,
            CreatedByUserId = createdByUserId,
            ExpiresAt = now.AddDays(options.Value.ExpiresAfterDays),
            ReminderDueAt = now.AddDays(options.Value.RemindAfterDays),
        };
        db.MeasureLinks.Add(link);
        audit.Add(AuditActions.MeasureLinkCreate, AuditOutcome.Success, "MeasureLink", link.Id.ToString(), patientId, "instruments " + link.InstrumentIds);
        await db.SaveChangesAsync(ct);
        return new CreatedMeasureLink(link, token);
    }

    /// <summary>The link for a token, whether or not it can still be used (the page says why not).</summary>
    public Task<MeasureLink?> FindAsync(string token, CancellationToken ct = default)
    {
        var hash = Hash(token);
        return db.MeasureLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
    }

    /// <summary>Marks the link used, atomically: of two simultaneous submissions exactly one wins.</summary>
    public async Task<bool> TryRedeemAsync(Guid linkId, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        var updated = await db.MeasureLinks
            .Where(l => l.Id == linkId && l.UsedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
        return updated == 1;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
