using KapCare.Clinical.SelfScreen;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Consultations;
using KapCare.Web.Features.Patients;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Requests;

/// <summary>One consultation request: the person's answers and the self-screen's reasons; mark contacted, decline with a note, or convert.</summary>
public sealed class DetailsModel(KapCareDbContext db, AuditTrail audit, UpdateConsultationStatus update) : PageModel
{
    public ConsultationRequest Consultation { get; private set; } = null!;
    public SelfScreenAnswers Answers { get; private set; } = null!;
    public SelfScreenResult Assessment { get; private set; } = null!;
    public Patient? Patient { get; private set; }
    public string? ContactNote { get; private set; }
    public string? DeclineNote { get; private set; }
    public string? DeclineError { get; private set; }
    public string? ContactError { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        await audit.RecordAsync(AuditActions.ConsultationRead, AuditOutcome.Success, nameof(ConsultationRequest), id.ToString(), Consultation.PatientId, "request opened", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostContactedAsync(Guid id, int version, string? note, CancellationToken ct)
    {
        var result = await update.MarkContactedAsync(id, version, note, RequestView.Staff(User), ct);
        return await AfterAsync(id, result, "Marked as contacted.", error => { ContactError = error; ContactNote = note; }, ct);
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid id, int version, string? note, CancellationToken ct)
    {
        var result = await update.DeclineAsync(id, version, note, RequestView.Staff(User), ct);
        return await AfterAsync(id, result, "Request declined. Your note is kept with it.", error => { DeclineError = error; DeclineNote = note; }, ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, ConsultationWriteResult result, string done, Action<string> showError, CancellationToken ct)
    {
        switch (result)
        {
            case ConsultationWriteResult.Saved:
                TempData["Flash"] = done;
                return Redirect($"/Requests/{id}");
            case ConsultationWriteResult.Conflict:
                TempData["Flash"] = "Someone else updated this request while you had it open. This is how it stands now.";
                return Redirect($"/Requests/{id}");
            case ConsultationWriteResult.Invalid invalid:
                if (!await LoadAsync(id, ct)) return NotFound();
                showError(invalid.Errors.Values.First());
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ConsultationWriteResult.NotFound:
                return NotFound();
            default:
                throw new InvalidOperationException("The request update ended in an unexpected state.");
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var request = await db.ConsultationRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return false;
        Consultation = request;
        Answers = request.Answers();
        Assessment = request.Assessment();
        if (request.PatientId is Guid patientId) Patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == patientId, ct);
        return true;
    }
}
