using KapCare.Web.Features.Sessions;

namespace KapCare.Web.Fhir;

/// <summary>A vitals row with its session's patient, the shape Observation search filters on (a row knows only its session).</summary>
public sealed class VitalsRow
{
    public Guid Id { get; init; }
    public Guid SessionId { get; init; }
    public Guid PatientId { get; init; }
    public DateTime MeasuredAt { get; init; }
}

/// <summary>
/// Observation search over the vital signs of dosing sessions, with the parameters of <see cref="ObservationSearch"/>: each
/// flowsheet row is four Observations (blood pressure, heart rate, SpO₂, respiratory rate), so code chooses among the four
/// signs while the other parameters choose rows.
/// </summary>
public sealed class VitalSignsSearch : ResourceSearch<VitalsRow>
{
    private readonly TimeZoneInfo clinicZone;
    private readonly HashSet<VitalSignKind> kinds = [.. VitalSignsMapping.Kinds];

    private VitalSignsSearch(TimeZoneInfo clinicZone) => this.clinicZone = clinicZone;

    /// <summary>The signs the search asks for, in the order each row shows them.</summary>
    public IReadOnlyList<VitalSignKind> Kinds => [.. VitalSignsMapping.Kinds.Where(kinds.Contains)];

    public bool NewestFirst { get; private set; }

    public override IReadOnlyList<SearchParameter> Parameters => ObservationSearch.Supported;

    protected override string ResourceType => "Observation";

    public static (VitalSignsSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict, TimeZoneInfo clinicZone)
    {
        var search = new VitalSignsSearch(clinicZone);
        var error = search.ParseQuery(query, strict);
        return error is null ? (search, null) : (null, error);
    }

    public IQueryable<VitalsRow> Sorted(IQueryable<VitalsRow> rows) =>
        NewestFirst ? rows.OrderByDescending(v => v.MeasuredAt).ThenByDescending(v => v.Id) : rows.OrderBy(v => v.MeasuredAt).ThenBy(v => v.Id);

    protected override string? Add(string name, string value, int repeats)
    {
        switch (name)
        {
            case "patient" or "subject":
                return AddAny(value, v => PatientMatch(name, v, r => r.PatientId));
            case "code":
            {
                // Commas are OR within one occurrence; a repeated code is AND, so the signs narrow to those every occurrence names.
                var named = new HashSet<VitalSignKind>();
                foreach (var part in value.Split(','))
                {
                    var (system, code) = Token(part.Trim());
                    if (code.Length == 0) return $"code needs a code after the '|' (received '{part.Trim()}').";
                    if (system is not (null or VitalSignsMapping.Loinc)) continue;
                    named.UnionWith(VitalSignsMapping.Kinds.Where(k => VitalSignsMapping.SearchCodes(k).Contains(code)));
                }
                kinds.IntersectWith(named);
                if (kinds.Count == 0) Filter(_ => false);
                return null;
            }
            case "date":
                return AddAny(value, v =>
                {
                    var (date, error) = DateSearch.Parse(name, v, allowTime: true);
                    if (date is null) return (null, error);
                    var (first, last) = date.UtcRange(clinicZone);
                    return (date.Matches<VitalsRow, DateTime>(r => r.MeasuredAt, first, last), null);
                });
            case "status":
                return AddAny(value, v => Token(v).Code switch
                {
                    // Readings are never withdrawn, only followed by new ones: every one is final.
                    "final" => (_ => true, null),
                    "entered-in-error" or "registered" or "preliminary" or "amended" or "corrected" or "cancelled" or "unknown" => (_ => false, null),
                    _ => (null, $"status is an Observation status such as final or entered-in-error (received '{v}')."),
                });
            case "category":
                return AddAny(value, v => ObservationSearch.ObservationCategory(v) switch
                {
                    null => (null, $"category is an observation category such as survey or vital-signs (received '{v}')."),
                    VitalSignsMapping.Category => (_ => true, null),
                    _ => (_ => false, null),
                });
            case "encounter":
                return AddAny(value, v => ReferenceMatch(name, "Encounter", v, id => r => r.SessionId == id));
            case "derived-from":
                // Vital signs are measured, not derived from a questionnaire response.
                return AddAny(value, _ => (r => false, null));
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
