using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients;

/// <summary>Staff give a patient a portal account (Patient role, tied to this record).</summary>
[RequiresPermission(Permissions.DemographicsWrite)]
public sealed class PortalAccessModel(KapCareDbContext db, UserManager<KapCareUser> users, AuditTrail audit) : PageModel
{
    public Patient Patient { get; private set; } = null!;
    public string? ExistingEmail { get; private set; }
    public string? Email { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, string? email, string? password, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (ExistingEmail is not null || Patient.IsArchived) return Redirect($"/Patients/{id}");
        Email = email?.Trim();
        if (string.IsNullOrEmpty(Email) || !Email.Contains('@', StringComparison.Ordinal)) { Error = "Enter the patient's email address."; return Page(); }
        var user = new KapCareUser
        {
            UserName = Email, Email = Email, EmailConfirmed = true, DisplayName = Patient.FullName, CreatedAt = DateTime.UtcNow, PatientId = id,
        };
        var created = await users.CreateAsync(user, password ?? string.Empty);
        if (!created.Succeeded)
        {
            Error = string.Join(" ", created.Errors.Select(e => e.Code is "DuplicateUserName" or "DuplicateEmail" ? "An account with this email already exists." : e.Description));
            return Page();
        }
        await users.AddToRoleAsync(user, Roles.Patient);
        await audit.RecordAsync(AuditActions.UserCreate, AuditOutcome.Success, "User", user.Id, id, "portal account", ct);
        TempData["Flash"] = $"{Patient.GivenName} can now sign in to the portal as {Email}.";
        return Redirect($"/Patients/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        ExistingEmail = await db.Users.Where(u => u.PatientId == id).Select(u => u.Email).FirstOrDefaultAsync(ct);
        return true;
    }
}
