using KapCare.Clinical.Patients;
using KapCare.Clinical.SelfScreen;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Patients;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Consultations;

/// <summary>Who is acting on a request: the signed-in staff member.</summary>
public sealed record StaffMember(string UserId, string Name);

public abstract record ConsultationWriteResult
{
    private ConsultationWriteResult() { }
    public sealed record Saved(ConsultationRequest Request) : ConsultationWriteResult;
    public sealed record Converted(ConsultationRequest Request, Patient Patient) : ConsultationWriteResult;
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : ConsultationWriteResult;
    public sealed record NotFound : ConsultationWriteResult;
    /// <summary>Someone else changed the request first (or it is already converted or declined); <paramref name="Current"/> is how it is now.</summary>
    public sealed record Conflict(ConsultationRequest Current) : ConsultationWriteResult;
}

/// <summary>The front desk marks a request contacted (with an optional note) or declines it (with a required note).</summary>
public sealed class UpdateConsultationStatus(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public Task<ConsultationWriteResult> MarkContactedAsync(Guid id, int expectedVersion, string? note, StaffMember by, CancellationToken ct = default) =>
        ChangeAsync(id, expectedVersion, ConsultationStatus.New, AuditActions.ConsultationContacted, string.IsNullOrWhiteSpace(note) ? "contacted" : "contacted, with a note",
            r => r.MarkContacted(note, by.UserId, by.Name, clock.UtcNow), note is { Length: > ConsultationRequest.MaxNoteLength } ? $"Keep the note to {ConsultationRequest.MaxNoteLength} characters." : null, ct);

    public Task<ConsultationWriteResult> DeclineAsync(Guid id, int expectedVersion, string? note, StaffMember by, CancellationToken ct = default) =>
        ChangeAsync(id, expectedVersion, null, AuditActions.ConsultationDecline, "declined with a note",
            r => r.Decline(note!, by.UserId, by.Name, clock.UtcNow), ConsultationRequest.DeclineNoteProblem(note), ct);

    private async Task<ConsultationWriteResult> ChangeAsync(Guid id, int expectedVersion, ConsultationStatus? requiredStatus, string action, string detail,
        Action<ConsultationRequest> change, string? noteProblem, CancellationToken ct)
    {
        var request = await db.ConsultationRequests.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return new ConsultationWriteResult.NotFound();
        if (request.Version != expectedVersion || !request.IsOpen || (requiredStatus is { } status && request.Status != status))
            return new ConsultationWriteResult.Conflict(request);
        if (noteProblem is not null) return new ConsultationWriteResult.Invalid(new Dictionary<string, string> { ["Note"] = noteProblem });

        db.Entry(request).Property(r => r.Version).OriginalValue = expectedVersion;
        change(request);
        audit.Add(action, AuditOutcome.Success, nameof(ConsultationRequest), id.ToString(), request.PatientId, detail);
        try
        {
            await db.SaveChangesAsync(ct);
            return new ConsultationWriteResult.Saved(request);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new ConsultationWriteResult.Conflict(await db.ConsultationRequests.AsNoTracking().FirstAsync(r => r.Id == id, ct));
        }
    }
}

/// <summary>
/// Turns a consultation request into a patient: registers them with the details staff entered (through
/// <see cref="RegisterPatient"/>), stores the self-screen GAD-7 as their first questionnaire response (through
/// <see cref="SubmitResponse"/>, source <see cref="ResponseSource.SelfScreen"/>, authored when the request was sent),
/// opens a safety alert when the self-harm question was answered above "not at all" (PHQ-9 item 9 rule, REFERENCE.md
/// §1), and links the request to the patient — all in one transaction, so a failure leaves nothing half-written.
/// </summary>
public sealed class ConvertConsultationRequest(KapCareDbContext db, RegisterPatient register, SubmitResponse submit, AuditTrail audit, ClinicClock clock)
{
    public const string SelfHarmAlertCode = "self-screen-self-harm";

    public async Task<ConsultationWriteResult> HandleAsync(Guid id, int expectedVersion, PatientDemographics demographics, StaffMember by, CancellationToken ct = default)
    {
        var request = await db.ConsultationRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return new ConsultationWriteResult.NotFound();
        if (request.Version != expectedVersion || !request.IsOpen) return new ConsultationWriteResult.Conflict(request);

        // Bad details are refused before anything starts; registration records the refusal in the audit log itself.
        if (demographics.Normalized().Validate(clock.Today).Count > 0)
        {
            var refused = await register.HandleAsync(demographics, ct);
            return refused is PatientWriteResult.Invalid invalid ? new ConsultationWriteResult.Invalid(invalid.Errors)
                : throw new InvalidOperationException("Registration accepted details that validation refused.");
        }

        var answers = request.Answers();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (await register.HandleAsync(demographics, ct) is not PatientWriteResult.Saved { Patient: var patient })
                throw new InvalidOperationException("Registration ended in an unexpected state.");

            var stored = await submit.HandleAsync(new ResponseSubmission(patient.Id, SelfScreenAssessment.Gad7, answers.Gad7, ResponseSource.SelfScreen,
                request.SubmittedAt, by.UserId, PatientVerified: true), ct);
            if (stored is not SubmissionResult.Stored response)
                throw new InvalidOperationException("The self-screen GAD-7 was not stored: " + stored);

            if (request.SelfHarmAnswer >= 1)
            {
                var option = SelfScreenQuestions.SelfHarmOptions.First(o => o.Score == request.SelfHarmAnswer);
                db.SafetyAlerts.Add(new SafetyAlert
                {
                    Id = Guid.CreateVersion7(),
                    PatientId = patient.Id,
                    Code = SelfHarmAlertCode,
                    Message = $"Self-screen before registration: thoughts of being better off dead or of self-harm \"{option.Display}\" (PHQ-9 item 9 wording). Check in with the patient.",
                    Source = SelfScreenSources.SelfHarm,
                    RaisedAt = clock.UtcNow,
                    Status = AlertStatus.Open,
                    Version = 1,
                });
            }

            var tracked = await db.ConsultationRequests.FirstAsync(r => r.Id == id, ct);
            db.Entry(tracked).Property(r => r.Version).OriginalValue = expectedVersion;
            tracked.Convert(patient.Id, by.UserId, by.Name, clock.UtcNow);
            audit.Add(AuditActions.ConsultationConvert, AuditOutcome.Success, nameof(ConsultationRequest), id.ToString(), patient.Id,
                $"registered as MRN {patient.Mrn}; self-screen GAD-7 {response.Response.Total} stored" + (request.SelfHarmAnswer >= 1 ? "; safety alert opened" : string.Empty));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new ConsultationWriteResult.Converted(tracked, patient);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new ConsultationWriteResult.Conflict(await db.ConsultationRequests.AsNoTracking().FirstAsync(r => r.Id == id, ct));
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
