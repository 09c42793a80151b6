namespace KapCare.Clinical.SelfScreen;

/// <summary>
/// Where each self-screen rule comes from: the rows of shared/clinical/REFERENCE.md §2 (and §1 for the GAD-7 and the
/// self-harm question). The self-screen only points a person the way the full eligibility rules would; the
/// clinician's evaluation at intake decides.
/// </summary>
public static class SelfScreenSources
{
    /// <summary>§2: current or past psychotic disorder, and active substance use disorder (abstinent &lt; 12 months): not eligible.</summary>
    public const string ProgrammeCriteria = "KAP programme criteria (psyon.cz exclusion criteria); Osmind IV intake guide (REFERENCE.md §2)";

    /// <summary>§2: aneurysmal vascular disease, AVM, intracerebral haemorrhage: not eligible, applied to all routes.</summary>
    public const string SpravatoContraindications = "Spravato (esketamine) prescribing information, Contraindications (REFERENCE.md §2)";

    /// <summary>§2: uncontrolled hypertension, ischaemic heart disease, cerebrovascular disease: review.</summary>
    public const string KetamineLabelCardiovascular = "FDA ketamine (Ketalar) label; clinic protocols (REFERENCE.md §2)";

    /// <summary>§2: pregnancy or breastfeeding: review.</summary>
    public const string KetamineLabelPregnancy = "FDA ketamine (Ketalar) label (REFERENCE.md §2)";

    /// <summary>§2: bipolar disorder without a mood stabilizer: review (the self-screen cannot tell whether one is taken).</summary>
    public const string OsmindIntake = "Osmind IV intake guide (REFERENCE.md §2)";

    /// <summary>§2: fewer than 2 adequate prior treatment trials (4–6 weeks each): review, not treatment-resistant.</summary>
    public const string TreatmentResistance = "TRD definition used by IV programmes: ≥ 2 adequate trials of 4–6 weeks (REFERENCE.md §2)";

    /// <summary>§1 and §2: PHQ-9 item 9 ≥ 1 shows crisis resources at once; severe suicide risk is reviewed, urgent pathway first.</summary>
    public const string SelfHarm = "PHQ-9 item 9 (Simon et al., Psychiatr Serv 2013;64:1195); KAP programme criteria, urgent pathway first (REFERENCE.md §1–2)";

    /// <summary>§1: GAD-7 bands 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe; ≥ 10 probable GAD.</summary>
    public const string Gad7 = "GAD-7, Spitzer et al., Arch Intern Med 2006;166:1092 (REFERENCE.md §1)";

    /// <summary>§2: an unanswered or unknown finding is its own reason, never a pass.</summary>
    public const string NotSure = "KapCare intake policy: unknown is never a pass (REFERENCE.md §2, \"never silently\")";
}
