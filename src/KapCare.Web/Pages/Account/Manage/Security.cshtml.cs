using System.ComponentModel.DataAnnotations;
using System.Text;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Account.Manage;

/// <summary>
/// TOTP two-factor (RFC 6238, via ASP.NET Core Identity's authenticator provider) and password change. Also the page
/// <see cref="SignInObligations"/> sends a person to when their role requires two-factor and they have not enrolled.
/// Turning two-factor off, new recovery codes and a new key each need the password and a current code (issue 9,
/// finding 4): an open session or a copied cookie alone must not be able to remove or copy the second factor.
/// </summary>
public sealed class SecurityModel(UserManager<KapCareUser> users, SignInManager<KapCareUser> signIn, AuditTrail audit, SignInPolicies policies) : PageModel
{
    public bool TwoFactorEnabled { get; private set; }
    public bool TwoFactorRequired { get; private set; }
    public string? StepUpError { get; private set; }
    public string SharedKey { get; private set; } = string.Empty;
    public string AuthenticatorUri { get; private set; } = string.Empty;
    public int RecoveryCodesLeft { get; private set; }
    public string[]? RecoveryCodes { get; private set; }

    [BindProperty, Display(Name = "Code from the app")] public string? Code { get; set; }
    [BindProperty] public PasswordInput Password { get; set; } = new();
    [BindProperty] public StepUpInput StepUp { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        ModelState.Clear();
        var code = (Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "That code didn't match. Check the key in your app and type the code it shows now.");
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        await audit.RecordAsync(AuditActions.UserTwoFactor, AuditOutcome.Success, "User", user.Id, detail: "enabled");
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToArray();
        await signIn.RefreshSignInAsync(user);
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if ((await policies.CurrentAsync()).RequiresTwoFactor(User))
        {
            StepUpError = "Your role requires two-factor authentication, so it cannot be turned off. For a new phone, make a new key instead.";
            return await RefusedAsync(user, "turning off refused: required for the role");
        }
        if (await StepUpProblemAsync(user, allowRecoveryCode: false) is { } problem) return await RefusedAsync(user, problem);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync(AuditActions.UserTwoFactor, AuditOutcome.Success, "User", user.Id, detail: "disabled");
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "Two-factor authentication is off.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (await StepUpProblemAsync(user, allowRecoveryCode: false) is { } problem) return await RefusedAsync(user, problem);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToArray();
        await audit.RecordAsync(AuditActions.UserTwoFactor, AuditOutcome.Success, "User", user.Id, detail: "new recovery codes");
        ModelState.Clear();
        await LoadAsync(user);
        return Page();
    }

    /// <summary>
    /// A new key for a new phone: two-factor is off until the new key is confirmed with a code (and, for a role that
    /// requires it, nothing else opens until then). A recovery code may stand for the app's code here: it is how a
    /// person who lost their phone moves to a new one.
    /// </summary>
    public async Task<IActionResult> OnPostResetKeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (await StepUpProblemAsync(user, allowRecoveryCode: true) is { } problem) return await RefusedAsync(user, problem);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync(AuditActions.UserTwoFactor, AuditOutcome.Success, "User", user.Id, detail: "authenticator key reset");
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "Your old key no longer works. Add the new key below to your authenticator app and confirm it with a code.";
        return RedirectToPage();
    }

    /// <summary>The password (failures count toward the lockout, as at sign-in) and a current code; null when both are right.</summary>
    private async Task<string?> StepUpProblemAsync(KapCareUser user, bool allowRecoveryCode)
    {
        if (string.IsNullOrEmpty(StepUp.Password) || string.IsNullOrWhiteSpace(StepUp.Code))
            return StepUpError = "Enter your password and the code your authenticator app shows now.";
        var password = await signIn.CheckPasswordSignInAsync(user, StepUp.Password, lockoutOnFailure: true);
        if (!password.Succeeded)
            return StepUpError = password.IsLockedOut ? "Too many wrong passwords: the account is locked for 15 minutes." : "That password is not right.";
        var code = StepUp.Code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        var codeOk = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
            : allowRecoveryCode && (await users.RedeemTwoFactorRecoveryCodeAsync(user, code)).Succeeded;
        return codeOk ? null : StepUpError = "That code didn't work. Codes change every 30 seconds: type the one your app shows now.";
    }

    private async Task<IActionResult> RefusedAsync(KapCareUser user, string why)
    {
        await audit.RecordAsync(AuditActions.UserTwoFactor, AuditOutcome.Denied, "User", user.Id, detail: why);
        // The password-change form's fields were not part of this post; their "required" errors would only confuse.
        ModelState.Clear();
        await LoadAsync(user);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        ModelState.Remove(nameof(Code));
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("StepUp.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        if (!ModelState.IsValid) { await LoadAsync(user); return Page(); }
        var result = await users.ChangePasswordAsync(user, Password.Current, Password.New);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Password.Current" : "Password.New", error.Code == "PasswordMismatch" ? "The current password is not right." : error.Description);
            await LoadAsync(user);
            return Page();
        }
        await audit.RecordAsync(AuditActions.UserUpdate, AuditOutcome.Success, "User", user.Id, detail: "password changed");
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "Your password has been changed.";
        return RedirectToPage();
    }

    private async Task LoadAsync(KapCareUser user)
    {
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        TwoFactorRequired = (await policies.CurrentAsync()).RequiresTwoFactor(User);
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? string.Empty;
            // A new key renews the security stamp, which is checked on every request: re-issue this session's cookie with it.
            await signIn.RefreshSignInAsync(user);
        }
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        SharedKey = grouped.ToString().TrimEnd().ToLowerInvariant();
        // Key URI format: https://github.com/google/google-authenticator/wiki/Key-Uri-Format
        AuthenticatorUri = $"otpauth://totp/KapCare:{Uri.EscapeDataString(user.Email ?? user.Id)}?secret={key}&issuer=KapCare&digits=6";
    }

    public sealed class StepUpInput
    {
        [DataType(DataType.Password), Display(Name = "Your password")]
        public string? Password { get; set; }

        [Display(Name = "Code from the app")]
        public string? Code { get; set; }
    }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password."), DataType(DataType.Password), Display(Name = "Current password")]
        public string Current { get; set; } = string.Empty;

        [Required(ErrorMessage = "Choose a new password."), StringLength(200, MinimumLength = 12, ErrorMessage = "Use at least 12 characters."), DataType(DataType.Password), Display(Name = "New password")]
        public string New { get; set; } = string.Empty;
    }
}
