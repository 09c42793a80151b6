using System.Globalization;
using KapCare.Clinical.Instruments;
using KapCare.Clinical.SelfScreen;
using KapCare.Web.Features.Consultations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Screen;

/// <summary>
/// The public "Am I a candidate?" self-screen (issue 4, item 1): no sign-in, phone-first, works without JavaScript.
/// The result is computed from the posted form alone and nothing is stored; the answers travel on in hidden fields and
/// are kept only if the person sends a consultation request (docs/decisions/0009). Answers go by POST, never in the
/// address, so they do not end up in browser history or server logs.
/// </summary>
[AllowAnonymous]
public sealed partial class IndexModel(SubmitConsultationRequest submit) : PageModel
{
    public enum View
    {
        Questions = 0,
        Result = 1,
        RateLimited = 2,
    }

    public const string Gad7Prefix = "gad7";
    public const string YesNoPrefix = "q";
    public const string SelfHarmField = "selfharm";

    public View Showing { get; private set; }
    public SelfScreenAnswers Answers { get; private set; } = new(new Dictionary<string, int>(), new Dictionary<string, ScreenAnswer>(), null);
    public SelfScreenResult? Result { get; private set; }

    /// <summary>Unanswered questions, keyed as <see cref="SelfScreenAnswers.Missing"/> reports them.</summary>
    public IReadOnlySet<string> MissingAnswers { get; private set; } = new HashSet<string>();

    public IReadOnlyDictionary<string, string> RequestErrors { get; private set; } = new Dictionary<string, string>();
    public int RetryAfterMinutes { get; private set; }

    [BindProperty] public RequestForm Input { get; set; } = new();

    public static Instrument Gad7 => SelfScreenAssessment.Gad7;

    public void OnGet() => Showing = View.Questions;

    /// <summary>"See my result": everything answered shows the result; otherwise the questions again, with what is missing marked.</summary>
    public IActionResult OnPostResult()
    {
        Answers = ReadAnswers();
        var missing = Answers.Missing();
        if (missing.Count > 0) return Questions(missing);
        try
        {
            Result = SelfScreenAssessment.Assess(Answers);
        }
        catch (ArgumentException)
        {
            return Questions([]);
        }
        Showing = View.Result;
        return Page();
    }

    /// <summary>"Change my answers" on the result page: the questions again, as answered.</summary>
    public IActionResult OnPostEdit()
    {
        Answers = ReadAnswers();
        Showing = View.Questions;
        return Page();
    }

    public async Task<IActionResult> OnPostRequestAsync(CancellationToken ct)
    {
        Answers = ReadAnswers();
        var input = new ConsultationRequestInput(Input.Name, Input.Email, Input.Phone, Input.Times ?? [], Input.OtherTimes, Input.Note, Input.Agree, Input.Website);
        switch (await submit.HandleAsync(input, Answers, HttpContext.Connection.RemoteIpAddress, ct))
        {
            case ConsultationSubmitResult.Stored:
            case ConsultationSubmitResult.Discarded:
                return RedirectToPage("Sent");
            case ConsultationSubmitResult.RateLimited limited:
                Showing = View.RateLimited;
                RetryAfterMinutes = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalMinutes));
                Response.Headers.RetryAfter = Math.Ceiling(limited.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            case ConsultationSubmitResult.Invalid invalid:
                RequestErrors = invalid.Errors;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                if (Answers.Missing().Count > 0) return Questions(Answers.Missing());
                try
                {
                    Result = SelfScreenAssessment.Assess(Answers);
                }
                catch (ArgumentException)
                {
                    return Questions([]);
                }
                Showing = View.Result;
                return Page();
            default:
                throw new InvalidOperationException("The consultation request ended in an unexpected state.");
        }
    }

    public ScreenAnswer YesNoAnswer(string id) => Answers.YesNo.GetValueOrDefault(id);

    /// <summary>
    /// The reasons as the public reads them: several "not sure" answers become one sentence instead of a list of the
    /// same words, and citations lose the pointers into KapCare's own reference file, which mean nothing outside.
    /// </summary>
    public IReadOnlyList<(string Message, string Source)> PublicReasons()
    {
        var reasons = Result?.Reasons ?? [];
        var notSure = reasons.Where(r => r.Code.EndsWith(".not-sure", StringComparison.Ordinal)).ToList();
        var shown = new List<(string, string)>();
        foreach (var reason in reasons)
        {
            if (notSure.Count > 1 && notSure.Contains(reason))
            {
                if (reason != notSure[0]) continue;
                var labels = notSure.Select(r => SelfScreenQuestions.Find(r.Code[..^".not-sure".Length])!.ShortLabel).ToList();
                shown.Add(($"You weren't sure about {string.Join(", ", labels[..^1])} and {labels[^1]}. That's fine — a clinician will go through them with you.",
                    PublicSource(SelfScreenSources.NotSure)));
                continue;
            }
            shown.Add((reason.Message, PublicSource(reason.Source)));
        }
        return shown;
    }

    private static string PublicSource(string source) => ReferencePointer().Replace(source, string.Empty).Trim();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\(REFERENCE\.md[^)]*\)")]
    private static partial System.Text.RegularExpressions.Regex ReferencePointer();

    private PageResult Questions(IReadOnlyList<string> missing)
    {
        MissingAnswers = missing.ToHashSet(StringComparer.Ordinal);
        Showing = View.Questions;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Reads gad7[1]…gad7[7], q[id] and selfharm. An unreadable value is dropped, so it shows as unanswered.</summary>
    private SelfScreenAnswers ReadAnswers()
    {
        var gad7 = new Dictionary<string, int>();
        foreach (var item in Gad7.Items)
        {
            if (int.TryParse(Request.Form[$"{Gad7Prefix}[{item.LinkId}]"], NumberStyles.None, CultureInfo.InvariantCulture, out var score) && item.OptionFor(score) is not null)
                gad7[item.LinkId] = score;
        }
        var yesNo = new Dictionary<string, ScreenAnswer>();
        foreach (var question in SelfScreenQuestions.YesNo)
        {
            if (Enum.TryParse<ScreenAnswer>(Request.Form[$"{YesNoPrefix}[{question.Id}]"], ignoreCase: false, out var answer)
                && answer is ScreenAnswer.Yes or ScreenAnswer.No or ScreenAnswer.NotSure)
                yesNo[question.Id] = answer;
        }
        int? selfHarm = int.TryParse(Request.Form[SelfHarmField], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            && SelfScreenQuestions.SelfHarmOptions.Any(o => o.Score == s) ? s : null;
        return new SelfScreenAnswers(gad7, yesNo, selfHarm);
    }

    /// <summary>The consultation request form. <see cref="Website"/> is the honeypot, hidden from people and assistive technology.</summary>
    public sealed class RequestForm
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public List<string>? Times { get; set; }
        public string? OtherTimes { get; set; }
        public string? Note { get; set; }
        public bool Agree { get; set; }
        public string? Website { get; set; }
    }
}
