using KapCare.Web.Features.Measures;

namespace KapCare.Web.Fhir;

/// <summary>
/// FHIR search on Observation, over the scores KapCare derives from responses: by patient, code, date, status, category and
/// source response. The same query runs over the vital signs of dosing sessions in <see cref="VitalSignsSearch"/>, and
/// ObservationApi merges the two.
/// </summary>
public sealed class ObservationSearch : ResourceSearch<ScoreObservation>
{
    private const string Spec = SearchParameter.Spec;

    public static readonly IReadOnlyList<SearchParameter> Supported =
    [
        new("patient", "reference", Spec + "clinical-patient", "The patient: {id} or Patient/{id}."),
        new("subject", "reference", Spec + "Observation-subject", "The same as patient: {id} or Patient/{id}."),
        new("code", "token", Spec + "clinical-code",
            "The code: system|code, |code or code, e.g. http://loinc.org|70274-6 (GAD-7 total) or 44261-6 (PHQ-9 total); scores without a LOINC code use "
            + "urn:kapcare:instrument-score. Vital signs: 85354-9 (blood pressure panel; systolic 8480-6 and diastolic 8462-4 are its components), "
            + "8867-4 (heart rate), 59408-5 or 2708-6 (SpO₂), 9279-1 (respiratory rate)."),
        new("date", "date", Spec + "clinical-date",
            "When the form was answered or the vital sign measured: a date or date-time with prefix eq (default), ne, lt, gt, le or ge, e.g. ge2026-01-01; "
            + "a time without an offset is the clinic's local time."),
        new("status", "token", Spec + "Observation-status", "final or entered-in-error."),
        new("category", "token", Spec + "Observation-category",
            "survey (questionnaire scores) or vital-signs (dosing-session vitals), system " + ObservationMapping.CategorySystem + "."),
        new("encounter", "reference", Spec + "clinical-encounter", "The dosing session a vital sign was measured in: Encounter/{id} or {id} (scores have none)."),
        new("derived-from", "reference", Spec + "Observation-derived-from", "The QuestionnaireResponse scored: QuestionnaireResponse/{id} or {id} (vital signs have none)."),
        new("_sort", "special", null, "date (oldest first, the default) or -date (newest first)."),
        .. SearchParameter.Paging,
    ];

    private readonly TimeZoneInfo clinicZone;

    private ObservationSearch(TimeZoneInfo clinicZone) => this.clinicZone = clinicZone;

    public bool NewestFirst { get; private set; }

    public override IReadOnlyList<SearchParameter> Parameters => Supported;

    protected override string ResourceType => "Observation";

    public static (ObservationSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict, TimeZoneInfo clinicZone)
    {
        var search = new ObservationSearch(clinicZone);
        var error = search.ParseQuery(query, strict);
        return error is null ? (search, null) : (null, error);
    }

    public IQueryable<ScoreObservation> Sorted(IQueryable<ScoreObservation> rows) =>
        NewestFirst ? rows.OrderByDescending(o => o.EffectiveAt).ThenByDescending(o => o.Id) : rows.OrderBy(o => o.EffectiveAt).ThenBy(o => o.Id);

    protected override string? Add(string name, string value, int repeats)
    {
        switch (name)
        {
            case "patient" or "subject":
                return AddAny(value, v => PatientMatch(name, v, o => o.PatientId));
            case "code":
                return AddAny(value, v =>
                {
                    var (system, code) = Token(v);
                    if (code.Length == 0) return (null, $"code needs a code after the '|' (received '{v}').");
                    // "|code" asks for a code without a system; every KapCare score has one.
                    if (system is { Length: 0 }) return (_ => false, null);
                    return system is null
                        ? (o => o.Code == code, null)
                        : (o => o.CodeSystem == system && o.Code == code, null);
                });
            case "date":
                return AddAny(value, v =>
                {
                    var (date, error) = DateSearch.Parse(name, v, allowTime: true);
                    if (date is null) return (null, error);
                    var (first, last) = date.UtcRange(clinicZone);
                    return (date.Matches<ScoreObservation, DateTime>(o => o.EffectiveAt, first, last), null);
                });
            case "status":
                return AddAny(value, v => Token(v).Code switch
                {
                    "final" => (o => o.Status == ObservationStatus.Final, null),
                    "entered-in-error" => (o => o.Status == ObservationStatus.EnteredInError, null),
                    "registered" or "preliminary" or "amended" or "corrected" or "cancelled" or "unknown" => (_ => false, null),
                    _ => (null, $"status is an Observation status such as final or entered-in-error (received '{v}')."),
                });
            case "category":
                return AddAny(value, v => ObservationCategory(v) switch
                {
                    null => (null, $"category is an observation category such as survey or vital-signs (received '{v}')."),
                    "survey" => (_ => true, null),
                    _ => (_ => false, null),
                });
            case "encounter":
                return AddAny(value, v => ReferenceMatch(name, "Encounter", v, _ => o => false));
            case "derived-from":
                return AddAny(value, v =>
                {
                    var id = v.StartsWith("QuestionnaireResponse/", StringComparison.Ordinal) ? v["QuestionnaireResponse/".Length..] : v;
                    if (!Guid.TryParse(id, out var responseId)) return (_ => false, null);
                    return (o => o.ResponseId == responseId, null);
                });
            case "_sort":
                if (repeats > 1) return "Give _sort once.";
                switch (value)
                {
                    case "date": NewestFirst = false; return null;
                    case "-date": NewestFirst = true; return null;
                    default: return $"_sort takes date or -date (received '{value}').";
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Not a supported parameter.");
        }
    }

    /// <summary>The category a token names (R4 observation-category), or null when it names none.</summary>
    public static string? ObservationCategory(string token)
    {
        var (system, code) = Token(token);
        if (system is not (null or ObservationMapping.CategorySystem)) return string.Empty;
        return code is "social-history" or "vital-signs" or "imaging" or "laboratory" or "procedure" or "survey" or "exam" or "therapy" or "activity" ? code : null;
    }
}
