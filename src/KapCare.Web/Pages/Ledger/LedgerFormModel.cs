using System.Text.Encodings.Web;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Ledger;
using Microsoft.AspNetCore.Html;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Ledger;

/// <summary>
/// What the ledger's forms share: the lots to choose from, the witness's fields, and a refusal shown beside its field with
/// 400 Bad Request (through the model state, <see cref="Infrastructure.InvalidFormStatus"/>) and nothing written.
/// </summary>
[RequiresPermission(Permissions.LedgerRecord)]
public abstract class LedgerFormModel(LedgerQueries queries, AuditTrail audit) : PageModel
{
    protected LedgerQueries Queries { get; } = queries;

    protected AuditTrail Audit { get; } = audit;

    public IReadOnlyList<LedgerLot> Lots { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public Guid? LotId { get; set; }
    [BindProperty] public string? WitnessEmail { get; set; }
    [BindProperty] public string? WitnessPassword { get; set; }
    [BindProperty] public string? WitnessCode { get; set; }

    protected SecondPersonCredentials Witness => new(WitnessEmail, WitnessPassword, WitnessCode);

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The field's error, in words, with an icon (never colour alone), or nothing.</summary>
    public IHtmlContent FieldError(string field) => ErrorFor(field) is { } error
        ? new HtmlString($"<div class=\"invalid-feedback d-block\" id=\"{field}-error\"><i class=\"ti ti-alert-triangle me-1\" aria-hidden=\"true\"></i>{HtmlEncoder.Default.Encode(error)}</div>")
        : HtmlString.Empty;

    public string Invalid(string field) => ErrorFor(field) is null ? string.Empty : "is-invalid";

    /// <summary>Lots to choose from: those holding stock, or every lot on the ledger page when <see cref="IncludeEmptyLots"/> (a count may find stock the ledger lacks).</summary>
    protected async Task LoadLotsAsync(CancellationToken ct)
    {
        Lots = IncludeEmptyLots ? [.. (await Queries.BalancesAsync(ct)).Select(b => b.Lot)] : await Queries.LotsWithStockAsync(ct);
        // Every read of the ledger is audited, the lots offered by a form too.
        await Audit.RecordAsync(AuditActions.LedgerRead, AuditOutcome.Success, "Ledger", null, null, $"{Lots.Count} lots offered on {Request.Path}", ct);
    }

    protected virtual bool IncludeEmptyLots => false;

    /// <summary>Saved: back to the ledger with what was recorded. Refused: the form again, the field marked, 400.</summary>
    protected async Task<IActionResult> OutcomeAsync(LedgerResult result, Func<LedgerEntry, string> flash, CancellationToken ct)
    {
        switch (result)
        {
            case LedgerResult.Recorded recorded:
                TempData["Flash"] = flash(recorded.Entry);
                return RedirectToPage("/Ledger/Index");
            case LedgerResult.Refused refused:
                ModelState.AddModelError(refused.Field, refused.Message);
                // Never send a password back to the browser.
                WitnessPassword = null;
                WitnessCode = null;
                await LoadLotsAsync(ct);
                return Page();
            default:
                return NotFound();
        }
    }
}
