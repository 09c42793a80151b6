using System.ComponentModel.DataAnnotations;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Account;

public sealed class LoginModel(SignInManager<KapCareUser> signIn, UserManager<KapCareUser> users, AuditTrail audit) : PageModel
{
    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>Set by the idle-warning script when it leaves a page whose session ended.</summary>
    [BindProperty(SupportsGet = true)] public bool TimedOut { get; set; }
    public string? Message { get; private set; }
    public bool IsLockedOut { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is { IsActive: false })
        {
            await audit.RecordAsync(AuditActions.UserLogin, AuditOutcome.Denied, "User", user.Id, detail: "account deactivated");
            Message = "This account has been deactivated. Ask your clinic's administrator.";
            return Page();
        }

        // lockoutOnFailure: after 5 wrong passwords the account locks for 15 minutes (KapCareHost).
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.RecordAsync(AuditActions.UserLogin, AuditOutcome.Success, "User", user!.Id);
            return LocalRedirect(SafeReturnUrl());
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Account/LoginWith2fa", new { ReturnUrl = SafeReturnUrl() });

        await audit.RecordAsync(AuditActions.UserLogin, result.IsLockedOut ? AuditOutcome.Denied : AuditOutcome.Failure, "User", user?.Id,
            detail: result.IsLockedOut ? "locked out" : "wrong email or password");
        IsLockedOut = result.IsLockedOut;
        Message = result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes. Try again later, or ask an administrator to unlock it."
            : "That email and password don't match an account. Check them and try again.";
        return Page();
    }

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@clinic.org.")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = string.Empty;
    }
}
