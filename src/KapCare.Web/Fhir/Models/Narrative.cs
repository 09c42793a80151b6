namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Narrative (http://hl7.org/fhir/R4/narrative.html#Narrative).</summary>
public sealed class Narrative
{
    /// <summary>generated | extensions | additional | empty</summary>
    public string? Status { get; set; }
    /// <summary>Limited XHTML in a <c>&lt;div xmlns="http://www.w3.org/1999/xhtml"&gt;</c>.</summary>
    public string? Div { get; set; }
}
