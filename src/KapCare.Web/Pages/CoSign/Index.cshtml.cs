using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.CoSign;

/// <summary>
/// The co-signature queue (issue 9, item 1): doses above a hard limit that another prescriber asked to have co-signed. A
/// prescriber co-signs here in their own session; their own requests are listed but cannot be co-signed by them.
/// </summary>
public sealed class IndexModel(DoseCoSigning coSigning, PlanDosing dosing, UserManager<KapCareUser> users, Features.Audit.AuditTrail audit) : PageModel
{
    public IReadOnlyList<(DoseCoSignature Request, string PatientName, string Mrn)> Pending { get; private set; } = [];
    public string? Me { get; private set; }
    public Guid? ErrorFor { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // The queue shows patients' names and doses: each patient shown is a read (issue 9, item 5).
        await audit.RecordReadsAsync("CarePlan", Pending.Select(p => p.Request.PatientId), "co-signature queue", ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid requestId, string? reason, CancellationToken ct)
    {
        switch (await dosing.CoSignFromQueueAsync(requestId, reason, await users.GetUserAsync(User), ct))
        {
            case CoSignResult.Signed signed:
                TempData["Flash"] = $"Co-signed {signed.CoSignature.Dose} for the plan"
                    + (signed.Change is not null ? "; the dose change is recorded." : "; the requesting prescriber can now sign the plan.");
                return RedirectToPage();
            case CoSignResult.Refused refused:
                await LoadAsync(ct);
                ErrorFor = requestId;
                Error = refused.Message;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Me = users.GetUserId(User);
        Pending = await coSigning.PendingAsync(ct);
    }
}
