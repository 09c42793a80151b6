using KapCare.Clinical.Dosing;
using Route = KapCare.Clinical.Dosing.Route;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace KapCare.Web.Features.Sessions;

/// <summary>
/// The administration record of a session (issue 10, item 3): what the plan asked for at today's dosing weight, what was
/// given, from which lot, when, and — where it differs from the plan — why and who co-signed. Written when dosing starts,
/// completed when it stops; once complete it never changes (an amendment on the signed session says what was wrong).
/// </summary>
public sealed class MedicationAdministration : IVersioned, ISealableRecord
{
    public const int MaxTextLength = 2000;

    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid PatientId { get; set; }
    public Guid PlanId { get; set; }
    public Route Route { get; set; }
    /// <summary>The ledger product (Features/Ledger/ControlledProducts).</summary>
    public string ProductCode { get; set; } = string.Empty;
    /// <summary>The plan's dose rule at the time: "0.5 mg/kg" or "56 mg".</summary>
    public string PlannedRule { get; set; } = string.Empty;
    /// <summary>The plan's dose worked out by the calculator for <see cref="WeightKg"/>.</summary>
    public decimal PlannedMg { get; set; }
    /// <summary>The clinician-recorded dosing weight the dose was calculated from (issue 9, item 3).</summary>
    public decimal? WeightKg { get; set; }
    /// <summary>The dose prepared and started: the plan's, or another with <see cref="ReasonOutsidePlan"/>.</summary>
    public decimal OrderedMg { get; set; }
    public string? ReasonOutsidePlan { get; set; }
    /// <summary>Soft-limit and rounding warnings the nurse acknowledged, one per line.</summary>
    public string? AcknowledgedWarnings { get; set; }
    /// <summary>Above a hard limit: the co-signature (a <see cref="Plans.DoseCoSignature"/> of kind Administration).</summary>
    public Guid? CoSignatureId { get; set; }
    public string? CoSignedByName { get; set; }
    /// <summary>Vial routes: the volume drawn, mL.</summary>
    public decimal? DrawnVolumeMl { get; set; }
    /// <summary>IV: the pump rate the calculator set, mL/h.</summary>
    public decimal? PumpRateMlPerHour { get; set; }
    public int? InfusionMinutes { get; set; }
    /// <summary>Esketamine: the devices the dose takes.</summary>
    public int? Devices { get; set; }
    public string Preparation { get; set; } = string.Empty;
    public DateTime StartedAt { get; set; }
    public DateTime? StoppedAt { get; set; }
    /// <summary>What the patient received: <see cref="OrderedMg"/>, or less when stopped early (with <see cref="StopReason"/>).</summary>
    public decimal? GivenMg { get; set; }
    public string? StopReason { get; set; }
    public string RecordedByUserId { get; set; } = string.Empty;
    public string RecordedByName { get; set; } = string.Empty;
    public string? StoppedByUserId { get; set; }
    public string? StoppedByName { get; set; }
    public int Version { get; set; }

    public bool IsComplete => StoppedAt is not null;

    public string? RefuseChange(EntityEntry entry) =>
        entry.State == EntityState.Deleted ? "An administration record is never deleted."
        : entry.OriginalValues[nameof(StoppedAt)] is not null ? "A completed administration record is immutable: amend the signed session."
        : null;
}

/// <summary>What an administration drew from a ledger lot, and the ledger entry that recorded it (the same transaction).</summary>
[AppendOnly("What was drawn from a lot is in the ledger: it never changes.")]
public sealed class AdministrationSupply
{
    public Guid Id { get; set; }
    public Guid AdministrationId { get; set; }
    public Guid LotId { get; set; }
    public string LotNumber { get; set; } = string.Empty;
    public DateOnly Expiry { get; set; }
    /// <summary>In the product's ledger unit: mL for vials, whole troches or devices.</summary>
    public decimal Quantity { get; set; }
    public Guid LedgerEntryId { get; set; }
    public DateTime At { get; set; }
}

public enum AdministrationEventKind { Paused, Resumed, Device }

/// <summary>An interruption of an infusion (with its reason), its resumption, or one esketamine device used.</summary>
[AppendOnly("An administration's events are immutable.")]
public sealed class AdministrationEvent
{
    public Guid Id { get; set; }
    public Guid AdministrationId { get; set; }
    public AdministrationEventKind Kind { get; set; }
    public DateTime At { get; set; }
    public int? DeviceNumber { get; set; }
    public string? Reason { get; set; }
    public string ByUserId { get; set; } = string.Empty;
    public string ByName { get; set; } = string.Empty;
}

/// <summary>One answer on the discharge checklist, with who and when; the latest of each item counts.</summary>
[AppendOnly("A recorded discharge check is immutable: record it again.")]
public sealed class SessionDischargeCheck
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public DischargeItem Item { get; set; }
    public bool Value { get; set; }
    public DateTime RecordedAt { get; set; }
    public string RecordedByUserId { get; set; } = string.Empty;
    public string RecordedByName { get; set; } = string.Empty;
}

/// <summary>
/// An adverse event at the chair (issue 10, item 5), coded from REFERENCE.md §4's list. Append-only: a change of outcome
/// (resolved at 11:40) is a new row that <see cref="SupersedesId">supersedes</see> the previous one, so the chart keeps both.
/// </summary>
[AppendOnly("A recorded adverse event is immutable: record an update.")]
public sealed class SessionAdverseEvent
{
    public const int MaxTextLength = 2000;

    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid PatientId { get; set; }
    /// <summary>The first record of this event; an update carries it forward.</summary>
    public Guid EventId { get; set; }
    public Guid? SupersedesId { get; set; }
    public AdverseEventKind Kind { get; set; }
    public AdverseEventSeverity Severity { get; set; }
    public bool Serious { get; set; }
    public DateTime OnsetAt { get; set; }
    public string ActionTaken { get; set; } = string.Empty;
    public AdverseEventOutcome Outcome { get; set; }
    public DateTime RecordedAt { get; set; }
    public string RecordedByUserId { get; set; } = string.Empty;
    public string RecordedByName { get; set; } = string.Empty;
}

/// <summary>An amendment of a signed session: the original stays as it was signed; this says what was wrong, by whom, when.</summary>
[AppendOnly("An amendment is immutable: add another.")]
public sealed class SessionAmendment
{
    public const int MinimumLength = 10, MaxLength = 4000;

    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public string Text { get; set; } = string.Empty;
    public DateTime At { get; set; }
    public string ByUserId { get; set; } = string.Empty;
    public string ByName { get; set; } = string.Empty;
}
