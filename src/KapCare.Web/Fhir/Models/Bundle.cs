namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Bundle (http://hl7.org/fhir/R4/bundle.html), as a search answers.</summary>
public sealed class Bundle
{
    public string ResourceType { get; set; } = "Bundle";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    /// <summary>searchset here; document | message | transaction | … elsewhere.</summary>
    public string Type { get; set; } = "searchset";
    public int? Total { get; set; }
    public List<BundleLink>? Link { get; set; }
    public List<BundleEntry>? Entry { get; set; }
}

public sealed class BundleLink
{
    /// <summary>self | next | previous | first | last</summary>
    public string Relation { get; set; } = string.Empty;
    public string Url { get; set; } = string.Empty;
}

public sealed class BundleEntry
{
    public string? FullUrl { get; set; }
    /// <summary>Any resource; serialized as its own type.</summary>
    public object? Resource { get; set; }
    public BundleEntrySearch? Search { get; set; }
}

public sealed class BundleEntrySearch
{
    /// <summary>match | include | outcome</summary>
    public string? Mode { get; set; }
}
