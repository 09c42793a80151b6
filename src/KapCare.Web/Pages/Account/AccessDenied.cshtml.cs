using KapCare.Web.Features.Audit;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Account;

public sealed class AccessDeniedModel(AuditTrail audit) : PageModel
{
    public async Task OnGetAsync(string? returnUrl)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (User.Identity?.IsAuthenticated == true)
            await audit.RecordAsync(AuditActions.AccessDenied, AuditOutcome.Denied, detail: returnUrl is { Length: > 0 } ? "page " + returnUrl : null);
    }
}
