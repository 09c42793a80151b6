using System.Text.Json;
using System.Text.Json.Serialization;
using KapCare.Clinical.Plans;
using KapCare.Web.Data;

namespace KapCare.Web.Features.Plans;

public enum PlanStatus
{
    /// <summary>Being built: the prescriber adjusts it and the therapist chooses the modalities.</summary>
    Draft = 0,
    /// <summary>Signed by a prescriber: immutable; changed only by signing a new version.</summary>
    Signed = 1,
    /// <summary>A signed plan replaced by a newer signed version.</summary>
    Superseded = 2,
}

/// <summary>One adjunct modality as planned: suggested by the intake or added by the therapist, accepted or not, and why.</summary>
public sealed record PlannedModality(Modality Modality, bool Suggested, string Why, string? Source, bool Accepted);

/// <summary>
/// A patient's treatment plan, one row per version. A signed version is immutable (the database context refuses any change
/// but its superseding); revising a signed plan starts a new draft version that must be signed in turn.
/// </summary>
public sealed class TreatmentPlanRecord : IVersioned, ISealableRecord
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    /// <summary>1, 2, 3 … per patient.</summary>
    public int PlanVersion { get; set; }
    public PlanStatus Status { get; set; }
    public string TemplateId { get; set; } = string.Empty;
    public int TemplateVersion { get; set; }
    /// <summary>The protocol as adjusted for this patient (<see cref="ProtocolTemplate"/> JSON).</summary>
    public string ProtocolJson { get; set; } = "{}";
    public DateOnly FirstDosingDate { get; set; }
    public string SessionsJson { get; set; } = "[]";
    public string ModalitiesJson { get; set; } = "[]";
    public string NotesJson { get; set; } = "[]";
    public string? ModalityNote { get; set; }
    /// <summary>Weight (kg) and age used to build the plan, from the intake and the birth date that day.</summary>
    public decimal? WeightKg { get; set; }
    public int AgeYears { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedByName { get; set; } = string.Empty;
    public DateTime? SignedAt { get; set; }
    public string? SignedByUserId { get; set; }
    public string? SignedByName { get; set; }
    /// <summary>The planned doses' soft-limit warnings the signing prescriber acknowledged, one per line.</summary>
    public string? AcknowledgedWarnings { get; set; }
    public DateTime? SupersededAt { get; set; }
    public int Version { get; set; }

    public ProtocolTemplate Protocol => JsonSerializer.Deserialize<ProtocolTemplate>(ProtocolJson, Json)!;
    public IReadOnlyList<PlannedSession> Sessions => JsonSerializer.Deserialize<List<PlannedSession>>(SessionsJson, Json) ?? [];
    public IReadOnlyList<PlannedModality> Modalities => JsonSerializer.Deserialize<List<PlannedModality>>(ModalitiesJson, Json) ?? [];
    public IReadOnlyList<string> Notes => JsonSerializer.Deserialize<List<string>>(NotesJson, Json) ?? [];

    /// <summary>
    /// A draft may change freely and be deleted; a signed plan changes only by becoming superseded (issue 5: "a signed
    /// plan changes only by a new signed version"); a superseded plan not at all.
    /// </summary>
    public string? RefuseChange(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry)
    {
        var original = (PlanStatus)entry.OriginalValues[nameof(Status)]!;
        if (original == PlanStatus.Draft) return null;
        if (entry.State == Microsoft.EntityFrameworkCore.EntityState.Deleted) return "A signed treatment plan cannot be deleted.";
        var superseding = original == PlanStatus.Signed && Status == PlanStatus.Superseded
            && entry.Properties.All(p => !p.IsModified || p.Metadata.Name is nameof(Status) or nameof(SupersededAt) or nameof(Version));
        return superseding ? null : "A signed treatment plan is immutable: revise it as a new version.";
    }
}
