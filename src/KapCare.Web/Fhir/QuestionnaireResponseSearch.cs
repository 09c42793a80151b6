using KapCare.Clinical.Instruments;
using KapCare.Web.Features.Measures;

namespace KapCare.Web.Fhir;

/// <summary>FHIR search on QuestionnaireResponse: by patient, questionnaire, status and authored date.</summary>
public sealed class QuestionnaireResponseSearch : ResourceSearch<QuestionnaireResponseRecord>
{
    private const string Spec = SearchParameter.Spec;

    public static readonly IReadOnlyList<SearchParameter> Supported =
    [
        new("patient", "reference", Spec + "QuestionnaireResponse-patient", "The patient who answered: {id} or Patient/{id}."),
        new("subject", "reference", Spec + "QuestionnaireResponse-subject", "The same as patient: {id} or Patient/{id}."),
        new("questionnaire", "reference", Spec + "QuestionnaireResponse-questionnaire",
            $"The questionnaire answered: its canonical URL ({InstrumentLibrary.CanonicalBase}/gad-7), LOINC's (http://loinc.org/q/69737-5) or its id (gad-7)."),
        new("status", "token", Spec + "QuestionnaireResponse-status", "completed, in-progress (not every item answered; not scored) or entered-in-error."),
        new("authored", "date", Spec + "QuestionnaireResponse-authored",
            "When the form was answered: a date or date-time with prefix eq (default), ne, lt, gt, le or ge; a time without an offset is the clinic's local time."),
        new("_sort", "special", null, "authored (oldest first, the default) or -authored (newest first)."),
        .. SearchParameter.Paging,
    ];

    private readonly TimeZoneInfo clinicZone;

    private QuestionnaireResponseSearch(TimeZoneInfo clinicZone) => this.clinicZone = clinicZone;

    public bool NewestFirst { get; private set; }

    public override IReadOnlyList<SearchParameter> Parameters => Supported;

    protected override string ResourceType => "QuestionnaireResponse";

    public static (QuestionnaireResponseSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict, TimeZoneInfo clinicZone)
    {
        var search = new QuestionnaireResponseSearch(clinicZone);
        var error = search.ParseQuery(query, strict);
        return error is null ? (search, null) : (null, error);
    }

    public IQueryable<QuestionnaireResponseRecord> Sorted(IQueryable<QuestionnaireResponseRecord> rows) =>
        NewestFirst ? rows.OrderByDescending(r => r.AuthoredAt).ThenByDescending(r => r.Id) : rows.OrderBy(r => r.AuthoredAt).ThenBy(r => r.Id);

    protected override string? Add(string name, string value, int repeats)
    {
        switch (name)
        {
            case "patient" or "subject":
                return AddAny(value, v => PatientMatch(name, v, r => r.PatientId));
            case "questionnaire":
                return AddAny(value, v =>
                {
                    var canonical = v.StartsWith("Questionnaire/", StringComparison.Ordinal) ? v["Questionnaire/".Length..] : v;
                    var instrument = InstrumentLibrary.FindByCanonical(canonical);
                    if (instrument is null) return (_ => false, null);
                    var id = instrument.Id;
                    return (r => r.InstrumentId == id, null);
                });
            case "status":
                return AddAny(value, v => Token(v).Code switch
                {
                    "completed" => (r => r.Status == ResponseStatus.Completed, null),
                    "in-progress" => (r => r.Status == ResponseStatus.InProgress, null),
                    "entered-in-error" => (r => r.Status == ResponseStatus.EnteredInError, null),
                    "amended" or "stopped" => (_ => false, null),
                    _ => (null, $"status is completed, in-progress, entered-in-error, amended or stopped (received '{v}')."),
                });
            case "authored":
                return AddAny(value, v =>
                {
                    var (date, error) = DateSearch.Parse(name, v, allowTime: true);
                    if (date is null) return (null, error);
                    var (first, last) = date.UtcRange(clinicZone);
                    return (date.Matches<QuestionnaireResponseRecord, DateTime>(r => r.AuthoredAt, first, last), null);
                });
            case "_sort":
                if (repeats > 1) return "Give _sort once.";
                switch (value)
                {
                    case "authored": NewestFirst = false; return null;
                    case "-authored": NewestFirst = true; return null;
                    default: return $"_sort takes authored or -authored (received '{value}').";
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Not a supported parameter.");
        }
    }
}
