using KapCare.Web.Features.Ledger;
using Microsoft.AspNetCore.Mvc;

namespace KapCare.Web.Pages.Ledger;

/// <summary>Resolving a count's discrepancy: a reason of at least 20 characters, by a second person or witnessed by one.</summary>
public sealed class DiscrepancyModel(LedgerQueries queries, ControlledSubstanceLedger ledger, Features.Audit.AuditTrail audit) : LedgerFormModel(queries, audit)
{
    public LedgerEntry Count { get; private set; } = null!;
    public LedgerEntry? Resolution { get; private set; }
    [BindProperty] public string? Reason { get; set; }

    public bool MadeByMe => Count.RecordedByUserId == User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await ledger.ResolveAsync(id, Reason, Witness, User, ct);
        return await OutcomeAsync(result, e => $"Discrepancy on lot {e.LotNumber} resolved: balance moved by {LedgerQuantity.Format(e.Change, e.Product)} to {LedgerQuantity.Format(e.BalanceAfter, e.Product)}.", ct);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await Queries.EntryAsync(id, ct) is not { Kind: LedgerEntryKind.Counted } count || count.Discrepancy == 0) return false;
        Count = count;
        Resolution = await Queries.ResolutionOfAsync(id, ct);
        await Audit.RecordAsync(Features.Audit.AuditActions.LedgerRead, Features.Audit.AuditOutcome.Success, "LedgerEntry", id.ToString(), null, "count discrepancy opened", ct);
        return true;
    }
}
