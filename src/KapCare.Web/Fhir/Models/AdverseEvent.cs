namespace KapCare.Web.Fhir.Models;

/// <summary>
/// FHIR R4 AdverseEvent (http://hl7.org/fhir/R4/adverseevent.html): an effect the patient had at a dosing session, as it
/// stands now (an update of its outcome replaces the earlier state; the version counts the updates).
/// </summary>
public sealed class AdverseEvent
{
    public string ResourceType { get; set; } = "AdverseEvent";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    public Narrative? Text { get; set; }
    /// <summary>1..1: actual | potential</summary>
    public string Actuality { get; set; } = "actual";
    /// <summary>What happened: SNOMED CT where KapCare is sure of the concept, and KapCare's own code.</summary>
    public CodeableConcept? Event { get; set; }
    /// <summary>1..1: the patient.</summary>
    public Reference Subject { get; set; } = new();
    public Reference? Encounter { get; set; }
    /// <summary>When the event started.</summary>
    public string? Date { get; set; }
    /// <summary>When it was first recorded.</summary>
    public string? RecordedDate { get; set; }
    public Reference? Recorder { get; set; }
    public CodeableConcept? Seriousness { get; set; }
    public CodeableConcept? Severity { get; set; }
    public CodeableConcept? Outcome { get; set; }
    public List<AdverseEventSuspectEntity>? SuspectEntity { get; set; }
}

public sealed class AdverseEventSuspectEntity
{
    /// <summary>1..1: here the session's MedicationAdministration.</summary>
    public Reference Instance { get; set; } = new();
}
