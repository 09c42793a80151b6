using System.Net;
using System.Text.Json.Nodes;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

public sealed class MetadataTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    [Fact]
    public async Task Given_no_token_When_metadata_is_read_Then_a_CapabilityStatement_lists_Patient_and_its_search_parameters()
    {
        var response = await app.CreateApiClient(null).GetAsync("/fhir/metadata");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FhirJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var statement = await JsonAsync(response);
        Assert.Equal("CapabilityStatement", (string?)statement["resourceType"]);
        Assert.Equal("resourceType", statement.First().Key);
        Assert.Equal("4.0.1", (string?)statement["fhirVersion"]);
        Assert.Equal("instance", (string?)statement["kind"]);
        Assert.Equal("active", (string?)statement["status"]);
        Assert.Equal(["json"], statement["format"]!.AsArray().Select(f => (string?)f));
        Assert.NotNull(statement["implementation"]);

        var rest = Assert.Single(statement["rest"]!.AsArray())!;
        Assert.Equal("server", (string?)rest["mode"]);
        Assert.Contains("Bearer", (string?)rest["security"]!["description"], StringComparison.Ordinal);
        var patient = rest["resource"]!.AsArray().Single(r => (string?)r!["type"] == "Patient")!;
        Assert.Equal(["create", "read", "search-type", "update"], patient["interaction"]!.AsArray().Select(i => (string?)i!["code"]).Order());
        var parameters = patient["searchParam"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (string?)p!["type"]);
        Assert.Equal("string", parameters["name"]);
        Assert.Equal("string", parameters["family"]);
        Assert.Equal("string", parameters["given"]);
        Assert.Equal("date", parameters["birthdate"]);
        Assert.Equal("token", parameters["identifier"]);
        Assert.Equal("number", parameters["_count"]);
    }

    [Fact]
    public async Task Given_no_token_When_metadata_is_read_Then_the_measurement_resources_are_listed_with_their_interactions_and_search_parameters()
    {
        var statement = await JsonAsync(await app.CreateApiClient(null).GetAsync("/fhir/metadata"));

        var resources = statement["rest"]![0]!["resource"]!.AsArray().ToDictionary(r => (string)r!["type"]!, r => r!);
        Assert.Equal(["AdverseEvent", "CarePlan", "Consent", "Encounter", "Flag", "MedicationAdministration", "Observation", "Patient", "Questionnaire", "QuestionnaireResponse"],
            resources.Keys.Order());
        List<string?> Interactions(string type) => [.. resources[type]["interaction"]!.AsArray().Select(i => (string?)i!["code"]).Order()];
        Dictionary<string, string?> Parameters(string type) => resources[type]["searchParam"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (string?)p!["type"]);

        Assert.Equal(["read", "search-type"], Interactions("Questionnaire"));
        Assert.Equal(["create", "read", "search-type"], Interactions("QuestionnaireResponse"));
        Assert.Equal(["read", "search-type"], Interactions("Observation"));
        Assert.Equal(["read", "search-type"], Interactions("Flag"));
        Assert.Equal("uri", Parameters("Questionnaire")["url"]);
        Assert.Equal("string", Parameters("Questionnaire")["name"]);
        Assert.Equal("reference", Parameters("QuestionnaireResponse")["patient"]);
        Assert.Equal("reference", Parameters("QuestionnaireResponse")["questionnaire"]);
        Assert.Equal("reference", Parameters("Observation")["patient"]);
        Assert.Equal("token", Parameters("Observation")["code"]);
        Assert.Equal("date", Parameters("Observation")["date"]);
        Assert.Contains("_sort", Parameters("Observation").Keys);
        Assert.Equal("token", Parameters("Flag")["status"]);
    }

    [Theory]
    [InlineData("GET", "/fhir/Procedure", HttpStatusCode.NotFound)]
    [InlineData("POST", "/fhir/Encounter", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/fhir/Patient/0196b4a8-0000-7000-8000-000000000000", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/fhir/Observation", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "/fhir/QuestionnaireResponse/0196b4a8-0000-7000-8000-000000000000", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/fhir/Flag/0196b4a8-0000-7000-8000-000000000000", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/fhir/Questionnaire", HttpStatusCode.MethodNotAllowed)]
    public async Task Given_an_interaction_KapCare_does_not_offer_When_requested_Then_an_OperationOutcome_says_so(string method, string path, HttpStatusCode status)
    {
        var token = await app.CreateTokenAsync(Roles.Prescriber, "user/*.*");
        var response = await app.CreateApiClient(token).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await AssertOutcomeAsync(response, status, "not-supported");
    }
}
