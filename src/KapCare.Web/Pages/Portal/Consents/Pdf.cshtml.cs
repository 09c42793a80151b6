using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using KapCare.Web.Pages.Patients.Consents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Pages.Portal.Consents;

/// <summary>The patient's own copy of a consent they signed (only their own: the patient id comes from their sign-in).</summary>
public sealed class PdfModel(KapCareDbContext db, AuditTrail audit, ClinicClock clock, IOptions<ClinicOptions> clinic) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid consentId, CancellationToken ct) =>
        (IActionResult?)await SignedConsentFile.ResultAsync(db, audit, clock, clinic.Value, PortalPatient.Id(User), consentId, ct) ?? NotFound();
}
