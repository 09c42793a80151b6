using KapCare.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// The demo clinic's past: a clinic clock stopped at a given moment, so records made through the real handlers (decisions,
/// plans, dose changes) carry the dates they would have had, weeks before today.
/// </summary>
public static class DemoTime
{
    public static ClinicClock At(DateTime utc, IOptions<ClinicOptions> clinic) => new(new FixedTime(utc), clinic);

    /// <summary>A demo staff member as the handlers see them signed in: their id, email, name and role (the role gives the permissions).</summary>
    public static System.Security.Claims.ClaimsPrincipal Principal(Users.KapCareUser user, string role) => new(new System.Security.Claims.ClaimsIdentity(
    [
        new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, user.Id),
        new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Email, user.Email!),
        new System.Security.Claims.Claim(Users.KapCareClaimsFactory.DisplayNameClaim, user.DisplayName),
        new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, role),
    ], "demo"));

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
    }
}
