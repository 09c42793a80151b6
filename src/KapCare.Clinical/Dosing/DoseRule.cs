namespace KapCare.Clinical.Dosing;

/// <summary>
/// How a dose is prescribed: by weight (mg/kg, multiplied by today's weight) or as a fixed amount (mg). Only the two
/// nested kinds exist, and both refuse a dose of 0 or less.
/// </summary>
public abstract record DoseRule
{
    private DoseRule()
    {
    }

    /// <summary>A weight-based dose, e.g. 0.5 mg/kg.</summary>
    public static DoseRule MgPerKg(decimal mgPerKg) => new PerKilogram(new MilligramsPerKilogram(mgPerKg));

    /// <summary>A fixed dose, e.g. 56 mg.</summary>
    public static DoseRule FixedMg(decimal mg) => new Fixed(new Milligrams(mg));

    /// <summary>The amount this rule asks for: mg/kg × today's weight, or the fixed mg.</summary>
    public abstract Milligrams AmountFor(Kilograms? weight);

    /// <summary>Whether a dose of this kind needs today's weight.</summary>
    public abstract bool NeedsWeight { get; }

    public sealed record PerKilogram : DoseRule
    {
        public PerKilogram(MilligramsPerKilogram dose)
        {
            if (dose.Value <= 0) throw new ArgumentOutOfRangeException(nameof(dose), dose.Value, "A dose must be more than 0 mg/kg.");
            Dose = dose;
        }

        public MilligramsPerKilogram Dose { get; }

        public override bool NeedsWeight => true;

        public override Milligrams AmountFor(Kilograms? weight) =>
            weight is { } w ? Dose * w : throw new InvalidOperationException("A mg/kg dose needs today's weight.");

        public override string ToString() => Dose.ToString();
    }

    public sealed record Fixed : DoseRule
    {
        public Fixed(Milligrams dose)
        {
            if (dose.Value <= 0) throw new ArgumentOutOfRangeException(nameof(dose), dose.Value, "A dose must be more than 0 mg.");
            Dose = dose;
        }

        public Milligrams Dose { get; }

        public override bool NeedsWeight => false;

        public override Milligrams AmountFor(Kilograms? weight) => Dose;

        public override string ToString() => Dose.ToString();
    }
}
