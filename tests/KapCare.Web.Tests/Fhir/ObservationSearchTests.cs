using System.Net;
using System.Text.Json.Nodes;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using static KapCare.Web.Tests.Fhir.FhirMeasures;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

/// <summary>
/// Observation search with FHIR R4 semantics (search.html): code as a token, date as a range compared by prefix,
/// _sort by date either way, paging by _count. Every test works on its own patient, so the counts are its own.
/// </summary>
public sealed class ObservationSearchTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    private async Task<HttpClient> ClientAsync() => app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/*.*"));

    /// <summary>A GAD-7 whose seven answers all score <paramref name="each"/>, so its total is 7 × each.</summary>
    private static JsonObject Gad7(string patient, int each, string authored) =>
        Response("http://loinc.org/q/69737-5", patient, LoincItems(Gad7Items, [.. Enumerable.Repeat(each, 7)]), authored: authored);

    /// <summary>A PHQ-9 whose nine answers all score <paramref name="each"/>.</summary>
    private static JsonObject Phq9(string patient, int each, string authored) =>
        Response("http://loinc.org/q/44249-1", patient, LoincItems(Phq9Items, [.. Enumerable.Repeat(each, 9)]), authored: authored);

    private static List<int> Values(JsonObject bundle) => [.. Resources(bundle).Select(o => (int)o["valueQuantity"]!["value"]!)];

    /// <summary>
    /// Three GAD-7s (totals 21, 14, 7: January, March, June 2025, improving) and one PHQ-9 (total 9, February 2025),
    /// all at 15:00 UTC, which is 09:00 or 10:00 in the clinic's zone (America/Chicago).
    /// </summary>
    private async Task<string> SeedAsync(HttpClient client)
    {
        var patient = await NewPatientIdAsync(client);
        await SubmitAsync(client, Gad7(patient, 2, "2025-03-10T15:00:00Z"));
        await SubmitAsync(client, Gad7(patient, 3, "2025-01-10T15:00:00Z"));
        await SubmitAsync(client, Gad7(patient, 1, "2025-06-10T15:00:00Z"));
        await SubmitAsync(client, Phq9(patient, 1, "2025-02-10T15:00:00Z"));
        return patient;
    }

    [Fact]
    public async Task Given_scores_over_months_When_searching_by_code_and_sorting_by_date_Then_the_trend_comes_back_in_either_order()
    {
        var client = await ClientAsync();
        var patient = await SeedAsync(client);

        var oldestFirst = await SearchAsync(client, $"/fhir/Observation?patient={patient}&code=70274-6&_sort=date");
        Assert.Equal(3, (int)oldestFirst["total"]!);
        Assert.Equal([21, 14, 7], Values(oldestFirst));
        Assert.All(Resources(oldestFirst), o => Assert.Equal("70274-6", (string?)o["code"]!["coding"]![0]!["code"]));

        Assert.Equal([7, 14, 21], Values(await SearchAsync(client, $"/fhir/Observation?patient={patient}&code=http://loinc.org|70274-6&_sort=-date")));
        Assert.Equal([9], Values(await SearchAsync(client, $"/fhir/Observation?patient={patient}&code=http://loinc.org|44261-6")));
        Assert.Equal([21, 9, 14, 7], Values(await SearchAsync(client, $"/fhir/Observation?patient={patient}&code=70274-6,44261-6&_sort=date")));
        Assert.Empty(Values(await SearchAsync(client, $"/fhir/Observation?patient={patient}&code=http://snomed.info/sct|70274-6")));
        Assert.Empty(Values(await SearchAsync(client, $"/fhir/Observation?patient={patient}&code=|70274-6")));
    }

    [Fact]
    public async Task Given_scores_over_months_When_searching_by_date_with_prefixes_Then_FHIR_range_semantics_apply()
    {
        var client = await ClientAsync();
        var patient = await SeedAsync(client);

        async Task<List<int>> Find(string date) =>
            Values(await SearchAsync(client, $"/fhir/Observation?patient={patient}&code=70274-6&_sort=date&date={Uri.EscapeDataString(date)}"));

        Assert.Equal([14], await Find("2025-03"));
        Assert.Equal([14], await Find("2025-03-10"));
        Assert.Equal([21, 14, 7], await Find("2025"));
        Assert.Equal([14, 7], await Find("ge2025-03-10"));
        Assert.Equal([7], await Find("gt2025-03-10"));
        Assert.Equal([21], await Find("lt2025-03-10"));
        Assert.Equal([21, 14], await Find("le2025-03"));
        Assert.Equal([21, 7], await Find("ne2025-03"));
        Assert.Equal([21, 7], await Find("2025-01,2025-06"));
        // 15:00 UTC is 09:00 in Chicago in January (CST, UTC−6): a time without an offset is the clinic's.
        Assert.Equal([21], await Find("2025-01-10T09:00"));
        Assert.Equal([21], await Find("2025-01-10T15:00:00Z"));
        Assert.Equal([21], await Find("2025-01-10T16:00:00+01:00"));
        Assert.Empty(await Find("2025-01-10T15:00:01Z"));
        Assert.Equal([14, 7], await Find("gt2025-01-10T15:00:00Z"));
        Assert.Equal([14], Values(await SearchAsync(client, $"/fhir/Observation?patient={patient}&code=70274-6&date=gt2025-01&date=lt2025-06")));
    }

    [Fact]
    public async Task Given_four_scores_When_paging_with_count_3_Then_next_link_walks_the_rest_and_links_keep_the_search()
    {
        var client = await ClientAsync();
        var patient = await SeedAsync(client);

        var first = await SearchAsync(client, $"/fhir/Observation?patient={patient}&_sort=-date&_count=3");
        Assert.Equal(4, (int)first["total"]!);
        Assert.Equal([7, 14, 9], Values(first));
        var next = (string?)first["link"]!.AsArray().Single(l => (string?)l!["relation"] == "next")!["url"];
        Assert.Contains("_sort=-date", next, StringComparison.Ordinal);
        Assert.All(Resources(first), o => Assert.Equal("survey", (string?)o["category"]![0]!["coding"]![0]!["code"]));
        Assert.All(first["entry"]!.AsArray(), e => Assert.Equal($"http://localhost/fhir/Observation/{e!["resource"]!["id"]}", (string?)e["fullUrl"]));

        var second = await SearchAsync(client, next!);
        Assert.Equal([21], Values(second));
        Assert.DoesNotContain(second["link"]!.AsArray(), l => (string?)l!["relation"] == "next");

        var single = Resources(first)[0];
        var read = await JsonAsync(await client.GetAsync($"/fhir/Observation/{single["id"]}"));
        Assert.True(JsonNode.DeepEquals(single, read));
        var fromResponse = await SearchAsync(client, $"/fhir/Observation?derived-from={Uri.EscapeDataString((string)single["derivedFrom"]![0]!["reference"]!)}");
        Assert.Equal([(string?)single["id"]], Resources(fromResponse).Select(o => (string?)o["id"]));
    }

    [Theory]
    [InlineData("date=2025-13")]
    [InlineData("date=sa2025")]
    [InlineData("date=10/01/2025")]
    [InlineData("date=2025-01-10T25:00")]
    [InlineData("_sort=code")]
    [InlineData("_count=0")]
    [InlineData("status=done")]
    [InlineData("code:text=anxiety")]
    public async Task Given_an_invalid_search_value_When_searching_Then_400_OperationOutcome(string query)
    {
        var client = await ClientAsync();

        await AssertOutcomeAsync(await client.GetAsync("/fhir/Observation?" + query), HttpStatusCode.BadRequest, "invalid");
    }

    [Theory]
    [InlineData("date=9999-12")]
    [InlineData("date=le9999")]
    [InlineData("date=ge0001-01-01")]
    [InlineData("date=0001-01-01T00:00:00%2B14:00")]
    [InlineData("patient=not-a-patient")]
    public async Task Given_extreme_but_valid_search_values_When_searching_Then_a_searchset_answers(string query)
    {
        var client = await ClientAsync();

        await SearchAsync(client, "/fhir/Observation?" + query);
    }
}
