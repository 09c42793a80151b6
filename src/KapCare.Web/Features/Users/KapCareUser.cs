using Microsoft.AspNetCore.Identity;

namespace KapCare.Web.Features.Users;

/// <summary>A person who signs in: staff of every role, and later patients in the portal.</summary>
public sealed class KapCareUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }

    /// <summary>Deactivated accounts keep their history and audit trail but can no longer sign in.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>For a patient's portal account: the patient record it belongs to. Null for staff.</summary>
    public Guid? PatientId { get; set; }
}
