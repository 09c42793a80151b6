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
}
