using System.Net;
using System.Text.Json.Nodes;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

/// <summary>
/// Builds QuestionnaireResponses the way another system would send them: LOINC item codes as linkIds and LOINC
/// answer codes (REFERENCE.md §1), or scores as valueInteger. Expected values come from REFERENCE.md, not from KapCare.
/// </summary>
internal static class FhirMeasures
{
    public const string Loinc = "http://loinc.org";
    public const string OrdinalValueUrl = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    public const string KapCareCanonicalBase = "https://fhir.kapcare.org/Questionnaire";

    /// <summary>GAD-7 items by LOINC code, in order (REFERENCE.md §1).</summary>
    public static readonly string[] Gad7Items = ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"];

    /// <summary>PHQ-9 items by LOINC code, in order; the last is item 9 (REFERENCE.md §1).</summary>
    public static readonly string[] Phq9Items = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"];

    /// <summary>LOINC answer list LL358-3: the LA code for each score 0–3 (REFERENCE.md §1).</summary>
    public static readonly string[] FrequencyCodes = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];

    public static JsonObject Coding(string code, string? system = Loinc)
    {
        var coding = system is null ? new JsonObject { ["code"] = code } : new JsonObject { ["system"] = system, ["code"] = code };
        return new JsonObject { ["valueCoding"] = coding };
    }

    public static JsonObject Integer(int score) => new() { ["valueInteger"] = score };

    public static JsonObject Item(string linkId, params JsonObject[] answers)
    {
        var item = new JsonObject { ["linkId"] = linkId };
        if (answers.Length > 0) item["answer"] = new JsonArray([.. answers]);
        return item;
    }

    /// <summary>Items with LOINC linkIds answered with LOINC LA codes for <paramref name="scores"/>.</summary>
    public static IEnumerable<JsonObject> LoincItems(string[] linkIds, int[] scores, string linkIdPrefix = "") =>
        linkIds.Zip(scores).Select(x => Item(linkIdPrefix + x.First, Coding(FrequencyCodes[x.Second])));

    public static JsonObject Response(string questionnaire, string? patientId, IEnumerable<JsonObject> items, string status = "completed", string? authored = null)
    {
        var response = new JsonObject { ["resourceType"] = "QuestionnaireResponse", ["questionnaire"] = questionnaire, ["status"] = status };
        if (patientId is not null) response["subject"] = new JsonObject { ["reference"] = $"Patient/{patientId}" };
        if (authored is not null) response["authored"] = authored;
        response["item"] = new JsonArray([.. items]);
        return response;
    }

    public static async Task<string> NewPatientIdAsync(HttpClient client, string given = "Ana") =>
        (string)(await CreateAsync(client, NewPatient(given, UniqueName("Measure"))))["id"]!;

    /// <summary>POSTs the response, asserts 201, and returns it with its Location.</summary>
    public static async Task<(JsonObject Body, HttpResponseMessage Response)> SubmitAsync(HttpClient client, JsonObject response)
    {
        var http = await client.PostAsync("/fhir/QuestionnaireResponse", Body(response));
        var body = await JsonAsync(http);
        Assert.True(http.StatusCode == HttpStatusCode.Created, $"{(int)http.StatusCode}: {body.ToJsonString()}");
        return (body, http);
    }

    public static async Task<JsonObject> SearchAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var bundle = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, bundle.ToJsonString());
        Assert.Equal("Bundle", (string?)bundle["resourceType"]);
        Assert.Equal("searchset", (string?)bundle["type"]);
        return bundle;
    }

    public static List<JsonObject> Resources(JsonObject bundle) =>
        bundle["entry"]?.AsArray().Select(e => e!["resource"]!.AsObject()).ToList() ?? [];
}
