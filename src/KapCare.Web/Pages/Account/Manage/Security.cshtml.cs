using System.ComponentModel.DataAnnotations;
using System.Text;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Account.Manage;

/// <summary>TOTP two-factor (RFC 6238, via ASP.NET Core Identity's authenticator provider) and password change.</summary>
public sealed class SecurityModel(UserManager<KapCareUser> users, SignInManager<KapCareUser> signIn, AuditTrail audit) : PageModel
{
    public bool TwoFactorEnabled { get; private set; }
    public string SharedKey { get; private set; } = string.Empty;
    public string AuthenticatorUri { get; private set; } = string.Empty;
    public int RecoveryCodesLeft { get; private set; }
    public string[]? RecoveryCodes { get; private set; }

    [BindProperty, Display(Name = "Code from the app")] public string? Code { get; set; }
    [BindProperty] public PasswordInput Password { get; set; } = new();

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
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToArray();
        await audit.RecordAsync(AuditActions.UserTwoFactor, AuditOutcome.Success, "User", user.Id, detail: "new recovery codes");
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        ModelState.Remove(nameof(Code));
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
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? string.Empty;
        }
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        SharedKey = grouped.ToString().TrimEnd().ToLowerInvariant();
        // Key URI format: https://github.com/google/google-authenticator/wiki/Key-Uri-Format
        AuthenticatorUri = $"otpauth://totp/KapCare:{Uri.EscapeDataString(user.Email ?? user.Id)}?secret={key}&issuer=KapCare&digits=6";
    }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password."), DataType(DataType.Password), Display(Name = "Current password")]
        public string Current { get; set; } = string.Empty;

        [Required(ErrorMessage = "Choose a new password."), StringLength(200, MinimumLength = 12, ErrorMessage = "Use at least 12 characters."), DataType(DataType.Password), Display(Name = "New password")]
        public string New { get; set; } = string.Empty;
    }
}
