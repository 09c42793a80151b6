using System.ComponentModel.DataAnnotations;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Account;

/// <summary>Second step of sign-in for staff who turned on TOTP two-factor authentication (RFC 6238).</summary>
public sealed class LoginWith2faModel(SignInManager<KapCareUser> signIn, AuditTrail audit) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter the code from your authenticator app."), Display(Name = "Authentication code")]
    public string Code { get; set; } = string.Empty;
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        if (!ModelState.IsValid) return Page();

        var code = Code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            await audit.RecordAsync(AuditActions.UserLogin, AuditOutcome.Success, "User", user.Id, detail: "with two-factor code");
            return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        await audit.RecordAsync(AuditActions.UserLogin, result.IsLockedOut ? AuditOutcome.Denied : AuditOutcome.Failure, "User", user.Id, detail: "wrong two-factor code");
        Message = result.IsLockedOut ? "Too many failed attempts: the account is locked for 15 minutes." : "That code didn't work. Codes change every 30 seconds: try the current one.";
        return Page();
    }
}
