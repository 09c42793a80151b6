using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Fhir;

/// <summary>
/// Observation read and search: the scores KapCare derived from questionnaire responses (written only by scoring a response)
/// and the vital signs recorded at dosing sessions (written only at the chair). A search runs over both and pages the merged
/// result by date.
/// </summary>
public static class ObservationApi
{
    private const string Type = "Observation";

    public static async Task<IResult> ReadAsync(string id, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        if (VitalSignsMapping.ParseId(id) is { } vital)
        {
            var row = await db.VitalSigns.AsNoTracking().Where(v => v.Id == vital.RowId)
                .Join(db.DosingSessions, v => v.SessionId, s => s.Id, (v, s) => new { Vitals = v, s.PatientId }).FirstOrDefaultAsync(ct);
            if (row is null) return NotFound(id);
            await FhirReadAudit.ReadAsync(audit, Type, id, row.PatientId, "FHIR read", ct);
            return FhirResults.Resource(VitalSignsMapping.ToFhir(row.Vitals, vital.Kind, row.PatientId));
        }
        var observation = Guid.TryParse(id, out var guid) ? await db.ScoreObservations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == guid, ct) : null;
        if (observation is null) return NotFound(id);
        await FhirReadAudit.ReadAsync(audit, Type, observation.Id, observation.PatientId, "FHIR read", ct);
        return FhirResults.Resource(ObservationMapping.ToFhir(observation));
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, KapCareDbContext db, AuditTrail audit, ClinicClock clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var strict = FhirRequest.WantsStrictHandling(request);
        var (search, error) = ObservationSearch.Parse(request.Query, strict, clock.Zone);
        if (error is not null) return FhirResults.Outcome(error);
        var (vitalsSearch, vitalsError) = VitalSignsSearch.Parse(request.Query, strict, clock.Zone);
        if (vitalsError is not null) return FhirResults.Outcome(vitalsError);

        // A page of the merged list lies within the first offset + count of each source.
        var reach = search!.Offset + search.Count;
        var scores = search.Apply(db.ScoreObservations.AsNoTracking());
        var scoreTotal = await scores.CountAsync(ct);
        var scoreRows = await search.Sorted(scores).Take(reach).ToListAsync(ct);

        var kinds = vitalsSearch!.Kinds;
        var vitals = vitalsSearch.Apply(db.VitalSigns.AsNoTracking().Join(db.DosingSessions, v => v.SessionId, s => s.Id,
            (v, s) => new VitalsRow { Id = v.Id, SessionId = v.SessionId, PatientId = s.PatientId, MeasuredAt = v.MeasuredAt }));
        var vitalsTotal = kinds.Count == 0 ? 0 : await vitals.CountAsync(ct) * kinds.Count;
        var vitalsRows = kinds.Count == 0 ? [] : await vitalsSearch.Sorted(vitals).Take(reach).ToListAsync(ct);
        var rowIds = vitalsRows.Select(r => r.Id).ToList();
        var readings = rowIds.Count == 0 ? [] : await db.VitalSigns.AsNoTracking().Where(v => rowIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);

        var merged = scoreRows.Select((o, i) => new Entry(o.EffectiveAt, 0, i, o.PatientId, o.Id.ToString(), () => ObservationMapping.ToFhir(o)))
            .Concat(vitalsRows.SelectMany(r => kinds.Select(k => (Row: r, Kind: k))).Take(reach)
                .Select((v, i) => new Entry(v.Row.MeasuredAt, 1, i, v.Row.PatientId, VitalSignsMapping.Id(v.Kind, v.Row.Id),
                    () => VitalSignsMapping.ToFhir(readings[v.Row.Id], v.Kind, v.Row.PatientId))));
        var ordered = search.NewestFirst ? merged.OrderByDescending(e => e.At) : merged.OrderBy(e => e.At);
        var page = ordered.ThenBy(e => e.Source).ThenBy(e => e.Index).Skip(search.Offset).Take(search.Count).ToList();
        var total = scoreTotal + vitalsTotal;

        await FhirReadAudit.SearchAsync(audit, db, Type, search, [.. page.Select(e => (e.PatientId, e.Id))], total, page.Count, ct);
        return FhirResults.Resource(search.ToBundle(request, total, page.Select(e => (e.Id, e.Resource())), page.Count));
    }

    private static IResult NotFound(string id) =>
        FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found", $"There is no observation with id '{id}'.");

    /// <summary>One Observation of the merged list: where it sorts (date, then source, then its place in its source) and how to map it.</summary>
    private sealed record Entry(DateTime At, int Source, int Index, Guid PatientId, string Id, Func<object> Resource);
}
