using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace KapCare.Web.Tests.Fhir;

/// <summary>Requests and expectations shared by the FHIR tests; expected values come from the request or the FHIR R4 spec.</summary>
internal static class FhirTestClient
{
    public const string FhirJson = "application/fhir+json";
    public const string MrnSystem = "urn:kapcare:mrn";
    public const string PronounsUrl = "http://hl7.org/fhir/StructureDefinition/individual-pronouns";

    /// <summary>Letters only, so it is a valid name part and no other test's patient starts with it.</summary>
    public static string UniqueName(string prefix = "Zz")
    {
        var bytes = RandomNumberGenerator.GetBytes(10);
        return prefix + new string(bytes.Select(b => (char)('a' + b % 26)).ToArray());
    }

    public static JsonObject NewPatient(string given, string family, string birthDate = "1985-03-14") => new()
    {
        ["resourceType"] = "Patient",
        ["name"] = new JsonArray(new JsonObject { ["use"] = "official", ["family"] = family, ["given"] = new JsonArray(given) }),
        ["gender"] = "female",
        ["birthDate"] = birthDate,
    };

    public static StringContent Body(JsonNode resource, string contentType = FhirJson) => Body(resource.ToJsonString(), contentType);

    public static StringContent Body(string raw, string contentType = FhirJson) => new(raw, Encoding.UTF8, contentType);

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("Empty body");
    }

    /// <summary>POSTs the patient, asserts 201, and returns the created resource.</summary>
    public static async Task<JsonObject> CreateAsync(HttpClient client, JsonObject patient)
    {
        var response = await client.PostAsync("/fhir/Patient", Body(patient));
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, JsonObject patient, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/fhir/Patient/{patient["id"]}") { Content = Body(patient) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    /// <summary>Asserts a FHIR error: the status, an OperationOutcome with an error issue of <paramref name="code"/>, and FHIR's media type.</summary>
    public static async Task<JsonObject> AssertOutcomeAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? expression = null)
    {
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body.ToJsonString()}");
        Assert.Equal(FhirJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("OperationOutcome", (string?)body["resourceType"]);
        var issues = body["issue"]!.AsArray();
        Assert.Contains(issues, i => (string?)i!["severity"] == "error" && (string?)i["code"] == code);
        Assert.All(issues, i => Assert.False(string.IsNullOrWhiteSpace((string?)i!["diagnostics"])));
        if (expression is not null)
            Assert.Contains(issues, i => i!["expression"]?.AsArray().Any(e => (string?)e == expression) == true);
        return body;
    }

    public static string Diagnostics(JsonObject outcome) =>
        string.Join(" | ", outcome["issue"]!.AsArray().Select(i => (string?)i!["diagnostics"]));

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
