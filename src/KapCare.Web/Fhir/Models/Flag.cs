namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Flag (http://hl7.org/fhir/R4/flag.html): a warning about the patient for whoever looks at the record.</summary>
public sealed class Flag
{
    public string ResourceType { get; set; } = "Flag";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    public List<Extension>? Extension { get; set; }
    /// <summary>active | inactive | entered-in-error</summary>
    public string Status { get; set; } = "active";
    public List<CodeableConcept>? Category { get; set; }
    public CodeableConcept Code { get; set; } = new();
    public Reference? Subject { get; set; }
    public Period? Period { get; set; }
}
