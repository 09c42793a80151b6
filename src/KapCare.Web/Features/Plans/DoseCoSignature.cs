using KapCare.Clinical.Plans;
using KapCare.Web.Data;

namespace KapCare.Web.Features.Plans;

public enum CoSignatureKind
{
    /// <summary>A change of a signed plan's dose above the route's hard limit: the change is recorded when it is co-signed.</summary>
    DoseChange = 0,
    /// <summary>A dose written into a draft plan above the hard limit: the plan can be signed only once it is co-signed.</summary>
    PlannedDose = 1,
    /// <summary>A dose given at a dosing session above the hard limit and other than the co-signed plan's: co-signed at the chair.</summary>
    Administration = 2,
}

public enum CoSignatureStatus
{
    /// <summary>Waiting in the co-signature queue for a second prescriber.</summary>
    Pending = 0,
    /// <summary>A second prescriber co-signed it in their own authenticated act.</summary>
    CoSigned = 1,
    /// <summary>The requesting prescriber took it back before anyone co-signed.</summary>
    Withdrawn = 2,
}

public enum CoSignatureMethod
{
    /// <summary>The co-signer opened the queue in their own signed-in session.</summary>
    OwnSession = 0,
    /// <summary>The co-signer entered their own password and current authenticator code at the requesting prescriber's screen.</summary>
    AtRequestersScreen = 1,
}

/// <summary>
/// A dose above a hard limit and its co-signature (issue 9, item 1). The co-signature is an act of the co-signer: who
/// co-signed is always the person authenticated in that act (their session, or their password and code), never a
/// value typed into a form by someone else. It records the exact dose (rule, mg at which weight), the limit it passes,
/// both reasons, when, and from where. Only a pending request changes (to co-signed or withdrawn), and only once.
/// </summary>
public sealed class DoseCoSignature : IVersioned, ISealableRecord
{
    /// <summary>Settled once: only a pending request changes, to co-signed or withdrawn; none is ever deleted.</summary>
    public string? RefuseChange(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.State == Microsoft.EntityFrameworkCore.EntityState.Deleted || (CoSignatureStatus)entry.OriginalValues[nameof(Status)]! != CoSignatureStatus.Pending
            ? "A settled co-signature is immutable." : null;

    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid PlanId { get; set; }
    public CoSignatureKind Kind { get; set; }
    public decimal? DoseMgPerKg { get; set; }
    public decimal? DoseMg { get; set; }
    /// <summary>What would be given, in mg, as the calculator worked it out when the co-signature was asked for.</summary>
    public decimal CalculatedMg { get; set; }
    public decimal? WeightKg { get; set; }
    /// <summary>The calculator's sentence about the limit passed.</summary>
    public string LimitMessage { get; set; } = string.Empty;
    /// <summary>For a dose change: the dose it changes from, and the requester's reason for the change.</summary>
    public decimal? FromMgPerKg { get; set; }
    public decimal? FromMg { get; set; }
    public string RequestReason { get; set; } = string.Empty;
    /// <summary>Soft-limit warnings the requester acknowledged, one per line (null when there were none).</summary>
    public string? AcknowledgedWarnings { get; set; }
    public string RequestedByUserId { get; set; } = string.Empty;
    public string RequestedByName { get; set; } = string.Empty;
    public DateTime RequestedAt { get; set; }
    public CoSignatureStatus Status { get; set; }
    public CoSignatureMethod? Method { get; set; }
    public string? CoSignedByUserId { get; set; }
    public string? CoSignedByName { get; set; }
    public DateTime? CoSignedAt { get; set; }
    public string? CoSignReason { get; set; }
    public string? CoSignedFromIp { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public int Version { get; set; }

    public TemplateDose Dose => new(DoseMgPerKg, DoseMg);
    public TemplateDose? From => FromMgPerKg is null && FromMg is null ? null : new TemplateDose(FromMgPerKg, FromMg);

    public bool Covers(TemplateDose dose, decimal calculatedMg) =>
        Status == CoSignatureStatus.CoSigned && DoseMgPerKg == dose.MgPerKg && DoseMg == dose.FixedMg && CalculatedMg == calculatedMg;
}
