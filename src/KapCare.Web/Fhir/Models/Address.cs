namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Address (http://hl7.org/fhir/R4/datatypes.html#Address).</summary>
public sealed class Address
{
    /// <summary>home | work | temp | old | billing</summary>
    public string? Use { get; set; }
    /// <summary>postal | physical | both</summary>
    public string? Type { get; set; }
    public string? Text { get; set; }
    public List<string>? Line { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? PostalCode { get; set; }
    public string? Country { get; set; }
}
