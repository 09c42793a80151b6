namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 ContactPoint (http://hl7.org/fhir/R4/datatypes.html#ContactPoint).</summary>
public sealed class ContactPoint
{
    /// <summary>phone | fax | email | pager | url | sms | other</summary>
    public string? System { get; set; }
    public string? Value { get; set; }
    /// <summary>home | work | temp | old | mobile</summary>
    public string? Use { get; set; }
    public int? Rank { get; set; }
}
