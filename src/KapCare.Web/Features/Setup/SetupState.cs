using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Setup;

/// <summary>
/// Whether the one-time setup is still open: it is while the database has no users. Once a user exists it
/// never reopens, so the answer is cached after the first "closed".
/// </summary>
public sealed class SetupState(IServiceScopeFactory scopes)
{
    private volatile bool closed;

    public async Task<bool> IsOpenAsync(CancellationToken ct = default)
    {
        if (closed) return false;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KapCareDbContext>();
        var anyUser = await db.Users.AnyAsync(ct);
        if (anyUser) closed = true;
        return !anyUser;
    }

    public void MarkClosed() => closed = true;
}

/// <summary>On an empty database, every page leads to the setup page; nothing else works until the first admin exists.</summary>
public sealed class SetupGate(RequestDelegate next, SetupState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var exempt = path.StartsWithSegments("/Setup") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/fhir") || path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi")
            || path.StartsWithSegments("/lib") || path.StartsWithSegments("/css") || path.StartsWithSegments("/js")
            || path.StartsWithSegments("/img") || path.StartsWithSegments("/Error") || path.StartsWithSegments("/favicon.ico");
        if (!exempt && HttpMethods.IsGet(context.Request.Method) && await state.IsOpenAsync(context.RequestAborted))
        {
            context.Response.Redirect("/Setup");
            return;
        }
        await next(context);
    }
}
