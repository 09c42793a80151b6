using KapCare.Web.Data;

namespace KapCare.Web.Features.Ledger;

/// <summary>What a ledger entry records (21 CFR 1304.22(c): receipt, dispensing/administration, disposal, transfer, inventory).</summary>
public enum LedgerEntryKind
{
    Received,
    Administered,
    Wasted,
    TransferredOut,
    /// <summary>Returned to the supplier.</summary>
    Returned,
    /// <summary>A physical count: what was counted against what the ledger expected. Does not change the balance.</summary>
    Counted,
    /// <summary>Only as the resolution of a count's discrepancy, with a reason.</summary>
    Adjusted,
}

/// <summary>A domain rule refused the entry: which field and why. Nothing is written.</summary>
public sealed class LedgerRuleException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A lot of one product as received: its number and expiry never change once recorded.</summary>
[AppendOnly("A lot's product, number and expiry are as received and cannot be changed; a mistaken receipt is returned or adjusted through a count.")]
public sealed class LedgerLot
{
    public const int MaxLotNumberLength = 40;

    private LedgerLot() { }

    public Guid Id { get; private set; }
    public string ProductCode { get; private set; } = string.Empty;
    public string LotNumber { get; private set; } = string.Empty;
    public DateOnly Expiry { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public ControlledProduct Product => ControlledProducts.Get(ProductCode);

    /// <summary>A lot is usable through its expiry date and expired from the day after (USP: "use by" the labelled date).</summary>
    public bool IsExpiredOn(DateOnly today) => Expiry < today;

    public static LedgerLot Create(ControlledProduct product, string? lotNumber, DateOnly expiry, DateTime nowUtc)
    {
        var number = lotNumber?.Trim();
        if (string.IsNullOrEmpty(number)) throw new LedgerRuleException("lotNumber", "Give the lot number printed on the container.");
        if (number.Length > MaxLotNumberLength) throw new LedgerRuleException("lotNumber", $"A lot number is at most {MaxLotNumberLength} characters.");
        return new LedgerLot { Id = Guid.NewGuid(), ProductCode = product.Code, LotNumber = number, Expiry = expiry, CreatedAt = nowUtc };
    }
}

/// <summary>Who recorded an entry: the signed-in person, never a name typed in a field.</summary>
public sealed record LedgerPerson(string UserId, string Name);

/// <summary>
/// One line of the controlled-substance ledger (docs/decisions/0022). Append-only: the context refuses changes, database
/// triggers refuse UPDATE and DELETE, and every entry is linked into a hash chain (<see cref="LedgerChain"/>) that
/// <c>kapcare ledger verify</c> walks. Each entry carries the lot's balance after it, so a balance is one indexed read
/// of the lot's latest entry, however long the history.
/// </summary>
[AppendOnly("Ledger entries are append-only: a correction is a count and the resolution of its discrepancy, never an edit.")]
public sealed class LedgerEntry
{
    public const int MinimumResolutionReasonLength = 20;
    public const int MinimumWasteReasonLength = 5;
    public const int MaxTextLength = 200;
    public const int MaxDocumentLength = 64;
    public const int MaxReasonLength = 1000;

    private LedgerEntry() { }

    public Guid Id { get; private set; }
    public long Sequence { get; private set; }
    public string Hash { get; private set; } = string.Empty;
    public DateTime OccurredAt { get; private set; }
    public LedgerEntryKind Kind { get; private set; }
    public Guid LotId { get; private set; }
    /// <summary>The lot's product, number and expiry, copied so that the hash covers them (a lot row changed behind the app's back shows).</summary>
    public string ProductCode { get; private set; } = string.Empty;
    public string LotNumber { get; private set; } = string.Empty;
    public DateOnly Expiry { get; private set; }
    /// <summary>Signed change to the lot's balance, in hundredths of the product's unit.</summary>
    public long Change { get; private set; }
    public long BalanceAfter { get; private set; }
    /// <summary>A count's counted quantity; the expected quantity is <see cref="BalanceAfter"/> (a count changes nothing).</summary>
    public long? Counted { get; private set; }
    public string RecordedByUserId { get; private set; } = string.Empty;
    public string RecordedByName { get; private set; } = string.Empty;
    public string? WitnessUserId { get; private set; }
    public string? WitnessName { get; private set; }
    public Guid? PatientId { get; private set; }
    /// <summary>The MAR entry (dosing-session administration) this administration belongs to.</summary>
    public Guid? AdministrationId { get; private set; }
    public string? AdministrationLabel { get; private set; }
    /// <summary>The supplier (receipt, return) or the registrant received from / transferred to.</summary>
    public string? Counterparty { get; private set; }
    /// <summary>Invoice, packing slip, return authorization or transfer document number.</summary>
    public string? DocumentNumber { get; private set; }
    public string? Reason { get; private set; }
    /// <summary>For <see cref="LedgerEntryKind.Adjusted"/>: the count whose discrepancy it resolves.</summary>
    public Guid? ResolvesEntryId { get; private set; }

    public ControlledProduct Product => ControlledProducts.Get(ProductCode);

    /// <summary>Counted minus expected, for a count; null otherwise.</summary>
    public long? Discrepancy => Kind == LedgerEntryKind.Counted ? Counted - BalanceAfter : null;

    private static LedgerEntry New(LedgerEntryKind kind, LedgerLot lot, long change, LedgerPerson by) => new()
    {
        Id = Guid.NewGuid(), Kind = kind, LotId = lot.Id, ProductCode = lot.ProductCode, LotNumber = lot.LotNumber, Expiry = lot.Expiry,
        Change = change, RecordedByUserId = by.UserId, RecordedByName = by.Name,
    };

    public static LedgerEntry Receive(LedgerLot lot, LedgerQuantity quantity, string? supplier, string? invoice, LedgerPerson by, DateOnly today)
    {
        if (lot.IsExpiredOn(today)) throw new LedgerRuleException("expiry", $"Lot {lot.LotNumber} expired on {lot.Expiry:yyyy-MM-dd}: do not accept expired stock; return it to the supplier.");
        var entry = New(LedgerEntryKind.Received, lot, Positive(quantity), by);
        entry.Counterparty = Required(supplier, "supplier", "Give the supplier the stock came from.", MaxTextLength);
        entry.DocumentNumber = Required(invoice, "invoice", "Give the invoice or packing-slip number (a receipt record names it).", MaxDocumentLength);
        return entry;
    }

    public static LedgerEntry Administer(LedgerLot lot, LedgerQuantity quantity, Guid patientId, Guid administrationId, string? administrationLabel, LedgerPerson by, DateOnly today)
    {
        if (lot.IsExpiredOn(today)) throw new LedgerRuleException("lotId", $"Lot {lot.LotNumber} expired on {lot.Expiry:yyyy-MM-dd} and cannot be administered; waste or return it.");
        if (patientId == Guid.Empty) throw new LedgerRuleException("patientId", "An administration names the patient.");
        if (administrationId == Guid.Empty) throw new LedgerRuleException("administrationId", "An administration links to its MAR entry.");
        var entry = New(LedgerEntryKind.Administered, lot, -Positive(quantity), by);
        entry.PatientId = patientId;
        entry.AdministrationId = administrationId;
        entry.AdministrationLabel = Optional(administrationLabel, "administrationLabel", MaxTextLength);
        return entry;
    }

    /// <summary>Waste, witnessed by a second person who proved who they are in their own act (<see cref="Users.SecondPersonVerification"/>).</summary>
    public static LedgerEntry Waste(LedgerLot lot, LedgerQuantity quantity, string? reason, LedgerPerson by, LedgerPerson witness)
    {
        if (string.Equals(witness.UserId, by.UserId, StringComparison.Ordinal))
            throw new LedgerRuleException("witnessEmail", "The witness must be a second person, not the one wasting.");
        var entry = New(LedgerEntryKind.Wasted, lot, -Positive(quantity), by);
        entry.Reason = Required(reason, "reason", "Say what was wasted and how (e.g. \"remainder of a drawn syringe, into the drug-disposal container\").", MaxReasonLength, MinimumWasteReasonLength);
        entry.WitnessUserId = witness.UserId;
        entry.WitnessName = witness.Name;
        return entry;
    }

    public static LedgerEntry TransferOut(LedgerLot lot, LedgerQuantity quantity, string? registrant, string? document, string? reason, LedgerPerson by)
    {
        var entry = New(LedgerEntryKind.TransferredOut, lot, -Positive(quantity), by);
        entry.Counterparty = Required(registrant, "counterparty", "Name the registrant it goes to, with their DEA number.", MaxTextLength);
        entry.DocumentNumber = Optional(document, "document", MaxDocumentLength);
        entry.Reason = Optional(reason, "reason", MaxReasonLength);
        return entry;
    }

    public static LedgerEntry Return(LedgerLot lot, LedgerQuantity quantity, string? supplier, string? document, string? reason, LedgerPerson by)
    {
        var entry = New(LedgerEntryKind.Returned, lot, -Positive(quantity), by);
        entry.Counterparty = Required(supplier, "counterparty", "Name the supplier (or reverse distributor) it is returned to.", MaxTextLength);
        entry.DocumentNumber = Optional(document, "document", MaxDocumentLength);
        entry.Reason = Optional(reason, "reason", MaxReasonLength);
        return entry;
    }

    /// <summary>A physical count: <paramref name="counted"/> may be zero. The expected quantity is the balance when it is linked.</summary>
    public static LedgerEntry Count(LedgerLot lot, LedgerQuantity counted, LedgerPerson by)
    {
        if (counted.Hundredths < 0) throw new LedgerRuleException("counted", "A count cannot be negative.");
        var entry = New(LedgerEntryKind.Counted, lot, 0, by);
        entry.Counted = counted.Hundredths;
        return entry;
    }

    /// <summary>
    /// Resolves a count's discrepancy: the balance moves by the discrepancy to what was counted, with a reason of at least
    /// <see cref="MinimumResolutionReasonLength"/> characters. It is its own act, after the count; when the person who
    /// counted resolves it, a second person must witness it.
    /// </summary>
    public static LedgerEntry Resolve(LedgerEntry count, LedgerLot lot, string? reason, LedgerPerson by, LedgerPerson? witness)
    {
        if (count.Kind != LedgerEntryKind.Counted || count.Discrepancy is not { } discrepancy || discrepancy == 0)
            throw new LedgerRuleException("countId", "Only a count with a discrepancy is resolved.");
        if (count.LotId != lot.Id) throw new InvalidOperationException("The count is of another lot.");
        if (witness is not null && string.Equals(witness.UserId, by.UserId, StringComparison.Ordinal))
            throw new LedgerRuleException("witnessEmail", "The witness must be a second person, not the one resolving.");
        if (string.Equals(count.RecordedByUserId, by.UserId, StringComparison.Ordinal) && witness is null)
            throw new LedgerRuleException("witnessEmail", "You made this count: a second person resolves it, or witnesses your resolution with their own sign-in.");
        var entry = New(LedgerEntryKind.Adjusted, lot, discrepancy, by);
        entry.Reason = Required(reason, "reason", $"Say why the count differed and what was done (at least {MinimumResolutionReasonLength} characters).", MaxReasonLength, MinimumResolutionReasonLength);
        entry.ResolvesEntryId = count.Id;
        entry.WitnessUserId = witness?.UserId;
        entry.WitnessName = witness?.Name;
        return entry;
    }

    /// <summary>
    /// Places the entry in the chain: after <paramref name="previousHash"/> at <paramref name="sequence"/>, at <paramref name="nowUtc"/>,
    /// on a lot whose balance was <paramref name="balanceBefore"/>. A balance below zero is refused: stock cannot go negative.
    /// </summary>
    public void Link(long sequence, string previousHash, long balanceBefore, DateTime nowUtc)
    {
        if (Sequence != 0) throw new InvalidOperationException("The entry is already in the chain.");
        var after = balanceBefore + Change;
        if (after < 0)
            throw new LedgerRuleException("quantity", $"Lot {LotNumber} holds {LedgerQuantity.Format(balanceBefore, Product)}: the ledger cannot go below zero. Count the lot if the stock differs.");
        BalanceAfter = after;
        OccurredAt = Audit.ChainTime.Utc(nowUtc);
        Sequence = sequence;
        Hash = LedgerChain.ComputeHash(this, previousHash);
    }

    private static long Positive(LedgerQuantity quantity) =>
        quantity.Hundredths > 0 ? quantity.Hundredths : throw new LedgerRuleException("quantity", "The quantity must be more than zero.");

    private static string Required(string? value, string field, string problem, int max, int min = 1)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length < min) throw new LedgerRuleException(field, problem);
        if (text.Length > max) throw new LedgerRuleException(field, $"At most {max} characters.");
        return text;
    }

    private static string? Optional(string? value, string field, int max)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > max) throw new LedgerRuleException(field, $"At most {max} characters.");
        return text;
    }
}
