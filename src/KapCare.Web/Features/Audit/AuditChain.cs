using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Audit;

/// <summary>
/// The audit log's hash chain (issue 9, item 5; docs/decisions/0017-tamper-evident-audit.md). Every entry gets the
/// next <see cref="AuditEntry.Sequence"/> and <c>Hash = SHA-256(Canonical(entry, previous entry's Hash))</c> when it is
/// saved, inside the transaction that stores it and while holding the chain's lock, so concurrent writers (requests,
/// the group-committed submissions, other app instances on one PostgreSQL) append one after another and never fork it.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first entry in the chain.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Names the canonical form; a later form would get a new tag and leave this one verifiable.</summary>
    public const string FormatTag = "kapcare-audit-v1";

    /// <summary>
    /// The PostgreSQL advisory lock that serialises appends to the chain across connections and app instances: the
    /// bytes of "KapAudit" as a big-endian bigint. Transaction-scoped, so it is released by the commit or rollback.
    /// </summary>
    public const long PostgresLockKey = 5431746052030228852;

    /// <summary>
    /// The bytes the hash covers: UTF-8 of, for each field in this order, <c>-\n</c> when it is null, otherwise its
    /// UTF-8 byte length in decimal, a colon, the value and <c>\n</c> (a length prefix, so no value can imitate a field
    /// boundary). Fields: the format tag, the previous entry's hash, the sequence, the time (UTC, microseconds,
    /// <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>), user id, actor, action, resource type, resource id, patient id (lowercase
    /// <c>D</c> format), channel, IP address, outcome (its name, as stored), detail. Numbers and times use the invariant
    /// culture. The database id is not covered: it is assigned by the database on insert; the sequence is the position.
    /// </summary>
    public static byte[] Canonical(AuditEntry entry, string previousHash) => Fields(entry, previousHash).ToBytes();

    private static CanonicalFields Fields(AuditEntry entry, string previousHash) => new CanonicalFields()
        .Field(FormatTag)
        .Field(previousHash)
        .Field(entry.Sequence)
        .Field(entry.OccurredAt)
        .Field(entry.UserId)
        .Field(entry.Actor)
        .Field(entry.Action)
        .Field(entry.ResourceType)
        .Field(entry.ResourceId)
        .Field(entry.PatientId)
        .Field(entry.Channel)
        .Field(entry.IpAddress)
        .Field(entry.Outcome.ToString())
        .Field(entry.Detail);

    public static string ComputeHash(AuditEntry entry, string previousHash) => Fields(entry, previousHash).Hash();

    /// <summary>UTC at microsecond precision, as hashed and stored (<see cref="ChainTime.Utc"/>).</summary>
    public static DateTime Utc(DateTime value) => ChainTime.Utc(value);

    /// <summary>
    /// Takes the chain's lock inside the current transaction. On PostgreSQL an advisory transaction lock (held until
    /// commit, so the next writer reads this writer's head). On SQLite the transaction began IMMEDIATE and already holds
    /// the file's only write lock, across processes too; nothing more is needed.
    /// </summary>
    public static async Task LockAsync(KapCareDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", ct);
    }

    public static void Lock(KapCareDbContext db)
    {
        if (db.Database.IsNpgsql())
            db.Database.ExecuteSqlRaw($"SELECT pg_advisory_xact_lock({PostgresLockKey})");
    }

    private static IQueryable<ChainHead> HeadQuery(KapCareDbContext db) =>
        db.AuditEntries.AsNoTracking().Where(a => a.Sequence != null).OrderByDescending(a => a.Sequence)
            .Select(a => new ChainHead(a.Sequence!.Value, a.Hash ?? string.Empty));

    public static Task<ChainHead?> HeadAsync(KapCareDbContext db, CancellationToken ct) => HeadQuery(db).FirstOrDefaultAsync(ct)!;

    public static ChainHead? Head(KapCareDbContext db) => HeadQuery(db).FirstOrDefault();

    /// <summary>Gives the new entries the next sequence numbers after the head, in the order they were added, and their hashes.</summary>
    public static void Link(IReadOnlyList<AuditEntry> added, ChainHead? head)
    {
        var sequence = head?.Sequence ?? 0;
        var previous = head?.Hash ?? Genesis;
        foreach (var entry in added)
        {
            entry.OccurredAt = Utc(entry.OccurredAt);
            // A Detail cut by length must not end in half a surrogate pair: it would not survive the round trip through UTF-8.
            if (entry.Detail is { Length: > 0 } detail && char.IsHighSurrogate(detail[^1])) entry.Detail = detail[..^1];
            entry.Sequence = ++sequence;
            entry.Hash = ComputeHash(entry, previous);
            previous = entry.Hash;
        }
    }
}

public sealed record ChainHead(long Sequence, string Hash);

/// <summary>What <c>kapcare audit verify</c> found.</summary>
public sealed record AuditChainReport(bool Intact, long Chained, long Unchained, ChainHead? Head, long? BrokenEntryId, string? Problem);

/// <summary>
/// Walks the chain in sequence order, recomputing every hash from the stored content. It stops at the first entry that
/// does not follow from the one before: its content or hash changed, a sequence number is missing (an entry deleted), or
/// an entry sits outside the chain (inserted behind the app's back).
/// </summary>
public sealed class AuditChainVerifier(KapCareDbContext db)
{
    public async Task<AuditChainReport> VerifyAsync(CancellationToken ct = default)
    {
        var firstChainedId = await db.AuditEntries.Where(a => a.Sequence != null).MinAsync(a => (long?)a.Id, ct);
        // Entries from before the chain existed (an upgraded database) carry no sequence and come before the first linked one.
        var unchained = await db.AuditEntries.CountAsync(a => a.Sequence == null && (firstChainedId == null || a.Id < firstChainedId), ct);
        var stray = await db.AuditEntries.Where(a => a.Sequence == null && firstChainedId != null && a.Id > firstChainedId)
            .OrderBy(a => a.Id).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);

        long expected = 1;
        var previous = AuditChain.Genesis;
        long? previousId = null;
        ChainHead? head = null;
        await foreach (var entry in db.AuditEntries.AsNoTracking().Where(a => a.Sequence != null).OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            var sequence = entry.Sequence!.Value;
            if (sequence != expected)
            {
                var missing = sequence - expected == 1 ? $"sequence {expected} is" : $"sequences {expected}–{sequence - 1} are";
                return Broken(entry.Id, $"entry {entry.Id} (sequence {sequence}) does not follow " +
                    (previousId is null ? "the start of the chain" : $"entry {previousId} (sequence {expected - 1})") +
                    $": {missing} missing — deleted behind the app's back.");
            }
            var hash = AuditChain.ComputeHash(entry, previous);
            if (!string.Equals(hash, entry.Hash, StringComparison.Ordinal))
                return Broken(entry.Id, $"entry {entry.Id} (sequence {sequence}) does not match its hash: it, or its stored hash, was changed after it was written.");
            previous = hash;
            previousId = entry.Id;
            head = new ChainHead(sequence, hash);
            expected++;
        }
        if (stray is not null)
            return Broken(stray, $"entry {stray} is not in the chain (it has no sequence or hash): it was inserted behind the app's back, or its link was removed.");
        return new AuditChainReport(true, expected - 1, unchained, head, null, null);

        AuditChainReport Broken(long? id, string problem) => new(false, expected - 1, unchained, head, id, problem);
    }
}
