using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Fhir;

/// <summary>Consent read and search: signed consents. They are signed in KapCare (portal or clinic), not over FHIR.</summary>
public static class ConsentApi
{
    private const string Type = "Consent";

    private static string WebBase(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<Infrastructure.WebDeploymentSettings>().BaseUrl(request);

    public static async Task<IResult> ReadAsync(string id, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var consent = Guid.TryParse(id, out var guid) ? await db.SignedConsents.AsNoTracking().FirstOrDefaultAsync(c => c.Id == guid, ct) : null;
        if (consent is null)
            return FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found", $"There is no consent with id '{id}'.");
        await FhirReadAudit.ReadAsync(audit, Type, consent.Id, consent.PatientId, "FHIR read", ct);
        return FhirResults.Versioned(ConsentMapping.ToFhir(consent, WebBase(request)), 1, consent.SignedAt);
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var (search, error) = ConsentSearch.Parse(request.Query, FhirRequest.WantsStrictHandling(request));
        if (error is not null) return FhirResults.Outcome(error);

        var matches = search!.Apply(db.SignedConsents.AsNoTracking());
        var total = await matches.CountAsync(ct);
        var rows = await matches.OrderByDescending(c => c.SignedAt).ThenByDescending(c => c.Id).Skip(search.Offset).Take(search.Count).ToListAsync(ct);

        await FhirReadAudit.SearchAsync(audit, db, Type, search, [.. rows.Select(c => (c.PatientId, c.Id))], total, rows.Count, ct);
        return FhirResults.Resource(search.ToBundle(request, total, rows.Select(c => (c.Id.ToString(), (object)ConsentMapping.ToFhir(c, WebBase(request)))), rows.Count));
    }
}
