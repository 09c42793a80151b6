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
        // The session chart records its reads as patient reads of the Encounter (Pages/Patients/Sessions).
        "Encounter" or "MedicationAdministration" or "AdverseEvent" => AuditActions.PatientRead,
        _ => AuditActions.MeasureRead,
    };

    public static Task ReadAsync(AuditTrail audit, string resourceType, Guid id, Guid patientId, string detail, CancellationToken ct) =>
        ReadAsync(audit, resourceType, id.ToString(), patientId, detail, ct);

    /// <summary>A read of a resource whose FHIR id is not a bare row id (a vital sign's vs-bp-{row}).</summary>
    public static Task ReadAsync(AuditTrail audit, string resourceType, string id, Guid patientId, string detail, CancellationToken ct) =>
        audit.RecordAsync(ActionFor(resourceType), AuditOutcome.Success, resourceType, id, patientId, detail, ct);

    /// <summary>
    /// One entry per patient whose data the search returned, naming the ids of that patient's returned resources
    /// (issue 9, finding 5), so a patient's access history lists every search that showed their records and what it
    /// showed; one entry without a patient when nothing was returned.
    /// </summary>
    public static Task SearchAsync<T>(AuditTrail audit, KapCareDbContext db, string resourceType, ResourceSearch<T> search,
        IReadOnlyCollection<(Guid Patient, Guid Resource)> shown, int total, int returned, CancellationToken ct) =>
        SearchAsync(audit, db, resourceType, search, [.. shown.Select(s => (s.Patient, s.Resource.ToString()))], total, returned, ct);

    /// <summary>As above, with the FHIR ids as they were returned (an Observation search returns scores and vital signs).</summary>
    public static async Task SearchAsync<T>(AuditTrail audit, KapCareDbContext db, string resourceType, ResourceSearch<T> search,
        IReadOnlyCollection<(Guid Patient, string Resource)> shown, int total, int returned, CancellationToken ct)
    {
        var detail = $"FHIR search {search.Describe()}; {total} found; {returned} returned";
        if (shown.Count == 0)
            audit.Add(ActionFor(resourceType), AuditOutcome.Success, resourceType, null, search.Patients.Distinct().Count() == 1 ? search.Patients[0] : null, detail);
        foreach (var patient in shown.GroupBy(s => s.Patient))
            audit.Add(ActionFor(resourceType), AuditOutcome.Success, resourceType, null, patient.Key,
                detail + "; ids " + IdList(patient.Select(p => p.Resource), AuditTrail.MaxDetailLength - detail.Length - 6));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Comma-separated ids within <paramref name="room"/> characters; those that do not fit are counted ("+3 more").</summary>
    public static string IdList(IEnumerable<string> ids, int room)
    {
        var all = ids.ToList();
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < all.Count; i++)
        {
            var piece = (i > 0 ? "," : string.Empty) + all[i];
            // Keep room for the count of what follows, in case the next id does not fit.
            var reserve = i + 1 < all.Count ? $" +{all.Count - i - 1} more".Length : 0;
            if (text.Length + piece.Length + reserve > room) return text.Append($" +{all.Count - i} more").ToString();
            text.Append(piece);
        }
        return text.ToString();
    }
}
