using System.Security.Claims;
using KapCare.Clinical.SelfScreen;
using KapCare.Web.Features.Consultations;
using KapCare.Web.Features.Users;

namespace KapCare.Web.Pages.Requests;

/// <summary>How the queue pages show a request's outcome, status and answers: words and icons with the colour (DESIGN.md).</summary>
public static class RequestView
{
    public static (string Label, string Css, string Icon) Outcome(SelfScreenOutcome outcome) => outcome switch
    {
        SelfScreenOutcome.LikelyCandidate => ("Likely candidate", "badge-outline-neutral", "ti-circle-check"),
        SelfScreenOutcome.TalkToUsFirst => ("Talk to us first", "badge-outline-amber", "ti-message-circle"),
        SelfScreenOutcome.ProbablyNotRight => ("Probably not right", "badge-outline-neutral", "ti-circle-minus"),
    };

    public static (string Label, string Css) Status(ConsultationStatus status) => status switch
    {
        ConsultationStatus.New => ("New", "badge-outline-amber"),
        ConsultationStatus.Contacted => ("Contacted", "badge-outline-neutral"),
        ConsultationStatus.Converted => ("Converted", "badge-outline-neutral"),
        ConsultationStatus.Declined => ("Declined", "badge-outline-neutral"),
    };

    public static string Answer(ScreenAnswer answer) => answer switch
    {
        ScreenAnswer.Yes => "Yes",
        ScreenAnswer.No => "No",
        ScreenAnswer.NotSure => "Not sure",
        ScreenAnswer.Unanswered => "Not answered",
    };

    /// <summary>The yes/no answers that raise something, e.g. "bipolar disorder: yes; heart disease, stroke or blood pressure: not sure".</summary>
    public static IReadOnlyList<string> Concerns(ConsultationRequest request)
    {
        var answers = request.Answers().YesNo;
        return SelfScreenQuestions.YesNo
            .Select(q => (q, a: answers.GetValueOrDefault(q.Id)))
            .Where(x => x.a != x.q.PassingAnswer)
            .Select(x => $"{x.q.ShortLabel}: {Answer(x.a).ToLowerInvariant()}")
            .ToList();
    }

    public static StaffMember Staff(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user."),
        user.DisplayName());
}
