using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Fhir;

/// <summary>Flag read and search: safety alerts raised by answers (e.g. PHQ-9 item 9 ≥ 1). They are resolved in KapCare, not over FHIR.</summary>
public static class FlagApi
{
    private const string Type = "Flag";

    public static async Task<IResult> ReadAsync(string id, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var alert = Guid.TryParse(id, out var guid) ? await db.SafetyAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == guid, ct) : null;
        if (alert is null)
            return FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found", $"There is no flag with id '{id}'.");
        await FhirReadAudit.ReadAsync(audit, Type, alert.Id, alert.PatientId, "FHIR read", ct);
        return FhirResults.Versioned(FlagMapping.ToFhir(alert), alert.Version, alert.ResolvedAt ?? alert.RaisedAt);
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var (search, error) = FlagSearch.Parse(request.Query, FhirRequest.WantsStrictHandling(request));
        if (error is not null) return FhirResults.Outcome(error);

        var matches = search!.Apply(db.SafetyAlerts.AsNoTracking());
        var total = await matches.CountAsync(ct);
        // Newest first: the alert raised last is the one a clinician is looking for.
        var rows = await matches.OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).Skip(search.Offset).Take(search.Count).ToListAsync(ct);

        await FhirReadAudit.SearchAsync(audit, db, Type, search, [.. rows.Select(a => (a.PatientId, a.Id))], total, rows.Count, ct);
        return FhirResults.Resource(search.ToBundle(request, total, rows.Select(a => (a.Id.ToString(), (object)FlagMapping.ToFhir(a))), rows.Count));
    }
}
