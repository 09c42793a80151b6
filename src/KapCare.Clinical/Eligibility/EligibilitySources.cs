namespace KapCare.Clinical.Eligibility;

/// <summary>
/// The citations each eligibility rule carries, as listed in shared/clinical/REFERENCE.md §2 (and §4 for the blood
/// pressure limit). The short form is what the prescriber sees next to a reason.
/// </summary>
public static class EligibilitySources
{
    /// <summary>Psychotic disorder and active substance use disorder are exclusions in published KAP programme criteria.</summary>
    public const string ProgrammeCriteria = "KAP programme criteria (psyon.cz exclusion criteria); Osmind IV intake guide";

    /// <summary>Esketamine is contraindicated in these; REFERENCE.md §2 applies the contraindication to all routes.</summary>
    public const string SpravatoContraindications = "Spravato (esketamine) prescribing information, Contraindications";

    public const string KetamineLabelCardiovascular = "FDA ketamine (Ketalar) label; clinic protocols";

    /// <summary>The default limit: resting BP above 140/90 mmHg (REFERENCE.md §4, pre-dose hold rule).</summary>
    public const string BloodPressureLimit = "Spravato label (\"weigh the risk above 140/90 mmHg\"); clinic protocols (REFERENCE.md §4 pre-dose hold)";

    public const string KetamineLabelPregnancy = "FDA ketamine (Ketalar) label";
    public const string OsmindIntake = "Osmind IV intake guide";
    public const string SuicideRisk = "KAP programme criteria; C-SSRS screener (Posner et al., Am J Psychiatry 2011)";
    public const string Medications = "Spravato prescribing information (drug interactions); KAP programme criteria";
    public const string SupportAndTransport = "Spravato REMS; KAP practice";

    /// <summary>Treatment resistance: at least 2 adequate trials of 4–6 weeks each.</summary>
    public const string TreatmentResistance = "TRD definition used by IV programmes (≥ 2 adequate trials, 4–6 weeks each)";

    /// <summary>REFERENCE.md §2: an outcome is never reached silently, so an unanswered question is a review, not a pass.</summary>
    public const string MissingInformation = "KapCare intake policy (REFERENCE.md §2: never silently)";
}
