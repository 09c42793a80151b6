using Microsoft.AspNetCore.Http.Extensions;

namespace KapCare.Web.Features.Users;

/// <summary>
/// What a signed-in person must do before anything else opens: choose their own password when an administrator set it,
/// then enrol a second factor when their role requires one (issue 9, "enrolment forced at the next sign-in"). Until then
/// every request goes to that page; only it, sign-out, the session status and error pages answer. Static files are
/// served before this runs (KapCareHost), so those pages keep their styles.
/// </summary>
public sealed class SignInObligations(RequestDelegate next)
{
    public const string ChangePasswordPath = "/Account/ChangePassword";
    public const string EnrolmentPath = "/Account/Manage/Security";

    private static readonly PathString[] AlwaysOpen = ["/Account/Logout", "/Account/Login", "/Account/LoginWith2fa", "/Account/AccessDenied", SessionApi.StatusPath, "/Error", "/healthz"];

    public async Task InvokeAsync(HttpContext context, SignInPolicies policies)
    {
        var target = await ObligationAsync(context, policies);
        var path = context.Request.Path;
        if (target is null || path.StartsWithSegments(target) || AlwaysOpen.Any(p => path.StartsWithSegments(p)))
        {
            await next(context);
            return;
        }
        var location = target == ChangePasswordPath && HttpMethods.IsGet(context.Request.Method)
            ? $"{target}?ReturnUrl={Uri.EscapeDataString(context.Request.GetEncodedPathAndQuery())}"
            : target;
        if (context.Request.Headers.ContainsKey("HX-Request"))
        {
            // htmx would swap the whole page into a fragment; HX-Redirect makes it load the page instead.
            context.Response.Headers["HX-Redirect"] = location;
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        context.Response.Redirect(location);
    }

    private static async Task<string?> ObligationAsync(HttpContext context, SignInPolicies policies)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true) return null;
        if (user.HasClaim(c => c.Type == KapCareClaimsFactory.PasswordChangeRequiredClaim)) return ChangePasswordPath;
        if (user.HasClaim(c => c.Type == KapCareClaimsFactory.TwoFactorEnabledClaim)) return null;
        return (await policies.CurrentAsync(context.RequestAborted)).RequiresTwoFactor(user) ? EnrolmentPath : null;
    }
}
