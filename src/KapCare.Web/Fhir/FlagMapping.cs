using KapCare.Web.Features.Measures;
using KapCare.Web.Fhir.Models;

namespace KapCare.Web.Fhir;

/// <summary>A safety alert as a FHIR R4 Flag: active while open, inactive once a clinician has resolved it.</summary>
public static class FlagMapping
{
    public const string CategorySystem = "http://terminology.hl7.org/CodeSystem/flag-category";
    public const string AlertCodeSystem = "urn:kapcare:safety-alert";
    /// <summary>R4 core extension pointing a Flag at the record behind it: here the response whose answer raised it.</summary>
    public const string FlagDetailUrl = "http://hl7.org/fhir/StructureDefinition/flag-detail";

    public static Flag ToFhir(SafetyAlert a) => new()
    {
        Id = a.Id.ToString(),
        Meta = new Meta { VersionId = a.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), LastUpdated = PatientMapping.Instant(a.ResolvedAt ?? a.RaisedAt) },
        Extension = a.ResponseId is Guid response ? [new Extension { Url = FlagDetailUrl, ValueReference = Reference.To("QuestionnaireResponse", response) }] : null,
        Status = a.Status switch
        {
            AlertStatus.Open => "active",
            AlertStatus.Resolved => "inactive",
        },
        Category = [new CodeableConcept { Coding = [new Coding { System = CategorySystem, Code = "safety", Display = "Safety" }] }],
        Code = new CodeableConcept { Coding = [new Coding { System = AlertCodeSystem, Code = a.Code }], Text = a.Message },
        Subject = Reference.To("Patient", a.PatientId),
        Period = new Period { Start = PatientMapping.Instant(a.RaisedAt), End = a.ResolvedAt is DateTime resolved ? PatientMapping.Instant(resolved) : null },
    };
}
