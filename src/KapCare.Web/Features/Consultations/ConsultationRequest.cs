using System.Text.Json;
using System.Text.Json.Serialization;
using KapCare.Clinical.SelfScreen;
using KapCare.Web.Data;

namespace KapCare.Web.Features.Consultations;

/// <summary>Where a consultation request is in the front desk's queue. Converted and Declined are final.</summary>
public enum ConsultationStatus
{
    New = 0,
    Contacted = 1,
    Converted = 2,
    Declined = 3,
}

/// <summary>
/// A person's request for a consultation, sent from the public self-screen with their answers. It exists only because
/// they chose to send it: a self-screen that is not sent is never stored (docs/decisions/0009). The answers are kept
/// as given and the outcome as the self-screen computed it when sent; both are read-only. Status changes only through
/// the transition methods, and each illegal one throws.
/// </summary>
public sealed class ConsultationRequest : IVersioned
{
    public const int MaxNameLength = 200;
    public const int MaxPreferredTimesLength = 500;
    public const int MaxNoteLength = 2000;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private ConsultationRequest() { }

    public Guid Id { get; private set; }
    public DateTime SubmittedAt { get; private set; }
    public string Name { get; private set; } = string.Empty;
    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    public string? PreferredTimes { get; private set; }
    public string? Note { get; private set; }

    /// <summary>GAD-7 answers, LinkId → score, e.g. {"1":2,"2":1}: the same shape as a stored questionnaire response.</summary>
    public string Gad7AnswersJson { get; private set; } = "{}";

    /// <summary>The yes/no answers, question id → answer name, e.g. {"heart":"NotSure"}.</summary>
    public string ScreenAnswersJson { get; private set; } = "{}";

    /// <summary>The self-harm question (PHQ-9 item 9 wording), 0–3.</summary>
    public int SelfHarmAnswer { get; private set; }

    public int Gad7Total { get; private set; }
    public string Gad7BandCode { get; private set; } = string.Empty;
    public SelfScreenOutcome Outcome { get; private set; }
    public bool ShowedCrisisResources { get; private set; }

    public ConsultationStatus Status { get; private set; }
    public DateTime? ContactedAt { get; private set; }
    public string? ContactedByUserId { get; private set; }
    public string? ContactedByName { get; private set; }
    public string? ContactNote { get; private set; }
    /// <summary>When the request was converted or declined, by whom, and (for a decline) why.</summary>
    public DateTime? ClosedAt { get; private set; }
    public string? ClosedByUserId { get; private set; }
    public string? ClosedByName { get; private set; }
    public string? ClosedNote { get; private set; }
    /// <summary>The patient registered from this request, once converted.</summary>
    public Guid? PatientId { get; private set; }
    public int Version { get; set; }

    public bool IsOpen => Status is ConsultationStatus.New or ConsultationStatus.Contacted;

    /// <summary>A request from valid contact details and complete answers; the outcome is computed here, never taken from the form.</summary>
    public static ConsultationRequest Submit(ConsultationContact contact, SelfScreenAnswers answers, DateTime nowUtc)
    {
        var result = SelfScreenAssessment.Assess(answers);
        return new ConsultationRequest
        {
            Id = Guid.CreateVersion7(),
            SubmittedAt = nowUtc,
            Name = contact.Name,
            Email = contact.Email,
            Phone = contact.Phone,
            PreferredTimes = contact.PreferredTimes,
            Note = contact.Note,
            Gad7AnswersJson = JsonSerializer.Serialize(answers.Gad7.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary()),
            ScreenAnswersJson = JsonSerializer.Serialize(
                SelfScreenQuestions.YesNo.ToDictionary(q => q.Id, q => answers.YesNo[q.Id]), Json),
            SelfHarmAnswer = answers.SelfHarm!.Value,
            Gad7Total = result.Gad7Total,
            Gad7BandCode = result.Gad7Band.Code,
            Outcome = result.Outcome,
            ShowedCrisisResources = result.ShowCrisisResources,
            Status = ConsultationStatus.New,
            Version = 1,
        };
    }

    public SelfScreenAnswers Answers() => new(
        JsonSerializer.Deserialize<Dictionary<string, int>>(Gad7AnswersJson) ?? [],
        JsonSerializer.Deserialize<Dictionary<string, ScreenAnswer>>(ScreenAnswersJson, Json) ?? [],
        SelfHarmAnswer);

    /// <summary>The self-screen's reasons for these answers, as the person saw them.</summary>
    public SelfScreenResult Assessment() => SelfScreenAssessment.Assess(Answers());

    public void MarkContacted(string? note, string userId, string userName, DateTime nowUtc)
    {
        if (Status != ConsultationStatus.New)
            throw new InvalidOperationException($"Only a new request can be marked contacted; this one is {Status.ToString().ToLowerInvariant()}.");
        Status = ConsultationStatus.Contacted;
        ContactedAt = nowUtc;
        ContactedByUserId = userId;
        ContactedByName = userName;
        ContactNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }

    /// <summary>Why a decline note is not enough, or null when it is: a decline must say why, for the person and the record.</summary>
    public static string? DeclineNoteProblem(string? note) =>
        string.IsNullOrWhiteSpace(note) || note.Trim().Length < 5
            ? "Say why the request is declined (at least 5 characters), e.g. \"Active psychosis history: referred to their psychiatrist\"."
            : note.Trim().Length > MaxNoteLength ? $"Keep the note to {MaxNoteLength} characters." : null;

    public void Decline(string note, string userId, string userName, DateTime nowUtc)
    {
        if (!IsOpen) throw new InvalidOperationException($"This request is already {Status.ToString().ToLowerInvariant()}.");
        if (DeclineNoteProblem(note) is { } problem) throw new ArgumentException(problem, nameof(note));
        Status = ConsultationStatus.Declined;
        Close(note.Trim(), userId, userName, nowUtc);
    }

    public void Convert(Guid patientId, string userId, string userName, DateTime nowUtc)
    {
        if (!IsOpen) throw new InvalidOperationException($"This request is already {Status.ToString().ToLowerInvariant()}.");
        Status = ConsultationStatus.Converted;
        PatientId = patientId;
        Close(null, userId, userName, nowUtc);
    }

    private void Close(string? note, string userId, string userName, DateTime nowUtc)
    {
        ClosedAt = nowUtc;
        ClosedByUserId = userId;
        ClosedByName = userName;
        ClosedNote = note;
    }
}
