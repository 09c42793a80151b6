using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Eligibility;

/// <summary>POST /api/eligibility/evaluate: outcomes with reasons and sources, and bad input as 400 ProblemDetails naming the field.</summary>
public sealed class EligibilityApiTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/*.read"));
    }

    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>The typical treatment-resistant GAD patient: nothing excludes, BP 124/78, two 8-week SSRI trials at adequate dose and a completed CBT course.</summary>
    private static JsonObject Typical() => new()
    {
        ["systolicMmHg"] = 124, ["diastolicMmHg"] = 78, ["weightKg"] = 70, ["heightCm"] = 170,
        ["psychoticDisorderHistory"] = "no", ["bipolarDisorder"] = "no", ["onMoodStabilizer"] = "no", ["substanceUseDisorder"] = "no", ["monthsAbstinent"] = null,
        ["aneurysmalVascularDisease"] = "no", ["arteriovenousMalformation"] = "no", ["intracerebralHaemorrhageHistory"] = "no",
        ["ischaemicHeartDisease"] = "no", ["cerebrovascularDisease"] = "no", ["pregnant"] = "no", ["breastfeeding"] = "no",
        ["takesBenzodiazepine"] = "no", ["takesOpioid"] = "no", ["takesMaoi"] = "no", ["takesPsychostimulant"] = "no",
        ["suicideRisk"] = "low", ["supportPerson"] = "yes", ["transportHome"] = "yes",
        ["medicationTrials"] = new JsonArray(
            new JsonObject { ["drug"] = "sertraline", ["doseAdequate"] = "yes", ["weeks"] = 8 },
            new JsonObject { ["drug"] = "escitalopram", ["doseAdequate"] = "yes", ["weeks"] = 8 }),
        ["psychotherapyCourses"] = new JsonArray(new JsonObject { ["type"] = "CBT", ["sessions"] = 12, ["completed"] = "yes" }),
    };

    private Task<HttpResponseMessage> PostAsync(string json) =>
        client.PostAsync("/api/eligibility/evaluate", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Given_the_typical_treatment_resistant_GAD_patient_When_evaluated_Then_eligible_with_no_reasons_and_three_adequate_trials()
    {
        var response = await PostAsync(Typical().ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("Eligible", body.GetProperty("outcome").GetString());
        Assert.Equal("1.0", body.GetProperty("ruleSetVersion").GetString());
        Assert.Equal(0, body.GetProperty("reasons").GetArrayLength());
        Assert.Equal(3, body.GetProperty("treatmentResistance").GetProperty("adequateTrials").GetInt32());
    }

    [Fact]
    public async Task Given_a_psychotic_disorder_When_evaluated_Then_not_eligible_with_that_reason_and_its_source()
    {
        var intake = Typical();
        intake["psychoticDisorderHistory"] = "yes";
        var body = await JsonAsync(await PostAsync(intake.ToJsonString()));
        Assert.Equal("NotEligible", body.GetProperty("outcome").GetString());
        var reason = Assert.Single(body.GetProperty("reasons").EnumerateArray());
        Assert.Equal("psychosis", reason.GetProperty("ruleId").GetString());
        Assert.Equal("Exclude", reason.GetProperty("severity").GetString());
        Assert.False(string.IsNullOrWhiteSpace(reason.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Given_weight_not_recorded_When_evaluated_Then_needs_review_saying_so()
    {
        var intake = Typical();
        intake["weightKg"] = null;
        var body = await JsonAsync(await PostAsync(intake.ToJsonString()));
        Assert.Equal("NeedsReview", body.GetProperty("outcome").GetString());
        var reason = Assert.Single(body.GetProperty("reasons").EnumerateArray());
        Assert.True(reason.GetProperty("missingInformation").GetBoolean());
        Assert.Contains("eight", reason.GetProperty("message").GetString(), StringComparison.Ordinal); // "Weight not recorded"
    }

    [Theory]
    [InlineData("weightKg", null, "weightKg")]             // field left out entirely
    [InlineData("weightKg", "\"heavy\"", "weightKg")]      // wrong type
    [InlineData("weightKg", "0", "weightKg")]              // impossible value
    [InlineData("systolicMmHg", "400", "systolicMmHg")]    // BP 400/…
    [InlineData("pregnant", "\"maybe\"", "pregnant")]      // not yes/no/unknown
    [InlineData("favouriteColour", "\"blue\"", "favouriteColour")] // not a field
    public async Task Given_bad_input_When_evaluated_Then_400_ProblemDetails_names_the_field(string field, string? json, string expectedKey)
    {
        var intake = Typical();
        if (json is null) intake.Remove(field);
        else intake[field] = JsonNode.Parse(json);
        var response = await PostAsync(intake.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(expectedKey, out var messages), $"errors: {errors}");
        Assert.NotEmpty(messages.EnumerateArray());
    }

    [Fact]
    public async Task Given_BP_400_over_20_When_evaluated_Then_the_impossible_systolic_is_named()
    {
        var intake = Typical();
        intake["systolicMmHg"] = 400;
        intake["diastolicMmHg"] = 20;
        var errors = (await JsonAsync(await PostAsync(intake.ToJsonString()))).GetProperty("errors");
        Assert.True(errors.TryGetProperty("systolicMmHg", out _));
    }

    [Fact]
    public async Task Given_malformed_json_or_no_token_When_evaluated_Then_400_or_401_as_ProblemDetails()
    {
        var malformed = await PostAsync("{\"weightKg\": 70,");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Malformed JSON", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var anonymous = await app.CreateApiClient(null).PostAsync("/api/eligibility/evaluate", new StringContent(Typical().ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Given_the_OpenAPI_description_When_read_Then_it_documents_the_evaluate_endpoint_and_its_schema()
    {
        var document = await JsonAsync(await app.CreateClient().GetAsync("/openapi/v1.json"));
        var path = document.GetProperty("paths").GetProperty("/api/eligibility/evaluate").GetProperty("post");
        Assert.True(path.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("IntakeFactsRequest", out _));
        Assert.False(document.GetProperty("paths").TryGetProperty("/fhir/metadata", out _));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/api/docs/index.html")).StatusCode);
    }
}
