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
        if (User.Identity?.IsAuthenticated == true)
            await audit.RecordAsync(AuditActions.UserLogout, AuditOutcome.Success, "User", signIn.UserManager.GetUserId(User));
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
