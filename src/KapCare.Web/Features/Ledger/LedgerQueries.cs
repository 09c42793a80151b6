using System.Globalization;
using KapCare.Web.Data;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Ledger;

/// <summary>How close a lot is to its expiry date, for the warning badges.</summary>
public enum ExpiryState { Ok, Soon, Expired }

/// <summary>A lot with its balance now (from its latest entry), its expiry state and its open discrepancy, if any.</summary>
public sealed record LotBalance(LedgerLot Lot, long Balance, ExpiryState Expiry, int DaysToExpiry, LedgerEntry? OpenDiscrepancy)
{
    public ControlledProduct Product => Lot.Product;
    public string BalanceText => LedgerQuantity.Format(Balance, Product);
    public ContainerCount Containers => ContainerCount.Of(Balance, Product);
}

/// <summary>
/// A balance as a DEA inventory reads it (21 CFR 1304.11(e)(3)): unopened containers counted, an opened container as an
/// estimated measure. For vials KapCare assumes one vial of a lot is open at a time (the remainder below a full vial).
/// </summary>
public sealed record ContainerCount(long Unopened, long OpenedHundredths)
{
    public static ContainerCount Of(long balance, ControlledProduct product) =>
        product.Unit == CountUnit.Millilitre
            ? new(balance / product.ContainerHundredths, balance % product.ContainerHundredths)
            : new(balance / 100, 0);

    public string Describe(ControlledProduct product) =>
        product.Unit == CountUnit.Millilitre
            ? $"{Unopened} unopened {product.ContainerNoun(Unopened)}"
              + (OpenedHundredths > 0 ? $" and 1 opened vial, about {LedgerQuantity.Format(OpenedHundredths, product)} (estimated)" : string.Empty)
            : product.Containers(Unopened);
}

/// <summary>One line of an inventory: a lot (or a product with none on hand) as of the inventory's moment.</summary>
public sealed record InventoryLine(ControlledProduct Product, string? LotNumber, DateOnly? Expiry, long Balance)
{
    public ContainerCount Containers => ContainerCount.Of(Balance, Product);
    public string Note => LotNumber is null ? "none on hand"
        : Product.Unit == CountUnit.Millilitre && Containers.OpenedHundredths > 0 ? "opened container: estimated measure" : "unopened: exact count";
}

/// <summary>An inventory as of the close of business on a date (the clinic's time zone), from the entries up to that moment.</summary>
public sealed record Inventory(string Registrant, string? DeaRegistration, DateOnly Date, DateTime AsOfUtc, string AsOfLocal, DateTime PreparedAtUtc, string PreparedBy, IReadOnlyList<InventoryLine> Lines);

/// <summary>Reads of the ledger: balances per lot, recent entries, the inventory for a date. Balances are read from each lot's latest entry.</summary>
public sealed class LedgerQueries(KapCareDbContext db, ClinicClock clock)
{
    public const string ExpiryWarningDaysKey = "ledger.expiry-warning-days";
    public const int DefaultExpiryWarningDays = 60;

    public async Task<int> ExpiryWarningDaysAsync(CancellationToken ct = default)
    {
        var value = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == ExpiryWarningDaysKey).Select(s => s.Value).FirstOrDefaultAsync(ct);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 730 ? days : DefaultExpiryWarningDays;
    }

    /// <summary>Every lot with stock, or with an open discrepancy, or received in the last 90 days; products in catalog order.</summary>
    public async Task<IReadOnlyList<LotBalance>> BalancesAsync(CancellationToken ct = default)
    {
        var warnDays = await ExpiryWarningDaysAsync(ct);
        var today = clock.Today;
        var recent = clock.UtcNow.AddDays(-90);
        var rows = await db.LedgerLots.AsNoTracking()
            .Select(l => new { Lot = l, Balance = db.LedgerEntries.Where(e => e.LotId == l.Id).OrderByDescending(e => e.Sequence).Select(e => e.BalanceAfter).FirstOrDefault() })
            .ToListAsync(ct);
        var open = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Kind == LedgerEntryKind.Counted && e.Counted != e.BalanceAfter && !db.LedgerEntries.Any(r => r.ResolvesEntryId == e.Id))
            .ToListAsync(ct);
        var order = ControlledProducts.All.Select((p, i) => (p.Code, i)).ToDictionary(x => x.Code, x => x.i);
        return [.. rows
            .Select(r =>
            {
                var days = r.Lot.Expiry.DayNumber - today.DayNumber;
                var state = days < 0 ? ExpiryState.Expired : days <= warnDays ? ExpiryState.Soon : ExpiryState.Ok;
                return new LotBalance(r.Lot, r.Balance, state, days, open.FirstOrDefault(o => o.LotId == r.Lot.Id));
            })
            .Where(b => b.Balance > 0 || b.OpenDiscrepancy is not null || b.Lot.CreatedAt >= recent)
            .OrderBy(b => order.GetValueOrDefault(b.Lot.ProductCode, int.MaxValue)).ThenBy(b => b.Lot.Expiry).ThenBy(b => b.Lot.LotNumber, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<LedgerEntry>> RecentEntriesAsync(int take, CancellationToken ct = default) =>
        await db.LedgerEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Take(take).ToListAsync(ct);

    public Task<LedgerEntry?> ResolutionOfAsync(Guid countId, CancellationToken ct = default) =>
        db.LedgerEntries.AsNoTracking().FirstOrDefaultAsync(e => e.ResolvesEntryId == countId, ct);

    public Task<LedgerEntry?> EntryAsync(Guid id, CancellationToken ct = default) => db.LedgerEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);

    public async Task<IReadOnlyList<LedgerLot>> LotsWithStockAsync(CancellationToken ct = default) =>
        [.. (await BalancesAsync(ct)).Where(b => b.Balance > 0).Select(b => b.Lot)];

    /// <summary>
    /// The inventory at the close of business on <paramref name="date"/> (midnight that ends it, clinic time): each lot's
    /// balance after its last entry before that moment, and a zero line for each product with nothing on hand (a DEA
    /// inventory records a zero rather than leaving a substance out).
    /// </summary>
    public async Task<Inventory> InventoryAsync(DateOnly date, string registrant, string? deaRegistration, string preparedBy, CancellationToken ct = default)
    {
        var asOf = clock.ToUtc(date.AddDays(1), TimeOnly.MinValue);
        var rows = await db.LedgerLots.AsNoTracking()
            .Where(l => l.CreatedAt < asOf)
            .Select(l => new
            {
                Lot = l,
                Balance = db.LedgerEntries.Where(e => e.LotId == l.Id && e.OccurredAt < asOf).OrderByDescending(e => e.Sequence).Select(e => e.BalanceAfter).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var lines = new List<InventoryLine>();
        foreach (var product in ControlledProducts.All)
        {
            var held = rows.Where(r => r.Lot.ProductCode == product.Code && r.Balance > 0).OrderBy(r => r.Lot.Expiry).ThenBy(r => r.Lot.LotNumber, StringComparer.Ordinal).ToList();
            if (held.Count == 0) lines.Add(new InventoryLine(product, null, null, 0));
            lines.AddRange(held.Select(r => new InventoryLine(product, r.Lot.LotNumber, r.Lot.Expiry, r.Balance)));
        }
        return new Inventory(registrant, deaRegistration, date, asOf, $"{date:yyyy-MM-dd}, close of business ({clock.Format(asOf)} {clock.Zone.Id})", clock.UtcNow, preparedBy, lines);
    }
}
