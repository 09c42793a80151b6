using System.Security.Claims;
using KapCare.Clinical.Instruments;
using KapCare.Clinical.Measurement;
using KapCare.Web.Data;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Portal;

/// <summary>The patient's own page: what their plan asks of them now, and what they answered lately.</summary>
public sealed class IndexModel(KapCareDbContext db, MeasurementPlans plans, Features.Consent.ConsentService consents) : PageModel
{
    public sealed record RecentAnswer(string Name, DateTime At);

    public string GivenName { get; private set; } = string.Empty;
    public IReadOnlyList<(Instrument Instrument, string Purpose)> Due { get; private set; } = [];
    public IReadOnlyList<RecentAnswer> Recent { get; private set; } = [];
    public int ConsentsToSign { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var patientId = PortalPatient.Id(User);
        GivenName = await db.Patients.Where(p => p.Id == patientId).Select(p => p.GivenName).FirstAsync(ct);
        Due = await PortalPatient.DueAsync(plans, patientId, ct);
        ConsentsToSign = (await consents.StatusAsync(patientId, ct)).Count(c => c.Document.Required && c.State != Features.Consent.ConsentState.Signed);
        var recent = await db.QuestionnaireResponses.AsNoTracking()
            .Where(r => r.PatientId == patientId && r.Status != ResponseStatus.EnteredInError)
            .OrderByDescending(r => r.AuthoredAt).Take(6).Select(r => new { r.InstrumentId, r.AuthoredAt }).ToListAsync(ct);
        Recent = recent.Select(r => new RecentAnswer(InstrumentLibrary.Find(r.InstrumentId)?.ShortName ?? r.InstrumentId, r.AuthoredAt)).ToList();
    }
}

public static class PortalPatient
{
    public static Guid Id(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(KapCareClaimsFactory.PatientIdClaim)!);

    /// <summary>Self-report questionnaires the plan says are due now; without a plan, the usual pair, so the portal is never a dead end.</summary>
    public static async Task<IReadOnlyList<(Instrument, string)>> DueAsync(MeasurementPlans plans, Guid patientId, CancellationToken ct)
    {
        var status = await plans.GetAsync(patientId, ct);
        if (status is null) return [(InstrumentLibrary.Get("gad-7"), "check-in"), (InstrumentLibrary.Get("phq-9"), "check-in")];
        return status.Occurrences.Where(o => o.Status == OccurrenceStatus.Due)
            .Select(o => (Instrument: InstrumentLibrary.Find(o.InstrumentId), o.Purpose))
            .Where(x => x.Instrument is { Rater: Rater.Patient })
            .DistinctBy(x => x.Instrument!.Id)
            .Select(x => (x.Instrument!, x.Purpose)).ToList();
    }
}
