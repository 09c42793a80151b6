using KapCare.Web.Features.Sessions;

namespace KapCare.Web.Fhir;

/// <summary>FHIR search on AdverseEvent (the current record of each adverse event at a dosing session): by patient, date, seriousness and severity.</summary>
public sealed class AdverseEventSearch : ResourceSearch<SessionAdverseEvent>
{
    private const string Spec = SearchParameter.Spec;

    public static readonly IReadOnlyList<SearchParameter> Supported =
    [
        new("subject", "reference", Spec + "AdverseEvent-subject", "The patient: {id} or Patient/{id}."),
        new("patient", "reference", null, "The same as subject (R4 AdverseEvent has no patient parameter): {id} or Patient/{id}."),
        new("date", "date", Spec + "AdverseEvent-date",
            "When the event started: a date or date-time with prefix eq (default), ne, lt, gt, le or ge, e.g. ge2026-01-01; a time without an offset is the clinic's local time."),
        new("seriousness", "token", Spec + "AdverseEvent-seriousness", "serious or non-serious."),
        new("severity", "token", Spec + "AdverseEvent-severity", "mild, moderate or severe."),
        new("_sort", "special", null, "date (oldest first, the default) or -date (newest first)."),
        .. SearchParameter.Paging,
    ];

    private readonly TimeZoneInfo clinicZone;

    private AdverseEventSearch(TimeZoneInfo clinicZone) => this.clinicZone = clinicZone;

    public bool NewestFirst { get; private set; }

    public override IReadOnlyList<SearchParameter> Parameters => Supported;

    protected override string ResourceType => "AdverseEvent";

    public static (AdverseEventSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict, TimeZoneInfo clinicZone)
    {
        var search = new AdverseEventSearch(clinicZone);
        var error = search.ParseQuery(query, strict);
        return error is null ? (search, null) : (null, error);
    }

    public IQueryable<SessionAdverseEvent> Sorted(IQueryable<SessionAdverseEvent> rows) =>
        NewestFirst ? rows.OrderByDescending(e => e.OnsetAt).ThenByDescending(e => e.EventId) : rows.OrderBy(e => e.OnsetAt).ThenBy(e => e.EventId);

    protected override string? Add(string name, string value, int repeats)
    {
        switch (name)
        {
            case "patient" or "subject":
                return AddAny(value, v => PatientMatch(name, v, e => e.PatientId));
            case "date":
                return AddAny(value, v =>
                {
                    var (date, error) = DateSearch.Parse(name, v, allowTime: true);
                    if (date is null) return (null, error);
                    var (first, last) = date.UtcRange(clinicZone);
                    return (date.Matches<SessionAdverseEvent, DateTime>(e => e.OnsetAt, first, last), null);
                });
            case "seriousness":
                return AddAny(value, v => Token(v) switch
                {
                    (null or AdverseEventMapping.SeriousnessSystem, "serious") => (e => e.Serious, null),
                    (null or AdverseEventMapping.SeriousnessSystem, "non-serious") => (e => !e.Serious, null),
                    (null or AdverseEventMapping.SeriousnessSystem, _) => (null, $"seriousness is serious or non-serious (received '{v}')."),
                    _ => (_ => false, null),
                });
            case "severity":
                return AddAny(value, v => Token(v) switch
                {
                    (null or AdverseEventMapping.SeveritySystem, "mild") => (e => e.Severity == KapCare.Clinical.Dosing.AdverseEventSeverity.Mild, null),
                    (null or AdverseEventMapping.SeveritySystem, "moderate") => (e => e.Severity == KapCare.Clinical.Dosing.AdverseEventSeverity.Moderate, null),
                    (null or AdverseEventMapping.SeveritySystem, "severe") => (e => e.Severity == KapCare.Clinical.Dosing.AdverseEventSeverity.Severe, null),
                    (null or AdverseEventMapping.SeveritySystem, _) => (null, $"severity is mild, moderate or severe (received '{v}')."),
                    _ => (_ => false, null),
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
}
