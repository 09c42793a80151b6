using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using DosingRoute = KapCare.Clinical.Dosing.Route;

namespace KapCare.Web.Fhir;

/// <summary>Encounter read and search: dosing sessions. They are run at the chair in KapCare, not over FHIR.</summary>
public static class EncounterApi
{
    private const string Type = "Encounter";

    public static async Task<IResult> ReadAsync(string id, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var session = Guid.TryParse(id, out var guid) ? await db.DosingSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == guid, ct) : null;
        if (session is null)
            return FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found", $"There is no encounter (dosing session) with id '{id}'.");
        var (routes, changes) = await DetailsAsync(db, [session], ct);
        await FhirReadAudit.ReadAsync(audit, Type, session.Id, session.PatientId, "FHIR read", ct);
        var lastChange = changes.GetValueOrDefault(session.Id);
        return FhirResults.Versioned(EncounterMapping.ToFhir(session, routes[session.PlanId], lastChange), session.Version, EncounterMapping.LastUpdated(session, lastChange));
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, KapCareDbContext db, AuditTrail audit, ClinicClock clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var (search, error) = EncounterSearch.Parse(request.Query, FhirRequest.WantsStrictHandling(request), clock.Zone);
        if (error is not null) return FhirResults.Outcome(error);

        var matches = search!.Apply(db.DosingSessions.AsNoTracking());
        var total = await matches.CountAsync(ct);
        var rows = await search.Sorted(matches).Skip(search.Offset).Take(search.Count).ToListAsync(ct);
        var (routes, changes) = await DetailsAsync(db, rows, ct);

        await FhirReadAudit.SearchAsync(audit, db, Type, search, [.. rows.Select(s => (s.PatientId, s.Id))], total, rows.Count, ct);
        return FhirResults.Resource(search.ToBundle(request, total,
            rows.Select(s => (s.Id.ToString(), (object)EncounterMapping.ToFhir(s, routes[s.PlanId], changes.GetValueOrDefault(s.Id)))), rows.Count));
    }

    /// <summary>The route of each session's plan, and each session's latest state change.</summary>
    private static async Task<(Dictionary<Guid, DosingRoute> Routes, Dictionary<Guid, SessionEvent> Changes)> DetailsAsync(
        KapCareDbContext db, IReadOnlyList<DosingSession> sessions, CancellationToken ct)
    {
        var planIds = sessions.Select(s => s.PlanId).Distinct().ToList();
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var plans = planIds.Count == 0 ? [] : await db.TreatmentPlans.AsNoTracking().Where(p => planIds.Contains(p.Id)).ToListAsync(ct);
        var events = sessionIds.Count == 0 ? [] : await db.SessionEvents.AsNoTracking().Where(e => sessionIds.Contains(e.SessionId)).ToListAsync(ct);
        return (plans.ToDictionary(p => p.Id, p => p.Protocol.Route),
            events.GroupBy(e => e.SessionId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.At).ThenBy(e => e.Id).Last()));
    }
}
