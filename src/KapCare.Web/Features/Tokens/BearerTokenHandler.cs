using System.Security.Claims;
using System.Text.Encodings.Web;
using KapCare.Web.Data;
using KapCare.Web.Fhir;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Tokens;

/// <summary>
/// Authenticates <c>Authorization: Bearer kc_…</c> against the stored hashes. Challenges and refusals
/// answer with a FHIR OperationOutcome, since the API's clients speak FHIR.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    KapCareDbContext db, ClinicClock clock, IUserClaimsPrincipalFactory<KapCareUser> principals, IMemoryCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string ScopeClaim = "scope";

    /// <summary>
    /// How long a checked token's principal is reused. Six queries per call (token, user, claims, roles) halved the
    /// submission rate; a revocation on this instance takes effect at once (the entry is evicted), elsewhere and for
    /// role changes or deactivation within this time — shorter than the web sign-in's 5-minute stamp check.
    /// </summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public static string CacheKey(string secretHash) => "bearer:" + secretHash;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(ApiTokenService.SecretPrefix, StringComparison.Ordinal))
            return AuthenticateResult.Fail("Not a KapCare token.");

        var hash = ApiTokenService.Hash(secret);
        var now = clock.UtcNow;
        if (cache.TryGetValue(CacheKey(hash), out ClaimsPrincipal? remembered) && remembered is not null)
            return AuthenticateResult.Success(new AuthenticationTicket(remembered.Clone(), SchemeName));
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.SecretHash == hash, Context.RequestAborted);
        if (token is null || !token.IsUsableAt(now)) return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId, Context.RequestAborted);
        if (user is null || !user.IsActive || (user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow))
            return AuthenticateResult.Fail("The token's user cannot sign in.");

        // Record use at most once a minute, so a busy integration does not write on every call.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var principal = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaims(token.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(ScopeClaim, s)));
        identity.AddClaim(new Claim("token_id", token.Id.ToString()));
        var authenticated = new ClaimsPrincipal(identity);
        var until = now.Add(CacheFor);
        if (token.ExpiresAt is { } expires && expires < until) until = expires;
        cache.Set(CacheKey(hash), authenticated.Clone(), new DateTimeOffset(until, TimeSpan.Zero));
        return AuthenticateResult.Success(new AuthenticationTicket(authenticated, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"KapCare\"";
        await RefuseAsync(StatusCodes.Status401Unauthorized, "login",
            "Send a valid API token: Authorization: Bearer <token> (create one with `kapcare token create`).");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await RefuseAsync(StatusCodes.Status403Forbidden, "forbidden",
            "This token or its user is not allowed to do this. Check the token's scopes and the user's role.");

    /// <summary>FHIR clients get an OperationOutcome; the REST API answers with ProblemDetails (RFC 9457).</summary>
    private async Task RefuseAsync(int status, string fhirCode, string message)
    {
        if (Request.Path.StartsWithSegments("/fhir"))
        {
            await FhirResults.WriteOutcomeAsync(Context, status, OperationOutcome.Error(fhirCode, message));
            return;
        }
        Response.StatusCode = status;
        await Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = status == StatusCodes.Status401Unauthorized ? "Not signed in" : "Not allowed",
            Detail = message,
        }, options: null, contentType: "application/problem+json", Context.RequestAborted);
    }
}
