using System.Text.Json;
using System.Text.Json.Serialization;

namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Extension (http://hl7.org/fhir/R4/extensibility.html#Extension).</summary>
public sealed class Extension
{
    public string? Url { get; set; }
    /// <summary>Nested extensions ("extension" in JSON; C# does not allow a member named like its class).</summary>
    [JsonPropertyName("extension")]
    public List<Extension>? Extensions { get; set; }
    public CodeableConcept? ValueCodeableConcept { get; set; }
    public string? ValueString { get; set; }
    public string? ValueCode { get; set; }
    /// <summary>E.g. an answer's score in the ordinalValue extension.</summary>
    public decimal? ValueDecimal { get; set; }
    public Reference? ValueReference { get; set; }

    /// <summary>
    /// The other value[x] types. A receiver may ignore an extension it does not know (FHIR R4
    /// extensibility, "Exchanging Extensions"), so these are accepted rather than refused as unknown elements.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherValues { get; set; }
}
