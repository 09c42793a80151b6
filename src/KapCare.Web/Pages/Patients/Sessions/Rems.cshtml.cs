using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Sessions;

/// <summary>An esketamine session's Spravato REMS Patient Monitoring Form: the data, the PDF, the nurse's entry and its submission.</summary>
[RequiresPermission(Permissions.ClinicalRead)]
[HandlerPermission(HandlerPermissionAttribute.AnyPost, Permissions.SessionRun)]
public sealed class RemsModel(KapCareDbContext db, RemsForms forms, AuditTrail audit, ClinicClock clock) : PageModel
{
    /// <summary>Null when the session has no esketamine dose yet (or is not an esketamine session): the page says so.</summary>
    public RemsFormData? Form { get; private set; }
    public KapCare.Web.Features.Patients.Patient Patient { get; private set; } = null!;
    public int DosingNumber { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }
    public bool CanRun => User.Has(Permissions.SessionRun);

    public async Task<IActionResult> OnGetAsync(Guid id, int dosingNumber, CancellationToken ct)
    {
        if (!await LoadAsync(id, dosingNumber, ct)) return NotFound();
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "Encounter", Form?.SessionId.ToString(), id, "REMS Patient Monitoring Form", ct);
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(Guid id, int dosingNumber, CancellationToken ct)
    {
        if (!await LoadAsync(id, dosingNumber, ct) || Form is null) return NotFound();
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "Encounter", Form.SessionId.ToString(), id, "REMS Patient Monitoring Form PDF", ct);
        return File(RemsFormPdf.Pdf(Form, clock), "application/pdf", $"spravato-rems-monitoring-{Form.TreatmentDate:yyyy-MM-dd}-{Patient.Mrn}.pdf");
    }

    public Task<IActionResult> OnPostCouldHaveLeftAsync(Guid id, int dosingNumber, string? couldHaveLeftAt, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => forms.RecordCouldHaveLeftAsync(session, couldHaveLeftAt, User, ct), ct);

    public Task<IActionResult> OnPostSubmittedAsync(Guid id, int dosingNumber, string? confirmation, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => forms.MarkSubmittedAsync(session, confirmation, User, ct), ct);

    private async Task<IActionResult> ActAsync(Guid id, int dosingNumber, Func<Guid, Task<SessionResult>> act, CancellationToken ct)
    {
        if (!await LoadAsync(id, dosingNumber, ct) || Form is null) return NotFound();
        switch (await act(Form.SessionId))
        {
            case SessionResult.Done done:
                TempData["Flash"] = done.Message;
                return RedirectToPage(new { id, dosingNumber });
            case SessionResult.Refused refused:
                db.ChangeTracker.Clear();
                await LoadAsync(id, dosingNumber, ct);
                (Error, ErrorField) = (refused.Message, refused.Field);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(Guid id, int dosingNumber, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        var sessionId = await db.DosingSessions.AsNoTracking().Where(s => s.PatientId == id && s.DosingNumber == dosingNumber && s.State != SessionState.Cancelled)
            .Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        (Patient, Form, DosingNumber) = (patient, sessionId is { } sid ? await forms.FormAsync(sid, ct) : null, dosingNumber);
        return true;
    }
}
