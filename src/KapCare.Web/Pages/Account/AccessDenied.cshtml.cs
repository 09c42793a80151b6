using System.Text.RegularExpressions;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Account;

public sealed partial class AccessDeniedModel(AuditTrail audit) : PageModel
{
    /// <summary>The patient whose page was refused, when the person could open it through emergency access (docs/decisions/0020).</summary>
    public Guid? EmergencyPatientId { get; private set; }

    public async Task OnGetAsync(string? returnUrl)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (User.Identity?.IsAuthenticated != true) return;
        await audit.RecordAsync(AuditActions.AccessDenied, AuditOutcome.Denied, detail: returnUrl is { Length: > 0 } ? "page " + returnUrl : null);
        if (User.HasOwn(Permissions.EmergencyAccess) && !User.HasOwn(Permissions.ClinicalRead)
            && PatientPage().Match(returnUrl ?? string.Empty) is { Success: true } match && Guid.TryParse(match.Groups[1].Value, out var patientId))
            EmergencyPatientId = patientId;
    }

    [GeneratedRegex(@"^/Patients/([0-9A-Fa-f-]{36})(?:[/?#]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex PatientPage();
}
