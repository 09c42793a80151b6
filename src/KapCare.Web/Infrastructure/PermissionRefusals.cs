using System.Security.Claims;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using KapCare.Web.Fhir;
using KapCare.Web.Fhir.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace KapCare.Web.Infrastructure;

/// <summary>
/// How a refusal by a permission policy is answered on the API (FHIR and /api): 403 naming the permission the token's
/// user lacks, and an audit entry, since a denied attempt on patient data is itself a security event. Pages keep the
/// default (the access-denied page, which records its own entry).
/// </summary>
public sealed class PermissionRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var isApi = context.Request.Path.StartsWithSegments("/fhir") || context.Request.Path.StartsWithSegments("/api");
        if (!isApi || !authorizeResult.Forbidden || context.User.Identity?.IsAuthenticated != true)
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var missing = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).OfType<string>()
            .Where(p => p.StartsWith(Permissions.PolicyPrefix, StringComparison.Ordinal))
            .Select(p => p[Permissions.PolicyPrefix.Length..])
            .Where(p => !context.User.Has(p)).Distinct().ToList() ?? [];
        var roles = string.Join(", ", context.User.FindAll(ClaimTypes.Role).Select(c => c.Value).DefaultIfEmpty("none"));
        var refusal = missing.Count > 0
            ? $"The token's user lacks the permission {string.Join(", ", missing)} (roles: {roles}); see docs/decisions/0015-permissions.md."
            : $"The token's user is not allowed to do this (roles: {roles}).";

        var resource = context.Request.Path.StartsWithSegments("/fhir") ? ResourceOf(context.Request.Path) : null;
        var id = context.GetRouteValue("id") as string;
        // Only a Patient's own id names the patient; other ids name a response, a score or a flag.
        Guid? patientId = resource == "Patient" && Guid.TryParse(id, out var parsed) ? parsed : null;
        var audit = context.RequestServices.GetRequiredService<AuditTrail>();
        await audit.RecordAsync(AuditActions.AccessDenied, AuditOutcome.Denied, resource, id, patientId,
            $"{(resource is null ? "API" : "FHIR")} {context.Request.Method} {context.Request.Path}: {refusal}", context.RequestAborted);

        if (resource is not null)
        {
            await FhirResults.WriteOutcomeAsync(context, StatusCodes.Status403Forbidden, OperationOutcome.Error("forbidden", refusal));
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden, Title = "Not allowed", Detail = refusal,
        }, options: null, contentType: "application/problem+json", context.RequestAborted);
    }

    private static string? ResourceOf(PathString path)
    {
        var segments = (path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 ? segments[1] : null;
    }
}
