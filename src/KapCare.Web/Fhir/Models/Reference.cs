using System.Text.Json.Serialization;

namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Reference (http://hl7.org/fhir/R4/references.html#Reference).</summary>
public sealed class Reference
{
    /// <summary>A literal reference, relative (<c>Patient/{id}</c>) or absolute ("reference" in JSON; C# does not allow a member named like its class).</summary>
    [JsonPropertyName("reference")]
    public string? Target { get; set; }
    /// <summary>The type the reference points to, e.g. Patient.</summary>
    public string? Type { get; set; }
    public Identifier? Identifier { get; set; }
    public string? Display { get; set; }

    public static Reference To(string resourceType, Guid id) => new() { Target = $"{resourceType}/{id}" };
}
