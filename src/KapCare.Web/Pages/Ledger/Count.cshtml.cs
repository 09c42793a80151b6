using KapCare.Web.Features.Ledger;
using Microsoft.AspNetCore.Mvc;

namespace KapCare.Web.Pages.Ledger;

/// <summary>A physical count of one lot, against the balance the ledger expects; a difference opens a discrepancy.</summary>
public sealed class CountModel(LedgerQueries queries, ControlledSubstanceLedger ledger, Features.Audit.AuditTrail audit) : LedgerFormModel(queries, audit)
{
    [BindProperty] public string? Containers { get; set; }
    [BindProperty] public string? OpenedMl { get; set; }

    protected override bool IncludeEmptyLots => true;

    public async Task OnGetAsync(CancellationToken ct) => await LoadLotsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        await OutcomeAsync(await ledger.CountAsync(LotId ?? Guid.Empty, Containers, OpenedMl, User, ct), e => e.Discrepancy == 0
            ? $"Count of lot {e.LotNumber} recorded: {LedgerQuantity.Format(e.Counted!.Value, e.Product)}, as the ledger expected."
            : $"Count of lot {e.LotNumber} recorded: {LedgerQuantity.Format(e.Counted!.Value, e.Product)} counted, {LedgerQuantity.Format(e.BalanceAfter, e.Product)} expected. The discrepancy must be resolved with a reason.", ct);

}
