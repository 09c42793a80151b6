using System.Security.Claims;
using KapCare.Web.Data;
using KapCare.Web.Features.EmergencyAccess;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients;

/// <summary>
/// Break-glass (docs/decisions/0020-emergency-access.md): a person without the clinical record opens one patient's, read
/// only, for a reason they state, for the clinic's time limit; it is recorded and an admin reviews it. This page shows the
/// patient's name and MRN only. The grant middleware leaves it alone, so it sees the person's own permissions.
/// </summary>
[RequiresPermission(Permissions.EmergencyAccess)]
public sealed class EmergencyModel(KapCareDbContext db, EmergencyAccesses accesses, ClinicClock clock) : PageModel
{
    public Patient Patient { get; private set; } = null!;
    public int Minutes { get; private set; }
    /// <summary>The person reads the clinical record through their role: nothing to grant.</summary>
    public bool NotNeeded { get; private set; }
    public EmergencyAccess? Active { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        switch (await accesses.StartAsync(id, Reason, User, ct))
        {
            case StartEmergencyAccess.Started started:
                TempData["Flash"] = $"Emergency access is open until {clock.ToLocal(started.Access.ExpiresAt):HH:mm}. It is recorded and an administrator will review it.";
                return Redirect($"/Patients/{id}");
            case StartEmergencyAccess.AlreadyActive active:
                TempData["Flash"] = $"Your emergency access to this record is already open, until {clock.ToLocal(active.Access.ExpiresAt):HH:mm}.";
                return Redirect($"/Patients/{id}");
            case StartEmergencyAccess.NotNeeded:
                TempData["Flash"] = "You read the clinical record through your role: no emergency access was needed, none was recorded.";
                return Redirect($"/Patients/{id}");
            case StartEmergencyAccess.Invalid invalid:
                ModelState.AddModelError(invalid.Field, invalid.Message);
                return await LoadAsync(id, ct) ? Page() : NotFound();
            case StartEmergencyAccess.NoSuchPatient:
                return NotFound();
            default:
                return Forbid();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        Minutes = await accesses.MinutesAsync(ct);
        NotNeeded = User.HasOwn(Permissions.ClinicalRead);
        if (!NotNeeded && User.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } userId)
            Active = await accesses.ActiveForAsync(userId, id, clock.UtcNow, ct);
        return true;
    }
}
