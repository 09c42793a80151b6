using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace KapCare.Web.Features.Users;

/// <summary>What a second person types at a colleague's screen: their own email, password and current authenticator code.</summary>
public sealed record SecondPersonCredentials(string? Email, string? Password, string? Code)
{
    public bool Given => !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrWhiteSpace(Password) || !string.IsNullOrWhiteSpace(Code);
}

/// <summary>
/// What the second person's act is, for the words a refusal uses and the audit entry it leaves: a dose co-signature
/// (docs/decisions/0014), a witnessed waste of a controlled substance (docs/decisions/0022).
/// </summary>
public sealed record SecondPersonAct(
    string Noun,
    string RefusedAction,
    string Permission,
    string ResourceType,
    string ResourceId,
    Guid? PatientId,
    string MissingCredentials,
    string WrongCredentials,
    string SamePerson,
    string LockedOut,
    string NoTwoFactor,
    string LacksPermission,
    string LacksPermissionAudit);

/// <summary>
/// Proves that a second person is present and acting, in their own authenticated act (never a name typed in a field):
/// an active user other than the one at the screen, with two-factor sign-in, whose password and current code are right
/// and who holds the act's permission. A wrong proof counts towards that person's lockout like a failed sign-in, and is
/// audited under them; the error never says which part was wrong.
/// </summary>
public sealed class SecondPersonVerification(KapCareDbContext db, AuditTrail audit, UserManager<KapCareUser> users)
{
    public async Task<(KapCareUser? Person, string? Problem)> VerifyAsync(SecondPersonCredentials credentials, string actingUserId, SecondPersonAct act, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(credentials.Email) || string.IsNullOrWhiteSpace(credentials.Password) || string.IsNullOrWhiteSpace(credentials.Code))
            return (null, act.MissingCredentials);
        var user = await users.FindByEmailAsync(credentials.Email.Trim());
        if (user is null || !user.IsActive)
        {
            await audit.RecordAsync(act.RefusedAction, AuditOutcome.Failure, act.ResourceType, act.ResourceId, act.PatientId, $"{act.Noun} not found or inactive", ct);
            return (null, act.WrongCredentials);
        }
        if (user.Id == actingUserId)
            return (null, act.SamePerson);
        if (await users.IsLockedOutAsync(user))
        {
            await RefusedAsAsync(user, act, $"{act.Noun} locked out", ct);
            return (null, act.LockedOut);
        }
        var code = credentials.Code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        var passwordOk = await users.CheckPasswordAsync(user, credentials.Password);
        var codeOk = passwordOk && await users.GetTwoFactorEnabledAsync(user)
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!passwordOk || !codeOk)
        {
            await users.AccessFailedAsync(user);
            await RefusedAsAsync(user, act, passwordOk ? "wrong or missing authenticator code" : "wrong password", ct);
            return (null, passwordOk && !await users.GetTwoFactorEnabledAsync(user) ? act.NoTwoFactor : act.WrongCredentials);
        }
        if (!Permissions.For(await users.GetRolesAsync(user)).Contains(act.Permission))
        {
            await RefusedAsAsync(user, act, act.LacksPermissionAudit, ct);
            return (null, act.LacksPermission);
        }
        await users.ResetAccessFailedCountAsync(user);
        return (user, null);
    }

    private Task RefusedAsAsync(KapCareUser user, SecondPersonAct act, string why, CancellationToken ct)
    {
        audit.AddAs(user.Id, user.Email ?? user.UserName ?? user.Id, act.RefusedAction, AuditOutcome.Failure, act.ResourceType, act.ResourceId, act.PatientId, why);
        return db.SaveChangesAsync(ct);
    }
}
