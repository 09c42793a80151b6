using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace KapCare.Web.Fhir;

/// <summary>
/// Reads what a FHIR client sends. The body is read here rather than by minimal-API binding, so every
/// problem with it becomes an OperationOutcome that says where the problem is.
/// </summary>
public static partial class FhirRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses a resource of <paramref name="resourceType"/> from the body, or says why it cannot.</summary>
    public static async Task<(T? Resource, FhirError? Error)> ReadResourceAsync<T>(HttpRequest request, string resourceType)
        where T : class
    {
        if (!IsJsonContentType(request.ContentType))
            return (null, FhirError.Of(StatusCodes.Status415UnsupportedMediaType, "not-supported",
                $"Send the {resourceType} as JSON with Content-Type: application/fhir+json (received {(string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"'{request.ContentType}'")})."));

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, DocumentOptions, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            // JsonException counts lines and bytes from 0; people count from 1.
            var where = e.LineNumber is long line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : string.Empty;
            return (null, FhirError.Of(StatusCodes.Status400BadRequest, "structure", $"The body is not valid JSON{where}: {FirstSentence(e.Message)}"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, FhirError.Of(StatusCodes.Status400BadRequest, "structure", $"The body must be a JSON object: a FHIR {resourceType} resource."));
            if (!root.TryGetProperty("resourceType", out var type) || type.ValueKind != JsonValueKind.String)
                return (null, FhirError.Of(StatusCodes.Status400BadRequest, "structure", $"The resource has no resourceType; this endpoint takes \"resourceType\": \"{resourceType}\"."));
            if (type.GetString() != resourceType)
                return (null, FhirError.Of(StatusCodes.Status400BadRequest, "invalid", $"This endpoint takes a {resourceType}, but the body is a {type.GetString()}."));
            if (FindNull(root, resourceType) is string nullPath)
                return (null, FhirError.Of(StatusCodes.Status400BadRequest, "structure",
                    $"{nullPath} is null; FHIR JSON does not allow null values: leave the element out instead.", nullPath));

            try
            {
                return (root.Deserialize<T>(FhirJson.Options), null);
            }
            catch (JsonException e)
            {
                return (null, Describe(e, resourceType));
            }
        }
    }

    /// <summary>
    /// The version in <c>If-Match: W/"3"</c>. <c>Present</c> is false when there is no header;
    /// <c>*</c> means "whatever is current" (RFC 9110 §13.1.1), returned as a null version.
    /// </summary>
    public static (bool Present, int? Version, FhirError? Error) IfMatchVersion(HttpRequest request)
    {
        string? header = request.Headers.IfMatch;
        if (string.IsNullOrWhiteSpace(header)) return (false, null, null);
        if (header.Trim() == "*") return (true, null, null);
        var match = WeakETag().Match(header);
        if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            return (true, version, null);
        return (true, null, FhirError.Of(StatusCodes.Status400BadRequest, "invalid",
            $"If-Match must name one version as an ETag, e.g. If-Match: W/\"3\" (received '{header}')."));
    }

    /// <summary>True when the client asked for <c>Prefer: handling=strict</c> (FHIR R4 search.html#errors).</summary>
    public static bool WantsStrictHandling(HttpRequest request) =>
        request.Headers["Prefer"].SelectMany(v => (v ?? string.Empty).Split(',', ';'))
            .Any(p => string.Equals(p.Trim().Replace(" ", "", StringComparison.Ordinal), "handling=strict", StringComparison.OrdinalIgnoreCase));

    /// <summary>The base URL of this FHIR server, e.g. <c>https://clinic.example/fhir</c>, for absolute links.
    /// The configured public address when there is one, never the client's Host header (docs/decisions/0018).</summary>
    public static string BaseUrl(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<Infrastructure.WebDeploymentSettings>().BaseUrl(request) + "/fhir";

    private static bool IsJsonContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        var type = media.MediaType.Value;
        var json = string.Equals(type, FhirJson.ContentType, StringComparison.OrdinalIgnoreCase)
            || string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase);
        // FHIR JSON is always UTF-8 (http://hl7.org/fhir/R4/json.html).
        return json && (media.Charset.HasValue == false || string.Equals(media.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private static FhirError Describe(JsonException e, string resourceType)
    {
        var path = ToFhirPath(e.Path, resourceType);
        var message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var dot = path.LastIndexOf('.');
            var element = dot < 0 ? path : path[(dot + 1)..];
            var parent = dot < 0 ? resourceType : path[..dot];
            return FhirError.Of(StatusCodes.Status400BadRequest, "structure",
                $"Unknown element '{element}' in {parent}: it is not part of FHIR R4 {resourceType} or not one KapCare records. Remove it (names are case-sensitive).", path);
        }
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
            return FhirError.Of(StatusCodes.Status400BadRequest, "structure", $"{path} appears more than once; give each element once.", path);
        return FhirError.Of(StatusCodes.Status400BadRequest, "structure",
            $"{path} has the wrong JSON type: check it against the FHIR R4 {resourceType} definition (strings in quotes, booleans as true/false, repeating elements as arrays).", path);
    }

    /// <summary>Turns System.Text.Json's <c>$.name[0]['given']</c> into the FHIRPath <c>Patient.name[0].given</c>.</summary>
    private static string ToFhirPath(string? jsonPath, string resourceType)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$") return resourceType;
        var path = BracketName().Replace(jsonPath, ".$1");
        return resourceType + path[1..];
    }

    private static string? FindNull(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    if (FindNull(property.Value, $"{path}.{property.Name}") is string found) return found;
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    if (FindNull(item, $"{path}[{i++}]") is string found) return found;
                return null;
            default:
                return null;
        }
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "LineNumber: … | BytePositionInLine: …", which the caller already says in words.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).Trim();
    }

    [GeneratedRegex(@"^\s*(?:W/)?""([0-9]+)""\s*$")]
    private static partial Regex WeakETag();

    [GeneratedRegex(@"\['([^']*)'\]")]
    private static partial Regex BracketName();
}
