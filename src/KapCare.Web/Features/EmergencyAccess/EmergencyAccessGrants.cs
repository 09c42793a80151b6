using System.Security.Claims;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace KapCare.Web.Features.EmergencyAccess;

/// <summary>
/// Gives an active emergency-access grant its effect, one request at a time (docs/decisions/0020-emergency-access.md).
/// Runs after authentication and before authorization. On a GET or HEAD of a page under <c>/Patients/{id}</c> by a
/// signed-in person (the web sign-in, never an API token) who has an open grant for that patient, it adds an identity of
/// type <see cref="Permissions.GrantedIdentityType"/> with the clinical read permissions (<see cref="Granted"/>), and marks
/// the request (<see cref="ItemKey"/>) so its audit entries say the record was read under emergency access. Nothing else
/// is opened: no POST or other write, no other patient, no FHIR or /api.
/// That identity is built from the database on each request: any identity of that type the request arrived with (it
/// could only come from a forged ticket) is dropped first, so a cookie can never carry a grant.
/// </summary>
public sealed class EmergencyAccessGrants(RequestDelegate next)
{
    /// <summary>HttpContext.Items key of the <see cref="EmergencyAccess"/> this request reads under.</summary>
    public const string ItemKey = "kapcare.emergency-access";

    /// <summary>What a grant opens: reading the clinical record, and what the chart needs around it. Read only.</summary>
    public static readonly IReadOnlyList<string> Granted = [Permissions.ClinicalRead, Permissions.ConsentStatusRead, Permissions.DemographicsRead];

    /// <summary>The page that starts a grant answers with the person's own permissions, so it can tell them apart.</summary>
    public const string StartPageSegment = "Emergency";

    public async Task InvokeAsync(HttpContext context, EmergencyAccesses accesses, ClinicClock clock)
    {
        var user = context.User;
        if (user.Identities.Any(i => i.AuthenticationType == Permissions.GrantedIdentityType))
            context.User = user = new ClaimsPrincipal(user.Identities.Where(i => i.AuthenticationType != Permissions.GrantedIdentityType));

        if (PatientRead(context) is { } patientId
            && user.Identity is { IsAuthenticated: true, AuthenticationType: var scheme } && scheme == IdentityConstants.ApplicationScheme
            && user.HasOwn(Permissions.EmergencyAccess) && !user.HasOwn(Permissions.ClinicalRead)
            && user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } userId
            && await accesses.ActiveForAsync(userId, patientId, clock.UtcNow, context.RequestAborted) is { } grant)
        {
            user.AddIdentity(new ClaimsIdentity(Granted.Select(p => new Claim(Permissions.GrantedPermissionClaim, p)), Permissions.GrantedIdentityType));
            context.Items[ItemKey] = grant;
        }
        await next(context);
    }

    /// <summary>The patient of a GET or HEAD of <c>/Patients/{id}</c> or a page under it (but not the start page itself).</summary>
    private static Guid? PatientRead(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return null;
        if (!request.Path.StartsWithSegments("/Patients", StringComparison.OrdinalIgnoreCase, out var rest)) return null;
        var segments = (rest.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || !Guid.TryParse(segments[0], out var id)) return null;
        if (segments.Length > 1 && string.Equals(segments[1], StartPageSegment, StringComparison.OrdinalIgnoreCase)) return null;
        return id;
    }

    /// <summary>The grant this request reads the patient's record under, if any.</summary>
    public static EmergencyAccess? For(HttpContext? context, Guid patientId) =>
        context?.Items[ItemKey] is EmergencyAccess grant && grant.PatientId == patientId ? grant : null;
}
