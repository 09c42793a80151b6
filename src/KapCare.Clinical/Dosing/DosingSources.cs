namespace KapCare.Clinical.Dosing;

/// <summary>
/// The citations behind the dose limits, the preparation rules and the titration rules (shared/clinical/REFERENCE.md §3
/// and §4). Where a number is KapCare's own choice rather than a published one, the text says so.
/// </summary>
public static class DosingSources
{
    /// <summary>REFERENCE.md §3: IV 0.5 mg/kg over 40 min, studied 0.1–0.75 mg/kg; infusions of 40–60 min.</summary>
    public const string Intravenous = "Sanacora et al., JAMA Psychiatry 2017 (APA consensus); Murrough et al. 2013 (REFERENCE.md §3)";

    /// <summary>REFERENCE.md §3: IM 0.25–0.5 mg/kg, bioavailability ≈ 93 %.</summary>
    public const string Intramuscular = "Chilukuri et al. 2014; Grant et al., Br J Anaesth 1981;53:805 (REFERENCE.md §3)";

    /// <summary>REFERENCE.md §3: SC ascending 0.25 → 0.5 → 1 mg/kg in anxiety; 0.5–0.9 mg/kg in KADS; bioavailability ≈ IM.</summary>
    public const string Subcutaneous = "Glue et al. 2017 (ascending 0.25 → 0.5 → 1 mg/kg); KADS trial (REFERENCE.md §3)";

    /// <summary>REFERENCE.md §3: sublingual 0.2–0.4 mg/kg in KAP, fixed 10–300 mg in studies, bioavailability ≈ 29–32 %.</summary>
    public const string Sublingual = "Rolan et al., Br J Clin Pharmacol 2014;77:1011; Chong et al., Pain Med 2006;7:469 (REFERENCE.md §3)";

    /// <summary>REFERENCE.md §3: oral 2.0–2.5 mg/kg ≈ IV-equivalent exposure, bioavailability ≈ 17–23 %.</summary>
    public const string Oral = "Chong et al., Pain Med 2006;7:469; Grant et al., Br J Anaesth 1981;53:805 (REFERENCE.md §3)";

    /// <summary>REFERENCE.md §3: 28 mg devices; 56 or 84 mg; ≥ 65 y start 28 mg; changes in 28 mg steps; 5 min between devices.</summary>
    public const string Esketamine = "Spravato (esketamine) nasal spray prescribing information, Dosage and Administration (REFERENCE.md §3)";

    /// <summary>REFERENCE.md §4: 8–19 % of esketamine patients had a rise of ≥ 40 mmHg systolic and/or ≥ 25 mmHg diastolic.</summary>
    public const string BloodPressureRise = "Spravato prescribing information, Warnings: increases in blood pressure (REFERENCE.md §4)";

    /// <summary>REFERENCE.md §4: resting BP above 140/90 mmHg holds dosing without a prescriber's documented decision.</summary>
    public const string BloodPressureHold = "Clinic protocols; Spravato label \"weigh the risk above 140/90 mmHg\" (REFERENCE.md §4 pre-dose hold)";

    /// <summary>Commercial racemic ketamine strengths.</summary>
    public const string VialStrengths = "Ketalar (ketamine hydrochloride injection) label: 10, 50 and 100 mg/mL";

    /// <summary>The IM per-site volumes.</summary>
    public const string IntramuscularVolumes =
        "Joanna Briggs Institute evidence summary on IM injection volume and the guideline review it cites: at most 5 mL in a large " +
        "muscle (ventrogluteal, vastus lateralis), the deltoid for 2 mL or less";

    /// <summary>The SC per-site volume: KapCare's choice within the usual nursing guidance.</summary>
    public const string SubcutaneousVolume =
        "Nursing guidance gives 1–2 mL per subcutaneous site; KapCare takes 1.5 mL (a clinic may verify against its own policy)";

    /// <summary>Syringe graduations assumed when volumes are rounded.</summary>
    public const string SyringeGraduations =
        "Common Luer syringe graduations: 1 mL by 0.01 mL, 3 mL by 0.1 mL, 5 and 10 mL by 0.2 mL, 20 and 60 mL by 1 mL (KapCare assumption)";

    /// <summary>Lozenge / troche strengths assumed when a clinic does not give its own stock.</summary>
    public const string LozengeStrengths =
        "KapCare assumption: compounding pharmacies commonly supply 25, 50, 100, 150 and 200 mg ketamine troches; whole units only";

    /// <summary>The titration rules that are clinical judgement rather than a published rule.</summary>
    public const string TitrationPractice =
        "KapCare default titration policy (docs/decisions/0012): up one step only when tolerated and without response; " +
        "down on a safety signal; never beyond the protocol's steps";
}
