using System.Security.Claims;
using KapCare.Web.Data;
using KapCare.Web.Features.Consent;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Consents;

/// <summary>A patient's consents: what is signed, in which version, and in-clinic signing with the staff member as witness.</summary>
[RequiresPermission(Permissions.ConsentStatusRead)]
[HandlerPermission(HandlerPermissionAttribute.AnyPost, Permissions.ConsentWitness)]
public sealed class IndexModel(KapCareDbContext db, ConsentService consents) : PageModel
{
    public Patient Patient { get; private set; } = null!;
    public IReadOnlyList<ConsentStatus> Statuses { get; private set; } = [];
    public string? OpenDocument { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, string documentId, string documentVersion, string? typedName, bool agreed, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await consents.SignAsync(id, documentId, documentVersion, typedName, agreed, SignatureMethod.InClinic, null,
            User.FindFirstValue(ClaimTypes.NameIdentifier), User.FindFirstValue(KapCareClaimsFactory.DisplayNameClaim) ?? User.Identity?.Name, ct);
        if (result is SignResult.Refused refused)
        {
            OpenDocument = documentId;
            Error = refused.Message + " Nothing was recorded.";
            return Page();
        }
        TempData["Flash"] = "Signature recorded. The signed PDF is ready to download.";
        return Redirect($"/Patients/{id}/Consents");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        Statuses = await consents.StatusAsync(id, ct);
        return true;
    }
}
