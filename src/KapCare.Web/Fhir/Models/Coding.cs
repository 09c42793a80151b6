namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Coding (http://hl7.org/fhir/R4/datatypes.html#Coding).</summary>
public sealed class Coding
{
    public string? System { get; set; }
    public string? Version { get; set; }
    public string? Code { get; set; }
    public string? Display { get; set; }
    public bool? UserSelected { get; set; }
}
