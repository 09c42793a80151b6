using KapCare.Clinical.Patients;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Patients;

/// <summary>How a write of patient demographics ended; the page or the API turns it into a response.</summary>
public abstract record PatientWriteResult
{
    private PatientWriteResult() { }
    public sealed record Saved(Patient Patient) : PatientWriteResult;
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : PatientWriteResult;
    public sealed record NotFound : PatientWriteResult;
    public sealed record Archived : PatientWriteResult;
    /// <summary>Someone else saved first; <paramref name="Current"/> is what they saved.</summary>
    public sealed record Conflict(Patient Current) : PatientWriteResult;
}

/// <summary>Registers a patient and assigns the MRN. The patient and its audit entry commit together.</summary>
public sealed class RegisterPatient(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public async Task<PatientWriteResult> HandleAsync(PatientDemographics demographics, CancellationToken ct = default)
    {
        var details = demographics.Normalized();
        var errors = details.Validate(clock.Today);
        if (errors.Count > 0)
        {
            await audit.RecordAsync(AuditActions.PatientCreate, AuditOutcome.Failure, "Patient", detail: "refused: " + string.Join(", ", errors.Keys), cancellationToken: ct);
            return new PatientWriteResult.Invalid(errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            var mrn = await UnusedMrnAsync(ct);
            var patient = Patient.Register(details, mrn, clock.UtcNow);
            db.Patients.Add(patient);
            var entry = audit.Add(AuditActions.PatientCreate, AuditOutcome.Success, "Patient", patient.Id.ToString(), patient.Id, "MRN " + mrn);
            try
            {
                await db.SaveChangesAsync(ct);
                return new PatientWriteResult.Saved(patient);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance took the same random MRN between our check and our insert: draw again.
                db.Entry(patient).State = EntityState.Detached;
                db.Entry(entry).State = EntityState.Detached;
            }
        }
    }

    private async Task<MedicalRecordNumber> UnusedMrnAsync(CancellationToken ct)
    {
        while (true)
        {
            var candidate = MedicalRecordNumber.NewRandom(Random.Shared);
            if (!await db.Patients.AnyAsync(p => p.Mrn == candidate.Value, ct)) return candidate;
        }
    }
}

/// <summary>
/// Saves edited demographics against the version the editor started from. If someone else saved in
/// between, nothing is written and the caller gets <see cref="PatientWriteResult.Conflict"/>.
/// </summary>
public sealed class UpdatePatient(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public async Task<PatientWriteResult> HandleAsync(Guid id, int expectedVersion, PatientDemographics demographics, CancellationToken ct = default)
    {
        var patient = await db.Patients.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return new PatientWriteResult.NotFound();
        if (patient.IsArchived) return new PatientWriteResult.Archived();

        var details = demographics.Normalized();
        var errors = details.Validate(clock.Today);
        if (errors.Count > 0)
        {
            await audit.RecordAsync(AuditActions.PatientUpdate, AuditOutcome.Failure, "Patient", id.ToString(), id, "refused: " + string.Join(", ", errors.Keys), ct);
            return new PatientWriteResult.Invalid(errors);
        }

        if (patient.Version != expectedVersion) return await ConflictAsync(patient, expectedVersion, ct);

        var changed = ChangedFields(patient.ToDemographics(), details);
        db.Entry(patient).Property(p => p.Version).OriginalValue = expectedVersion;
        patient.Update(details, clock.UtcNow);
        audit.Add(AuditActions.PatientUpdate, AuditOutcome.Success, "Patient", id.ToString(), id,
            changed.Count == 0 ? "no changes" : "changed: " + string.Join(", ", changed));
        try
        {
            await db.SaveChangesAsync(ct);
            return new PatientWriteResult.Saved(patient);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Patients.AsNoTracking().FirstAsync(p => p.Id == id, ct);
            return await ConflictAsync(current, expectedVersion, ct);
        }
    }

    private async Task<PatientWriteResult> ConflictAsync(Patient current, int expectedVersion, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await audit.RecordAsync(AuditActions.PatientUpdate, AuditOutcome.Failure, "Patient", current.Id.ToString(), current.Id,
            $"conflict: edited version {expectedVersion}, current version {current.Version}", ct);
        return new PatientWriteResult.Conflict(current);
    }

    /// <summary>Names of the fields that differ: the audit says what changed without copying the values.</summary>
    public static List<string> ChangedFields(PatientDemographics before, PatientDemographics after) =>
        typeof(PatientDemographics).GetProperties()
            .Where(p => !Equals(p.GetValue(before), p.GetValue(after)))
            .Select(p => p.Name)
            .ToList();
}

public sealed class ArchivePatient(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public async Task<PatientWriteResult> ArchiveAsync(Guid id, int expectedVersion, string reason, CancellationToken ct = default)
    {
        var patient = await db.Patients.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return new PatientWriteResult.NotFound();
        if (patient.IsArchived) return new PatientWriteResult.Archived();
        if (string.IsNullOrWhiteSpace(reason))
            return new PatientWriteResult.Invalid(new Dictionary<string, string> { ["Reason"] = "Say why the record is archived, for example \"duplicate of KC-1234-5678\" or \"moved away\"." });
        if (patient.Version != expectedVersion) return new PatientWriteResult.Conflict(patient);
        db.Entry(patient).Property(p => p.Version).OriginalValue = expectedVersion;
        patient.Archive(reason, clock.UtcNow);
        audit.Add(AuditActions.PatientArchive, AuditOutcome.Success, "Patient", id.ToString(), id, "reason: " + reason.Trim());
        try
        {
            await db.SaveChangesAsync(ct);
            return new PatientWriteResult.Saved(patient);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new PatientWriteResult.Conflict(await db.Patients.AsNoTracking().FirstAsync(p => p.Id == id, ct));
        }
    }

    public async Task<PatientWriteResult> RestoreAsync(Guid id, CancellationToken ct = default)
    {
        var patient = await db.Patients.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return new PatientWriteResult.NotFound();
        if (!patient.IsArchived) return new PatientWriteResult.Saved(patient);
        patient.Restore(clock.UtcNow);
        audit.Add(AuditActions.PatientRestore, AuditOutcome.Success, "Patient", id.ToString(), id);
        await db.SaveChangesAsync(ct);
        return new PatientWriteResult.Saved(patient);
    }
}
