namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 CapabilityStatement (http://hl7.org/fhir/R4/capabilitystatement.html): what this server does.</summary>
public sealed class CapabilityStatement
{
    public string ResourceType { get; set; } = "CapabilityStatement";
    public string? Name { get; set; }
    public string? Title { get; set; }
    /// <summary>draft | active | retired | unknown</summary>
    public string Status { get; set; } = "active";
    public string Date { get; set; } = string.Empty;
    public string? Publisher { get; set; }
    public string? Description { get; set; }
    /// <summary>instance | capability | requirements</summary>
    public string Kind { get; set; } = "instance";
    public CapabilityStatementSoftware? Software { get; set; }
    public CapabilityStatementImplementation? Implementation { get; set; }
    public string FhirVersion { get; set; } = "4.0.1";
    public List<string> Format { get; set; } = [];
    public List<CapabilityStatementRest>? Rest { get; set; }
}

public sealed class CapabilityStatementSoftware
{
    public string Name { get; set; } = string.Empty;
    public string? Version { get; set; }
}

public sealed class CapabilityStatementImplementation
{
    public string Description { get; set; } = string.Empty;
    public string? Url { get; set; }
}

public sealed class CapabilityStatementRest
{
    /// <summary>client | server</summary>
    public string Mode { get; set; } = "server";
    public string? Documentation { get; set; }
    public CapabilityStatementSecurity? Security { get; set; }
    public List<CapabilityStatementResource>? Resource { get; set; }
}

public sealed class CapabilityStatementSecurity
{
    public bool? Cors { get; set; }
    public List<CodeableConcept>? Service { get; set; }
    public string? Description { get; set; }
}

public sealed class CapabilityStatementResource
{
    public string Type { get; set; } = string.Empty;
    public string? Profile { get; set; }
    public string? Documentation { get; set; }
    public List<CapabilityStatementInteraction>? Interaction { get; set; }
    /// <summary>no-version | versioned | versioned-update</summary>
    public string? Versioning { get; set; }
    // KapCare offers no history, update-as-create or conditional interactions on any resource: said once, here.
    public bool? ReadHistory { get; set; } = false;
    public bool? UpdateCreate { get; set; } = false;
    public bool? ConditionalCreate { get; set; } = false;
    /// <summary>not-supported | modified-since | not-match | full-support</summary>
    public string? ConditionalRead { get; set; } = "not-supported";
    public bool? ConditionalUpdate { get; set; } = false;
    /// <summary>not-supported | single | multiple</summary>
    public string? ConditionalDelete { get; set; } = "not-supported";
    public List<CapabilityStatementSearchParam>? SearchParam { get; set; }
}

public sealed class CapabilityStatementInteraction
{
    /// <summary>read | vread | update | patch | delete | history-instance | history-type | create | search-type</summary>
    public string Code { get; set; } = string.Empty;
    public string? Documentation { get; set; }
}

public sealed class CapabilityStatementSearchParam
{
    public string Name { get; set; } = string.Empty;
    public string? Definition { get; set; }
    /// <summary>number | date | string | token | reference | composite | quantity | uri | special</summary>
    public string Type { get; set; } = string.Empty;
    public string? Documentation { get; set; }
}
