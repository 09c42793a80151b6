using KapCare.Web.Data;
using KapCare.Web.Features.Audit;

namespace KapCare.Web.Fhir;

/// <summary>
/// Audit entries for FHIR reads and searches of patient data (DESIGN.md: every read of patient data), under the same
/// action the web pages use for that kind of record, so one filter in the audit log finds both.
/// </summary>
public static class FhirReadAudit
{
    private static string ActionFor(string resourceType) => resourceType switch
    {
        "CarePlan" => AuditActions.PlanRead,
        "Consent" => AuditActions.ConsentRead,
        _ => AuditActions.MeasureRead,
    };

    public static Task ReadAsync(AuditTrail audit, string resourceType, Guid id, Guid patientId, string detail, CancellationToken ct) =>
        audit.RecordAsync(ActionFor(resourceType), AuditOutcome.Success, resourceType, id.ToString(), patientId, detail, ct);

    /// <summary>
    /// One entry per patient whose data the page shows, so a patient's access history lists every search that showed
    /// their scores; one entry without a patient when the page is empty.
    /// </summary>
    public static async Task SearchAsync<T>(AuditTrail audit, KapCareDbContext db, string resourceType, ResourceSearch<T> search,
        IReadOnlyCollection<Guid> shownPatients, int total, int returned, CancellationToken ct)
    {
        var detail = $"FHIR search {search.Describe()}; {total} found; {returned} returned";
        var patients = shownPatients.Count > 0 ? shownPatients.Distinct().Select(p => (Guid?)p).ToList()
            : [search.Patients.Distinct().Count() == 1 ? search.Patients[0] : null];
        foreach (var patient in patients)
            audit.Add(ActionFor(resourceType), AuditOutcome.Success, resourceType, null, patient, detail);
        await db.SaveChangesAsync(ct);
    }
}
