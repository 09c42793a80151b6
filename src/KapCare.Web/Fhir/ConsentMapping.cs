using KapCare.Web.Features.Consent;
using KapCare.Web.Fhir.Models;

namespace KapCare.Web.Fhir;

/// <summary>A signed consent as FHIR R4 Consent: active, scoped (treatment or research), the patient as performer, the signed PDF as source.</summary>
public static class ConsentMapping
{
    public static Consent ToFhir(SignedConsent consent, string webBaseUrl) => new()
    {
        Id = consent.Id.ToString(),
        Meta = new Meta { VersionId = "1", LastUpdated = PatientMapping.Instant(consent.SignedAt) },
        Status = "active",
        Scope = new CodeableConcept
        {
            Coding = [new Coding { System = "http://terminology.hl7.org/CodeSystem/consentscope", Code = IsResearch(consent) ? "research" : "treatment", Display = IsResearch(consent) ? "Research" : "Treatment" }],
        },
        Category = [new CodeableConcept { Coding = [new Coding { System = "http://loinc.org", Code = "59284-0", Display = "Patient Consent" }], Text = consent.Title }],
        Patient = Reference.To("Patient", consent.PatientId),
        DateTime = PatientMapping.Instant(consent.SignedAt),
        Performer = [new Reference { Target = $"Patient/{consent.PatientId}", Display = consent.SignedName }],
        SourceAttachment = new Attachment
        {
            ContentType = "application/pdf",
            Url = $"{webBaseUrl}/Patients/{consent.PatientId}/Consents/{consent.Id}/Pdf",
            Title = $"{consent.Title}, version {consent.DocumentVersion} (text SHA-256 {consent.TextSha256})",
            Creation = PatientMapping.Instant(consent.SignedAt),
        },
        PolicyRule = new CodeableConcept
        {
            Coding = [new Coding { System = "http://terminology.hl7.org/CodeSystem/v3-ActCode", Code = "OPTIN", Display = "opt-in" }],
            Text = $"KapCare consent document {consent.DocumentId}, version {consent.DocumentVersion}",
        },
        Verification = consent.Method == SignatureMethod.InClinic
            ? [new ConsentVerification { Verified = true, VerificationDate = PatientMapping.Instant(consent.SignedAt) }]
            : null,
        Provision = new ConsentProvision { Type = "permit" },
    };

    private static bool IsResearch(SignedConsent consent) => ConsentDocuments.Find(consent.DocumentId)?.Kind == ConsentKind.Research;
}
