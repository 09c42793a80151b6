namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 CodeableConcept (http://hl7.org/fhir/R4/datatypes.html#CodeableConcept).</summary>
public sealed class CodeableConcept
{
    public List<Coding>? Coding { get; set; }
    public string? Text { get; set; }

    /// <summary>What a person reads: the text, else the first coding's display, else its code.</summary>
    public string? Words() =>
        !string.IsNullOrWhiteSpace(Text) ? Text
        : Coding?.Select(c => !string.IsNullOrWhiteSpace(c.Display) ? c.Display : c.Code).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));
}
