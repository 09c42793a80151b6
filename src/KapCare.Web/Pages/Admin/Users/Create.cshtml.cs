using System.ComponentModel.DataAnnotations;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Admin.Users;

public sealed class CreateModel(UserManager<KapCareUser> users, AuditTrail audit) : PageModel
{
    [BindProperty] public UserInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Roles = Input.Roles.Where(Roles.IsKnown).Distinct().ToList();
        if (Input.Roles.Count == 0) ModelState.AddModelError("Input.Roles", "Choose at least one role.");
        if (!ModelState.IsValid) return Page();

        var user = new KapCareUser
        {
            UserName = Input.Email.Trim(), Email = Input.Email.Trim(), EmailConfirmed = true,
            DisplayName = Input.DisplayName.Trim(), CreatedAt = DateTime.UtcNow,
            // The administrator knows this password: the person chooses their own at first sign-in.
            PasswordChangeRequired = true,
        };
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            foreach (var e in created.Errors)
                ModelState.AddModelError(e.Code == DisplayNameValidator.ErrorCode ? "Input.DisplayName" : e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "Input.Email" : string.Empty,
                    e.Code is "DuplicateUserName" or "DuplicateEmail" ? "A user with this email already exists." : e.Description);
            return Page();
        }
        await users.AddToRolesAsync(user, Input.Roles);
        await audit.RecordAsync(AuditActions.UserCreate, AuditOutcome.Success, "User", user.Id, detail: "roles " + string.Join(", ", Input.Roles));
        TempData["Flash"] = $"{user.DisplayName} can now sign in as {user.Email} with the temporary password, and will choose their own then.";
        return RedirectToPage("/Admin/Users/Index");
    }

    public sealed class UserInput
    {
        [Required(ErrorMessage = "Enter the person's full name."), StringLength(200), Display(Name = "Full name")]
        public string DisplayName { get; set; } = string.Empty;
        [Required(ErrorMessage = "Enter their email address."), EmailAddress(ErrorMessage = "Enter an email address like name@clinic.org.")]
        public string Email { get; set; } = string.Empty;
        public List<string> Roles { get; set; } = [];
        [Required(ErrorMessage = "Set a temporary password."), StringLength(200, MinimumLength = 12, ErrorMessage = "Use at least 12 characters."), DataType(DataType.Password), Display(Name = "Temporary password")]
        public string Password { get; set; } = string.Empty;
    }
}
