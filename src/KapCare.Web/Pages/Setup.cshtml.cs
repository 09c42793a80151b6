using System.ComponentModel.DataAnnotations;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Setup;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages;

/// <summary>The one-time first-run page: creates the first administrator while the database has no users, and is gone after.</summary>
public sealed class SetupModel(SetupState setup, KapCareDbContext db, UserManager<KapCareUser> users,
    SignInManager<KapCareUser> signIn, AuditTrail audit) : PageModel
{
    [BindProperty] public SetupInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync() => await setup.IsOpenAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await setup.IsOpenAsync()) return NotFound();
        if (!ModelState.IsValid) return Page();

        await using var transaction = await db.Database.BeginTransactionAsync();
        // Checked again inside the transaction, so two browsers racing on a fresh install create one admin.
        if (await db.Users.AnyAsync()) return NotFound();
        var user = new KapCareUser
        {
            UserName = Input.Email.Trim(), Email = Input.Email.Trim(), EmailConfirmed = true,
            DisplayName = Input.DisplayName.Trim(), CreatedAt = DateTime.UtcNow,
        };
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
                ModelState.AddModelError(error.Code == DisplayNameValidator.ErrorCode ? "Input.DisplayName" : error.Code.Contains("Password", StringComparison.Ordinal) ? "Input.Password" : string.Empty, error.Description);
            return Page();
        }
        await users.AddToRoleAsync(user, Roles.Admin);
        await transaction.CommitAsync();
        setup.MarkClosed();

        await signIn.SignInAsync(user, isPersistent: false);
        await audit.RecordAsync(AuditActions.SetupAdmin, AuditOutcome.Success, "User", user.Id, detail: "first administrator created");
        TempData["Flash"] = "Your administrator account is ready. Next: add your team under Users.";
        return Redirect("/");
    }

    public sealed class SetupInput
    {
        [Required(ErrorMessage = "Enter your full name.")]
        [StringLength(200)]
        [Display(Name = "Your full name")]
        public string DisplayName { get; set; } = string.Empty;

        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@clinic.org.")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(200, MinimumLength = 12, ErrorMessage = "Use at least 12 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = string.Empty;

        [Required(ErrorMessage = "Type the password again.")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = string.Empty;
    }
}
