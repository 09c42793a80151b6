namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Identifier (http://hl7.org/fhir/R4/datatypes.html#Identifier).</summary>
public sealed class Identifier
{
    /// <summary>usual | official | temp | secondary | old</summary>
    public string? Use { get; set; }
    public CodeableConcept? Type { get; set; }
    public string? System { get; set; }
    public string? Value { get; set; }
}
