namespace KapCare.Clinical.Dosing;

/// <summary>Where a dose stands against its limits.</summary>
public enum LimitStatus
{
    /// <summary>At or below every soft limit.</summary>
    Within,

    /// <summary>Above a soft limit, at or below every hard limit: allowed, with a warning the prescriber sees.</summary>
    AboveSoft,

    /// <summary>Above a hard limit: blocked unless a second prescriber co-signs with a reason (<see cref="DoseOrder"/>).</summary>
    AboveHard,
}

/// <summary>The outcome of checking a dose against limits, with the sentence the prescriber reads.</summary>
public sealed record LimitCheck(LimitStatus Status, string Message);

/// <summary>
/// Soft and hard maxima for one route, per kilogram and/or absolute. The shipped defaults (<see cref="For"/>) carry their
/// source and reasoning; a protocol narrows them with <see cref="Narrow"/> and can never widen them, so no limit in use is
/// above the route's hard limit. A dose above a hard limit is ordered only with a co-signature (<see cref="DoseOrder"/>).
/// </summary>
public sealed class DoseLimits
{
    private DoseLimits(
        Route route, MilligramsPerKilogram? softPerKg, MilligramsPerKilogram? hardPerKg, Milligrams? softMg, Milligrams? hardMg,
        string source, string reasoning)
    {
        if (hardPerKg is null && hardMg is null) throw new ArgumentException("Limits need at least one hard maximum.");
        if (softPerKg is { } sk && hardPerKg is { } hk && sk.Value > hk.Value)
            throw new ArgumentException($"The soft limit {sk} is above the hard limit {hk}.");
        if (softMg is { } sm && hardMg is { } hm && sm.Value > hm.Value)
            throw new ArgumentException($"The soft limit {sm} is above the hard limit {hm}.");
        Route = route;
        SoftPerKilogram = softPerKg;
        HardPerKilogram = hardPerKg;
        SoftAbsolute = softMg;
        HardAbsolute = hardMg;
        Source = source;
        Reasoning = reasoning;
    }

    public Route Route { get; }
    public MilligramsPerKilogram? SoftPerKilogram { get; }
    public MilligramsPerKilogram? HardPerKilogram { get; }
    public Milligrams? SoftAbsolute { get; }
    public Milligrams? HardAbsolute { get; }

    /// <summary>Where the numbers come from.</summary>
    public string Source { get; }

    /// <summary>Why these numbers, including any narrowing by a protocol or by the esketamine starting-dose rule.</summary>
    public string Reasoning { get; }

    /// <summary>Whether checking a dose against these limits needs the patient's weight.</summary>
    public bool NeedsWeight => SoftPerKilogram is not null || HardPerKilogram is not null;

    /// <summary>The shipped default limits for a route (see docs/decisions/0012 for the table).</summary>
    public static DoseLimits For(Route route) => route switch
    {
        // REFERENCE.md §3: 0.5 mg/kg is the usual dose and 0.75 mg/kg the top of the studied range (Sanacora 2017), so a
        // dose above 0.75 warns. 1.0 mg/kg is the hard ceiling: anaesthetic induction begins at 1–2 mg/kg IV
        // (REFERENCE.md §3, 1200–2400 ng/mL), and no psychiatric protocol we follow goes above 1.0 mg/kg.
        Route.Intravenous => new(route, PerKg(0.75m), PerKg(1.0m), null, null, DosingSources.Intravenous,
            "Soft 0.75 mg/kg: top of the studied psychiatric range. Hard 1.0 mg/kg: below anaesthetic induction (1–2 mg/kg IV)."),

        // REFERENCE.md §3: usual IM dose 0.25–0.5 mg/kg, so above 0.5 warns. With ≈ 93 % bioavailability 1.0 mg/kg IM
        // exposes the patient to about 0.93 mg/kg IV: the IV hard ceiling, hence the same 1.0 mg/kg.
        Route.Intramuscular => new(route, PerKg(0.5m), PerKg(1.0m), null, null, DosingSources.Intramuscular,
            "Soft 0.5 mg/kg: top of the usual IM range. Hard 1.0 mg/kg: ≈ 0.93 mg/kg IV-equivalent at 93 % bioavailability."),

        // REFERENCE.md §3: SC behaves like IM; Glue 2017 ascends 0.25 → 0.5 → 1 mg/kg, so 1 mg/kg is reached in protocol
        // but not exceeded. Above 0.5 warns, as for IM, so the prescriber checks tolerance of the previous step.
        Route.Subcutaneous => new(route, PerKg(0.5m), PerKg(1.0m), null, null, DosingSources.Subcutaneous,
            "Soft 0.5 mg/kg: as IM (bioavailability ≈ IM). Hard 1.0 mg/kg: the top step of Glue 2017's ascending protocol."),

        // REFERENCE.md §3: 0.2–0.4 mg/kg in KAP, so above 0.4 warns. At ≈ 30 % bioavailability 3.0 mg/kg sublingual is
        // ≈ 0.9 mg/kg IV-equivalent, under the IV hard ceiling; 300 mg is the largest fixed dose studied.
        Route.Sublingual => new(route, PerKg(0.4m), PerKg(3.0m), null, Mg(300m), DosingSources.Sublingual,
            "Soft 0.4 mg/kg: top of the usual KAP range. Hard 3.0 mg/kg (≈ 0.9 mg/kg IV-equivalent at ≈ 30 % bioavailability) " +
            "and 300 mg, the largest fixed dose studied."),

        // REFERENCE.md §3: 2.0–2.5 mg/kg oral ≈ the IV exposure of the usual dose, so above 2.5 warns. At the upper
        // bioavailability (23 %) 4.0 mg/kg oral is ≈ 0.92 mg/kg IV-equivalent, under the IV hard ceiling.
        Route.Oral => new(route, PerKg(2.5m), PerKg(4.0m), null, null, DosingSources.Oral,
            "Soft 2.5 mg/kg: top of the usual oral range. Hard 4.0 mg/kg: ≈ 0.92 mg/kg IV-equivalent at 23 % bioavailability."),

        // Spravato label: 56 or 84 mg, 84 mg being the highest labelled dose, so soft and hard are both 84 mg. The
        // starting-dose rule (day 1: 56 mg, or 28 mg at 65 years and over) narrows these per request in the calculator.
        Route.IntranasalEsketamine => new(route, null, null, Mg(84m), Mg(84m), DosingSources.Esketamine,
            "84 mg (three 28 mg devices) is the highest labelled dose; the first dose of a course is at most 56 mg, or 28 mg at ≥ 65 years."),
    };

    /// <summary>
    /// Narrower limits for a protocol. Every value given must be at or below the current one in the same dimension (a new
    /// dimension, such as an absolute cap on a per-kg route, is always narrower); a soft limit above the resulting hard
    /// limit is lowered to it. Widening throws: a dose above the route's hard limit is ordered with a co-signature
    /// instead, never by a wider protocol.
    /// </summary>
    public DoseLimits Narrow(
        string reason, MilligramsPerKilogram? softPerKg = null, MilligramsPerKilogram? hardPerKg = null,
        Milligrams? softMg = null, Milligrams? hardMg = null)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("Say why the protocol narrows the limits.", nameof(reason));
        NotWider(softPerKg?.Value, SoftPerKilogram?.Value, HardPerKilogram?.Value, "mg/kg", nameof(softPerKg));
        NotWider(hardPerKg?.Value, HardPerKilogram?.Value, null, "mg/kg", nameof(hardPerKg));
        NotWider(softMg?.Value, SoftAbsolute?.Value, HardAbsolute?.Value, "mg", nameof(softMg));
        NotWider(hardMg?.Value, HardAbsolute?.Value, null, "mg", nameof(hardMg));

        var newHardPerKg = hardPerKg ?? HardPerKilogram;
        var newHardMg = hardMg ?? HardAbsolute;
        var newSoftPerKg = Lower(softPerKg ?? SoftPerKilogram, newHardPerKg);
        var newSoftMg = Lower(softMg ?? SoftAbsolute, newHardMg);
        if (softPerKg is { } spk && newHardPerKg is { } hpk && spk.Value > hpk.Value)
            throw new ArgumentException($"The soft limit {spk} is above the hard limit {hpk}.", nameof(softPerKg));
        if (softMg is { } smg && newHardMg is { } hmg && smg.Value > hmg.Value)
            throw new ArgumentException($"The soft limit {smg} is above the hard limit {hmg}.", nameof(softMg));
        return new DoseLimits(Route, newSoftPerKg, newHardPerKg, newSoftMg, newHardMg, Source, $"{Reasoning} Narrowed: {reason.Trim()}");
    }

    /// <summary>
    /// The same limits with an absolute mg ceiling added on a per-kg route: the per-kg limits at <paramref name="weightKg"/>
    /// (never widening an absolute limit the route already has).
    /// </summary>
    public DoseLimits WithMilligramCeiling(decimal weightKg)
    {
        var limits = this;
        if (HardPerKilogram is { } hard && (HardAbsolute is null || HardAbsolute.Value.Value > hard.Value * weightKg))
            limits = limits.Narrow($"hard ceiling {Units.Format(hard.Value * weightKg)} mg ({hard} at {Units.Format(weightKg)} kg)", hardMg: new Milligrams(hard.Value * weightKg));
        if (limits.SoftPerKilogram is { } soft && (limits.SoftAbsolute is null || limits.SoftAbsolute.Value.Value > soft.Value * weightKg)
            && (limits.HardAbsolute is null || soft.Value * weightKg <= limits.HardAbsolute.Value.Value))
            limits = limits.Narrow($"soft ceiling {Units.Format(soft.Value * weightKg)} mg ({soft} at {Units.Format(weightKg)} kg)", softMg: new Milligrams(soft.Value * weightKg));
        return limits;
    }

    /// <summary>The same limits with the absolute hard limit at most <paramref name="hardMg"/> (never widening).</summary>
    internal DoseLimits AtMost(Milligrams hardMg, string reason) =>
        HardAbsolute is { } current && current.Value <= hardMg.Value ? this : Narrow(reason, hardMg: hardMg);

    /// <summary>
    /// Checks a dose (the amount actually given, after rounding) against these limits. A dose exactly at a limit is
    /// within it. <paramref name="weight"/> is needed when there is a per-kg limit.
    /// </summary>
    public LimitCheck Check(Milligrams dose, Kilograms? weight)
    {
        if (NeedsWeight && weight is null) throw new InvalidOperationException("Checking a dose against a mg/kg limit needs today's weight.");
        var label = Routes.Label(Route);
        var perKg = weight is { } w ? $" ({Units.Format(Math.Round(dose.Value / w.Value, 3))} mg/kg)" : string.Empty;

        // The comparison is made in mg (limit × weight) so that no division rounds the patient's dose under a limit.
        var hard = Exceeded(dose, weight, HardPerKilogram, HardAbsolute);
        if (hard is not null)
        {
            return new(LimitStatus.AboveHard,
                $"{dose}{perKg} is above the {label} hard limit of {hard}: blocked unless a second prescriber co-signs with a reason.");
        }
        var soft = Exceeded(dose, weight, SoftPerKilogram, SoftAbsolute);
        if (soft is not null)
        {
            return new(LimitStatus.AboveSoft,
                $"{dose}{perKg} is above the {label} soft limit of {soft}: check the previous sessions' tolerance before giving it.");
        }
        return new(LimitStatus.Within, $"{dose}{perKg} is within the {label} limits.");
    }

    public override string ToString()
    {
        var soft = string.Join(" and ", new[] { SoftPerKilogram?.ToString(), SoftAbsolute?.ToString() }.Where(s => s is not null));
        var hard = string.Join(" and ", new[] { HardPerKilogram?.ToString(), HardAbsolute?.ToString() }.Where(s => s is not null));
        return $"{Routes.Label(Route)}: soft {(soft.Length > 0 ? soft : "none")}, hard {hard}";
    }

    private static string? Exceeded(Milligrams dose, Kilograms? weight, MilligramsPerKilogram? perKg, Milligrams? absolute)
    {
        if (perKg is { } pk && weight is { } w && dose.Value > pk.Value * w.Value)
            return $"{pk} (= {Units.Format(pk.Value * w.Value)} mg at {w})";
        if (absolute is { } abs && dose.Value > abs.Value) return abs.ToString();
        return null;
    }

    private static void NotWider(decimal? proposed, decimal? current, decimal? currentHard, string unit, string parameter)
    {
        if (proposed is not { } p) return;
        var ceiling = current ?? currentHard;
        if (ceiling is { } c && p > c)
        {
            throw new ArgumentException(
                $"A protocol cannot widen the limits: {Units.Format(p)} {unit} is above the current {Units.Format(c)} {unit}. " +
                "A dose above the route's hard limit needs a co-signed order instead.", parameter);
        }
    }

    private static MilligramsPerKilogram? Lower(MilligramsPerKilogram? soft, MilligramsPerKilogram? hard) =>
        soft is { } s && hard is { } h && s.Value > h.Value ? h : soft;

    private static Milligrams? Lower(Milligrams? soft, Milligrams? hard) =>
        soft is { } s && hard is { } h && s.Value > h.Value ? h : soft;

    private static MilligramsPerKilogram PerKg(decimal value) => new(value);
    private static Milligrams Mg(decimal value) => new(value);
}
