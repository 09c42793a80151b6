namespace KapCare.Web.Fhir.Models;

/// <summary>
/// FHIR R4 MedicationAdministration (http://hl7.org/fhir/R4/medicationadministration.html): one dose given at a dosing
/// session. The product and its lot are a contained Medication (R4 has no lot on the administration itself).
/// </summary>
public sealed class MedicationAdministration
{
    public string ResourceType { get; set; } = "MedicationAdministration";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    /// <summary>The Medication (product, lot, expiry) the administration refers to as #id.</summary>
    public List<Medication>? Contained { get; set; }
    /// <summary>1..1: in-progress | not-done | on-hold | completed | entered-in-error | stopped | unknown</summary>
    public string Status { get; set; } = "in-progress";
    public List<CodeableConcept>? StatusReason { get; set; }
    public CodeableConcept? MedicationCodeableConcept { get; set; }
    public Reference? MedicationReference { get; set; }
    /// <summary>1..1: the patient.</summary>
    public Reference Subject { get; set; } = new();
    /// <summary>The Encounter (dosing session) the dose was given in.</summary>
    public Reference? Context { get; set; }
    public Period? EffectivePeriod { get; set; }
    public List<MedicationAdministrationPerformer>? Performer { get; set; }
    public List<Annotation>? Note { get; set; }
    public MedicationAdministrationDosage? Dosage { get; set; }
}

public sealed class MedicationAdministrationPerformer
{
    /// <summary>1..1: who gave the dose; display only, as KapCare serves no Practitioner resources.</summary>
    public Reference Actor { get; set; } = new();
}

public sealed class MedicationAdministrationDosage
{
    public string? Text { get; set; }
    public CodeableConcept? Route { get; set; }
    /// <summary>SimpleQuantity: the amount given.</summary>
    public Quantity? Dose { get; set; }
    /// <summary>rate[x] as a Quantity: the pump rate of an infusion.</summary>
    public Quantity? RateQuantity { get; set; }
}

/// <summary>FHIR R4 Medication (http://hl7.org/fhir/R4/medication.html), contained in the administration that used it.</summary>
public sealed class Medication
{
    public string ResourceType { get; set; } = "Medication";
    public string? Id { get; set; }
    public CodeableConcept? Code { get; set; }
    public CodeableConcept? Form { get; set; }
    /// <summary>A dose drawn from several lots: one contained Medication per lot, referenced here (dom-3).</summary>
    public List<MedicationIngredient>? Ingredient { get; set; }
    public MedicationBatch? Batch { get; set; }
}

public sealed class MedicationIngredient
{
    /// <summary>item[x] as a Reference, e.g. #lot-2.</summary>
    public Reference? ItemReference { get; set; }
}

public sealed class MedicationBatch
{
    public string? LotNumber { get; set; }
    /// <summary>dateTime; a date is a valid one.</summary>
    public string? ExpirationDate { get; set; }
}
