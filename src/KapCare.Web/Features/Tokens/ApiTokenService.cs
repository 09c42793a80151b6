using System.Security.Cryptography;
using System.Text;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Tokens;

public sealed record CreatedToken(ApiToken Token, string Secret);

/// <summary>Creates, lists and revokes API bearer tokens; the secret exists only in the creator's hands.</summary>
public sealed class ApiTokenService(KapCareDbContext db, AuditTrail audit, ClinicClock clock, Microsoft.Extensions.Caching.Memory.IMemoryCache cache)
{
    public const string SecretPrefix = "kc_";
    public const string DefaultScopes = "user/*.read";

    /// <summary>
    /// A token lasts this long unless its creator says otherwise (issue 9, finding 6: tokens never expired by default).
    /// A bearer token is a password an integration keeps in a file; 90 days bounds the harm of one that leaked unnoticed
    /// (NIST SP 800-63B §5.1.1 asks no periodic change of memorised secrets, but a token is not memorised and is never
    /// re-checked by a person; 90 days follows the common "rotate machine credentials quarterly" practice).
    /// </summary>
    public const int DefaultExpiryDays = 90;

    public async Task<CreatedToken> CreateAsync(string userId, string name, string scopes, int? expiresInDays, CancellationToken ct = default)
    {
        var parsed = Scopes.Parse(scopes);
        if (parsed.Invalid.Count > 0)
            throw new ArgumentException($"Unknown scope(s): {string.Join(", ", parsed.Invalid)}. Use user/{{Resource or *}}.{{read, write or *}}, e.g. user/Patient.read, user/Observation.read, user/*.read or user/*.*; resources: " + string.Join(", ", Scopes.KnownResources.Where(r => r != "*")) + ".", nameof(scopes));
        expiresInDays ??= DefaultExpiryDays;
        if (expiresInDays is <= 0 or > 3650)
            throw new ArgumentOutOfRangeException(nameof(expiresInDays), "A token lasts between 1 and 3650 days.");

        var secret = SecretPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.UtcNow;
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = string.IsNullOrWhiteSpace(name) ? "API token" : name.Trim(),
            Prefix = secret[..10],
            SecretHash = Hash(secret),
            Scopes = string.Join(' ', parsed.Valid),
            CreatedAt = now,
            ExpiresAt = now.AddDays(expiresInDays.Value),
        };
        db.ApiTokens.Add(token);
        audit.Add(AuditActions.TokenCreate, AuditOutcome.Success, "ApiToken", token.Id.ToString(), detail: $"scopes {token.Scopes}");
        await db.SaveChangesAsync(ct);
        return new CreatedToken(token, secret);
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (token is null) return false;
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.UtcNow;
            audit.Add(AuditActions.TokenRevoke, AuditOutcome.Success, "ApiToken", id.ToString());
            await db.SaveChangesAsync(ct);
            cache.Remove(BearerTokenHandler.CacheKey(token.SecretHash));
        }
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// SMART on FHIR v1 style scopes (http://hl7.org/fhir/smart-app-launch/1.0.0/scopes-and-launch-context/):
/// <c>user/{Resource|*}.{read|write|*}</c>. A token can do no more than its user's roles allow; scopes only narrow.
/// </summary>
public static class Scopes
{
    /// <summary>
    /// The FHIR resource types, <c>Eligibility</c> for <c>POST /api/eligibility/evaluate</c> and <c>Dosing</c> for
    /// <c>POST /api/dosing/calculate</c> (reads: they store nothing), so a token scoped to one FHIR resource cannot call
    /// those APIs (issue 9, finding 6).
    /// </summary>
    public static readonly IReadOnlyList<string> KnownResources =
        ["Patient", "Questionnaire", "QuestionnaireResponse", "Observation", "Flag", "Consent", "CarePlan", "Encounter", "MedicationAdministration", "AdverseEvent", "Eligibility", "Dosing", "*"];

    public static (IReadOnlyList<string> Valid, IReadOnlyList<string> Invalid) Parse(string? scopes)
    {
        var valid = new List<string>();
        var invalid = new List<string>();
        foreach (var scope in (scopes ?? string.Empty).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsWellFormed(scope)) { if (!valid.Contains(scope)) valid.Add(scope); }
            else invalid.Add(scope);
        }
        if (valid.Count == 0 && invalid.Count == 0) valid.Add(ApiTokenService.DefaultScopes);
        return (valid, invalid);
    }

    public static bool Allows(IEnumerable<string> granted, string resource, bool write)
    {
        var access = write ? "write" : "read";
        return granted.Any(s => s == $"user/{resource}.{access}" || s == $"user/{resource}.*" || s == $"user/*.{access}" || s == "user/*.*");
    }

    private static bool IsWellFormed(string scope)
    {
        if (!scope.StartsWith("user/", StringComparison.Ordinal)) return false;
        var parts = scope[5..].Split('.');
        return parts.Length == 2 && KnownResources.Contains(parts[0]) && parts[1] is "read" or "write" or "*";
    }
}
