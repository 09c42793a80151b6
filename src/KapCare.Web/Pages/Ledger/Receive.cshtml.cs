using KapCare.Web.Features.Ledger;
using Microsoft.AspNetCore.Mvc;

namespace KapCare.Web.Pages.Ledger;

/// <summary>A receipt of stock: supplier, invoice, product, lot, expiry and the number of containers (21 CFR 1304.22(c)).</summary>
public sealed class ReceiveModel(LedgerQueries queries, ControlledSubstanceLedger ledger, Features.Audit.AuditTrail audit) : LedgerFormModel(queries, audit)
{
    [BindProperty] public string? ProductCode { get; set; }
    [BindProperty] public string? LotNumber { get; set; }
    [BindProperty] public string? Expiry { get; set; }
    [BindProperty] public string? Containers { get; set; }
    [BindProperty] public string? Supplier { get; set; }
    [BindProperty] public string? Invoice { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadLotsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        await OutcomeAsync(await ledger.ReceiveAsync(new ReceiptInput(ProductCode, LotNumber, Expiry, Containers, Supplier, Invoice), User, ct),
            e => $"Received {LedgerQuantity.Format(e.Change, e.Product)} of {e.Product.Display}, lot {e.LotNumber}. Balance {LedgerQuantity.Format(e.BalanceAfter, e.Product)}.", ct);
}
