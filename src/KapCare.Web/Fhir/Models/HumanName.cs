namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 HumanName (http://hl7.org/fhir/R4/datatypes.html#HumanName).</summary>
public sealed class HumanName
{
    /// <summary>usual | official | temp | nickname | anonymous | old | maiden</summary>
    public string? Use { get; set; }
    public string? Text { get; set; }
    public string? Family { get; set; }
    public List<string>? Given { get; set; }
}
