using KapCare.Clinical.Text;
using Microsoft.AspNetCore.Identity;

namespace KapCare.Web.Features.Users;

/// <summary>
/// A staff member's or patient's display name is shown in the audit log, on co-signatures and on signed consents: it must
/// read as what it is, with no control or bidirectional-override characters (issue 9, finding 6; <see cref="TextRules"/>),
/// and fit its column. Runs on every create and update through <see cref="UserManager{TUser}"/> (admin page, setup, CLI, portal).
/// </summary>
public sealed class DisplayNameValidator : IUserValidator<KapCareUser>
{
    public const string ErrorCode = "DisplayName";
    public const int MaxLength = 200;

    public Task<IdentityResult> ValidateAsync(UserManager<KapCareUser> manager, KapCareUser user)
    {
        var name = user.DisplayName ?? string.Empty;
        var problem = string.IsNullOrWhiteSpace(name) ? "Name is required."
            : name.Length > MaxLength ? $"Name must be at most {MaxLength} characters."
            : TextRules.Problem("Name", name);
        return Task.FromResult(problem is null ? IdentityResult.Success : IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = problem }));
    }
}
