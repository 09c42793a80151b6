using System.ComponentModel.DataAnnotations;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Account;

/// <summary>
/// The first page after signing in with a password an administrator set (<see cref="KapCareUser.PasswordChangeRequired"/>):
/// nothing else opens until the person has chosen their own (<see cref="SignInObligations"/>).
/// </summary>
public sealed class ChangePasswordModel(UserManager<KapCareUser> users, SignInManager<KapCareUser> signIn, AuditTrail audit) : PageModel
{
    [BindProperty] public ChangeInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        return user.PasswordChangeRequired ? Page() : RedirectToPage("/Account/Manage/Security");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!user.PasswordChangeRequired) return RedirectToPage("/Account/Manage/Security");
        if (ModelState.IsValid && string.Equals(Input.NewPassword, Input.CurrentPassword, StringComparison.Ordinal))
            ModelState.AddModelError("Input.NewPassword", "Choose a password different from the temporary one: your administrator knows that one.");
        if (!ModelState.IsValid) return Invalid();

        // ChangePasswordAsync saves the user once it succeeds, with the flag cleared; it also renews the security stamp,
        // which ends any other session opened with the temporary password.
        user.PasswordChangeRequired = false;
        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            user.PasswordChangeRequired = true;
            foreach (var error in result.Errors)
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Input.CurrentPassword" : "Input.NewPassword",
                    error.Code == "PasswordMismatch" ? "That is not the temporary password you signed in with." : error.Description);
            return Invalid();
        }
        await audit.RecordAsync(AuditActions.UserUpdate, AuditOutcome.Success, "User", user.Id, detail: "temporary password replaced");
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "Your password has been changed.";
        return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public sealed class ChangeInput
    {
        [Required(ErrorMessage = "Enter the temporary password you signed in with."), DataType(DataType.Password), Display(Name = "Temporary password")]
        public string CurrentPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "Choose a new password."), StringLength(200, MinimumLength = 12, ErrorMessage = "Use at least 12 characters."), DataType(DataType.Password), Display(Name = "New password")]
        public string NewPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "Type the new password again."), Compare(nameof(NewPassword), ErrorMessage = "The two passwords are not the same."), DataType(DataType.Password), Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = string.Empty;
    }
}
