using KapCare.Web.Data;

namespace KapCare.Web.Features.Measures;

public enum ResponseStatus
{
    /// <summary>Every required item answered; scored.</summary>
    Completed = 0,
    /// <summary>Stored as given, marked incomplete, never scored (REFERENCE.md §1).</summary>
    InProgress = 1,
    /// <summary>Withdrawn by a clinician with a reason; kept, shown struck through, replaced by a new response.</summary>
    EnteredInError = 2,
}

public enum ResponseSource
{
    Staff = 0,
    SecureLink = 1,
    Portal = 2,
    Api = 3,
    /// <summary>Answered on the public self-screen before registration, carried over when the consultation request became a patient.</summary>
    SelfScreen = 4,
}

/// <summary>
/// A submitted questionnaire (FHIR QuestionnaireResponse). Answers and scores cannot change after submission;
/// a wrong entry is marked entered-in-error (with a reason) and a new response replaces it.
/// </summary>
public sealed class QuestionnaireResponseRecord : IVersioned
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public string InstrumentId { get; set; } = string.Empty;
    public ResponseStatus Status { get; set; }
    public ResponseSource Source { get; set; }
    public DateTime AuthoredAt { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? EnteredByUserId { get; set; }
    /// <summary>linkId → score as JSON, e.g. {"1":2,"2":0}.</summary>
    public string AnswersJson { get; set; } = "{}";
    public int? Total { get; set; }
    public string? BandCode { get; set; }
    public string? BandLabel { get; set; }
    public string? ErrorReason { get; set; }
    public Guid? ReplacedById { get; set; }
    public int Version { get; set; }
}

public enum ObservationStatus
{
    Final = 0,
    EnteredInError = 1,
}

/// <summary>A score derived from a response (FHIR Observation, category survey): the total, or a subscale.</summary>
public sealed class ScoreObservation
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid ResponseId { get; set; }
    public string InstrumentId { get; set; } = string.Empty;
    public string CodeSystem { get; set; } = string.Empty;
    public string Code { get; set; } = string.Empty;
    public string Display { get; set; } = string.Empty;
    /// <summary>Null for the total; the subscale key (e.g. "anxiety", "B") otherwise.</summary>
    public string? Subscale { get; set; }
    /// <summary>The score; null where the result is a category (C-SSRS risk level), which is then in the band.</summary>
    public int? Value { get; set; }
    public string? BandCode { get; set; }
    public string? BandLabel { get; set; }
    public DateTime EffectiveAt { get; set; }
    public ObservationStatus Status { get; set; }
}

public enum AlertStatus
{
    Open = 0,
    Resolved = 1,
}

/// <summary>A safety alert for the care team (FHIR Flag while open). Resolving needs a note of the action taken.</summary>
public sealed class SafetyAlert : IVersioned
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid? ResponseId { get; set; }
    public string Code { get; set; } = string.Empty;
    public string Message { get; set; } = string.Empty;
    public string Source { get; set; } = string.Empty;
    public DateTime RaisedAt { get; set; }
    public AlertStatus Status { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedByUserId { get; set; }
    public string? ResolvedByName { get; set; }
    public string? ResolutionNote { get; set; }
    public int Version { get; set; }

    /// <summary>Why a resolution note is not enough, or null when it is: a resolution must say what was done.</summary>
    public static string? NoteProblem(string? note) =>
        string.IsNullOrWhiteSpace(note) || note.Trim().Length < 10
            ? "Describe the action taken (at least 10 characters), e.g. \"Called patient, safety plan reviewed, no intent\"."
            : null;

    public void Resolve(string note, string userId, string userName, DateTime nowUtc)
    {
        if (Status == AlertStatus.Resolved) throw new InvalidOperationException("This alert is already resolved.");
        if (NoteProblem(note) is { } problem) throw new ArgumentException(problem, nameof(note));
        Status = AlertStatus.Resolved;
        ResolvedAt = nowUtc;
        ResolvedByUserId = userId;
        ResolvedByName = userName;
        ResolutionNote = note.Trim();
    }
}

/// <summary>
/// A single-use, expiring link that lets a patient answer questionnaires on their phone without signing in.
/// Only a hash of the token is stored.
/// </summary>
public sealed class MeasureLink
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    /// <summary>Instrument ids to answer, in order, comma-separated.</summary>
    public string InstrumentIds { get; set; } = string.Empty;
    public string TokenHash { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
    public string? CreatedByUserId { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? ReminderDueAt { get; set; }
    public DateTime? ReminderSentAt { get; set; }

    public IReadOnlyList<string> Instruments => InstrumentIds.Split(',', StringSplitOptions.RemoveEmptyEntries);
    public bool IsUsableAt(DateTime nowUtc) => UsedAt is null && ExpiresAt > nowUtc;
}
