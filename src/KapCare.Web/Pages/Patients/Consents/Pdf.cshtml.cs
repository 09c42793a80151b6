using KapCare.Web.Features.Users;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Consent;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Pages.Patients.Consents;

/// <summary>The signed consent as a PDF with the exact text signed (staff; the portal has its own route for the patient).</summary>
[RequiresPermission(Permissions.ClinicalRead)]
public sealed class PdfModel(KapCareDbContext db, AuditTrail audit, ClinicClock clock, IOptions<ClinicOptions> clinic) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid consentId, CancellationToken ct) =>
        (IActionResult?)await SignedConsentFile.ResultAsync(db, audit, clock, clinic.Value, id, consentId, ct) ?? NotFound();
}

public static class SignedConsentFile
{
    public static async Task<FileContentResult?> ResultAsync(KapCareDbContext db, AuditTrail audit, ClinicClock clock, ClinicOptions clinic, Guid patientId, Guid consentId, CancellationToken ct)
    {
        var consent = await db.SignedConsents.AsNoTracking().FirstOrDefaultAsync(c => c.Id == consentId && c.PatientId == patientId, ct);
        if (consent is null) return null;
        var patient = await db.Patients.AsNoTracking().FirstAsync(p => p.Id == patientId, ct);
        await audit.RecordAsync(AuditActions.ConsentRead, AuditOutcome.Success, "Consent", consentId.ToString(), patientId, "PDF downloaded", ct);
        var bytes = ConsentPdf.Render(consent, clinic.Name, $"{patient.GivenName} {patient.FamilyName}, MRN {patient.DisplayMrn}", clock.Format(consent.SignedAt) + " " + clock.Zone.Id);
        return new FileContentResult(bytes, "application/pdf") { FileDownloadName = $"{consent.DocumentId}-v{consent.DocumentVersion}-{patient.DisplayMrn}.pdf" };
    }
}
