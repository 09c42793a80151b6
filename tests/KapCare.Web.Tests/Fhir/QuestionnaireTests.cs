using System.Net;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using static KapCare.Web.Tests.Fhir.FhirMeasures;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

/// <summary>KapCare's instruments as FHIR R4 Questionnaires; expected codes and wording are REFERENCE.md §1's.</summary>
public sealed class QuestionnaireTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    private static readonly string[] InstrumentIds =
        ["gad-7", "phq-9", "phq-2", "gad-2", "phq-4", "pcl-5", "spin", "pdss-sr", "oasis", "ham-a", "cadss", "cadss-6", "c-ssrs-screen"];

    private async Task<HttpClient> ClientAsync(string role = Roles.Therapist, string scopes = "user/Questionnaire.read") =>
        app.CreateApiClient(await app.CreateTokenAsync(role, scopes));

    [Fact]
    public async Task Given_the_GAD7_When_read_Then_a_Questionnaire_with_LOINC_codes_answer_codes_and_scores()
    {
        var client = await ClientAsync();

        var response = await client.GetAsync("/fhir/Questionnaire/gad-7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FhirJson, response.Content.Headers.ContentType?.MediaType);
        var q = await JsonAsync(response);
        Assert.Equal("Questionnaire", (string?)q["resourceType"]);
        Assert.Equal("resourceType", q.First().Key);
        Assert.Equal("gad-7", (string?)q["id"]);
        Assert.Equal($"{KapCareCanonicalBase}/gad-7", (string?)q["url"]);
        Assert.Equal("active", (string?)q["status"]);
        Assert.Matches("^[A-Z][A-Za-z0-9_]{0,254}$", (string?)q["name"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)q["title"]));
        Assert.Equal(Loinc, (string?)q["code"]![0]!["system"]);
        Assert.Equal("69737-5", (string?)q["code"]![0]!["code"]);

        var items = q["item"]!.AsArray();
        var preamble = items[0]!;
        Assert.Equal("display", (string?)preamble["type"]);
        Assert.Contains("Over the last 2 weeks", (string?)preamble["text"], StringComparison.Ordinal);
        var questions = items.Skip(1).ToList();
        Assert.Equal(Gad7Items, questions.Select(i => (string?)i!["code"]![0]!["code"]));
        Assert.All(questions, i =>
        {
            Assert.Equal("choice", (string?)i!["type"]);
            Assert.True((bool)i["required"]!);
            Assert.Equal(Loinc, (string?)i["code"]![0]!["system"]);
            var options = i["answerOption"]!.AsArray();
            Assert.Equal(FrequencyCodes, options.Select(o => (string?)o!["valueCoding"]!["code"]));
            Assert.All(options, o => Assert.Equal(Loinc, (string?)o!["valueCoding"]!["system"]));
            Assert.Equal([0m, 1m, 2m, 3m], options.Select(o =>
            {
                var extension = Assert.Single(o!["extension"]!.AsArray())!;
                Assert.Equal(OrdinalValueUrl, (string?)extension["url"]);
                return (decimal)extension["valueDecimal"]!;
            }));
            Assert.Equal(["Not at all", "Several days", "More than half the days", "Nearly every day"], options.Select(o => (string?)o!["valueCoding"]!["display"]));
        });
        Assert.Equal("Feeling nervous, anxious, or on edge", (string?)questions[0]!["text"]);
    }

    [Fact]
    public async Task Given_the_library_When_Questionnaires_are_searched_Then_every_instrument_is_listed_and_url_name_title_and_code_narrow_it()
    {
        var client = await ClientAsync();

        var all = await SearchAsync(client, "/fhir/Questionnaire");
        Assert.Equal(InstrumentIds.Order(), Resources(all).Select(r => (string)r["id"]!).Order());
        Assert.Equal(InstrumentIds.Length, (int)all["total"]!);
        Assert.All(Resources(all), r => Assert.Equal($"{KapCareCanonicalBase}/{r["id"]}", (string?)r["url"]));

        async Task<List<string>> Ids(string query) => [.. Resources(await SearchAsync(client, "/fhir/Questionnaire?" + query)).Select(r => (string)r["id"]!).Order()];
        Assert.Equal(["phq-9"], await Ids($"url={Uri.EscapeDataString(KapCareCanonicalBase + "/phq-9")}"));
        Assert.Equal(["phq-9"], await Ids("name=phq-9"));
        Assert.Equal(["gad-7"], await Ids("name=GAD7"));
        Assert.Equal(["pcl-5"], await Ids("code=http://loinc.org|101697-1"));
        Assert.Equal(["gad-7"], await Ids("code=69737-5"));
        Assert.Equal(["gad-2", "gad-7"], await Ids("title=generalized"));
        Assert.Empty(await Ids("title=zzzz"));
    }

    [Fact]
    public async Task Given_an_unknown_id_When_read_Then_404_that_lists_the_Questionnaires_there_are()
    {
        var client = await ClientAsync();

        var outcome = await AssertOutcomeAsync(await client.GetAsync("/fhir/Questionnaire/bdi-ii"), HttpStatusCode.NotFound, "not-found");

        Assert.Contains("gad-7", Diagnostics(outcome), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_researcher_with_the_Questionnaire_scope_When_reading_Then_200_because_Questionnaires_hold_no_patient_data()
    {
        var client = await ClientAsync(Roles.Researcher);
        var before = (await app.AuditEntriesAsync()).Count;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/fhir/Questionnaire/phq-9")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/fhir/Questionnaire")).StatusCode);

        Assert.Equal(before, (await app.AuditEntriesAsync()).Count);
    }

    [Fact]
    public async Task Given_a_token_without_the_Questionnaire_scope_When_reading_Then_403_and_no_token_401()
    {
        var client = await ClientAsync(Roles.Prescriber, "user/Patient.read");

        var outcome = await AssertOutcomeAsync(await client.GetAsync("/fhir/Questionnaire/gad-7"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("user/Questionnaire.read", Diagnostics(outcome), StringComparison.Ordinal);
        await AssertOutcomeAsync(await app.CreateApiClient(null).GetAsync("/fhir/Questionnaire"), HttpStatusCode.Unauthorized, "login");
        Assert.Contains(await app.AuditEntriesAsync(), e => e.Action == AuditActions.AccessDenied && e.ResourceType == "Questionnaire");
    }

    [Fact]
    public async Task Given_the_CSSRS_screener_When_read_Then_its_follow_up_questions_are_enabled_by_the_answer_that_asks_them()
    {
        var client = await ClientAsync();

        var q = await JsonAsync(await client.GetAsync("/fhir/Questionnaire/c-ssrs-screen"));

        var conditional = q["item"]!.AsArray().Where(i => i!["enableWhen"] is not null).ToList();
        Assert.NotEmpty(conditional);
        Assert.All(conditional, i =>
        {
            var when = Assert.Single(i!["enableWhen"]!.AsArray())!;
            Assert.Equal("=", (string?)when["operator"]);
            Assert.Contains(q["item"]!.AsArray(), other => (string?)other!["linkId"] == (string?)when["question"]);
            Assert.NotNull((string?)when["answerCoding"]!["code"]);
        });
    }
}
