using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Users;

/// <summary>
/// Adds the person's display name to their sign-in, so every page can greet them without a query, and what they still
/// owe before they may use the app (<see cref="SignInObligations"/>). The principal is made at sign-in; every change of
/// what these claims carry changes the security stamp, which is checked on every request (SessionLifetime), so a session
/// with stale claims ends at its next request.
/// </summary>
public sealed class KapCareClaimsFactory(UserManager<KapCareUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<KapCareUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "display_name";
    public const string PatientIdClaim = "patient_id";
    public const string TwoFactorEnabledClaim = "two_factor_enabled";
    public const string PasswordChangeRequiredClaim = "password_change_required";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(KapCareUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        if (user.TwoFactorEnabled) identity.AddClaim(new Claim(TwoFactorEnabledClaim, "true"));
        if (user.PasswordChangeRequired) identity.AddClaim(new Claim(PasswordChangeRequiredClaim, "true"));
        if (user.PatientId is Guid patientId) identity.AddClaim(new Claim(PatientIdClaim, patientId.ToString()));
        return identity;
    }
}

public static class ClaimsPrincipalNames
{
    /// <summary>The name records show for the person acting: their display name, else their sign-in name.</summary>
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(KapCareClaimsFactory.DisplayNameClaim) ?? user.Identity?.Name ?? "unknown";
}
