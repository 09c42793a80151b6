using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Intake;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Features.Intake;

/// <summary>
/// The intake pages of the portal and of the clinic share this: an overview of the five sections, and one section at a
/// time, autosaved by htmx on every change (the status line answers) and saved by its buttons without JavaScript.
/// </summary>
public abstract class IntakePageBase(IntakeService intakes, ClinicClock clock) : PageModel
{
    protected abstract bool ForPatient { get; }
    protected abstract string BaseUrl { get; }
    /// <summary>The patient whose intake this is, or null (→ 404).</summary>
    protected abstract Task<Guid?> ResolvePatientAsync(CancellationToken ct);

    public Guid PatientId { get; private set; }
    public PatientIntake? Record { get; private set; }
    public IntakeForm Form { get; private set; } = new();
    public IntakeEditor? Editor { get; private set; }
    public IReadOnlyList<IntakeProblem> Problems { get; private set; } = [];
    public string? SaveStatus { get; private set; }
    public bool AllComplete => Enum.GetValues<IntakeSectionId>().All(Form.IsComplete);
    public ClinicClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(string? section, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (section is null) return Page();
        if (IntakeEditor.FromSlug(section) is not { } id) return NotFound();
        Editor = EditorFor(id, Form, []);
        return Page();
    }

    /// <summary>Saves the posted section. <paramref name="go"/>: "next", "overview", or empty to stay (htmx autosave).</summary>
    public async Task<IActionResult> OnPostSaveAsync(string? section, string? go, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (IntakeEditor.FromSlug(section) is not { } id) return NotFound();
        var htmx = Request.Headers.ContainsKey("HX-Request");
        var (submitted, parseProblems) = IntakeFormBinder.Read(id, Request.Form, Form);
        IReadOnlyList<IntakeProblem> problems = parseProblems;
        if (problems.Count == 0)
        {
            switch (await intakes.SaveSectionAsync(PatientId, id, submitted, User, ct: ct))
            {
                case IntakeSaveResult.Saved saved:
                    Record = saved.Intake;
                    Form = saved.Form;
                    if (htmx) return StatusFragment($"Saved {clock.ToLocal(saved.Intake.UpdatedAt):HH:mm}", []);
                    TempData["Flash"] = $"{IntakeForm.Title(id)} saved.";
                    var next = new IntakeEditor { Form = Form, Section = id, ForPatient = ForPatient, BaseUrl = BaseUrl }.Next;
                    return Redirect(go switch
                    {
                        "next" when next is { } n => $"{BaseUrl}/{IntakeEditor.Slug(n)}",
                        "next" or "overview" => BaseUrl,
                        _ => $"{BaseUrl}/{IntakeEditor.Slug(id)}",
                    });
                case IntakeSaveResult.Invalid invalid:
                    problems = invalid.Problems;
                    break;
                case IntakeSaveResult.PatientNotFound:
                    return NotFound();
            }
        }
        if (htmx) return StatusFragment(null, problems);
        // Without JavaScript the page comes back with the typed values and each error next to its field; nothing was saved.
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Editor = EditorFor(id, submitted, problems);
        Problems = problems;
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!AllComplete)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            SaveStatus = "Some sections still have unanswered questions: finish them first.";
            return Page();
        }
        await intakes.SaveSectionAsync(PatientId, IntakeSectionId.Support, Form, User, submit: true, ct);
        TempData["Flash"] = ForPatient ? "Thank you — your intake has been sent to your care team." : "Intake marked complete.";
        return Redirect(BaseUrl);
    }

    private IntakeEditor EditorFor(IntakeSectionId id, IntakeForm form, IReadOnlyList<IntakeProblem> problems) =>
        new() { Form = form, Section = id, Problems = problems, ForPatient = ForPatient, BaseUrl = BaseUrl, Record = Record };

    private ContentResult StatusFragment(string? saved, IReadOnlyList<IntakeProblem> problems)
    {
        var html = saved is not null
            ? $"<span class=\"text-success\"><i class=\"ti ti-circle-check\" aria-hidden=\"true\"></i> {System.Net.WebUtility.HtmlEncode(saved)}</span>"
            : "<span class=\"text-danger\"><i class=\"ti ti-alert-triangle\" aria-hidden=\"true\"></i> Not saved: "
              + string.Join(" ", problems.Select(p => System.Net.WebUtility.HtmlEncode(p.Message))) + "</span>";
        return Content(html, "text/html; charset=utf-8");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await ResolvePatientAsync(ct) is not { } id) return false;
        PatientId = id;
        (Record, Form) = await intakes.GetAsync(id, ct);
        return true;
    }
}
