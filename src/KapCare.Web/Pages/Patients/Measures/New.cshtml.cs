using System.Security.Claims;
using KapCare.Clinical.Instruments;
using KapCare.Web.Data;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Measures;

/// <summary>Staff enter a questionnaire in the clinic (tablet-friendly). Clinician-rated scales only by clinical roles.</summary>
[RequiresPermission(Permissions.MeasureEnter)]
public sealed class NewModel(KapCareDbContext db, SubmitResponse submit) : PageModel
{
    public Patient Patient { get; private set; } = null!;
    public Instrument? Instrument { get; private set; }
    public IReadOnlyList<Instrument> Available { get; private set; } = [];
    public IReadOnlyDictionary<string, int> Answers { get; private set; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, string> ItemErrors { get; private set; } = new Dictionary<string, string>();
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? instrument, CancellationToken ct)
    {
        var load = await LoadAsync(id, instrument, ct);
        return load ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? instrument, Guid? replaces, [FromForm] Dictionary<string, int> answers, CancellationToken ct)
    {
        var load = await LoadAsync(id, instrument, ct);
        if (load is not null) return load;
        if (Instrument is null) return RedirectToPage(new { id });
        Answers = answers;
        if (!ModelState.IsValid)
        {
            Error = "An answer could not be read.";
            return Page();
        }

        var result = await submit.HandleAsync(new ResponseSubmission(id, Instrument, answers, ResponseSource.Staff, null, User.FindFirstValue(ClaimTypes.NameIdentifier), replaces), ct);
        switch (result)
        {
            case SubmissionResult.Stored stored:
                TempData["Flash"] = stored.Score.Valid
                    ? $"{Instrument.ShortName} saved: {Describe(stored.Score)}."
                    : $"{Instrument.ShortName} saved as incomplete ({stored.Score.MissingLinkIds.Count} unanswered): it is not scored.";
                if (stored.Alerts.Count > 0) TempData["Alert"] = string.Join(" ", stored.Alerts.Select(a => a.Message)) + " A safety alert is open for the care team.";
                return Redirect($"/Patients/{id}/Measures");
            case SubmissionResult.Invalid invalid:
                Error = invalid.Message;
                if (invalid.LinkId is not null) ItemErrors = new Dictionary<string, string> { [invalid.LinkId] = invalid.Message };
                return Page();
            case SubmissionResult.PatientNotFound:
                return NotFound();
            default:
                throw new InvalidOperationException("Unexpected submission result.");
        }
    }

    public static string Describe(ScoreResult score) =>
        score.Total is int total ? $"{total}{(score.Band is null ? string.Empty : " — " + score.Band.Label)}" : score.Band?.Label ?? "recorded";

    private async Task<IActionResult?> LoadAsync(Guid id, string? instrumentId, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return NotFound();
        Patient = patient;
        if (patient.IsArchived) return Redirect($"/Patients/{id}");
        var clinical = User.Has(Permissions.MeasureEnterClinicianRated);
        Available = InstrumentLibrary.All.Where(i => i.Rater == Rater.Patient || clinical).ToList();
        if (string.IsNullOrEmpty(instrumentId)) return null;
        Instrument = InstrumentLibrary.Find(instrumentId);
        if (Instrument is null) return NotFound();
        // Clinician-rated scales (HAM-A, CADSS) are rated by clinicians only.
        if (Instrument.Rater != Rater.Patient && !clinical) return Forbid();
        return null;
    }
}
