using KapCare.Web.Features.Ledger;
using Microsoft.AspNetCore.Mvc;

namespace KapCare.Web.Pages.Ledger;

/// <summary>Stock leaving the clinic other than by administration or waste: a transfer to another registrant, or a return to the supplier.</summary>
public sealed class OutgoingModel(LedgerQueries queries, ControlledSubstanceLedger ledger, Features.Audit.AuditTrail audit) : LedgerFormModel(queries, audit)
{
    public const string TransferOut = "transfer-out";
    public const string Return = "return";

    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty] public string? Quantity { get; set; }
    [BindProperty] public string? Counterparty { get; set; }
    [BindProperty] public string? Document { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadLotsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = Kind switch
        {
            TransferOut => await ledger.TransferOutAsync(LotId ?? Guid.Empty, Quantity, Counterparty, Document, Reason, User, ct),
            Return => await ledger.ReturnAsync(LotId ?? Guid.Empty, Quantity, Counterparty, Document, Reason, User, ct),
            _ => new LedgerResult.Refused("kind", "Choose a transfer to another registrant or a return to the supplier."),
        };
        return await OutcomeAsync(result, e => $"{(e.Kind == LedgerEntryKind.Returned ? "Return" : "Transfer")} of {LedgerQuantity.Format(-e.Change, e.Product)} from lot {e.LotNumber} to {e.Counterparty} recorded. Balance {LedgerQuantity.Format(e.BalanceAfter, e.Product)}.", ct);
    }
}
