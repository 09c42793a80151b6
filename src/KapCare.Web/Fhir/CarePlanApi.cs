using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Plans;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Fhir;

/// <summary>CarePlan read and search: treatment plan versions. They are built, signed and revised in KapCare, not over FHIR.</summary>
public static class CarePlanApi
{
    private const string Type = "CarePlan";

    public static async Task<IResult> ReadAsync(string id, HttpRequest request, KapCareDbContext db, AuditTrail audit, ClinicClock clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var plan = Guid.TryParse(id, out var guid) ? await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == guid, ct) : null;
        if (plan is null)
            return FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found", $"There is no care plan with id '{id}'.");
        var replaces = await ReplacedAsync(db, [plan], ct);
        await FhirReadAudit.ReadAsync(audit, Type, plan.Id, plan.PatientId, "FHIR read", ct);
        return FhirResults.Versioned(CarePlanMapping.ToFhir(plan, replaces[plan.Id], clock.Today), plan.Version, CarePlanMapping.LastUpdated(plan));
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, KapCareDbContext db, AuditTrail audit, ClinicClock clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var (search, error) = CarePlanSearch.Parse(request.Query, FhirRequest.WantsStrictHandling(request));
        if (error is not null) return FhirResults.Outcome(error);

        var matches = search!.Apply(db.TreatmentPlans.AsNoTracking());
        var total = await matches.CountAsync(ct);
        // Newest version first: the plan in force (or the draft being built) is the one a client is looking for.
        var rows = await matches.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Skip(search.Offset).Take(search.Count).ToListAsync(ct);
        var replaces = await ReplacedAsync(db, rows, ct);

        await FhirReadAudit.SearchAsync(audit, db, Type, search, [.. rows.Select(p => (p.PatientId, p.Id))], total, rows.Count, ct);
        var today = clock.Today;
        return FhirResults.Resource(search.ToBundle(request, total, rows.Select(p => (p.Id.ToString(), (object)CarePlanMapping.ToFhir(p, replaces[p.Id], today))), rows.Count));
    }

    /// <summary>
    /// The versions each plan replaced: signing a plan supersedes the patient's signed version in the same commit, stamping
    /// its SupersededAt with the new one's SignedAt, so that instant links the two.
    /// </summary>
    private static async Task<ILookup<Guid, Guid>> ReplacedAsync(KapCareDbContext db, IReadOnlyList<TreatmentPlanRecord> plans, CancellationToken ct)
    {
        var patients = plans.Where(p => p.SignedAt is not null).Select(p => p.PatientId).Distinct().ToList();
        var superseded = patients.Count == 0 ? [] : await db.TreatmentPlans.AsNoTracking()
            .Where(p => patients.Contains(p.PatientId) && p.Status == PlanStatus.Superseded)
            .Select(p => new Superseded(p.Id, p.PatientId, p.PlanVersion, p.SupersededAt))
            .ToListAsync(ct);
        return plans
            .SelectMany(plan => superseded
                .Where(old => plan.SignedAt is not null && old.PatientId == plan.PatientId && old.Id != plan.Id && old.At == plan.SignedAt)
                .OrderByDescending(old => old.PlanVersion)
                .Select(old => (Plan: plan.Id, Replaced: old.Id)))
            .ToLookup(x => x.Plan, x => x.Replaced);
    }

    private sealed record Superseded(Guid Id, Guid PatientId, int PlanVersion, DateTime? At);
}
