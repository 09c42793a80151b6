using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Sessions;

namespace KapCare.Web.Fhir;

/// <summary>FHIR search on Encounter (KapCare's dosing sessions): by patient, date and status.</summary>
public sealed class EncounterSearch : ResourceSearch<DosingSession>
{
    private const string Spec = SearchParameter.Spec;

    public static readonly IReadOnlyList<SearchParameter> Supported =
    [
        new("patient", "reference", Spec + "clinical-patient", "The patient: {id} or Patient/{id}."),
        new("subject", "reference", Spec + "Encounter-subject", "The same as patient: {id} or Patient/{id}."),
        new("date", "date", Spec + "clinical-date",
            "When the session began: the check-in time, or for a session the patient has not arrived at (planned, cancelled before arrival, did not attend) "
            + "its planned day. A date or date-time with prefix eq (default), ne, lt, gt, le or ge, e.g. ge2026-01-01; a time without an offset is the clinic's local time."),
        new("status", "token", Spec + "Encounter-status", "planned, arrived, in-progress, finished or cancelled (cancelled includes did-not-attend)."),
        new("_sort", "special", null, "date (oldest first, the default) or -date (newest first)."),
        .. SearchParameter.Paging,
    ];

    private readonly TimeZoneInfo clinicZone;

    private EncounterSearch(TimeZoneInfo clinicZone) => this.clinicZone = clinicZone;

    public bool NewestFirst { get; private set; }

    public override IReadOnlyList<SearchParameter> Parameters => Supported;

    protected override string ResourceType => "Encounter";

    public static (EncounterSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict, TimeZoneInfo clinicZone)
    {
        var search = new EncounterSearch(clinicZone);
        var error = search.ParseQuery(query, strict);
        return error is null ? (search, null) : (null, error);
    }

    /// <summary>By planned day, then (within a day) arrived sessions by check-in before those not arrived: a null check-in is
    /// ordered explicitly, since SQLite and PostgreSQL sort nulls at opposite ends.</summary>
    public IQueryable<DosingSession> Sorted(IQueryable<DosingSession> rows) => NewestFirst
        ? rows.OrderByDescending(s => s.PlannedDate).ThenByDescending(s => s.CheckedInAt == null).ThenByDescending(s => s.CheckedInAt).ThenByDescending(s => s.Id)
        : rows.OrderBy(s => s.PlannedDate).ThenBy(s => s.CheckedInAt == null).ThenBy(s => s.CheckedInAt).ThenBy(s => s.Id);

    protected override string? Add(string name, string value, int repeats)
    {
        switch (name)
        {
            case "patient" or "subject":
                return AddAny(value, v => PatientMatch(name, v, s => s.PatientId));
            case "date":
                return AddAny(value, v =>
                {
                    var (date, error) = DateSearch.Parse(name, v, allowTime: true);
                    if (date is null) return (null, error);
                    var (first, last) = date.UtcRange(clinicZone);
                    var (firstDay, lastDay) = date.Dates;
                    // Arrived: the check-in instant. Not arrived: the planned day, compared as a day.
                    var arrived = date.Matches<DosingSession, DateTime?>(s => s.CheckedInAt, first, last);
                    var planned = And(s => s.CheckedInAt == null, date.Matches<DosingSession, DateOnly>(s => s.PlannedDate, firstDay, lastDay));
                    return (Or(And(s => s.CheckedInAt != null, arrived), planned), null);
                });
            case "status":
                return AddAny(value, v =>
                {
                    if (EncounterMapping.States(Token(v).Code) is not { } states)
                        return (null, $"status is an Encounter status: planned, arrived, in-progress, finished or cancelled (received '{v}').");
                    var list = states.ToList();
                    return (s => list.Contains(s.State), null);
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
