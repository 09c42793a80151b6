using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Security.Claims;
using KapCare.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Users;

/// <summary>
/// How long a session lives. The cookie holds its own idle time-out (staff or patient, a clinic setting, read at sign-in),
/// and slides: every request re-issues it for that span from now, because the security stamp is checked on every request
/// (<see cref="StampStillValidAsync"/>) and a valid check renews the cookie. So a session ends exactly that long after the last request,
/// and a sign-out (which changes the stamp) ends every copy of the cookie on the server side.
/// </summary>
public static class SessionLifetime
{
    public static async Task OnSigningInAsync(CookieSigningInContext context)
    {
        var services = context.HttpContext.RequestServices;
        var policy = await services.GetRequiredService<SignInPolicies>().CurrentAsync(context.HttpContext.RequestAborted);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        context.Properties.IssuedUtc = now;
        context.Properties.ExpiresUtc = now + policy.IdleTimeout(context.Principal!);
    }

    public static async Task OnValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (!await StampStillValidAsync(context)) return;
        // The idle-warning script asks how long is left; asking is not activity, or an open tab would never time out.
        // Neither the idle-warning script's status check nor the chair board's own refresh is the person at work: a board
        // left on a screen must not keep a sign-in alive past the idle time-out.
        if (SessionApi.IsStatusRequest(context.HttpContext.Request) || KapCare.Web.Features.Sessions.ChairBoardRefresh.Is(context.HttpContext.Request)) context.ShouldRenew = false;
    }

    /// <summary>
    /// The security stamp checked on every request, in one indexed read. Identity's validator rebuilds the whole principal
    /// each time (the user, their claims, roles and role claims: five queries); that is not needed, because everything a
    /// claim carries — roles, display name, two-factor, a required password change, and a deactivation or sign-out —
    /// changes the stamp when it changes (UserManager; Admin/Users/Edit), so an unchanged stamp means an unchanged principal.
    /// A deactivated account is refused even if its stamp were not changed.
    /// </summary>
    private static async Task<bool> StampStillValidAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claims.SecurityStampClaimType);
        var current = userId is null ? null : await services.GetRequiredService<KapCareDbContext>().Users.AsNoTracking()
            .Where(u => u.Id == userId).Select(u => new { u.SecurityStamp, u.IsActive }).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is { IsActive: true } && stamp is not null && string.Equals(current.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            context.ShouldRenew = true;
            return true;
        }
        context.RejectPrincipal();
        await services.GetRequiredService<SignInManager<KapCareUser>>().SignOutAsync();
        return false;
    }

    public static Task OnCheckSlidingExpirationAsync(CookieSlidingExpirationContext context)
    {
        // Neither the idle-warning script's status check nor the chair board's own refresh is the person at work: a board
        // left on a screen must not keep a sign-in alive past the idle time-out.
        if (SessionApi.IsStatusRequest(context.HttpContext.Request) || KapCare.Web.Features.Sessions.ChairBoardRefresh.Is(context.HttpContext.Request)) context.ShouldRenew = false;
        return Task.CompletedTask;
    }
}

/// <summary>The idle-warning script's two calls: how long the session has left, and "I'm still here".</summary>
public static class SessionApi
{
    public const string StatusPath = "/Account/Session";
    public const string KeepAlivePath = "/Account/Session/KeepAlive";

    public sealed record SessionStatus(bool SignedIn, int ExpiresInSeconds);

    public static bool IsStatusRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Equals(StatusPath, StringComparison.OrdinalIgnoreCase);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(StatusPath, async (HttpContext http, TimeProvider time) =>
        {
            var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            return session is { Succeeded: true, Properties.ExpiresUtc: { } expires }
                ? TypedResults.Ok(new SessionStatus(true, Seconds(expires - time.GetUtcNow())))
                : TypedResults.Ok(new SessionStatus(false, 0));
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost(KeepAlivePath, async Task<IResult> (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return TypedResults.Problem("Send the page's antiforgery token in the RequestVerificationToken header.", statusCode: StatusCodes.Status400BadRequest);
            // This request has already renewed the session (see SessionLifetime): it now lasts its full span from now.
            var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            return session is { Succeeded: true, Properties: { IssuedUtc: { } issued, ExpiresUtc: { } expires } }
                ? TypedResults.Ok(new SessionStatus(true, Seconds(expires - issued)))
                : TypedResults.Ok(new SessionStatus(false, 0));
        }).RequiresPermission(Permissions.SignedIn).ExcludeFromDescription();
    }

    private static int Seconds(TimeSpan span) => (int)Math.Max(0, Math.Floor(span.TotalSeconds));
}
