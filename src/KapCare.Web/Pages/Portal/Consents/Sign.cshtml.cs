using System.Security.Claims;
using KapCare.Web.Features.Consent;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Portal.Consents;

/// <summary>The patient reads a consent and signs it by typing their full name with explicit agreement.</summary>
public sealed class SignModel(ConsentService consents) : PageModel
{
    public ConsentDocument Document { get; private set; } = null!;
    public string? Error { get; private set; }

    public IActionResult OnGet(string documentId)
    {
        if (ConsentDocuments.Find(documentId) is not { } document) return NotFound();
        Document = document;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string documentId, string documentVersion, string? typedName, bool agreed, CancellationToken ct)
    {
        if (ConsentDocuments.Find(documentId) is not { } document) return NotFound();
        Document = document;
        var result = await consents.SignAsync(PortalPatient.Id(User), documentId, documentVersion, typedName, agreed, SignatureMethod.Portal,
            User.FindFirstValue(ClaimTypes.NameIdentifier), null, null, ct);
        if (result is SignResult.Refused refused)
        {
            Error = refused.Message;
            return Page();
        }
        TempData["Flash"] = $"Thank you — \"{document.Title}\" is signed.";
        return RedirectToPage("/Portal/Consents/Index");
    }
}
