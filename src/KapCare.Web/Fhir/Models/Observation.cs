namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Observation (http://hl7.org/fhir/R4/observation.html), as KapCare writes a questionnaire score or a vital sign.</summary>
public sealed class Observation
{
    public string ResourceType { get; set; } = "Observation";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    /// <summary>registered | preliminary | final | amended | corrected | cancelled | entered-in-error | unknown</summary>
    public string Status { get; set; } = "final";
    public List<CodeableConcept>? Category { get; set; }
    public CodeableConcept Code { get; set; } = new();
    public Reference? Subject { get; set; }
    /// <summary>The dosing session a vital sign was measured in.</summary>
    public Reference? Encounter { get; set; }
    public string? EffectiveDateTime { get; set; }
    /// <summary>Who measured (display only: KapCare serves no Practitioner resources).</summary>
    public List<Reference>? Performer { get; set; }
    public Quantity? ValueQuantity { get; set; }
    public CodeableConcept? ValueCodeableConcept { get; set; }
    public CodeableConcept? DataAbsentReason { get; set; }
    public List<CodeableConcept>? Interpretation { get; set; }
    public List<Reference>? DerivedFrom { get; set; }
    /// <summary>The parts of a panel, e.g. systolic and diastolic in a blood pressure.</summary>
    public List<ObservationComponent>? Component { get; set; }
}

public sealed class ObservationComponent
{
    public CodeableConcept Code { get; set; } = new();
    public Quantity? ValueQuantity { get; set; }
}
