using KapCare.Web.Data;
namespace KapCare.Web.Features.Audit;

public enum AuditOutcome
{
    Success = 0,
    Failure = 1,
    Denied = 2,
}

/// <summary>
/// One read or write of patient data, or a security event: who, what, which record, when, from where,
/// how it ended. Append-only: the context refuses to update or delete an entry, and so do database triggers;
/// <see cref="Sequence"/> and <see cref="Hash"/> link it into a hash chain (<see cref="AuditChain"/>,
/// docs/decisions/0017-tamper-evident-audit.md) so a change made behind the app's back is found by <c>kapcare audit verify</c>.
/// </summary>
[AppendOnly("Audit entries are append-only: they cannot be changed or deleted.")]
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? UserId { get; set; }
    /// <summary>The actor's email as it was at the time (or "anonymous", or "cli:&lt;os user&gt;").</summary>
    public string Actor { get; set; } = string.Empty;
    /// <summary>Dotted verb, e.g. <c>patient.read</c>, <c>patient.update</c>, <c>user.login</c>.</summary>
    public string Action { get; set; } = string.Empty;
    public string? ResourceType { get; set; }
    public string? ResourceId { get; set; }
    public Guid? PatientId { get; set; }
    /// <summary>web, api or cli.</summary>
    public string Channel { get; set; } = string.Empty;
    public string? IpAddress { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Detail { get; set; }
    /// <summary>Position in the hash chain, 1, 2, 3, … without gaps; null only for entries written before the chain existed.</summary>
    public long? Sequence { get; set; }
    /// <summary>Lowercase hex SHA-256 over the previous entry's hash and this entry's canonical form (<see cref="AuditChain.Canonical"/>).</summary>
    public string? Hash { get; set; }
}
