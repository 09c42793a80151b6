using System.Globalization;

namespace KapCare.Clinical.Dosing;

// Typed quantities for dosing. Each is a decimal (no binary floating point near a controlled-drug dose) that refuses
// nonsense when it is made: negative amounts always, and for the quantities a person types in (body weight, a stock
// concentration, a duration) anything outside a plausible range. The Problem(value) methods give the same message the
// constructor throws, so a form can show it next to the field without catching an exception.
//
// A struct's default value (0) skips its constructor; DoseCalculator therefore checks every input again.

/// <summary>An amount of drug in milligrams: 0 to 10,000 mg (anything above 10 g is a typing error, not a dose).</summary>
public readonly record struct Milligrams
{
    public const decimal Maximum = 10_000m;

    public Milligrams(decimal value)
    {
        if (Problem(value) is { } problem) throw new ArgumentOutOfRangeException(nameof(value), value, problem);
        Value = value;
    }

    public decimal Value { get; }

    public static string? Problem(decimal value) =>
        value < 0 ? $"A dose cannot be negative ({Units.Format(value)} mg)."
        : value > Maximum ? $"{Units.Format(value)} mg is not a plausible ketamine amount (above {Units.Format(Maximum)} mg); check the number and the unit."
        : null;

    public static Milligrams operator +(Milligrams a, Milligrams b) => new(a.Value + b.Value);
    public static Milligrams operator -(Milligrams a, Milligrams b) => new(a.Value - b.Value);
    public static Milligrams Add(Milligrams a, Milligrams b) => a + b;
    public static Milligrams Subtract(Milligrams a, Milligrams b) => a - b;

    /// <summary>The volume holding this amount at a concentration: mg ÷ (mg/mL) = mL.</summary>
    public static Millilitres operator /(Milligrams amount, MilligramsPerMillilitre concentration) =>
        new(amount.Value / Units.NonZero(concentration.Value, "concentration"));

    /// <summary>The amount per kilogram of body weight: mg ÷ kg = mg/kg.</summary>
    public static MilligramsPerKilogram operator /(Milligrams amount, Kilograms weight) =>
        new(amount.Value / Units.NonZero(weight.Value, "weight"));

    /// <summary>The concentration of this amount in a volume: mg ÷ mL = mg/mL (e.g. the final concentration in a bag).</summary>
    public static MilligramsPerMillilitre operator /(Milligrams amount, Millilitres volume) =>
        new(amount.Value / Units.NonZero(volume.Value, "volume"));

    public static Millilitres Divide(Milligrams amount, MilligramsPerMillilitre concentration) => amount / concentration;
    public static MilligramsPerKilogram Divide(Milligrams amount, Kilograms weight) => amount / weight;
    public static MilligramsPerMillilitre Divide(Milligrams amount, Millilitres volume) => amount / volume;

    public static bool operator <(Milligrams a, Milligrams b) => a.Value < b.Value;
    public static bool operator >(Milligrams a, Milligrams b) => a.Value > b.Value;
    public static bool operator <=(Milligrams a, Milligrams b) => a.Value <= b.Value;
    public static bool operator >=(Milligrams a, Milligrams b) => a.Value >= b.Value;

    /// <summary>Down to a whole number of <paramref name="step"/> mg: never up, so never past a limit.</summary>
    public Milligrams RoundDownTo(decimal step) => new(Units.FloorTo(Value, step));

    public override string ToString() => $"{Units.Format(Value)} mg";
}

/// <summary>Body weight in kilograms, as weighed today: 20 to 400 kg (adults; outside is a wrong entry or a wrong unit).</summary>
public readonly record struct Kilograms
{
    public const decimal Minimum = 20m;
    public const decimal Maximum = 400m;

    public Kilograms(decimal value)
    {
        if (Problem(value) is { } problem) throw new ArgumentOutOfRangeException(nameof(value), value, problem);
        Value = value;
    }

    public decimal Value { get; }

    public static string? Problem(decimal value) =>
        value is < Minimum or > Maximum
            ? $"A weight of {Units.Format(value)} kg is outside the plausible adult range {Units.Format(Minimum)}–{Units.Format(Maximum)} kg; weigh again and check the unit (kg, not lb)."
            : null;

    public override string ToString() => $"{Units.Format(Value)} kg";
}

/// <summary>
/// A weight-based dose in mg/kg: 0 to 15 mg/kg. The ceiling is a typing guard, not a clinical limit (those are
/// <see cref="DoseLimits"/>): the highest labelled ketamine dose, 13 mg/kg IM for anaesthesia (Ketalar label), is below it.
/// </summary>
public readonly record struct MilligramsPerKilogram
{
    public const decimal Maximum = 15m;

    public MilligramsPerKilogram(decimal value)
    {
        if (Problem(value) is { } problem) throw new ArgumentOutOfRangeException(nameof(value), value, problem);
        Value = value;
    }

    public decimal Value { get; }

    public static string? Problem(decimal value) =>
        value < 0 ? $"A dose cannot be negative ({Units.Format(value)} mg/kg)."
        : value > Maximum ? $"{Units.Format(value)} mg/kg is not a plausible ketamine dose (above {Units.Format(Maximum)} mg/kg); check the number and the unit."
        : null;

    /// <summary>mg/kg × kg = mg.</summary>
    public static Milligrams operator *(MilligramsPerKilogram dose, Kilograms weight) => new(dose.Value * weight.Value);
    public static Milligrams Multiply(MilligramsPerKilogram dose, Kilograms weight) => dose * weight;

    public override string ToString() => $"{Units.Format(Value)} mg/kg";
}

/// <summary>
/// A concentration in mg/mL: more than 0 and at most 100 mg/mL, the strongest commercial racemic ketamine (vials of 10,
/// 50 and 100 mg/mL, Ketalar label). A stock solution a dose is drawn from must also be at least 10 mg/mL
/// (<see cref="StockProblem"/>); weaker values only arise as the final concentration of a diluted infusion.
/// </summary>
public readonly record struct MilligramsPerMillilitre
{
    public const decimal Maximum = 100m;
    public const decimal MinimumStock = 10m;

    public MilligramsPerMillilitre(decimal value)
    {
        if (Problem(value) is { } problem) throw new ArgumentOutOfRangeException(nameof(value), value, problem);
        Value = value;
    }

    public decimal Value { get; }

    public static string? Problem(decimal value) =>
        value <= 0 ? $"A concentration must be more than 0 mg/mL (got {Units.Format(value)})."
        : value > Maximum ? $"{Units.Format(value)} mg/mL is stronger than any ketamine product (the strongest vial is {Units.Format(Maximum)} mg/mL); check the label."
        : null;

    /// <summary>The check for a vial or stock solution a dose is drawn from: 10 to 100 mg/mL.</summary>
    public static string? StockProblem(decimal value) =>
        Problem(value) ?? (value < MinimumStock
            ? $"A ketamine vial or stock solution of {Units.Format(value)} mg/mL is implausible: commercial strengths are 10, 50 and 100 mg/mL; check the label."
            : null);

    /// <summary>mL × mg/mL = mg.</summary>
    public static Milligrams operator *(Millilitres volume, MilligramsPerMillilitre concentration) => new(volume.Value * concentration.Value);
    public static Milligrams Multiply(Millilitres volume, MilligramsPerMillilitre concentration) => volume * concentration;

    public override string ToString() => $"{Units.Format(Value)} mg/mL";
}

/// <summary>A volume in mL: 0 to 1,000 mL (the largest infusion container considered).</summary>
public readonly record struct Millilitres
{
    public const decimal Maximum = 1_000m;

    public Millilitres(decimal value)
    {
        if (Problem(value) is { } problem) throw new ArgumentOutOfRangeException(nameof(value), value, problem);
        Value = value;
    }

    public decimal Value { get; }

    public static string? Problem(decimal value) =>
        value < 0 ? $"A volume cannot be negative ({Units.Format(value)} mL)."
        : value > Maximum ? $"{Units.Format(value)} mL is above {Units.Format(Maximum)} mL; check the number."
        : null;

    public static Millilitres operator +(Millilitres a, Millilitres b) => new(a.Value + b.Value);
    public static Millilitres operator -(Millilitres a, Millilitres b) => new(a.Value - b.Value);
    public static Millilitres Add(Millilitres a, Millilitres b) => a + b;
    public static Millilitres Subtract(Millilitres a, Millilitres b) => a - b;

    /// <summary>
    /// mL ÷ min × 60 = mL/h, computed as mL × 60 ÷ min: dividing first leaves a repeating decimal (20 ÷ 240 = 0.0833…)
    /// whose product falls a hair under the exact rate (4.999… instead of 5), which rounding down would then lose.
    /// </summary>
    public static MillilitresPerHour operator /(Millilitres volume, Minutes duration) =>
        new(volume.Value * 60m / Units.NonZero(duration.Value, "duration"));
    public static MillilitresPerHour Divide(Millilitres volume, Minutes duration) => volume / duration;

    public static bool operator <(Millilitres a, Millilitres b) => a.Value < b.Value;
    public static bool operator >(Millilitres a, Millilitres b) => a.Value > b.Value;
    public static bool operator <=(Millilitres a, Millilitres b) => a.Value <= b.Value;
    public static bool operator >=(Millilitres a, Millilitres b) => a.Value >= b.Value;

    /// <summary>Down to a whole number of <paramref name="step"/> mL (a syringe graduation): never up.</summary>
    public Millilitres RoundDownTo(decimal step) => new(Units.FloorTo(Value, step));

    public override string ToString() => $"{Units.Format(Value)} mL";
}

/// <summary>A duration in minutes: more than 0 and at most 24 hours. An infusion must also be 10–240 min (<see cref="InfusionProblem"/>).</summary>
public readonly record struct Minutes
{
    public const decimal Maximum = 1_440m;
    public const decimal MinimumInfusion = 10m;
    public const decimal MaximumInfusion = 240m;

    public Minutes(decimal value)
    {
        if (Problem(value) is { } problem) throw new ArgumentOutOfRangeException(nameof(value), value, problem);
        Value = value;
    }

    public decimal Value { get; }

    public static string? Problem(decimal value) =>
        value <= 0 ? $"A duration must be more than 0 minutes (got {Units.Format(value)})."
        : value > Maximum ? $"{Units.Format(value)} minutes is more than a day; check the number and the unit."
        : null;

    /// <summary>
    /// An infusion time of 10 to 240 minutes. Psychiatric ketamine infusions run 40–60 min (REFERENCE.md §3: Sanacora 2017;
    /// Murrough 2013); under 10 min is a bolus, not an infusion, and over 4 hours is no protocol this clinic runs.
    /// </summary>
    public static string? InfusionProblem(decimal value) =>
        Problem(value) ?? (value is < MinimumInfusion or > MaximumInfusion
            ? $"An infusion time of {Units.Format(value)} min is outside {Units.Format(MinimumInfusion)}–{Units.Format(MaximumInfusion)} min (psychiatric infusions usually run 40–60 min)."
            : null);

    public override string ToString() => $"{Units.Format(Value)} min";
}

/// <summary>A pump rate in mL/h: 0 to 10,000 mL/h (the pump's own maximum is checked by the calculator).</summary>
public readonly record struct MillilitresPerHour
{
    public const decimal Maximum = 10_000m;

    public MillilitresPerHour(decimal value)
    {
        if (Problem(value) is { } problem) throw new ArgumentOutOfRangeException(nameof(value), value, problem);
        Value = value;
    }

    public decimal Value { get; }

    public static string? Problem(decimal value) =>
        value < 0 ? $"A rate cannot be negative ({Units.Format(value)} mL/h)."
        : value > Maximum ? $"{Units.Format(value)} mL/h is not a plausible pump rate."
        : null;

    /// <summary>Down to a whole number of <paramref name="step"/> mL/h: a slower rate, never a faster one.</summary>
    public MillilitresPerHour RoundDownTo(decimal step) => new(Units.FloorTo(Value, step));

    public override string ToString() => $"{Units.Format(Value)} mL/h";
}

internal static class Units
{
    /// <summary>The largest multiple of <paramref name="step"/> not above <paramref name="value"/>.</summary>
    public static decimal FloorTo(decimal value, decimal step)
    {
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), step, "A rounding step must be more than 0.");
        return Math.Floor(value / step) * step;
    }

    public static decimal NonZero(decimal value, string what) =>
        value != 0 ? value : throw new DivideByZeroException($"The {what} is 0 (an uninitialised value?).");

    /// <summary>Invariant, without trailing zeros: 0.72, 36, 66.6.</summary>
    public static string Format(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
