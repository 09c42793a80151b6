namespace KapCare.Clinical.Pharmacokinetics;

/// <summary>A band of plasma ketamine concentrations with a clinical meaning, to draw behind a simulated curve.</summary>
public sealed record PkRange(string Name, double LowNgPerMl, double HighNgPerMl, string Meaning, string Source)
{
    public bool Contains(double ngPerMl) => ngPerMl >= LowNgPerMl && ngPerMl <= HighNgPerMl;
}

/// <summary>
/// Published concentration bands (REFERENCE.md §3, from Zanos et al., Pharmacol Rev 2018;70:621, Table 1). They are
/// racemic-ketamine concentrations from groups of people, not thresholds for one person.
/// </summary>
public static class PkRanges
{
    public const string Source = "Zanos et al., Pharmacol Rev 2018;70:621, Table 1";

    /// <summary>Dissociation during 0.5 mg/kg IV over 40 min: 100–250 ng/mL (Krystal et al. 1994, as tabulated by Zanos 2018).</summary>
    public static PkRange Dissociative { get; } = new("Dissociative", 100, 250,
        "dissociative effects seen with 0.5 mg/kg IV over 40 min", "Krystal et al. 1994, tabulated in " + Source);

    /// <summary>General anaesthesia after 1–2 mg/kg IV: 1200–2400 ng/mL.</summary>
    public static PkRange Anaesthetic { get; } = new("Anaesthetic", 1200, 2400,
        "general anaesthesia after 1–2 mg/kg IV", Source);

    /// <summary>The published end-of-infusion mean for 0.5 mg/kg IV over 40 min (Zarate et al. 2006, tabulated in Zanos 2018).</summary>
    public const double AntidepressantInfusionEndNgPerMl = 185;

    public static IReadOnlyList<PkRange> All { get; } = [Dissociative, Anaesthetic];
}
