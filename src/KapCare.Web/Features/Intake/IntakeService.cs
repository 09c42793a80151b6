using KapCare.Web.Features.Users;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Intake;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Intake;

public abstract record IntakeSaveResult
{
    private IntakeSaveResult() { }
    public sealed record Saved(PatientIntake Intake, IntakeForm Form) : IntakeSaveResult;
    /// <summary>Nothing was saved: the values the field names point to are impossible.</summary>
    public sealed record Invalid(IReadOnlyList<IntakeProblem> Problems) : IntakeSaveResult;
    public sealed record PatientNotFound : IntakeSaveResult;
}

/// <summary>
/// Reads and saves a patient's structured intake one section at a time (the portal and the staff pages autosave each
/// section as it is typed), so a half-finished intake is never lost and saving one section never touches another.
/// </summary>
public sealed class IntakeService(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<(PatientIntake? Intake, IntakeForm Form)> GetAsync(Guid patientId, CancellationToken ct = default)
    {
        var intake = await db.PatientIntakes.AsNoTracking().FirstOrDefaultAsync(i => i.PatientId == patientId, ct);
        return (intake, intake is null ? new IntakeForm() : Read(intake));
    }

    public static IntakeForm Read(PatientIntake intake) => JsonSerializer.Deserialize<IntakeForm>(intake.FormJson, Json) ?? new IntakeForm();

    /// <summary>Replaces one section with <paramref name="section"/>'s; refuses (and stores nothing) when it holds an impossible value.</summary>
    /// <remarks>
    /// Autosave and the page's own buttons can post the same intake at once. Each save re-reads the stored form and
    /// replaces only its own section, so when the optimistic-concurrency check (or the one-intake-per-patient index)
    /// says someone else saved first, saving again on top of theirs loses nothing: it is retried, a few times at most.
    /// </remarks>
    public async Task<IntakeSaveResult> SaveSectionAsync(Guid patientId, IntakeSectionId section, IntakeForm submitted, ClaimsPrincipal user,
        bool submit = false, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TrySaveSectionAsync(patientId, section, submitted, user, submit, ct);
            }
            catch (DbUpdateException) when (attempt < 8)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<IntakeSaveResult> TrySaveSectionAsync(Guid patientId, IntakeSectionId section, IntakeForm submitted, ClaimsPrincipal user,
        bool submit, CancellationToken ct)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId && p.ArchivedAt == null, ct)) return new IntakeSaveResult.PatientNotFound();
        var intake = await db.PatientIntakes.FirstOrDefaultAsync(i => i.PatientId == patientId, ct);
        var current = intake is null ? new IntakeForm() : Read(intake);
        var merged = section switch
        {
            IntakeSectionId.History => current with { History = submitted.History },
            IntakeSectionId.Presentation => current with { Presentation = submitted.Presentation },
            IntakeSectionId.Treatments => current with { Treatments = submitted.Treatments },
            IntakeSectionId.Medical => current with { Medical = submitted.Medical },
            IntakeSectionId.Support => current with { Support = submitted.Support },
        };

        var problems = merged.Problems(clock.Today);
        if (problems.Count > 0) return new IntakeSaveResult.Invalid(problems);

        var json = JsonSerializer.Serialize(merged, Json);
        // Each answer is within its own limit, but JSON escapes non-Latin letters (\uXXXX): a form full of long answers in
        // another script can still outgrow the column. Named here, beside the section, not as a failed save.
        if (db.Model.FindEntityType(typeof(PatientIntake))?.FindProperty(nameof(PatientIntake.FormJson))?.GetMaxLength() is int max && json.Length > max)
            return new IntakeSaveResult.Invalid([new IntakeProblem(IntakeEditor.Slug(section), "These answers are too long to keep together; shorten the longest ones.")]);
        var now = clock.UtcNow;
        if (intake is null)
        {
            intake = new PatientIntake { Id = Guid.NewGuid(), PatientId = patientId, StartedAt = now, Status = IntakeStatus.InProgress };
            db.PatientIntakes.Add(intake);
        }
        intake.FormJson = json;
        intake.UpdatedAt = now;
        intake.UpdatedByName = user.DisplayName();
        if (submit && intake.Status == IntakeStatus.InProgress)
        {
            intake.Status = IntakeStatus.Submitted;
            intake.SubmittedAt = now;
        }
        audit.Add(submit ? AuditActions.IntakeSubmit : AuditActions.IntakeSave, AuditOutcome.Success, "Intake", intake.Id.ToString(), patientId,
            detail: $"section {section}");
        // A weight a prescriber or nurse types into the medical screen is one they vouch for: it becomes a dosing weight.
        // The same field typed by the patient in the portal stays "reported" (issue 9, item 3).
        if (section == IntakeSectionId.Medical && merged.Medical.WeightKg is { } kg && kg != current.Medical.WeightKg
            && Plans.DosingWeights.CanVouch(user) && KapCare.Clinical.Dosing.Kilograms.Problem(kg) is null)
        {
            db.WeightMeasurements.Add(new Plans.WeightMeasurement
            {
                Id = Guid.CreateVersion7(), PatientId = patientId, WeightKg = Math.Round(kg, 1), Source = Plans.WeightSource.Measured, MeasuredAt = now,
                RecordedByUserId = user.FindFirstValue(System.Security.Claims.ClaimTypes.NameIdentifier) ?? string.Empty, RecordedByName = user.DisplayName(),
            });
            audit.Add(AuditActions.WeightRecord, AuditOutcome.Success, "Observation", null, patientId,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Round(kg, 1)} kg, measured (intake medical screen)"));
        }
        await db.SaveChangesAsync(ct);
        return new IntakeSaveResult.Saved(intake, merged);
    }
}
