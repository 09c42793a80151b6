using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KapCare.Web.Fhir;

/// <summary>FHIR JSON: camelCase, no nulls, and unknown elements refused rather than silently dropped.</summary>
public static class FhirJson
{
    public const string ContentType = "application/fhir+json";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        // FHIR JSON names are case-sensitive, appear once, and numbers are JSON numbers
        // (http://hl7.org/fhir/R4/json.html); the Web defaults are looser on all three.
        PropertyNameCaseInsensitive = false,
        AllowDuplicateProperties = false,
        NumberHandling = JsonNumberHandling.Strict,
        // Names like "García" stay readable instead of \u00ED escapes. The relaxed encoder leaves < and & as they
        // are, which is safe here: these bodies are only ever served as application/fhir+json with nosniff.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

public static class FhirResults
{
    public static async Task WriteOutcomeAsync(HttpContext context, int statusCode, OperationOutcome outcome)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = FhirJson.ContentType + "; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, outcome, FhirJson.Options, context.RequestAborted);
    }

    public static IResult Resource<T>(T resource, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(resource, FhirJson.Options, FhirJson.ContentType + "; charset=utf-8", statusCode);

    public static IResult Outcome(int statusCode, string code, string diagnostics, string? expression = null) =>
        Resource(OperationOutcome.Error(code, diagnostics, expression), statusCode);

    public static IResult Outcome(int statusCode, IEnumerable<OperationOutcomeIssue> issues) =>
        Resource(new OperationOutcome { Issue = [.. issues] }, statusCode);

    public static IResult Outcome(FhirError error) => Resource(error.Outcome, error.StatusCode);

    /// <summary>A resource with the version headers FHIR asks for on read, create and update (http.html#versioning).</summary>
    public static IResult Versioned<T>(T resource, int version, DateTime lastUpdatedUtc, int statusCode = StatusCodes.Status200OK, string? location = null) =>
        new WithHeaders(Resource(resource, statusCode), headers =>
        {
            headers.ETag = $"W/\"{version}\"";
            headers.LastModified = DateTime.SpecifyKind(lastUpdatedUtc, DateTimeKind.Utc).ToString("R");
            if (location is not null) headers.Location = location;
        });

    private sealed class WithHeaders(IResult inner, Action<IHeaderDictionary> set) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            set(httpContext.Response.Headers);
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>A refusal on its way to the client: the HTTP status and the OperationOutcome that explains it.</summary>
public sealed record FhirError(int StatusCode, OperationOutcome Outcome)
{
    public static FhirError Of(int statusCode, string code, string diagnostics, string? expression = null) =>
        new(statusCode, OperationOutcome.Error(code, diagnostics, expression));
}
