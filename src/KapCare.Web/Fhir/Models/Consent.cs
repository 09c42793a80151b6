namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Consent (http://hl7.org/fhir/R4/consent.html): a signed consent, with the signed PDF as its source.</summary>
public sealed class Consent
{
    public string ResourceType { get; set; } = "Consent";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    /// <summary>draft | proposed | active | rejected | inactive | entered-in-error</summary>
    public string Status { get; set; } = "active";
    public CodeableConcept Scope { get; set; } = new();
    public List<CodeableConcept> Category { get; set; } = [];
    public Reference? Patient { get; set; }
    public string? DateTime { get; set; }
    public List<Reference>? Performer { get; set; }
    public Attachment? SourceAttachment { get; set; }
    /// <summary>R4 invariant ppc-1: a consent names its policy or a policy rule.</summary>
    public CodeableConcept? PolicyRule { get; set; }
    public List<ConsentVerification>? Verification { get; set; }
    public ConsentProvision? Provision { get; set; }
}

public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? Url { get; set; }
    public string? Title { get; set; }
    public string? Creation { get; set; }
}

public sealed class ConsentVerification
{
    public bool Verified { get; set; }
    public Reference? VerifiedWith { get; set; }
    public string? VerificationDate { get; set; }
}

public sealed class ConsentProvision
{
    /// <summary>deny | permit</summary>
    public string? Type { get; set; }
}
