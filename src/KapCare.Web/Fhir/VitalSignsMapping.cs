using KapCare.Web.Features.Sessions;
using KapCare.Web.Fhir.Models;

namespace KapCare.Web.Fhir;

/// <summary>The four vital signs of a flowsheet row, each its own Observation (FHIR R4 vital signs profiles).</summary>
public enum VitalSignKind { BloodPressure, HeartRate, OxygenSaturation, RespiratoryRate }

/// <summary>
/// A row of a session's vitals flowsheet as FHIR R4 vital-sign Observations (http://hl7.org/fhir/R4/observation-vitalsigns.html):
/// a blood pressure panel with systolic and diastolic components, heart rate, SpO₂ and respiratory rate, each with the
/// profile's LOINC code, category vital-signs and UCUM units. Ids are the row's id with a prefix naming the sign
/// (vs-bp-, vs-hr-, vs-spo2-, vs-rr-), so they cannot collide with a score's id (docs/decisions/0024).
/// </summary>
public static class VitalSignsMapping
{
    public const string Loinc = "http://loinc.org";
    public const string Category = "vital-signs";
    public const string VitalSignsProfile = "http://hl7.org/fhir/StructureDefinition/vitalsigns";
    public const string IdPrefix = "vs-";

    public static readonly IReadOnlyList<VitalSignKind> Kinds = Enum.GetValues<VitalSignKind>();

    /// <summary>The Observation.code of each sign; the blood pressure's parts are components, not codes of their own.</summary>
    public static string LoincCode(VitalSignKind kind) => kind switch
    {
        VitalSignKind.BloodPressure => "85354-9",
        VitalSignKind.HeartRate => "8867-4",
        VitalSignKind.OxygenSaturation => "59408-5",
        VitalSignKind.RespiratoryRate => "9279-1",
    };

    /// <summary>
    /// The codes a code search matches: the oxygensat profile fixes 2708-6 (oxygen saturation in arterial blood) and takes the
    /// pulse-oximetry code 59408-5 beside it, so both find an SpO₂ reading.
    /// </summary>
    public static IReadOnlyList<string> SearchCodes(VitalSignKind kind) =>
        kind == VitalSignKind.OxygenSaturation ? ["2708-6", "59408-5"] : [LoincCode(kind)];

    private static string Prefix(VitalSignKind kind) => kind switch
    {
        VitalSignKind.BloodPressure => "bp",
        VitalSignKind.HeartRate => "hr",
        VitalSignKind.OxygenSaturation => "spo2",
        VitalSignKind.RespiratoryRate => "rr",
    };

    private static string Profile(VitalSignKind kind) => "http://hl7.org/fhir/StructureDefinition/" + kind switch
    {
        VitalSignKind.BloodPressure => "bp",
        VitalSignKind.HeartRate => "heartrate",
        VitalSignKind.OxygenSaturation => "oxygensat",
        VitalSignKind.RespiratoryRate => "resprate",
    };

    public static string Id(VitalSignKind kind, Guid rowId) => $"{IdPrefix}{Prefix(kind)}-{rowId}";

    /// <summary>The sign and row an id names, or null when it is not a vital sign's id.</summary>
    public static (VitalSignKind Kind, Guid RowId)? ParseId(string id)
    {
        if (!id.StartsWith(IdPrefix, StringComparison.Ordinal)) return null;
        foreach (var kind in Kinds)
        {
            var prefix = $"{IdPrefix}{Prefix(kind)}-";
            if (id.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParseExact(id[prefix.Length..], "D", out var rowId)) return (kind, rowId);
        }
        return null;
    }

    public static Observation ToFhir(VitalSigns row, VitalSignKind kind, Guid patientId)
    {
        var observation = new Observation
        {
            Id = Id(kind, row.Id),
            Meta = new Meta { Profile = [VitalSignsProfile, Profile(kind)] },
            // Readings are append-only: a correction is a new reading, so every reading stands as final.
            Status = "final",
            Category =
            [
                new CodeableConcept
                {
                    Coding = [new Coding { System = ObservationMapping.CategorySystem, Code = Category, Display = "Vital Signs" }],
                    Text = "Vital Signs",
                },
            ],
            Subject = Reference.To("Patient", patientId),
            Encounter = Reference.To("Encounter", row.SessionId),
            EffectiveDateTime = PatientMapping.Instant(row.MeasuredAt),
            Performer = row.RecordedByName.Length == 0 ? null : [new Reference { Display = row.RecordedByName }],
        };
        switch (kind)
        {
            case VitalSignKind.BloodPressure:
                observation.Code = Concept("Blood pressure", ("85354-9", "Blood pressure panel with all children optional"));
                observation.Component =
                [
                    new ObservationComponent { Code = Concept("Systolic blood pressure", ("8480-6", "Systolic blood pressure")), ValueQuantity = MmHg(row.Systolic) },
                    new ObservationComponent { Code = Concept("Diastolic blood pressure", ("8462-4", "Diastolic blood pressure")), ValueQuantity = MmHg(row.Diastolic) },
                ];
                break;
            case VitalSignKind.HeartRate:
                observation.Code = Concept("Heart rate", ("8867-4", "Heart rate"));
                observation.ValueQuantity = Ucum(row.HeartRate, "beats/minute", "/min");
                break;
            case VitalSignKind.OxygenSaturation:
                observation.Code = Concept("Oxygen saturation (pulse oximetry)",
                    ("2708-6", "Oxygen saturation in Arterial blood"), ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"));
                observation.ValueQuantity = Ucum(row.OxygenSaturation, "%", "%");
                break;
            case VitalSignKind.RespiratoryRate:
                observation.Code = Concept("Respiratory rate", ("9279-1", "Respiratory rate"));
                observation.ValueQuantity = Ucum(row.RespiratoryRate, "breaths/minute", "/min");
                break;
        }
        return observation;
    }

    private static CodeableConcept Concept(string text, params (string Code, string Display)[] codes) => new()
    {
        Coding = [.. codes.Select(c => new Coding { System = Loinc, Code = c.Code, Display = c.Display })],
        Text = text,
    };

    private static Quantity MmHg(int value) => Ucum(value, "mmHg", "mm[Hg]");

    private static Quantity Ucum(int value, string unit, string code) => new() { Value = value, Unit = unit, System = ObservationMapping.Ucum, Code = code };
}
