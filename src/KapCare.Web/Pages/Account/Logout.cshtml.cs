using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Account;

public sealed class LogoutModel(SignInManager<KapCareUser> signIn, AuditTrail audit) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.UserManager.GetUserAsync(User) is { } user)
        {
            // A new security stamp makes every saved copy of this session's cookie invalid on the server (checked on every
            // request, KapCareHost): deleting the cookie in this browser alone would leave a copied one working (issue 9).
            // It also ends the person's sessions on other devices: signing out means out.
            await signIn.UserManager.UpdateSecurityStampAsync(user);
            await audit.RecordAsync(AuditActions.UserLogout, AuditOutcome.Success, "User", user.Id);
        }
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
