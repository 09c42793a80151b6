using KapCare.Clinical.Dosing;

namespace KapCare.Clinical.Pharmacokinetics;

/// <summary>The published compartment models of REFERENCE.md §3 that the simulator can run.</summary>
public enum PkModelId
{
    /// <summary>Racemic ketamine, adults, 2 compartments (Clements &amp; Nimmo 1981).</summary>
    ClementsNimmo,
    /// <summary>Racemic ketamine, adults, 3 compartments (Domino et al. 1984).</summary>
    Domino,
    /// <summary>S-ketamine (esketamine), healthy volunteers, 3 compartments (Fanta et al. 2015).</summary>
    Fanta,
}

/// <summary>Which ketamine a model was fitted to: the racemate or the S-enantiomer alone.</summary>
public enum PkDrug
{
    RacemicKetamine,
    Esketamine,
}

/// <summary>What a model is, for the screen and the assumptions list.</summary>
public sealed record PkModelInfo(PkModelId Id, string Code, string Name, PkDrug Drug, int Compartments, string Population, string Parameters, string Source);

/// <summary>
/// A model's micro-constants for one body weight: central volume in litres and first-order rate constants per
/// minute (k12 = central → 2, k21 = 2 → central, and so on; k13 and k31 are 0 for a 2-compartment model).
/// </summary>
public sealed record PkMicroConstants(double V1Litres, double K10, double K12, double K21, double K13, double K31)
{
    public int Compartments => K13 == 0 && K31 == 0 ? 2 : 3;

    /// <summary>Clearance in L/min: what leaves the body per minute is k10 × amount in the central compartment.</summary>
    public double ClearanceLitresPerMinute => K10 * V1Litres;
}

/// <summary>The three models of REFERENCE.md §3 with their parameters exactly as tabulated there.</summary>
public static class PkModels
{
    public const string ClementsNimmoSource = "Clements & Nimmo, Br J Anaesth 1981;53:27";
    public const string DominoSource = "Domino et al., Clin Pharmacol Ther 1984;36:645";
    public const string FantaSource = "Fanta et al., Eur J Clin Pharmacol 2015;71:441";

    /// <summary>Fanta's model is reported for a 70 kg reference person; volumes scale with WT/70 and flows with (WT/70)^0.75.</summary>
    public const double FantaReferenceWeightKg = 70;

    public static IReadOnlyList<PkModelInfo> All { get; } =
    [
        new(PkModelId.ClementsNimmo, "clements-nimmo", "Clements & Nimmo", PkDrug.RacemicKetamine, 2, "adults",
            "V1 = 1.7522 L/kg × weight; k10 0.0109, k12 0.0186, k21 0.0137 per min", ClementsNimmoSource),
        new(PkModelId.Domino, "domino", "Domino", PkDrug.RacemicKetamine, 3, "adults",
            "V1 = 0.063 L/kg × weight; k10 0.4381, k12 0.5921, k13 0.5900, k21 0.2470, k31 0.0146 per min", DominoSource),
        new(PkModelId.Fanta, "fanta", "Fanta", PkDrug.Esketamine, 3, "healthy volunteers",
            "at 70 kg V1 133 L, V2 187 L, V3 98.8 L, CL 95.2 L/h, Q2 23.2 L/h, Q3 157 L/h; V × weight/70, CL and Q × (weight/70)^0.75", FantaSource),
    ];

    public static PkModelInfo Describe(PkModelId id) => id switch
    {
        PkModelId.ClementsNimmo => All[0],
        PkModelId.Domino => All[1],
        PkModelId.Fanta => All[2],
    };

    /// <summary>The command-line spelling (clements-nimmo, domino, fanta); null when unknown.</summary>
    public static PkModelId? FromCode(string? code) =>
        All.FirstOrDefault(m => string.Equals(m.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase))?.Id;

    /// <summary>
    /// The model a route gets unless someone chooses another: esketamine (the S-enantiomer) gets the S-ketamine model;
    /// every racemic route gets Clements &amp; Nimmo, the racemic model whose end-of-infusion concentration lies
    /// closest to the published 185 ng/mL for 0.5 mg/kg over 40 min (Zarate 2006 in Zanos et al. 2018; see the tests).
    /// </summary>
    public static PkModelId DefaultFor(Route route) => route switch
    {
        Route.IntranasalEsketamine => PkModelId.Fanta,
        Route.Intravenous or Route.Intramuscular or Route.Subcutaneous
            or Route.Sublingual or Route.Oral => PkModelId.ClementsNimmo,
    };

    /// <summary>The drug a route delivers: only the intranasal route here is esketamine (Spravato); the rest are racemic.</summary>
    public static PkDrug DrugFor(Route route) =>
        route == Route.IntranasalEsketamine ? PkDrug.Esketamine : PkDrug.RacemicKetamine;

    /// <summary>Micro-constants at a body weight, from the parameters of REFERENCE.md §3.</summary>
    public static PkMicroConstants MicroConstants(PkModelId id, double weightKg)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weightKg);
        switch (id)
        {
            case PkModelId.ClementsNimmo:
                // The tabulated V1 is per kilogram (1.7522 L/kg); the rate constants are per minute and weight-independent.
                return new(1.7522 * weightKg, K10: 0.0109, K12: 0.0186, K21: 0.0137, K13: 0, K31: 0);
            case PkModelId.Domino:
                // V1 = 0.063 L/kg: a small, quickly equilibrating central volume, so a bolus peaks very high for a few minutes.
                return new(0.063 * weightKg, K10: 0.4381, K12: 0.5921, K21: 0.2470, K13: 0.5900, K31: 0.0146);
            case PkModelId.Fanta:
                {
                    // Allometric scaling as Fanta 2015 report it: volumes linear in weight, clearances to the power 0.75.
                    var size = weightKg / FantaReferenceWeightKg;
                    var flowScale = Math.Pow(size, 0.75);
                    double v1 = 133 * size, v2 = 187 * size, v3 = 98.8 * size;
                    double cl = 95.2 * flowScale, q2 = 23.2 * flowScale, q3 = 157 * flowScale;
                    // CL and Q are in L/h; a rate constant is flow / volume of the compartment it leaves, per minute (÷ 60).
                    return new(v1, K10: cl / v1 / 60, K12: q2 / v1 / 60, K21: q2 / v2 / 60, K13: q3 / v1 / 60, K31: q3 / v3 / 60);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown pharmacokinetic model.");
        }
    }
}
