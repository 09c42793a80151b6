using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Ledger;

/// <summary>
/// The controlled-substance ledger (docs/decisions/0022): balances per product and lot with expiry warnings and open
/// discrepancies, and the latest entries. Administrations name their patient only to people who read the clinical record;
/// each patient shown is a read in the audit log.
/// </summary>
public sealed class IndexModel(LedgerQueries queries, KapCareDbContext db, AuditTrail audit) : PageModel
{
    public IReadOnlyList<LotBalance> Balances { get; private set; } = [];
    public IReadOnlyList<LedgerEntry> Recent { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> PatientNames { get; private set; } = new Dictionary<Guid, string>();
    public int WarningDays { get; private set; }
    public bool CanRecord { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanRecord = User.HasOwn(Permissions.LedgerRecord);
        WarningDays = await queries.ExpiryWarningDaysAsync(ct);
        Balances = await queries.BalancesAsync(ct);
        Recent = await queries.RecentEntriesAsync(50, ct);
        var patients = Recent.Where(e => e.PatientId is not null).Select(e => e.PatientId!.Value).Distinct().ToList();
        if (User.Has(Permissions.ClinicalRead) && patients.Count > 0)
        {
            PatientNames = await db.Patients.AsNoTracking().Where(p => patients.Contains(p.Id))
                .ToDictionaryAsync(p => p.Id, p => $"{p.GivenName} {p.FamilyName} ({p.Mrn})", ct);
            foreach (var patient in PatientNames.Keys) audit.Add(AuditActions.PatientRead, AuditOutcome.Success, "LedgerEntry", null, patient, "controlled-substance ledger: administration");
        }
        audit.Add(AuditActions.LedgerRead, AuditOutcome.Success, "Ledger", null, null, $"{Balances.Count} lots, {Recent.Count} recent entries");
        await db.SaveChangesAsync(ct);
    }
}
