namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Coding (http://hl7.org/fhir/R4/datatypes.html#Coding).</summary>
public sealed class Coding
{
    /// <summary>E.g. the ordinalValue extension, which carries an answer's score.</summary>
    public List<Extension>? Extension { get; set; }
    public string? System { get; set; }
    public string? Version { get; set; }
    public string? Code { get; set; }
    public string? Display { get; set; }
    public bool? UserSelected { get; set; }
}
