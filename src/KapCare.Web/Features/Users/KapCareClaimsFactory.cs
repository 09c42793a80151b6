using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Users;

/// <summary>Adds the person's display name to their sign-in, so every page can greet them without a query.</summary>
public sealed class KapCareClaimsFactory(UserManager<KapCareUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<KapCareUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "display_name";
    public const string PatientIdClaim = "patient_id";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(KapCareUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
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
