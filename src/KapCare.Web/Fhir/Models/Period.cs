namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Period (http://hl7.org/fhir/R4/datatypes.html#Period): start and end, either open.</summary>
public sealed class Period
{
    public string? Start { get; set; }
    public string? End { get; set; }
}
