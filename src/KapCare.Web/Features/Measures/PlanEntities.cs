using System.Text.Json;
using KapCare.Clinical.Measurement;
using KapCare.Web.Data;

namespace KapCare.Web.Features.Measures;

/// <summary>A patient's measurement plan: course dates and the rules (as JSON, the shape of <see cref="MeasurementRule"/>).</summary>
public sealed class MeasurementPlanRecord : IVersioned
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? CourseEndDate { get; set; }
    public string RulesJson { get; set; } = "[]";
    /// <summary>Raise a care-team task after this many missed measurements in a row (default 2).</summary>
    public int MissedInARowThreshold { get; set; } = 2;
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public MeasurementPlan ToPlan() => new(StartDate, CourseEndDate, JsonSerializer.Deserialize<List<MeasurementRule>>(RulesJson) ?? []);

    public static string Serialize(IEnumerable<MeasurementRule> rules) => JsonSerializer.Serialize(rules.ToList());
}

public enum CareTaskStatus
{
    Open = 0,
    Done = 1,
}

/// <summary>Work for the care team that the system noticed (e.g. "PHQ-9 missed twice in a row"). Raised once per occasion.</summary>
public sealed class CareTask : IVersioned
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    /// <summary>What raised it and for which occasion, unique per patient, so the sweep never raises it twice.</summary>
    public string Key { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
    public CareTaskStatus Status { get; set; }
    public DateTime? DoneAt { get; set; }
    public string? DoneByName { get; set; }
    public string? DoneNote { get; set; }
    public int Version { get; set; }
}
