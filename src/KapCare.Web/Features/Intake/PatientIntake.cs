using KapCare.Web.Data;

namespace KapCare.Web.Features.Intake;

public enum IntakeStatus
{
    /// <summary>Being filled in; saved as it is typed.</summary>
    InProgress = 0,
    /// <summary>The patient (or staff) said it is complete; it can still be corrected, and every change is audited.</summary>
    Submitted = 1,
}

/// <summary>
/// A patient's structured intake (one per patient), stored as the JSON of <see cref="KapCare.Clinical.Intake.IntakeForm"/>
/// so sections can be saved one at a time. The form is read back into typed records; the JSON never leaves the server.
/// </summary>
public sealed class PatientIntake : IVersioned
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public string FormJson { get; set; } = "{}";
    public IntakeStatus Status { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedByName { get; set; } = string.Empty;
    public DateTime? SubmittedAt { get; set; }
    public int Version { get; set; }
}
