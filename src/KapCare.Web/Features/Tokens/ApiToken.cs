namespace KapCare.Web.Features.Tokens;

/// <summary>
/// A bearer token for the REST and FHIR APIs. Only a SHA-256 hash of the secret is stored; the secret
/// is shown once, when it is created.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    /// <summary>The first characters of the secret, so people can tell their tokens apart.</summary>
    public string Prefix { get; set; } = string.Empty;
    public string SecretHash { get; set; } = string.Empty;
    /// <summary>Space-separated SMART-style scopes, e.g. <c>user/Patient.read user/Patient.write</c>.</summary>
    public string Scopes { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    public bool IsUsableAt(DateTime nowUtc) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > nowUtc);
}
