using KapCare.Clinical.Eligibility;

namespace KapCare.Clinical.Tests.Eligibility;

/// <summary>Intake facts to vary one finding at a time.</summary>
internal static class Patients
{
    /// <summary>
    /// The typical treatment-resistant GAD patient: no finding of REFERENCE.md §2, BP 124/78 mmHg, 70 kg, 170 cm, two
    /// adequate SSRI trials of 8 weeks and a completed CBT course, a support person and transport home, C-SSRS low.
    /// </summary>
    public static IntakeFacts TypicalTreatmentResistantGad { get; } = new()
    {
        SystolicMmHg = 124,
        DiastolicMmHg = 78,
        WeightKg = 70m,
        HeightCm = 170m,
        PsychoticDisorderHistory = YesNoUnknown.No,
        BipolarDisorder = YesNoUnknown.No,
        SubstanceUseDisorder = YesNoUnknown.No,
        AneurysmalVascularDisease = YesNoUnknown.No,
        ArteriovenousMalformation = YesNoUnknown.No,
        IntracerebralHaemorrhageHistory = YesNoUnknown.No,
        IschaemicHeartDisease = YesNoUnknown.No,
        CerebrovascularDisease = YesNoUnknown.No,
        Pregnant = YesNoUnknown.No,
        Breastfeeding = YesNoUnknown.No,
        TakesBenzodiazepine = YesNoUnknown.No,
        TakesOpioid = YesNoUnknown.No,
        TakesMaoi = YesNoUnknown.No,
        TakesPsychostimulant = YesNoUnknown.No,
        SuicideRisk = CssrsRiskLevel.Low,
        SupportPerson = YesNoUnknown.Yes,
        TransportHome = YesNoUnknown.Yes,
        MedicationTrials =
        [
            new MedicationTrial("Sertraline", YesNoUnknown.Yes, 8),
            new MedicationTrial("Escitalopram", YesNoUnknown.Yes, 8),
        ],
        PsychotherapyCourses = [new PsychotherapyCourse("CBT", 12, YesNoUnknown.Yes)],
    };
}
