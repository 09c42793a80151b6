namespace KapCare.Clinical.Dosing;

/// <summary>
/// A change of a patient's dose: from, to, why, who and when (UTC). It exists only through <see cref="Create"/>, which
/// refuses a change without a reason of at least <see cref="MinimumReasonLength"/> characters, without a person, or from
/// a dose to the same dose — so every dose change carries its reason.
/// </summary>
public sealed class DoseChange
{
    public const int MinimumReasonLength = 10;

    /// <summary>A reason is a sentence or a short paragraph; the record keeps up to this many characters (issue 9: every free-text field has a limit).</summary>
    public const int MaximumReasonLength = 1000;

    private DoseChange(DoseRule from, DoseRule to, string reason, string changedBy, DateTimeOffset changedAt)
    {
        From = from;
        To = to;
        Reason = reason;
        ChangedBy = changedBy;
        ChangedAt = changedAt;
    }

    public DoseRule From { get; }
    public DoseRule To { get; }
    public string Reason { get; }

    /// <summary>The prescriber's id.</summary>
    public string ChangedBy { get; }

    /// <summary>When, in UTC.</summary>
    public DateTimeOffset ChangedAt { get; }

    public static DoseChange Create(DoseRule from, DoseRule to, string reason, string changedBy, DateTimeOffset changedAt)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from == to) throw new ArgumentException($"The dose stays {from}: that is not a change.", nameof(to));
        var text = reason?.Trim() ?? string.Empty;
        if (text.Length < MinimumReasonLength)
            throw new ArgumentException($"A dose change needs a reason of at least {MinimumReasonLength} characters.", nameof(reason));
        if (text.Length > MaximumReasonLength)
            throw new ArgumentException($"Keep the reason to {MaximumReasonLength} characters (it has {text.Length}).", nameof(reason));
        if (string.IsNullOrWhiteSpace(changedBy)) throw new ArgumentException("Say who changes the dose.", nameof(changedBy));
        return new DoseChange(from, to, text, changedBy.Trim(), changedAt.ToUniversalTime());
    }

    public override string ToString() => $"{From} → {To}: {Reason}";
}
