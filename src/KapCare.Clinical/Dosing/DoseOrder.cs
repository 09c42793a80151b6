namespace KapCare.Clinical.Dosing;

/// <summary>
/// A second prescriber's co-signature on a dose above a hard limit: who co-signs and a written reason of at least
/// <see cref="MinimumReasonLength"/> characters (as long as an eligibility override's justification).
/// </summary>
public sealed class CoSignature
{
    public const int MinimumReasonLength = 20;
    public const int MaximumReasonLength = DoseChange.MaximumReasonLength;

    private CoSignature(string coSignedBy, string reason)
    {
        CoSignedBy = coSignedBy;
        Reason = reason;
    }

    /// <summary>The co-signing prescriber's id.</summary>
    public string CoSignedBy { get; }

    public string Reason { get; }

    public static CoSignature Create(string coSignedBy, string reason)
    {
        if (string.IsNullOrWhiteSpace(coSignedBy)) throw new ArgumentException("Say which prescriber co-signs.", nameof(coSignedBy));
        var text = reason?.Trim() ?? string.Empty;
        if (text.Length < MinimumReasonLength)
        {
            throw new ArgumentException(
                $"A co-signature needs a written reason of at least {MinimumReasonLength} characters.", nameof(reason));
        }
        if (text.Length > MaximumReasonLength)
            throw new ArgumentException($"Keep the reason to {MaximumReasonLength} characters (it has {text.Length}).", nameof(reason));
        return new CoSignature(coSignedBy.Trim(), text);
    }
}

/// <summary>
/// A dose ordered by a prescriber. It exists only through <see cref="Create"/>, which refuses a dose above a hard limit
/// unless a different prescriber co-signs with a reason: an over-limit order cannot exist unsigned. When it was ordered
/// is recorded by the web layer with the audit entry.
/// </summary>
public sealed class DoseOrder
{
    private DoseOrder(DoseCalculation calculation, string orderedBy, CoSignature? coSignature)
    {
        Calculation = calculation;
        OrderedBy = orderedBy;
        CoSignature = coSignature;
    }

    public DoseCalculation Calculation { get; }

    /// <summary>The ordering prescriber's id.</summary>
    public string OrderedBy { get; }

    /// <summary>Present when the dose is above a hard limit (and allowed, though not needed, otherwise).</summary>
    public CoSignature? CoSignature { get; }

    public Milligrams Dose => Calculation.Dose;

    public static DoseOrder Create(DoseCalculation calculation, string orderedBy, CoSignature? coSignature = null)
    {
        ArgumentNullException.ThrowIfNull(calculation);
        if (string.IsNullOrWhiteSpace(orderedBy)) throw new ArgumentException("Say which prescriber orders the dose.", nameof(orderedBy));
        var orderer = orderedBy.Trim();
        if (coSignature is not null && string.Equals(coSignature.CoSignedBy, orderer, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                "The co-signature must come from a second prescriber, not the one ordering the dose.");
        }
        if (calculation.RequiresCoSignature && coSignature is null)
        {
            throw new InvalidOperationException(
                $"{calculation.Limit.Message} Ask a second prescriber to co-sign with a written reason, or lower the dose.");
        }
        return new DoseOrder(calculation, orderer, coSignature);
    }
}
