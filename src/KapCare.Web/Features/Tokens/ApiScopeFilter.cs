using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;

namespace KapCare.Web.Features.Tokens;

/// <summary>
/// The scope check of KapCare's own (non-FHIR) APIs, which only read: the token must allow user/{resource}.read (or a
/// wildcard). Scopes narrow what the user's permissions allow (docs/decisions/0015); a refusal is a 403 ProblemDetails,
/// recorded as a denied attempt. FHIR has its own, answering an OperationOutcome (FhirApi).
/// </summary>
public static class ApiScopeFilter
{
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> RequireRead(string resource) =>
        async (context, next) =>
        {
            var http = context.HttpContext;
            var scopes = http.User.FindAll(BearerTokenHandler.ScopeClaim).Select(c => c.Value).ToList();
            if (Scopes.Allows(scopes, resource, write: false)) return await next(context);
            var refusal = $"The token lacks the scope user/{resource}.read (it has: {string.Join(" ", scopes.DefaultIfEmpty("none"))}). Create a token with that scope.";
            await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(AuditActions.AccessDenied, AuditOutcome.Denied, resource, null, null,
                $"API POST {http.Request.Path}: {refusal}", http.RequestAborted);
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");
        };
}
