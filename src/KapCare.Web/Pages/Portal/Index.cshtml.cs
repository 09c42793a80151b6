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
public sealed class IndexModel(KapCareDbContext db, MeasurementPlans plans, Features.Consent.ConsentService consents, Features.Intake.IntakeService intakes) : PageModel
{
    public sealed record RecentAnswer(string Name, DateTime At);

    public string GivenName { get; private set; } = string.Empty;
    public IReadOnlyList<(Instrument Instrument, string Purpose)> Due { get; private set; } = [];
    public IReadOnlyList<RecentAnswer> Recent { get; private set; } = [];
    public int ConsentsToSign { get; private set; }
    public bool IntakeStarted { get; private set; }
    public bool IntakeSent { get; private set; }
    public string IntakeSummary { get; private set; } = string.Empty;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var patientId = PortalPatient.Id(User);
        GivenName = await db.Patients.Where(p => p.Id == patientId).Select(p => p.GivenName).FirstAsync(ct);
        Due = await PortalPatient.DueAsync(plans, patientId, ct);
        ConsentsToSign = (await consents.StatusAsync(patientId, ct)).Count(c => c.Document.Required && c.State != Features.Consent.ConsentState.Signed);
        var (intake, form) = await intakes.GetAsync(patientId, ct);
        IntakeStarted = intake is not null;
        IntakeSent = intake?.Status == Features.Intake.IntakeStatus.Submitted;
        var complete = Enum.GetValues<KapCare.Clinical.Intake.IntakeSectionId>().Count(form.IsComplete);
        IntakeSummary = IntakeSent ? "Sent to your care team — thank you. You can still correct your answers."
            : IntakeStarted ? $"{complete} of 5 sections complete. Your answers are saved as you go."
            : "About 15 minutes: your anxiety, what you have tried, and your health.";
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
