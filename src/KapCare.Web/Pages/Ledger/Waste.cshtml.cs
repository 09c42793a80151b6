using KapCare.Web.Features.Ledger;
using Microsoft.AspNetCore.Mvc;

namespace KapCare.Web.Pages.Ledger;

/// <summary>Waste of a controlled substance, witnessed by a second person in their own authenticated act.</summary>
public sealed class WasteModel(LedgerQueries queries, ControlledSubstanceLedger ledger, Features.Audit.AuditTrail audit) : LedgerFormModel(queries, audit)
{
    [BindProperty] public string? Quantity { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadLotsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        await OutcomeAsync(await ledger.WasteAsync(LotId ?? Guid.Empty, Quantity, Reason, Witness, User, ct),
            e => $"Waste of {LedgerQuantity.Format(-e.Change, e.Product)} from lot {e.LotNumber} recorded, witnessed by {e.WitnessName}. Balance {LedgerQuantity.Format(e.BalanceAfter, e.Product)}.", ct);
}
