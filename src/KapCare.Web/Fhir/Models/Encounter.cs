namespace KapCare.Web.Fhir.Models;

/// <summary>
/// FHIR R4 Encounter (http://hl7.org/fhir/R4/encounter.html): one dosing session at the clinic. Only the elements KapCare
/// fills, with R4's names and cardinalities.
/// </summary>
public sealed class Encounter
{
    public string ResourceType { get; set; } = "Encounter";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    public Narrative? Text { get; set; }
    /// <summary>E.g. the R5 basedOn element carried into R4 (versions.html#extensions).</summary>
    public List<Extension>? Extension { get; set; }
    /// <summary>1..1: planned | arrived | triaged | in-progress | onleave | finished | cancelled | entered-in-error | unknown</summary>
    public string Status { get; set; } = "planned";
    /// <summary>1..1: a v3 ActCode, here AMB (ambulatory).</summary>
    public Coding Class { get; set; } = new();
    public List<CodeableConcept>? Type { get; set; }
    public Reference? Subject { get; set; }
    public List<EncounterParticipant>? Participant { get; set; }
    public Period? Period { get; set; }
    public List<EncounterLocation>? Location { get; set; }
}

public sealed class EncounterParticipant
{
    /// <summary>v3 ParticipationType, e.g. DIS (discharger), ATND (attender).</summary>
    public List<CodeableConcept>? Type { get; set; }
    public Reference? Individual { get; set; }
}

public sealed class EncounterLocation
{
    /// <summary>1..1: the place; KapCare names the chair, for which no Location resource is served.</summary>
    public Reference Location { get; set; } = new();
}
