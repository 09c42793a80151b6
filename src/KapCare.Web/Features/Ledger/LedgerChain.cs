using System.Globalization;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Ledger;

/// <summary>
/// The ledger's hash chain (docs/decisions/0022), built as the audit log's (docs/decisions/0017): every entry has the next
/// <see cref="LedgerEntry.Sequence"/> and <c>Hash = SHA-256(Canonical(entry, previous entry's Hash))</c>, in the shared
/// length-prefixed form (<see cref="CanonicalFields"/>). Appends hold the audit chain's lock (<see cref="AuditChain.LockAsync"/>):
/// one lock for both chains, because every ledger write also writes audit entries, so no two writers can fork either and
/// no lock order can deadlock.
/// </summary>
public static class LedgerChain
{
    public const string FormatTag = "kapcare-ledger-v1";

    /// <summary>
    /// Fields, in order: the tag, the previous hash, sequence, id, time, kind, lot id, product code, lot number, expiry,
    /// change, balance after, counted, recorded by (id, name), witness (id, name), patient id, administration id and label,
    /// counterparty, document number, reason, the resolved count's id. Quantities in hundredths of the product's unit.
    /// </summary>
    public static byte[] Canonical(LedgerEntry entry, string previousHash) => Fields(entry, previousHash).ToBytes();

    public static string ComputeHash(LedgerEntry entry, string previousHash) => Fields(entry, previousHash).Hash();

    private static CanonicalFields Fields(LedgerEntry e, string previousHash) => new CanonicalFields()
        .Field(FormatTag)
        .Field(previousHash)
        .Field(e.Sequence)
        .Field(e.Id)
        .Field(e.OccurredAt)
        .Field(e.Kind.ToString())
        .Field(e.LotId)
        .Field(e.ProductCode)
        .Field(e.LotNumber)
        .Field(e.Expiry)
        .Field(e.Change)
        .Field(e.BalanceAfter)
        .Field(e.Counted)
        .Field(e.RecordedByUserId)
        .Field(e.RecordedByName)
        .Field(e.WitnessUserId)
        .Field(e.WitnessName)
        .Field(e.PatientId)
        .Field(e.AdministrationId)
        .Field(e.AdministrationLabel)
        .Field(e.Counterparty)
        .Field(e.DocumentNumber)
        .Field(e.Reason)
        .Field(e.ResolvesEntryId);

    public static Task<ChainHead?> HeadAsync(KapCareDbContext db, CancellationToken ct) =>
        db.LedgerEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new ChainHead(e.Sequence, e.Hash)).FirstOrDefaultAsync(ct)!;

    /// <summary>The lot's balance after its latest entry (0 for a new lot): one read of the (LotId, Sequence) index.</summary>
    public static Task<long> BalanceAsync(KapCareDbContext db, Guid lotId, CancellationToken ct) =>
        db.LedgerEntries.AsNoTracking().Where(e => e.LotId == lotId).OrderByDescending(e => e.Sequence).Select(e => e.BalanceAfter).FirstOrDefaultAsync(ct);
}

/// <summary>What <c>kapcare ledger verify</c> found.</summary>
public sealed record LedgerChainReport(bool Intact, long Verified, ChainHead? Head, long? BrokenSequence, Guid? BrokenEntryId, string? Problem);

/// <summary>
/// Walks the ledger in sequence order and stops at the first entry that does not follow: a sequence number missing (an
/// entry deleted), a hash that does not match (an entry or its hash changed), a lot whose row no longer says what the entry
/// says, or a balance that does not add up from the entries before it (so a recomputed hash on changed quantities still
/// shows, unless every later hash and balance was forged too).
/// </summary>
public sealed class LedgerChainVerifier(KapCareDbContext db)
{
    public async Task<LedgerChainReport> VerifyAsync(CancellationToken ct = default)
    {
        var lots = await db.LedgerLots.AsNoTracking().ToDictionaryAsync(l => l.Id, ct);
        var balances = new Dictionary<Guid, long>();
        var counts = new Dictionary<Guid, LedgerEntry>();
        var resolved = new HashSet<Guid>();
        long expected = 1;
        var previous = AuditChain.Genesis;
        ChainHead? head = null;
        await foreach (var e in db.LedgerEntries.AsNoTracking().OrderBy(x => x.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"entry {e.Sequence} ({e.Kind}, id {e.Id})");
            if (e.Sequence != expected)
            {
                var missing = e.Sequence - expected == 1 ? $"sequence {expected} is" : $"sequences {expected}–{e.Sequence - 1} are";
                return Broken(e, $"{name} does not follow entry {expected - 1}: {missing} missing — deleted behind the app's back.");
            }
            if (!string.Equals(LedgerChain.ComputeHash(e, previous), e.Hash, StringComparison.Ordinal))
                return Broken(e, $"{name} does not match its hash: it, or its stored hash, was changed after it was written.");
            if (!lots.TryGetValue(e.LotId, out var lot))
                return Broken(e, $"{name} names lot {e.LotId}, which is no longer in the lots table.");
            if (lot.ProductCode != e.ProductCode || lot.LotNumber != e.LotNumber || lot.Expiry != e.Expiry)
                return Broken(e, $"{name}: lot {e.LotId} now reads {lot.ProductCode} {lot.LotNumber} exp {lot.Expiry:yyyy-MM-dd}, the entry recorded {e.ProductCode} {e.LotNumber} exp {e.Expiry:yyyy-MM-dd}: the lot was changed behind the app's back.");
            var before = balances.GetValueOrDefault(e.LotId);
            if (e.BalanceAfter != before + e.Change || e.BalanceAfter < 0)
                return Broken(e, string.Create(CultureInfo.InvariantCulture, $"{name}: balance {e.BalanceAfter} does not follow from {before} and change {e.Change}."));
            var kindOk = e.Kind switch
            {
                LedgerEntryKind.Received => e.Change > 0,
                LedgerEntryKind.Administered or LedgerEntryKind.Wasted or LedgerEntryKind.TransferredOut or LedgerEntryKind.Returned => e.Change < 0,
                LedgerEntryKind.Counted => e.Change == 0 && e.Counted >= 0,
                LedgerEntryKind.Adjusted => e.ResolvesEntryId is { } c && counts.TryGetValue(c, out var count) && count.LotId == e.LotId
                    && count.Discrepancy == e.Change && resolved.Add(c),
            };
            if (!kindOk) return Broken(e, $"{name} is not a valid {e.Kind} entry (its change, or the count it resolves, does not fit).");
            if (e.Kind == LedgerEntryKind.Wasted && (e.WitnessUserId is null || e.WitnessUserId == e.RecordedByUserId))
                return Broken(e, $"{name} is a waste without a second person's witness.");
            if (e.Kind == LedgerEntryKind.Counted) counts[e.Id] = e;
            balances[e.LotId] = e.BalanceAfter;
            previous = e.Hash;
            head = new ChainHead(e.Sequence, e.Hash);
            expected++;
        }
        return new LedgerChainReport(true, expected - 1, head, null, null, null);

        LedgerChainReport Broken(LedgerEntry e, string problem) => new(false, expected - 1, head, e.Sequence, e.Id, problem);
    }
}
