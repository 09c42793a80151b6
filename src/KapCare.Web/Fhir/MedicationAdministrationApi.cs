using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SessionAdministration = KapCare.Web.Features.Sessions.MedicationAdministration;

namespace KapCare.Web.Fhir;

/// <summary>MedicationAdministration read and search: the doses given at dosing sessions, recorded at the chair in KapCare.</summary>
public static class MedicationAdministrationApi
{
    private const string Type = "MedicationAdministration";

    public static async Task<IResult> ReadAsync(string id, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var administration = Guid.TryParse(id, out var guid) ? await db.MedicationAdministrations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == guid, ct) : null;
        if (administration is null)
            return FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found", $"There is no medication administration with id '{id}'.");
        var (supplies, paused) = await DetailsAsync(db, [administration], ct);
        await FhirReadAudit.ReadAsync(audit, Type, administration.Id, administration.PatientId, "FHIR read", ct);
        return FhirResults.Versioned(MedicationAdministrationMapping.ToFhir(administration, supplies[administration.Id].ToList(), paused.Contains(administration.Id)),
            administration.Version, administration.StoppedAt ?? administration.StartedAt);
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, KapCareDbContext db, AuditTrail audit, ClinicClock clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var (search, error) = MedicationAdministrationSearch.Parse(request.Query, FhirRequest.WantsStrictHandling(request), clock.Zone);
        if (error is not null) return FhirResults.Outcome(error);

        var matches = search!.Apply(db.MedicationAdministrations.AsNoTracking());
        var total = await matches.CountAsync(ct);
        var rows = await search.Sorted(matches).Skip(search.Offset).Take(search.Count).ToListAsync(ct);
        var (supplies, paused) = await DetailsAsync(db, rows, ct);

        await FhirReadAudit.SearchAsync(audit, db, Type, search, [.. rows.Select(a => (a.PatientId, a.Id))], total, rows.Count, ct);
        return FhirResults.Resource(search.ToBundle(request, total,
            rows.Select(a => (a.Id.ToString(), (object)MedicationAdministrationMapping.ToFhir(a, supplies[a.Id].ToList(), paused.Contains(a.Id)))), rows.Count));
    }

    /// <summary>What each administration drew from the ledger (in order), and which infusions are paused now.</summary>
    private static async Task<(ILookup<Guid, AdministrationSupply> Supplies, HashSet<Guid> Paused)> DetailsAsync(
        KapCareDbContext db, IReadOnlyList<SessionAdministration> administrations, CancellationToken ct)
    {
        var ids = administrations.Select(a => a.Id).ToList();
        if (ids.Count == 0) return (Array.Empty<AdministrationSupply>().ToLookup(s => s.AdministrationId), []);
        var supplies = await db.AdministrationSupplies.AsNoTracking().Where(s => ids.Contains(s.AdministrationId)).ToListAsync(ct);
        var pauses = await db.AdministrationEvents.AsNoTracking()
            .Where(e => ids.Contains(e.AdministrationId) && (e.Kind == AdministrationEventKind.Paused || e.Kind == AdministrationEventKind.Resumed))
            .ToListAsync(ct);
        var paused = pauses.GroupBy(e => e.AdministrationId)
            .Where(g => g.OrderBy(e => e.At).ThenBy(e => e.Id).Last().Kind == AdministrationEventKind.Paused)
            .Select(g => g.Key).ToHashSet();
        return (supplies.OrderBy(s => s.At).ThenBy(s => s.Id).ToLookup(s => s.AdministrationId), paused);
    }
}
