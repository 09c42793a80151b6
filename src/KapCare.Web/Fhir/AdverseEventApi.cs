using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Fhir;

/// <summary>
/// AdverseEvent read and search: adverse events at dosing sessions as they stand now. The id is the event's (its first
/// record's); a record that a later update superseded is no resource of its own.
/// </summary>
public static class AdverseEventApi
{
    private const string Type = "AdverseEvent";

    public static async Task<IResult> ReadAsync(string id, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var current = Guid.TryParse(id, out var guid) ? await Current(db).FirstOrDefaultAsync(e => e.EventId == guid, ct) : null;
        if (current is null)
            return FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found", $"There is no adverse event with id '{id}'.");
        var (chains, administrations) = await DetailsAsync(db, [current], ct);
        await FhirReadAudit.ReadAsync(audit, Type, current.EventId, current.PatientId, "FHIR read", ct);
        return FhirResults.Versioned(ToFhir(current, chains, administrations), chains[current.EventId].Count(), current.RecordedAt);
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, KapCareDbContext db, AuditTrail audit, ClinicClock clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var (search, error) = AdverseEventSearch.Parse(request.Query, FhirRequest.WantsStrictHandling(request), clock.Zone);
        if (error is not null) return FhirResults.Outcome(error);

        var matches = search!.Apply(Current(db));
        var total = await matches.CountAsync(ct);
        var rows = await search.Sorted(matches).Skip(search.Offset).Take(search.Count).ToListAsync(ct);
        var (chains, administrations) = await DetailsAsync(db, rows, ct);

        await FhirReadAudit.SearchAsync(audit, db, Type, search, [.. rows.Select(e => (e.PatientId, e.EventId))], total, rows.Count, ct);
        return FhirResults.Resource(search.ToBundle(request, total, rows.Select(e => (e.EventId.ToString(), (object)ToFhir(e, chains, administrations))), rows.Count));
    }

    /// <summary>The latest record of each event: the rows no update supersedes.</summary>
    private static IQueryable<SessionAdverseEvent> Current(KapCareDbContext db) =>
        db.SessionAdverseEvents.AsNoTracking().Where(e => !db.SessionAdverseEvents.Any(later => later.SupersedesId == e.Id));

    private static Models.AdverseEvent ToFhir(SessionAdverseEvent current, ILookup<Guid, SessionAdverseEvent> chains, ILookup<Guid, Guid> administrations)
    {
        var chain = chains[current.EventId].ToList();
        return AdverseEventMapping.ToFhir(current, chain[0], chain.Count, administrations[current.SessionId]);
    }

    /// <summary>Every record of each event (first first), and the administrations of each event's session.</summary>
    private static async Task<(ILookup<Guid, SessionAdverseEvent> Chains, ILookup<Guid, Guid> Administrations)> DetailsAsync(
        KapCareDbContext db, IReadOnlyList<SessionAdverseEvent> current, CancellationToken ct)
    {
        var eventIds = current.Select(e => e.EventId).Distinct().ToList();
        var sessionIds = current.Select(e => e.SessionId).Distinct().ToList();
        var records = eventIds.Count == 0 ? [] : await db.SessionAdverseEvents.AsNoTracking().Where(e => eventIds.Contains(e.EventId)).ToListAsync(ct);
        var given = sessionIds.Count == 0 ? [] : await db.MedicationAdministrations.AsNoTracking().Where(a => sessionIds.Contains(a.SessionId))
            .Select(a => new { a.SessionId, a.Id, a.StartedAt }).ToListAsync(ct);
        return (records.OrderBy(e => e.RecordedAt).ThenBy(e => e.Id).ToLookup(e => e.EventId),
            given.OrderBy(a => a.StartedAt).ToLookup(a => a.SessionId, a => a.Id));
    }
}
