using System.Security.Claims;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using KapCare.Web.Fhir.Models;
using KapCare.Web.Infrastructure;

namespace KapCare.Web.Fhir;

/// <summary>The FHIR R4 endpoints under /fhir.</summary>
public static class FhirApi
{
    /// <summary>Bearer tokens only: a browser's cookie does not open the API, and a refusal is a 401, never a redirect to the login page.</summary>
    public const string Policy = "fhir";

    public static void AddServices(IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(BearerTokenHandler.SchemeName).RequireAuthenticatedUser());
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir").AddEndpointFilter(AnswerFailuresInFhir);
        fhir.MapGet("/metadata", Metadata).AllowAnonymous();

        var patients = fhir.MapGroup("/Patient").RequireAuthorization(Policy).AddEndpointFilter(RequirePatientAccess);
        patients.MapGet("", PatientApi.SearchAsync);
        patients.MapPost("", PatientApi.CreateAsync);
        patients.MapGet("/{id}", PatientApi.ReadAsync);
        patients.MapGet("/{id}/_history/{vid}", PatientApi.ReadVersionAsync);
        patients.MapPut("/{id}", PatientApi.UpdateAsync);

        // Anything else under /fhir gets a FHIR answer too, not the web app's HTML error page.
        fhir.Map("/{**rest}", NotSupported).AllowAnonymous();
    }

    private static IResult Metadata(HttpRequest request, ClinicClock clock)
    {
        var baseUrl = FhirRequest.BaseUrl(request);
        var statement = new CapabilityStatement
        {
            Name = "KapCareFhirServer",
            Title = "KapCare FHIR R4 API",
            Date = PatientMapping.Instant(clock.UtcNow),
            Publisher = "KapCare",
            Kind = "instance",
            Software = new CapabilityStatementSoftware { Name = "KapCare", Version = typeof(FhirApi).Assembly.GetName().Version?.ToString() },
            Implementation = new CapabilityStatementImplementation { Description = "KapCare clinic system: patient demographics over FHIR R4", Url = baseUrl },
            FhirVersion = "4.0.1",
            Format = ["json"],
            Rest =
            [
                new CapabilityStatementRest
                {
                    Mode = "server",
                    Security = new CapabilityStatementSecurity
                    {
                        Cors = false,
                        Description = "Send an API token as 'Authorization: Bearer <token>' (create one in KapCare or with 'kapcare token create'). "
                            + "Tokens carry SMART v1 style scopes: user/Patient.read for read and search, user/Patient.write for create and update "
                            + "(user/*.read and user/*.* also work). The token's user must hold a clinical role (Admin, Prescriber, Nurse, Therapist, FrontDesk). "
                            + "Every read, search and write is recorded in the audit log.",
                    },
                    Resource =
                    [
                        new CapabilityStatementResource
                        {
                            Type = "Patient",
                            Profile = "http://hl7.org/fhir/StructureDefinition/Patient",
                            Documentation = "The medical record number is assigned by KapCare (identifier system " + PatientMapping.MrnSystem
                                + "). One name, phone, email, address, emergency contact and preferred language are recorded; pronouns use the individual-pronouns extension. "
                                + "Only the current version is kept. Updates take If-Match: W/\"<version>\".",
                            Interaction = [new() { Code = "read" }, new() { Code = "create" }, new() { Code = "update" }, new() { Code = "search-type" }],
                            Versioning = "versioned-update",
                            ReadHistory = false,
                            UpdateCreate = false,
                            ConditionalCreate = false,
                            ConditionalRead = "not-supported",
                            ConditionalUpdate = false,
                            ConditionalDelete = "not-supported",
                            SearchParam = [.. PatientSearch.Parameters.Select(p => new CapabilityStatementSearchParam
                            {
                                Name = p.Name,
                                Definition = p.Definition,
                                Type = p.Type,
                                Documentation = p.Documentation,
                            })],
                        },
                    ],
                },
            ],
        };
        return FhirResults.Resource(statement);
    }

    private static IResult NotSupported(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        var knownPath = path.Equals("/fhir/metadata", StringComparison.Ordinal)
            || path.Equals("/fhir/Patient", StringComparison.Ordinal)
            || (path.StartsWith("/fhir/Patient/", StringComparison.Ordinal) && !path["/fhir/Patient/".Length..].Contains('/'));
        return knownPath
            ? FhirResults.Outcome(StatusCodes.Status405MethodNotAllowed, "not-supported", $"{request.Method} is not supported on {path}; see /fhir/metadata for what is.")
            : FhirResults.Outcome(StatusCodes.Status404NotFound, "not-supported", $"{request.Method} {path} is not part of KapCare's FHIR API, which offers Patient only; see /fhir/metadata.");
    }

    /// <summary>
    /// The user's role must allow identifiable records and the token's scopes must allow the access
    /// (read for GET, write otherwise). A refusal is answered 403 and recorded, since a denied attempt on
    /// patient data is itself a security event.
    /// </summary>
    private static async ValueTask<object?> RequirePatientAccess(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var user = http.User;
        var write = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
        var scopes = user.FindAll(BearerTokenHandler.ScopeClaim).Select(c => c.Value).ToList();
        string? refusal = null;
        if (!Roles.PatientRecordReaders.Any(user.IsInRole))
            refusal = $"The token's user has no role that sees identifiable patient records (role: {string.Join(", ", user.FindAll(ClaimTypes.Role).Select(c => c.Value).DefaultIfEmpty("none"))}).";
        else if (!Scopes.Allows(scopes, "Patient", write))
            refusal = $"The token lacks the scope user/Patient.{(write ? "write" : "read")} (it has: {string.Join(" ", scopes.DefaultIfEmpty("none"))}). Create a token with that scope.";
        if (refusal is null) return await next(context);

        var id = http.GetRouteValue("id") as string;
        var audit = http.RequestServices.GetRequiredService<AuditTrail>();
        await audit.RecordAsync(AuditActions.AccessDenied, AuditOutcome.Denied, "Patient", id, Guid.TryParse(id, out var patientId) ? patientId : null,
            $"FHIR {http.Request.Method} {http.Request.Path}: {refusal}", http.RequestAborted);
        return FhirResults.Outcome(StatusCodes.Status403Forbidden, "forbidden", refusal);
    }

    /// <summary>An unexpected failure still answers in FHIR, with no detail that could carry patient data.</summary>
    private static async ValueTask<object?> AnswerFailuresInFhir(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FhirApi));
            logger.LogError(e, "FHIR {Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return FhirResults.Outcome(StatusCodes.Status500InternalServerError, "exception",
                $"KapCare could not complete the request (trace {context.HttpContext.TraceIdentifier}). Try again; if it keeps failing, tell the clinic's KapCare administrator with the trace.");
        }
    }
}
