using System.Net;
using System.Text.Json.Nodes;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

/// <summary>
/// Search semantics from FHIR R4 search.html: string parameters match the start of a name part ignoring case
/// and accents; a date parameter is a range compared by prefix; identifier is a token. Each test narrows by a
/// given name no other test uses, so the shared database does not disturb the counts.
/// </summary>
public sealed class PatientSearchTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    private async Task<HttpClient> ClientAsync() => app.CreateApiClient(await app.CreateTokenAsync(Roles.Nurse, "user/*.*"));

    private static async Task<JsonObject> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/fhir/Patient?" + query);
        var bundle = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, bundle.ToJsonString());
        Assert.Equal(FhirJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bundle", (string?)bundle["resourceType"]);
        Assert.Equal("searchset", (string?)bundle["type"]);
        return bundle;
    }

    private static int Total(JsonObject bundle) => (int)bundle["total"]!;

    private static List<string> Ids(JsonObject bundle) =>
        bundle["entry"]?.AsArray().Select(e => (string)e!["resource"]!["id"]!).ToList() ?? [];

    private static string? Link(JsonObject bundle, string relation) =>
        (string?)bundle["link"]!.AsArray().FirstOrDefault(l => (string?)l!["relation"] == relation)?["url"];

    [Fact]
    public async Task Given_García_When_searching_without_accents_or_case_Then_name_and_family_find_her()
    {
        var client = await ClientAsync();
        var given = UniqueName();
        var garcia = await CreateAsync(client, NewPatient(given, "García"));
        await CreateAsync(client, NewPatient(given, "Garza"));

        foreach (var query in new[] { $"family=garcia&given={given}", $"name=GARCÍA&given={given}", $"name=garc&given={given}", $"family=García&given={given.ToUpperInvariant()}" })
        {
            var bundle = await SearchAsync(client, query);
            Assert.Equal(1, Total(bundle));
            Assert.Equal([(string)garcia["id"]!], Ids(bundle));
        }
        Assert.Equal(2, Total(await SearchAsync(client, $"given={given}")));
        Assert.Equal(0, Total(await SearchAsync(client, $"family=garcias&given={given}")));
    }

    [Fact]
    public async Task Given_a_multi_part_name_When_searching_a_later_part_Then_it_matches_the_start_of_that_part()
    {
        var client = await ClientAsync();
        var given = UniqueName();
        var patient = NewPatient(given, "Núñez del Río");
        patient["name"]![0]!["given"] = new JsonArray(given, "José");
        var created = await CreateAsync(client, patient);

        Assert.Equal([(string)created["id"]!], Ids(await SearchAsync(client, $"family=rio&given={given}")));
        Assert.Equal([(string)created["id"]!], Ids(await SearchAsync(client, $"given=jose&family=nunez&name={given}")));
        Assert.Equal(0, Total(await SearchAsync(client, $"family=io&given={given}")));
    }

    [Fact]
    public async Task Given_birth_dates_When_searching_by_birthdate_with_prefixes_and_partial_dates_Then_FHIR_range_semantics_apply()
    {
        var client = await ClientAsync();
        var given = UniqueName();
        var a = (string)(await CreateAsync(client, NewPatient(given, "Early", "1980-05-17")))["id"]!;
        var b = (string)(await CreateAsync(client, NewPatient(given, "Middle", "1990-01-01")))["id"]!;
        var c = (string)(await CreateAsync(client, NewPatient(given, "Late", "1990-12-31")))["id"]!;

        async Task<List<string>> Find(string birthdate) =>
            [.. Ids(await SearchAsync(client, $"given={given}&birthdate={birthdate}")).Order()];

        Assert.Equal([a], await Find("1980-05-17"));
        Assert.Equal([a], await Find("eq1980-05-17"));
        Assert.Equal(new[] { b, c }.Order(), await Find("1990"));
        Assert.Equal([c], await Find("1990-12"));
        Assert.Equal(new[] { b, c }.Order(), await Find("ge1990-01-01"));
        Assert.Equal(new[] { b, c }.Order(), await Find("gt1980"));
        Assert.Equal([a], await Find("lt1990"));
        Assert.Equal(new[] { a, b }.Order(), await Find("le1990-01"));
        Assert.Equal(new[] { a, c }.Order(), await Find("ne1990-01-01"));
        Assert.Equal(new[] { a, c }.Order(), await Find("1980,1990-12"));
        Assert.Equal([b], (List<string>)[.. Ids(await SearchAsync(client, $"given={given}&birthdate=ge1990-01-01&birthdate=lt1990-02")).Order()]);
    }

    [Fact]
    public async Task Given_a_patient_When_searching_by_identifier_in_either_MRN_form_Then_exactly_that_patient_is_found()
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, NewPatient(UniqueName(), "Identifier"));
        var mrn = (string)created["identifier"]![0]!["value"]!;
        var digits = mrn.Replace("KC-", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var id = (string)created["id"]!;

        Assert.Equal([id], Ids(await SearchAsync(client, $"identifier={Uri.EscapeDataString(MrnSystem + "|" + mrn)}")));
        Assert.Equal([id], Ids(await SearchAsync(client, $"identifier={mrn}")));
        Assert.Equal([id], Ids(await SearchAsync(client, $"identifier={digits}")));
        Assert.Equal(0, Total(await SearchAsync(client, $"identifier={Uri.EscapeDataString("http://other.example/mrn|" + mrn)}")));
    }

    [Fact]
    public async Task Given_five_matches_When_paging_with_count_2_Then_total_is_5_and_next_links_walk_every_match_once()
    {
        var client = await ClientAsync();
        var given = UniqueName();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
            created.Add((string)(await CreateAsync(client, NewPatient(given, $"Page{(char)('a' + i)}")))["id"]!);

        var seen = new List<string>();
        var page = await SearchAsync(client, $"given={given}&_count=2");
        Assert.Null(Link(page, "previous"));
        var pages = 0;
        while (true)
        {
            pages++;
            Assert.Equal(5, Total(page));
            Assert.StartsWith("http://localhost/fhir/Patient?", Link(page, "self"), StringComparison.Ordinal);
            Assert.All(page["entry"]!.AsArray(), e =>
            {
                Assert.Equal($"http://localhost/fhir/Patient/{e!["resource"]!["id"]}", (string?)e["fullUrl"]);
                Assert.Equal("match", (string?)e["search"]!["mode"]);
            });
            seen.AddRange(Ids(page));
            var next = Link(page, "next");
            if (next is null) break;
            Assert.Contains($"given={given}", next, StringComparison.Ordinal);
            var response = await client.GetAsync(next);
            page = await JsonAsync(response);
            Assert.NotNull(Link(page, "previous"));
        }

        Assert.Equal(3, pages);
        Assert.Equal(created.Order(), seen.Order());
    }

    [Fact]
    public async Task Given_an_archived_patient_When_searching_Then_only_active_false_finds_them()
    {
        var client = await ClientAsync();
        var given = UniqueName();
        var created = await CreateAsync(client, NewPatient(given, "Archived"));
        var id = Guid.Parse((string)created["id"]!);
        await app.WithDbAsync(async db =>
        {
            (await db.Patients.SingleAsync(p => p.Id == id)).Archive("moved away", DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

        Assert.Equal(0, Total(await SearchAsync(client, $"given={given}")));
        var archived = await SearchAsync(client, $"given={given}&active=false");
        Assert.Equal([id.ToString()], Ids(archived));
        Assert.False((bool)archived["entry"]![0]!["resource"]!["active"]!);
    }

    [Theory]
    [InlineData("_count=0")]
    [InlineData("_count=abc")]
    [InlineData("_count=-5")]
    [InlineData("_offset=-1")]
    [InlineData("birthdate=1990-13")]
    [InlineData("birthdate=1990-02-30")]
    [InlineData("birthdate=0000")]
    [InlineData("birthdate=sa1990")]
    [InlineData("birthdate=14/03/1985")]
    [InlineData("name:exact=Garcia")]
    [InlineData("active=maybe")]
    public async Task Given_an_invalid_search_value_When_searching_Then_400_OperationOutcome(string query)
    {
        var client = await ClientAsync();

        await AssertOutcomeAsync(await client.GetAsync("/fhir/Patient?" + query), HttpStatusCode.BadRequest, "invalid");
    }

    [Theory]
    [InlineData("birthdate=9999-12")]
    [InlineData("birthdate=le9999")]
    [InlineData("birthdate=ge0001-01-01")]
    [InlineData("_offset=2147483647")]
    [InlineData("name=%25")]
    public async Task Given_extreme_but_valid_search_values_When_searching_Then_a_searchset_answers(string query)
    {
        var client = await ClientAsync();

        var response = await client.GetAsync("/fhir/Patient?" + query);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        Assert.Equal(FhirJson, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Given_a_count_above_100_When_searching_Then_the_page_is_capped_at_100()
    {
        var client = await ClientAsync();

        var bundle = await SearchAsync(client, "_count=500");

        Assert.Contains("_count=100", Link(bundle, "self"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_unknown_parameter_When_searching_Then_it_is_ignored_unless_strict_handling_is_asked_for()
    {
        var client = await ClientAsync();
        var given = UniqueName();
        await CreateAsync(client, NewPatient(given, "Lenient"));

        var lenient = await SearchAsync(client, $"given={given}&shoesize=42");
        Assert.Equal(1, Total(lenient));
        Assert.DoesNotContain("shoesize", Link(lenient, "self"), StringComparison.Ordinal);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/fhir/Patient?given={given}&shoesize=42");
        request.Headers.Add("Prefer", "handling=strict");
        var outcome = await AssertOutcomeAsync(await client.SendAsync(request), HttpStatusCode.BadRequest, "invalid");
        Assert.Contains("shoesize", Diagnostics(outcome), StringComparison.Ordinal);
    }
}
