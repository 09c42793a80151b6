using System.Globalization;
using System.Security.Claims;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Ledger;

/// <summary>What recording in the ledger came to.</summary>
public abstract record LedgerResult
{
    private LedgerResult() { }
    public sealed record Recorded(LedgerEntry Entry) : LedgerResult;
    /// <summary>Which field is wrong and why; nothing was written to the ledger.</summary>
    public sealed record Refused(string Field, string Message) : LedgerResult;
    public sealed record NotFound : LedgerResult;
}

/// <summary>A receipt as typed: a new lot (product, number, expiry) or more of a known one, in whole containers.</summary>
public sealed record ReceiptInput(string? ProductCode, string? LotNumber, string? Expiry, string? Containers, string? Supplier, string? Invoice);

/// <summary>
/// Records in the controlled-substance ledger (issue 10 item 9; docs/decisions/0022): receipts, administrations (called by
/// the MAR), witnessed waste, transfers out, returns, counts and the resolution of their discrepancies. Every write checks
/// the person's permission, appends one chained entry under the chain's lock, refuses a balance below zero, and is
/// audited in the same save; a refusal writes no ledger entry.
/// </summary>
public sealed class ControlledSubstanceLedger(KapCareDbContext db, AuditTrail audit, ClinicClock clock, SecondPersonVerification secondPerson)
{
    public async Task<LedgerResult> ReceiveAsync(ReceiptInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (Recorder(user) is not { } by) return NotAllowed();
        if (ControlledProducts.Find(input.ProductCode) is not { } product) return new LedgerResult.Refused("productCode", "Choose the product received.");
        if (!DateOnly.TryParseExact(input.Expiry?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiry))
            return new LedgerResult.Refused("expiry", "Give the expiry date printed on the container (yyyy-MM-dd).");
        if (!int.TryParse(input.Containers?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var containers) || containers is < 1 or > 10_000)
            return new LedgerResult.Refused("containers", $"Give the number of {product.ContainerWord} received, a whole number from 1.");
        var quantity = new LedgerQuantity(containers * product.ContainerHundredths);
        return await AppendAsync(async () =>
        {
            var number = input.LotNumber?.Trim();
            var lot = await db.LedgerLots.FirstOrDefaultAsync(l => l.ProductCode == product.Code && l.LotNumber == number, ct);
            if (lot is null)
            {
                lot = LedgerLot.Create(product, number, expiry, clock.UtcNow);
                db.LedgerLots.Add(lot);
            }
            else if (lot.Expiry != expiry)
            {
                throw new LedgerRuleException("expiry", $"Lot {lot.LotNumber} is recorded with expiry {lot.Expiry:yyyy-MM-dd}; check the container.");
            }
            return (lot, LedgerEntry.Receive(lot, quantity, input.Supplier, input.Invoice, by, clock.Today));
        }, AuditActions.LedgerReceive, e => $"from {e.Counterparty}, invoice {e.DocumentNumber}", ct);
    }

    /// <summary>
    /// An administration, called by the MAR when a dose is given (the dosing-session work), inside its own transaction so
    /// the MAR entry and the ledger entry commit together: this saves (the caller's pending changes with it) but commits only
    /// a transaction it opened itself. <paramref name="quantity"/> is in the product's unit (mL for vials, whole troches or
    /// devices). An expired lot, a quantity the lot does not hold, or a person without <c>ledger.record</c> is refused.
    /// </summary>
    public async Task<LedgerResult> AdministerAsync(Guid lotId, decimal quantity, Guid patientId, Guid administrationId, string administrationLabel,
        ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (Recorder(user) is not { } by) return NotAllowed();
        var known = await db.LedgerLots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lotId, ct);
        if (known is null) return new LedgerResult.NotFound();
        if (LedgerQuantity.From(quantity, known.Product) is not ({ } amount, null)) return new LedgerResult.Refused("quantity", LedgerQuantity.From(quantity, known.Product).Problem!);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, ct)) return new LedgerResult.Refused("patientId", "No such patient.");
        return await AppendAsync(async () =>
        {
            var lot = await db.LedgerLots.FirstAsync(l => l.Id == lotId, ct);
            return (lot, LedgerEntry.Administer(lot, amount, patientId, administrationId, administrationLabel, by, clock.Today));
        }, AuditActions.LedgerAdminister, e => $"for {e.AdministrationLabel ?? "an administration"} ({e.AdministrationId})", ct, patientId);
    }

    /// <summary>Waste, witnessed by a second person with <c>ledger.record</c> who enters their own email, password and code.</summary>
    public async Task<LedgerResult> WasteAsync(Guid lotId, string? quantity, string? reason, SecondPersonCredentials witness, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (Recorder(user) is not { } by) return NotAllowed();
        var known = await db.LedgerLots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lotId, ct);
        if (known is null) return new LedgerResult.Refused("lotId", "Choose the lot the waste came from.");
        if (LedgerQuantity.Parse(quantity, known.Product) is not ({ } amount, null)) return new LedgerResult.Refused("quantity", LedgerQuantity.Parse(quantity, known.Product).Problem!);
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < LedgerEntry.MinimumWasteReasonLength)
            return new LedgerResult.Refused("reason", "Say what was wasted and how.");
        var (person, problem) = await secondPerson.VerifyAsync(witness, by.UserId, WitnessAct(lotId, "waste"), ct);
        if (person is null) return new LedgerResult.Refused("witnessEmail", problem!);
        var witnessedBy = new LedgerPerson(person.Id, person.DisplayName);
        return await AppendAsync(async () =>
        {
            var lot = await db.LedgerLots.FirstAsync(l => l.Id == lotId, ct);
            var entry = LedgerEntry.Waste(lot, amount, reason, by, witnessedBy);
            return (lot, entry);
        }, AuditActions.LedgerWaste, e => $"witnessed by {e.WitnessName}: {e.Reason}", ct, witnessAudit: (person.Id, person.Email ?? person.Id));
    }

    /// <summary>
    /// The demo clinic's past (Features/Demo/DemoLedger.cs): a waste its seeded witness watched weeks ago, whose sign-in
    /// cannot be replayed now. Internal, so no page or endpoint can record a waste without the witness's own act.
    /// </summary>
    internal async Task<LedgerResult> RecordDemoWasteAsync(Guid lotId, decimal quantity, string reason, KapCareUser witness, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Recorder(user) is not { } by) return NotAllowed();
        var known = await db.LedgerLots.AsNoTracking().FirstAsync(l => l.Id == lotId, ct);
        var amount = LedgerQuantity.From(quantity, known.Product).Quantity ?? throw new InvalidOperationException("Bad demo quantity.");
        return await AppendAsync(async () =>
        {
            var lot = await db.LedgerLots.FirstAsync(l => l.Id == lotId, ct);
            return (lot, LedgerEntry.Waste(lot, amount, reason, by, new LedgerPerson(witness.Id, witness.DisplayName)));
        }, AuditActions.LedgerWaste, e => $"witnessed by {e.WitnessName}: {e.Reason}", ct, witnessAudit: (witness.Id, witness.Email ?? witness.Id));
    }

    public Task<LedgerResult> TransferOutAsync(Guid lotId, string? quantity, string? registrant, string? document, string? reason, ClaimsPrincipal user, CancellationToken ct = default) =>
        RemoveAsync(lotId, quantity, user, (lot, amount, by) => LedgerEntry.TransferOut(lot, amount, registrant, document, reason, by), AuditActions.LedgerTransferOut, ct);

    public Task<LedgerResult> ReturnAsync(Guid lotId, string? quantity, string? supplier, string? document, string? reason, ClaimsPrincipal user, CancellationToken ct = default) =>
        RemoveAsync(lotId, quantity, user, (lot, amount, by) => LedgerEntry.Return(lot, amount, supplier, document, reason, by), AuditActions.LedgerReturn, ct);

    private async Task<LedgerResult> RemoveAsync(Guid lotId, string? quantity, ClaimsPrincipal user, Func<LedgerLot, LedgerQuantity, LedgerPerson, LedgerEntry> build, string action, CancellationToken ct)
    {
        if (Recorder(user) is not { } by) return NotAllowed();
        var known = await db.LedgerLots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lotId, ct);
        if (known is null) return new LedgerResult.Refused("lotId", "Choose the lot.");
        if (LedgerQuantity.Parse(quantity, known.Product) is not ({ } amount, null)) return new LedgerResult.Refused("quantity", LedgerQuantity.Parse(quantity, known.Product).Problem!);
        return await AppendAsync(async () =>
        {
            var lot = await db.LedgerLots.FirstAsync(l => l.Id == lotId, ct);
            return (lot, build(lot, amount, by));
        }, action, e => $"to {e.Counterparty}" + (e.DocumentNumber is null ? string.Empty : $", document {e.DocumentNumber}"), ct);
    }

    /// <summary>
    /// A physical count of a lot: for vials, the unopened vials and the estimated millilitres left in the opened one (21 CFR
    /// 1304.11(e)(3): an estimated measure for an opened container); for troches and devices, the number counted. A count
    /// that differs from the balance opens a discrepancy; a lot with an open discrepancy is not counted again until it is resolved.
    /// </summary>
    public async Task<LedgerResult> CountAsync(Guid lotId, string? containers, string? openedMl, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (Recorder(user) is not { } by) return NotAllowed();
        var known = await db.LedgerLots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lotId, ct);
        if (known is null) return new LedgerResult.Refused("lotId", "Choose the lot counted.");
        var product = known.Product;
        if (!int.TryParse(containers?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var whole) || whole > 100_000)
            return new LedgerResult.Refused("containers", $"Give the number of {(product.Unit == CountUnit.Millilitre ? "unopened " : string.Empty)}{product.ContainerWord} counted (0 or more).");
        long counted = whole * product.ContainerHundredths;
        if (product.Unit == CountUnit.Millilitre && !string.IsNullOrWhiteSpace(openedMl))
        {
            if (LedgerQuantity.Parse(openedMl, product, allowZero: true) is not ({ } opened, null))
                return new LedgerResult.Refused("openedMl", LedgerQuantity.Parse(openedMl, product, allowZero: true).Problem!);
            if (opened.Hundredths >= product.ContainerHundredths)
                return new LedgerResult.Refused("openedMl", $"An opened vial holds less than {product.ContainerMl:0.##} mL; count full vials as unopened.");
            counted += opened.Hundredths;
        }
        return await AppendAsync(async () =>
        {
            if (await OpenDiscrepancyAsync(lotId, ct) is not null)
                throw new LedgerRuleException("lotId", "This lot has an open discrepancy: resolve it before counting again.");
            var lot = await db.LedgerLots.FirstAsync(l => l.Id == lotId, ct);
            return (lot, LedgerEntry.Count(lot, new LedgerQuantity(counted), by));
        }, AuditActions.LedgerCount, e => e.Discrepancy == 0
            ? $"counted {LedgerQuantity.Format(e.Counted!.Value, e.Product)}, as expected"
            : $"counted {LedgerQuantity.Format(e.Counted!.Value, e.Product)}, expected {LedgerQuantity.Format(e.BalanceAfter, e.Product)}: discrepancy {LedgerQuantity.Format(e.Discrepancy!.Value, e.Product)}", ct);
    }

    /// <summary>
    /// Resolves a count's discrepancy with a reason; the balance moves to what was counted. The person who made the count
    /// needs a second person's witness (their own sign-in) to resolve it; anyone else with <c>ledger.record</c> resolves it alone.
    /// </summary>
    public async Task<LedgerResult> ResolveAsync(Guid countId, string? reason, SecondPersonCredentials witness, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (Recorder(user) is not { } by) return NotAllowed();
        var count = await db.LedgerEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == countId && e.Kind == LedgerEntryKind.Counted, ct);
        if (count is null) return new LedgerResult.NotFound();
        if (count.Discrepancy == 0) return new LedgerResult.Refused("countId", "This count matched the ledger: there is nothing to resolve.");
        if (await db.LedgerEntries.AnyAsync(e => e.ResolvesEntryId == countId, ct)) return new LedgerResult.Refused("countId", "This discrepancy is already resolved.");
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < LedgerEntry.MinimumResolutionReasonLength)
            return new LedgerResult.Refused("reason", $"Say why the count differed and what was done: at least {LedgerEntry.MinimumResolutionReasonLength} characters.");
        LedgerPerson? witnessedBy = null;
        (string, string)? witnessAudit = null;
        if (count.RecordedByUserId == by.UserId || witness.Given)
        {
            var (person, problem) = await secondPerson.VerifyAsync(witness, by.UserId, WitnessAct(count.LotId, "resolution"), ct);
            if (person is null)
                return new LedgerResult.Refused("witnessEmail", count.RecordedByUserId == by.UserId && !witness.Given
                    ? "You made this count: a second person resolves it, or witnesses your resolution here with their own email, password and code."
                    : problem!);
            witnessedBy = new LedgerPerson(person.Id, person.DisplayName);
            witnessAudit = (person.Id, person.Email ?? person.Id);
        }
        return await AppendAsync(async () =>
        {
            if (await db.LedgerEntries.AnyAsync(e => e.ResolvesEntryId == countId, ct)) throw new LedgerRuleException("countId", "This discrepancy is already resolved.");
            var lot = await db.LedgerLots.FirstAsync(l => l.Id == count.LotId, ct);
            return (lot, LedgerEntry.Resolve(count, lot, reason, by, witnessedBy));
        }, AuditActions.LedgerResolve, e => $"resolves count {e.ResolvesEntryId} by {LedgerQuantity.Format(e.Change, e.Product)}"
            + (e.WitnessName is null ? string.Empty : $", witnessed by {e.WitnessName}") + $": {e.Reason}", ct, witnessAudit: witnessAudit);
    }

    /// <summary>The count on this lot whose discrepancy nobody has resolved yet, if any.</summary>
    public Task<LedgerEntry?> OpenDiscrepancyAsync(Guid lotId, CancellationToken ct) =>
        db.LedgerEntries.AsNoTracking()
            .Where(e => e.LotId == lotId && e.Kind == LedgerEntryKind.Counted && e.Counted != e.BalanceAfter && !db.LedgerEntries.Any(r => r.ResolvesEntryId == e.Id))
            .OrderBy(e => e.Sequence).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Appends one entry: in the caller's transaction or one of its own, under the chain's lock, reading the head and the
    /// lot's balance only after the lock is held, so two writers can neither fork the chain nor both spend the last vial.
    /// </summary>
    private async Task<LedgerResult> AppendAsync(Func<Task<(LedgerLot Lot, LedgerEntry Entry)>> build, string action, Func<LedgerEntry, string> detail,
        CancellationToken ct, Guid? patientId = null, (string Id, string Email)? witnessAudit = null)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await AuditChain.LockAsync(db, ct);
            LedgerLot lot;
            LedgerEntry entry;
            try
            {
                (lot, entry) = await build();
                var head = await LedgerChain.HeadAsync(db, ct);
                entry.Link((head?.Sequence ?? 0) + 1, head?.Hash ?? AuditChain.Genesis, await LedgerChain.BalanceAsync(db, lot.Id, ct), clock.UtcNow);
            }
            catch (LedgerRuleException refused)
            {
                foreach (var added in db.ChangeTracker.Entries<LedgerLot>().Where(e => e.State == EntityState.Added).ToList()) added.State = EntityState.Detached;
                if (own is not null) await own.RollbackAsync(ct);
                return new LedgerResult.Refused(refused.Field, refused.Message);
            }
            db.LedgerEntries.Add(entry);
            var summary = $"{entry.Kind} {LedgerQuantity.Format(Math.Abs(entry.Kind == LedgerEntryKind.Counted ? entry.Counted!.Value : entry.Change), entry.Product)} "
                + $"of {entry.Product.Display}, lot {entry.LotNumber}; balance {LedgerQuantity.Format(entry.BalanceAfter, entry.Product)}; {detail(entry)}";
            audit.Add(action, AuditOutcome.Success, "LedgerEntry", entry.Id.ToString(), patientId, summary);
            if (witnessAudit is { } w)
                audit.AddAs(w.Id, w.Email, AuditActions.LedgerWitness, AuditOutcome.Success, "LedgerEntry", entry.Id.ToString(), patientId, $"witnessed: {summary}");
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
            return new LedgerResult.Recorded(entry);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    private static SecondPersonAct WitnessAct(Guid lotId, string what) => new(
        Noun: "witness",
        RefusedAction: AuditActions.LedgerWitnessRefused,
        Permission: Permissions.LedgerRecord,
        ResourceType: "LedgerLot",
        ResourceId: lotId.ToString(),
        PatientId: null,
        MissingCredentials: $"A second person witnesses the {what}: they enter their own email, password and current authenticator code.",
        WrongCredentials: "The witness's email, password or authenticator code is not right. Nothing was recorded.",
        SamePerson: $"The witness must be a second person, not the one recording the {what}.",
        LockedOut: "That witness's account is locked after failed attempts; try again later or ask another colleague.",
        NoTwoFactor: "That person has no two-factor sign-in set up, so they cannot witness at another person's screen.",
        LacksPermission: "Only a nurse or prescriber who keeps the controlled-substance ledger can witness.",
        LacksPermissionAudit: "no ledger.record");

    private static LedgerPerson? Recorder(ClaimsPrincipal user) =>
        user.HasOwn(Permissions.LedgerRecord) && user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id ? new LedgerPerson(id, user.DisplayName()) : null;

    private static LedgerResult NotAllowed() => new LedgerResult.Refused("user", "Only a nurse or prescriber records in the controlled-substance ledger (ledger.record).");
}
