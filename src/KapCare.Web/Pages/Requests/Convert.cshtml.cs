using KapCare.Web.Features.Users;
using KapCare.Web.Data;
using KapCare.Web.Features.Consultations;
using KapCare.Web.Pages.Patients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Requests;

/// <summary>
/// "Convert to patient": the registration form, prefilled from the request (name split at the last space, email,
/// phone). Date of birth, sex and the rest are entered by staff; the self-screen never asked for them.
/// </summary>
[RequiresPermission(Permissions.DemographicsWrite)]
public sealed class ConvertModel(KapCareDbContext db, ConvertConsultationRequest convert, Features.Audit.AuditTrail audit) : PageModel
{
    [BindProperty] public PatientForm Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }

    public ConsultationRequest Consultation { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await db.ConsultationRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is not { } request) return NotFound();
        if (!request.IsOpen) return Redirect($"/Requests/{id}");
        Consultation = request;
        Version = request.Version;
        var name = request.Name.Trim();
        var split = name.LastIndexOf(' ');
        Input = new PatientForm
        {
            GivenName = split > 0 ? name[..split].Trim() : name,
            FamilyName = split > 0 ? name[(split + 1)..] : null,
            Email = request.Email,
            Phone = request.Phone,
            Country = "USA",
            PreferredLanguage = "English",
        };
        // The form shows the requester's name, email and phone: a read like opening the request.
        await audit.RecordAsync(Features.Audit.AuditActions.ConsultationRead, Features.Audit.AuditOutcome.Success, nameof(ConsultationRequest), id.ToString(), null,
            "request opened for conversion", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await db.ConsultationRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is not { } request) return NotFound();
        Consultation = request;
        if (!Input.TryToDemographics(ModelState, nameof(Input), out var demographics))
        {
            PatientForm.AddErrors(ModelState, nameof(Input), demographics.Normalized().Validate(DateOnly.MaxValue));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        switch (await convert.HandleAsync(id, Version, demographics, RequestView.Staff(User), ct))
        {
            case ConsultationWriteResult.Converted converted:
                TempData["Flash"] = $"{converted.Patient.FullName} is registered with MRN {converted.Patient.DisplayMrn}; the self-screen GAD-7 is on their measures.";
                return Redirect($"/Patients/{converted.Patient.Id}");
            case ConsultationWriteResult.Invalid invalid:
                PatientForm.AddErrors(ModelState, nameof(Input), invalid.Errors);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ConsultationWriteResult.Conflict:
                TempData["Flash"] = "Someone else updated this request while you were registering; nothing was saved. This is how it stands now.";
                return Redirect($"/Requests/{id}");
            case ConsultationWriteResult.NotFound:
                return NotFound();
            default:
                throw new InvalidOperationException("The conversion ended in an unexpected state.");
        }
    }
}
