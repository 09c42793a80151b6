namespace KapCare.Clinical.Dosing;

/// <summary>What <see cref="DoseCalculator.Calculate"/> answers: a <see cref="DoseCalculation"/> or a <see cref="DoseRefused"/>.</summary>
public abstract record DoseResult
{
    private protected DoseResult()
    {
    }
}

/// <summary>
/// The request cannot be calculated. <see cref="Field"/> names the <see cref="DoseRequest"/> property at fault (e.g.
/// "Weight", "Concentration") so a form can show <see cref="Message"/> next to it.
/// </summary>
public sealed record DoseRefused : DoseResult
{
    internal DoseRefused(string field, string message)
    {
        Field = field;
        Message = message;
    }

    public string Field { get; }
    public string Message { get; }

    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>
/// A calculated dose. Made only by <see cref="DoseCalculator"/> (its members cannot be set from outside), so a
/// <see cref="DoseOrder"/> built on it carries a dose that was checked against its limits.
/// </summary>
public sealed record DoseCalculation : DoseResult
{
    internal DoseCalculation(
        DoseRequest request, DoseLimits limits, Milligrams calculatedDose, Milligrams dose, LimitCheck limit,
        Preparation preparation, string rounding, IReadOnlyList<string> warnings)
    {
        Route = request.Route;
        Rule = request.Rule;
        Weight = request.Weight;
        Limits = limits;
        CalculatedDose = calculatedDose;
        Dose = dose;
        Limit = limit;
        Preparation = preparation;
        Rounding = rounding;
        Warnings = warnings;
    }

    public Route Route { get; }
    public DoseRule Rule { get; }

    /// <summary>Today's weight the dose was calculated from (null for a fixed dose with no mg/kg limit).</summary>
    public Kilograms? Weight { get; }

    /// <summary>The limits the dose was checked against (the protocol's, narrowed by any starting-dose rule).</summary>
    public DoseLimits Limits { get; }

    /// <summary>The rule's exact amount: mg/kg × today's weight, or the fixed mg.</summary>
    public Milligrams CalculatedDose { get; }

    /// <summary>What is given: <see cref="CalculatedDose"/> rounded down to what can be measured; never more.</summary>
    public Milligrams Dose { get; }

    /// <summary>The given dose per kilogram of today's weight, when the weight is known.</summary>
    public MilligramsPerKilogram? DosePerKilogram => Weight is { } w ? Dose / w : null;

    /// <summary>The given dose against <see cref="Limits"/>.</summary>
    public LimitCheck Limit { get; }

    public Preparation Preparation { get; }

    /// <summary>The rounding applied, in words.</summary>
    public string Rounding { get; }

    /// <summary>What the prescriber must see: a soft limit passed, a hard limit passed, a large rounding loss.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Above a hard limit: an order needs a second prescriber's co-signature.</summary>
    public bool RequiresCoSignature => Limit.Status == LimitStatus.AboveHard;

    /// <summary>
    /// The warnings the prescriber acknowledges before ordering. A hard limit is not acknowledged but co-signed (the
    /// stronger act, by someone else), so it is left out; every other warning — a soft limit, body size, rounding loss —
    /// stays, also beside a hard limit.
    /// </summary>
    public IReadOnlyList<string> WarningsToAcknowledge =>
        RequiresCoSignature ? Warnings.Where(w => w != Limit.Message).ToList() : Warnings;
}
