using KapCare.Web.Data;

namespace KapCare.Web.Features.EmergencyAccess;

/// <summary>
/// A break-glass grant (docs/decisions/0020-emergency-access.md): one person may read one patient's clinical record,
/// read-only, from <see cref="StartedAt"/> until <see cref="ExpiresAt"/>, for the reason they gave. It stays on every
/// admin's home page until someone reviews it. Nothing about the grant changes after it starts except its review, once;
/// the context refuses anything else and every delete.
/// </summary>
public sealed class EmergencyAccess : IVersioned, ISealableRecord
{
    /// <summary>What reviewing a grant sets; nothing else about it ever changes.</summary>
    private static readonly HashSet<string> ReviewFields = [nameof(ReviewedAt), nameof(ReviewedByUserId), nameof(ReviewedByName), nameof(ReviewNote), nameof(Version)];

    /// <summary>A grant is evidence: never deleted, and only its review is ever added, once.</summary>
    public string? RefuseChange(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.State == Microsoft.EntityFrameworkCore.EntityState.Deleted
        || entry.OriginalValues[nameof(ReviewedAt)] is not null
        || entry.Properties.Any(p => p.IsModified && !ReviewFields.Contains(p.Metadata.Name))
            ? "An emergency access is immutable once started; only its review is recorded, once." : null;

    /// <summary>Long enough to say what happened and why ("paramedics asked for the medication list"), not a word.</summary>
    public const int MinReasonLength = 20;
    public const int MaxReasonLength = 500;
    public const int MaxReviewNoteLength = 500;

    private EmergencyAccess() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = string.Empty;
    /// <summary>The person's display name when they started it, as records show it.</summary>
    public string UserName { get; private set; } = string.Empty;
    public Guid PatientId { get; private set; }
    public string Reason { get; private set; } = string.Empty;
    public DateTime StartedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    public string? ReviewedByUserId { get; private set; }
    public string? ReviewedByName { get; private set; }
    public string? ReviewNote { get; private set; }
    public int Version { get; set; }

    public bool IsReviewed => ReviewedAt is not null;

    public bool IsActiveAt(DateTime nowUtc) => StartedAt <= nowUtc && nowUtc < ExpiresAt;

    /// <summary>What is wrong with a reason, in words, or null when it will do. The reason is judged trimmed.</summary>
    public static string? ReasonProblem(string? reason) => (reason?.Trim().Length ?? 0) switch
    {
        0 => "Say why you need the clinical record now (for example, who asked and what for).",
        < MinReasonLength => $"Say a little more: at least {MinReasonLength} characters, so the reviewer understands what happened.",
        > MaxReasonLength => $"Keep the reason to {MaxReasonLength} characters.",
        _ => null,
    };

    public static EmergencyAccess Start(string userId, string userName, Guid patientId, string reason, DateTime nowUtc, TimeSpan duration)
    {
        if (ReasonProblem(reason) is { } problem) throw new ArgumentException(problem, nameof(reason));
        if (duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "An emergency access lasts a positive time.");
        return new EmergencyAccess
        {
            Id = Guid.CreateVersion7(), UserId = userId, UserName = userName, PatientId = patientId, Reason = reason.Trim(),
            StartedAt = nowUtc, ExpiresAt = nowUtc + duration,
        };
    }

    /// <summary>Marks the grant reviewed; a grant is reviewed once, a second review throws.</summary>
    public void Review(string reviewerUserId, string reviewerName, string? note, DateTime nowUtc)
    {
        if (IsReviewed) throw new InvalidOperationException("This emergency access has already been reviewed.");
        ReviewedAt = nowUtc;
        ReviewedByUserId = reviewerUserId;
        ReviewedByName = reviewerName;
        ReviewNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }
}
