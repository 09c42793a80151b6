using KapCare.Web.Features.Measures;
using KapCare.Web.Fhir.Models;

namespace KapCare.Web.Fhir;

/// <summary>A questionnaire score as a FHIR R4 Observation, in the shape REFERENCE.md §1 ("FHIR shape (R4)") gives.</summary>
public static class ObservationMapping
{
    public const string CategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string ScoreUnit = "{score}";
    private const string DataAbsentReasonSystem = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    /// <summary>Each instrument's bands are its own small code system, e.g. urn:kapcare:band:c-ssrs-screen.</summary>
    public static string BandSystem(string instrumentId) => $"urn:kapcare:band:{instrumentId}";

    public static Observation ToFhir(ScoreObservation o)
    {
        var observation = new Observation
        {
            Id = o.Id.ToString(),
            Status = o.Status switch
            {
                ObservationStatus.Final => "final",
                ObservationStatus.EnteredInError => "entered-in-error",
            },
            Category = [new CodeableConcept { Coding = [new Coding { System = CategorySystem, Code = "survey", Display = "Survey" }] }],
            Code = new CodeableConcept { Coding = [new Coding { System = o.CodeSystem, Code = o.Code, Display = o.Display }], Text = o.Display },
            Subject = Reference.To("Patient", o.PatientId),
            EffectiveDateTime = PatientMapping.Instant(o.EffectiveAt),
            Interpretation = o.BandLabel is null ? null : [new CodeableConcept { Text = o.BandLabel }],
            DerivedFrom = [Reference.To("QuestionnaireResponse", o.ResponseId)],
        };
        if (o.Value is int value)
            observation.ValueQuantity = new Quantity { Value = value, Unit = ScoreUnit, System = Ucum, Code = ScoreUnit };
        else if (o.BandCode is not null)
            // A result that is a category, not a number (the C-SSRS screener's risk level), is the band itself.
            observation.ValueCodeableConcept = new CodeableConcept
            {
                Coding = [new Coding { System = BandSystem(o.InstrumentId), Code = o.BandCode, Display = o.BandLabel }],
                Text = o.BandLabel,
            };
        else
            observation.DataAbsentReason = new CodeableConcept { Coding = [new Coding { System = DataAbsentReasonSystem, Code = "unknown", Display = "Unknown" }] };
        return observation;
    }
}
