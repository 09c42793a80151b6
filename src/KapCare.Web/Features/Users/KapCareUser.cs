using Microsoft.AspNetCore.Identity;

namespace KapCare.Web.Features.Users;

/// <summary>A person who signs in: staff of every role, and later patients in the portal.</summary>
public sealed class KapCareUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }

    /// <summary>Deactivated accounts keep their history and audit trail but can no longer sign in.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>
    /// The password was set by an administrator (a new account, or a reset): the person must choose their own at their
    /// next sign-in before anything else opens (issue 9, finding 5), since someone else knows this one.
    /// </summary>
    public bool PasswordChangeRequired { get; set; }

    /// <summary>For a patient's portal account: the patient record it belongs to. Null for staff.</summary>
    public Guid? PatientId { get; set; }
}
