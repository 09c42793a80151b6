using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Fhir;

/// <summary>Observation read and search: the scores KapCare derived from questionnaire responses. They are written only by scoring a response.</summary>
public static class ObservationApi
{
    private const string Type = "Observation";

    public static async Task<IResult> ReadAsync(string id, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var observation = Guid.TryParse(id, out var guid) ? await db.ScoreObservations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == guid, ct) : null;
        if (observation is null)
            return FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found", $"There is no observation with id '{id}'.");
        await FhirReadAudit.ReadAsync(audit, Type, observation.Id, observation.PatientId, "FHIR read", ct);
        return FhirResults.Resource(ObservationMapping.ToFhir(observation));
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, KapCareDbContext db, AuditTrail audit, ClinicClock clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var (search, error) = ObservationSearch.Parse(request.Query, FhirRequest.WantsStrictHandling(request), clock.Zone);
        if (error is not null) return FhirResults.Outcome(error);

        var matches = search!.Apply(db.ScoreObservations.AsNoTracking());
        var total = await matches.CountAsync(ct);
        var rows = await search.Sorted(matches).Skip(search.Offset).Take(search.Count).ToListAsync(ct);

        await FhirReadAudit.SearchAsync(audit, db, Type, search, [.. rows.Select(o => (o.PatientId, o.Id))], total, rows.Count, ct);
        return FhirResults.Resource(search.ToBundle(request, total, rows.Select(o => (o.Id.ToString(), (object)ObservationMapping.ToFhir(o))), rows.Count));
    }
}
