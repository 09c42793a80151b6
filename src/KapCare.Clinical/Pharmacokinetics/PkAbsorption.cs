using KapCare.Clinical.Dosing;

namespace KapCare.Clinical.Pharmacokinetics;

/// <summary>
/// How a route puts drug into the central compartment: the fraction that reaches it (F) and, for every route but IV,
/// a first-order absorption rate constant ka (per minute).
/// </summary>
/// <param name="PublishedTmax">The peak time the source reports, which ka was chosen to reproduce with the route's default model.</param>
public sealed record PkRouteInput(
    Route Route, double Bioavailability, string BioavailabilitySource,
    double? AbsorptionRatePerMinute, string? PublishedTmax, string? AbsorptionSource)
{
    /// <summary>ln 2 / ka: the time for half of what is still at the absorption site to be absorbed.</summary>
    public double? AbsorptionHalfLifeMinutes => AbsorptionRatePerMinute is { } ka ? Math.Log(2) / ka : null;
}

/// <summary>
/// F and ka per route. F is REFERENCE.md §3's value. No source in REFERENCE gives ka itself, so each ka is chosen
/// (round numbers, not fitted to individual data) so that the route's default model peaks at the time the cited
/// study reports; the tests check that it does. ka shapes the early curve only: the exposure (AUC) depends on F alone.
/// </summary>
public static class PkAbsorption
{
    /// <summary>IM ≈ 93 % (REFERENCE.md §3).</summary>
    public const double IntramuscularF = 0.93;
    public const string IntramuscularFSource = "Grant et al., Br J Anaesth 1981;53:805; Chilukuri et al. 2014";

    /// <summary>
    /// IM is absorbed fast: peak plasma concentration 5–15 min after injection is the figure pharmacology summaries give
    /// (e.g. the ketamine monograph summarised at primidi.com/ketamine/pharmacokinetics). ka = 0.2/min (absorption
    /// half-life 3.5 min) puts the Clements &amp; Nimmo peak at 12 min, inside that window. The primary IM time course
    /// (Grant 1981) was not available to check; this is the least well-sourced constant here.
    /// </summary>
    public const double IntramuscularKa = 0.2;
    public const string IntramuscularTmax = "5–15 min";
    public const string IntramuscularKaSource = "peak 5–15 min after IM injection (ketamine pharmacology summaries; Grant 1981 not checked)";

    /// <summary>
    /// SC ≈ IM for bioavailability (REFERENCE.md §3: Glue et al. 2017; KADS). No human SC time course is tabulated, so SC
    /// takes IM's ka; subcutaneous tissue is less perfused than muscle, so the true SC peak may come later and lower.
    /// </summary>
    public const double SubcutaneousF = IntramuscularF;
    public const string SubcutaneousFSource = "≈ IM (Glue et al. 2017; KADS trial)";
    public const double SubcutaneousKa = IntramuscularKa;
    public const string SubcutaneousKaSource = "assumed equal to IM (no SC absorption time course in the references)";

    /// <summary>Sublingual wafer 29 % (Rolan 2014), lozenge 32 % (Chong 2006): 0.30.</summary>
    public const double SublingualF = 0.30;
    public const string SublingualFSource = "Rolan et al., Br J Clin Pharmacol 2014;77:1011 (29 %); Chong et al., Pain Med 2006;7:469 (32 %)";

    /// <summary>
    /// Rolan 2014: median Tmax 0.75 h (range 0.25–1.0 h) after a 25 mg sublingual wafer; Chong 2006: 0.76 ± 0.51 h.
    /// ka = 0.024/min (half-life 29 min) puts the Clements &amp; Nimmo peak at 45 min.
    /// </summary>
    public const double SublingualKa = 0.024;
    public const string SublingualTmax = "45 min (median 0.75 h)";
    public const string SublingualKaSource = "Tmax 0.75 h: Rolan et al. 2014 (median), Chong et al. 2006 (0.76 h)";

    /// <summary>Oral 17–23 % (Grant 1981; Chong 2006): 0.20.</summary>
    public const double OralF = 0.20;
    public const string OralFSource = "Chong et al., Pain Med 2006;7:469 (23 %); Grant et al. 1981 (17 %)";

    /// <summary>Chong 2006: Tmax 0.96 ± 0.8 h after 25 mg swallowed. ka = 0.016/min (half-life 43 min) → peak at 59 min.</summary>
    public const double OralKa = 0.016;
    public const string OralTmax = "58 min (0.96 h)";
    public const string OralKaSource = "Tmax 0.96 h: Chong et al., Pain Med 2006;7:469";

    /// <summary>Intranasal esketamine: mean absolute bioavailability 48 % (Spravato prescribing information §12.3).</summary>
    public const double EsketamineF = 0.48;
    public const string EsketamineFSource = "Spravato (esketamine) prescribing information, §12.3";

    /// <summary>
    /// Spravato label: Tmax 20–40 min after the last nasal spray of a session. ka = 0.045/min (half-life 15 min) puts the
    /// Fanta peak at 30 min, the middle of that range.
    /// </summary>
    public const double EsketamineKa = 0.045;
    public const string EsketamineTmax = "20–40 min";
    public const string EsketamineKaSource = "Tmax 20–40 min after the last spray: Spravato prescribing information, §12.3";

    public static PkRouteInput For(Route route) => route switch
    {
        Route.Intravenous => new(route, 1.0, "IV: the whole dose reaches the circulation (by definition)", null, null, null),
        Route.Intramuscular => new(route, IntramuscularF, IntramuscularFSource, IntramuscularKa, IntramuscularTmax, IntramuscularKaSource),
        Route.Subcutaneous => new(route, SubcutaneousF, SubcutaneousFSource, SubcutaneousKa, IntramuscularTmax, SubcutaneousKaSource),
        Route.Sublingual => new(route, SublingualF, SublingualFSource, SublingualKa, SublingualTmax, SublingualKaSource),
        Route.Oral => new(route, OralF, OralFSource, OralKa, OralTmax, OralKaSource),
        Route.IntranasalEsketamine => new(route, EsketamineF, EsketamineFSource, EsketamineKa, EsketamineTmax, EsketamineKaSource),
    };
}
