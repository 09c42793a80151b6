namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Meta (http://hl7.org/fhir/R4/resource.html#Meta).</summary>
public sealed class Meta
{
    public string? VersionId { get; set; }
    /// <summary>An instant, e.g. <c>2026-11-21T09:30:00.000Z</c>.</summary>
    public string? LastUpdated { get; set; }
    public string? Source { get; set; }
    public List<string>? Profile { get; set; }
    public List<Coding>? Security { get; set; }
    public List<Coding>? Tag { get; set; }
}
