using System.Security.Claims;
using KapCare.Clinical.Instruments;
using KapCare.Web.Features.Measures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Portal;

/// <summary>A signed-in patient answers a self-report questionnaire; a safety answer shows crisis resources at once.</summary>
public sealed class AnswerModel(SubmitResponse submit) : PageModel
{
    public Instrument Instrument { get; private set; } = null!;
    public IReadOnlyDictionary<string, int> Answers { get; private set; } = new Dictionary<string, int>();
    public string? Error { get; private set; }

    public IActionResult OnGet(string instrument) => Load(instrument) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string instrument, [FromForm] Dictionary<string, int> answers, CancellationToken ct)
    {
        if (!Load(instrument)) return NotFound();
        Answers = answers;
        if (!ModelState.IsValid) { Error = "Some answers could not be read. Please choose them again."; return Page(); }
        var result = await submit.HandleAsync(new ResponseSubmission(PortalPatient.Id(User), Instrument, answers, ResponseSource.Portal, null, User.FindFirstValue(ClaimTypes.NameIdentifier)), ct);
        switch (result)
        {
            case SubmissionResult.Stored stored:
                TempData["Flash"] = "Thank you — your answers are with your care team.";
                if (stored.Alerts.Count > 0) TempData["Crisis"] = true;
                return RedirectToPage("/Portal/Index");
            case SubmissionResult.Invalid:
                Error = "Some answers could not be read. Please choose them again.";
                return Page();
            default:
                return NotFound();
        }
    }

    private bool Load(string instrumentId)
    {
        var instrument = InstrumentLibrary.Find(instrumentId);
        if (instrument is null || instrument.Rater != Rater.Patient) return false;
        Instrument = instrument;
        return true;
    }
}
