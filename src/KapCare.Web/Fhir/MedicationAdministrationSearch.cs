using SessionAdministration = KapCare.Web.Features.Sessions.MedicationAdministration;

namespace KapCare.Web.Fhir;

/// <summary>FHIR search on MedicationAdministration (the doses given at dosing sessions): by patient, time and session.</summary>
public sealed class MedicationAdministrationSearch : ResourceSearch<SessionAdministration>
{
    private const string Spec = SearchParameter.Spec;
    private const string When =
        "When the dose started: a date or date-time with prefix eq (default), ne, lt, gt, le or ge, e.g. ge2026-01-01; a time without an offset is the clinic's local time.";

    public static readonly IReadOnlyList<SearchParameter> Supported =
    [
        new("patient", "reference", Spec + "clinical-patient", "The patient: {id} or Patient/{id}."),
        new("subject", "reference", Spec + "MedicationAdministration-subject", "The same as patient: {id} or Patient/{id}."),
        new("context", "reference", Spec + "MedicationAdministration-context", "The dosing session: Encounter/{id} or {id}."),
        new("effective-time", "date", Spec + "MedicationAdministration-effective-time", When),
        new("date", "date", null, "The same as effective-time (R4 names the parameter effective-time). " + When),
        new("_sort", "special", null, "date (oldest first, the default) or -date (newest first)."),
        .. SearchParameter.Paging,
    ];

    private readonly TimeZoneInfo clinicZone;

    private MedicationAdministrationSearch(TimeZoneInfo clinicZone) => this.clinicZone = clinicZone;

    public bool NewestFirst { get; private set; }

    public override IReadOnlyList<SearchParameter> Parameters => Supported;

    protected override string ResourceType => "MedicationAdministration";

    public static (MedicationAdministrationSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict, TimeZoneInfo clinicZone)
    {
        var search = new MedicationAdministrationSearch(clinicZone);
        var error = search.ParseQuery(query, strict);
        return error is null ? (search, null) : (null, error);
    }

    public IQueryable<SessionAdministration> Sorted(IQueryable<SessionAdministration> rows) =>
        NewestFirst ? rows.OrderByDescending(a => a.StartedAt).ThenByDescending(a => a.Id) : rows.OrderBy(a => a.StartedAt).ThenBy(a => a.Id);

    protected override string? Add(string name, string value, int repeats)
    {
        switch (name)
        {
            case "patient" or "subject":
                return AddAny(value, v => PatientMatch(name, v, a => a.PatientId));
            case "context":
                return AddAny(value, v => ReferenceMatch(name, "Encounter", v, id => a => a.SessionId == id));
            case "effective-time" or "date":
                return AddAny(value, v =>
                {
                    var (date, error) = DateSearch.Parse(name, v, allowTime: true);
                    if (date is null) return (null, error);
                    var (first, last) = date.UtcRange(clinicZone);
                    return (date.Matches<SessionAdministration, DateTime>(a => a.StartedAt, first, last), null);
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
