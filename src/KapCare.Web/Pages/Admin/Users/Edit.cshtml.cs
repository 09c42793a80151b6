using System.Security.Claims;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Admin.Users;

public sealed class EditModel(UserManager<KapCareUser> users, AuditTrail audit) : PageModel
{
    public KapCareUser Target { get; private set; } = null!;
    public IList<string> CurrentRoles { get; private set; } = [];
    public bool LockedOut { get; private set; }
    public string? Error { get; private set; }
    public string? PasswordError { get; private set; }
    public string? CurrentUserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRolesAsync(string id, List<string> roles)
    {
        if (!await LoadAsync(id)) return NotFound();
        var wanted = roles.Where(Roles.IsKnown).Distinct().ToList();
        if (wanted.Count == 0) { Error = "Choose at least one role."; return Page(); }
        if (Target.Id == CurrentUserId && !Permissions.For(wanted).Contains(Permissions.UsersManage)) { Error = "You cannot remove your own Admin role; ask another administrator."; return Page(); }
        await users.RemoveFromRolesAsync(Target, CurrentRoles.Except(wanted));
        await users.AddToRolesAsync(Target, wanted.Except(CurrentRoles));
        // Sessions pick up the new roles at their next request (the security stamp is checked on every request).
        await users.UpdateSecurityStampAsync(Target);
        await audit.RecordAsync(AuditActions.UserUpdate, AuditOutcome.Success, "User", Target.Id, detail: "roles " + string.Join(", ", wanted));
        TempData["Flash"] = $"Roles of {Target.DisplayName} saved.";
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// Sets a temporary password for someone who forgot theirs (there is no reset e-mail): it ends their sessions, lifts a
    /// lockout, and they must choose their own at the next sign-in.
    /// </summary>
    public async Task<IActionResult> OnPostPasswordAsync(string id, string? password)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (password is not { Length: >= 12 and <= 200 })
        {
            PasswordError = "Use a temporary password of at least 12 characters.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Target.PasswordChangeRequired = true;
        var result = await users.ResetPasswordAsync(Target, await users.GeneratePasswordResetTokenAsync(Target), password);
        if (!result.Succeeded)
        {
            PasswordError = string.Join(" ", result.Errors.Select(e => e.Description));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await users.SetLockoutEndDateAsync(Target, null);
        await users.ResetAccessFailedCountAsync(Target);
        await audit.RecordAsync(AuditActions.UserUpdate, AuditOutcome.Success, "User", Target.Id, detail: "temporary password set");
        TempData["Flash"] = $"{Target.DisplayName} was signed out and will choose a new password at the next sign-in.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        await users.SetLockoutEndDateAsync(Target, null);
        await users.ResetAccessFailedCountAsync(Target);
        await audit.RecordAsync(AuditActions.UserUpdate, AuditOutcome.Success, "User", Target.Id, detail: "unlocked");
        TempData["Flash"] = $"{Target.DisplayName} can sign in again.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostActiveAsync(string id, bool active)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Target.Id == CurrentUserId) return RedirectToPage(new { id });
        Target.IsActive = active;
        await users.UpdateAsync(Target);
        await users.UpdateSecurityStampAsync(Target);
        await audit.RecordAsync(AuditActions.UserUpdate, AuditOutcome.Success, "User", Target.Id, detail: active ? "reactivated" : "deactivated");
        TempData["Flash"] = active ? $"{Target.DisplayName} is active again." : $"{Target.DisplayName} is deactivated and signed out everywhere.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return false;
        Target = user;
        CurrentRoles = await users.GetRolesAsync(user);
        LockedOut = await users.IsLockedOutAsync(user);
        return true;
    }
}
