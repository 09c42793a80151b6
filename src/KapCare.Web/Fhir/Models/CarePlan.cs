namespace KapCare.Web.Fhir.Models;

/// <summary>
/// FHIR R4 CarePlan (http://hl7.org/fhir/R4/careplan.html): a treatment plan version, its sessions as activities. Only the
/// elements KapCare fills, with R4's names and cardinalities.
/// </summary>
public sealed class CarePlan
{
    public string ResourceType { get; set; } = "CarePlan";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    /// <summary>0..*: the completed or terminated plans whose function this one takes over (here, the version it superseded).</summary>
    public List<Reference>? Replaces { get; set; }
    /// <summary>1..1: draft | active | on-hold | revoked | completed | entered-in-error | unknown</summary>
    public string Status { get; set; } = "draft";
    /// <summary>1..1: proposal | plan | order | option</summary>
    public string Intent { get; set; } = "plan";
    public List<CodeableConcept>? Category { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    /// <summary>1..1: the patient.</summary>
    public Reference Subject { get; set; } = new();
    public Period? Period { get; set; }
    /// <summary>dateTime the record was first made.</summary>
    public string? Created { get; set; }
    /// <summary>0..1: who is responsible for the plan.</summary>
    public Reference? Author { get; set; }
    public List<Reference>? Contributor { get; set; }
    public List<CarePlanActivity>? Activity { get; set; }
    public List<Annotation>? Note { get; set; }
}

public sealed class CarePlanActivity
{
    /// <summary>R4 invariant cpl-3: an activity has a reference or a detail, not both; KapCare's are all details.</summary>
    public CarePlanActivityDetail? Detail { get; set; }
}

public sealed class CarePlanActivityDetail
{
    /// <summary>Appointment | CommunicationRequest | DeviceRequest | MedicationRequest | NutritionOrder | Task | ServiceRequest | VisionPrescription</summary>
    public string? Kind { get; set; }
    public CodeableConcept? Code { get; set; }
    /// <summary>1..1: not-started | scheduled | in-progress | on-hold | completed | cancelled | stopped | unknown | entered-in-error</summary>
    public string Status { get; set; } = "not-started";
    /// <summary>scheduled[x]: KapCare gives a Period (a session's date as start and end, or a modality's span).</summary>
    public Period? ScheduledPeriod { get; set; }
    /// <summary>product[x] as a CodeableConcept: what is given at a dosing session.</summary>
    public CodeableConcept? ProductCodeableConcept { get; set; }
    /// <summary>SimpleQuantity: how much is given that day (a fixed-mg dose).</summary>
    public Quantity? DailyAmount { get; set; }
    public string? Description { get; set; }
}

/// <summary>FHIR R4 Annotation (http://hl7.org/fhir/R4/datatypes.html#Annotation): text is required.</summary>
public sealed class Annotation
{
    public string? AuthorString { get; set; }
    public string? Time { get; set; }
    public string Text { get; set; } = string.Empty;
}
