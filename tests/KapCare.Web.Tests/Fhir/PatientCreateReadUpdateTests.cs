using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

public sealed class PatientCreateReadUpdateTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    private async Task<HttpClient> ClientAsync() => app.CreateApiClient(await app.CreateTokenAsync(Roles.FrontDesk, "user/Patient.read user/Patient.write"));

    /// <summary>Every element KapCare records, written the way FHIR R4 and the pronouns extension define them.</summary>
    private static JsonObject FullPatient(string family) => new()
    {
        ["resourceType"] = "Patient",
        ["text"] = new JsonObject { ["status"] = "generated", ["div"] = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Ana María García</div>" },
        ["extension"] = new JsonArray(new JsonObject
        {
            ["url"] = PronounsUrl,
            ["extension"] = new JsonArray(new JsonObject { ["url"] = "value", ["valueCodeableConcept"] = new JsonObject { ["text"] = "she/her" } }),
        }),
        ["active"] = true,
        ["name"] = new JsonArray(new JsonObject { ["use"] = "official", ["family"] = family, ["given"] = new JsonArray("Ana", "María") }),
        ["telecom"] = new JsonArray(
            new JsonObject { ["system"] = "phone", ["value"] = "+1 312 555 0143" },
            new JsonObject { ["system"] = "email", ["value"] = "ana.garcia@example.com" }),
        ["gender"] = "female",
        ["birthDate"] = "1985-03-14",
        ["address"] = new JsonArray(new JsonObject
        {
            ["line"] = new JsonArray("1200 N Lake Shore Dr Apt 4"),
            ["city"] = "Chicago",
            ["state"] = "IL",
            ["postalCode"] = "60610",
            ["country"] = "US",
        }),
        ["contact"] = new JsonArray(new JsonObject
        {
            ["relationship"] = new JsonArray(new JsonObject { ["text"] = "Spouse" }),
            ["name"] = new JsonObject { ["text"] = "Luis García" },
            ["telecom"] = new JsonArray(new JsonObject { ["system"] = "phone", ["value"] = "+1 312 555 0199" }),
        }),
        ["communication"] = new JsonArray(new JsonObject { ["language"] = new JsonObject { ["text"] = "Spanish" }, ["preferred"] = true }),
    };

    [Fact]
    public async Task Given_a_full_patient_When_created_and_read_Then_201_with_location_and_etag_and_every_element_comes_back()
    {
        var client = await ClientAsync();
        var family = UniqueName("García");
        var sent = FullPatient(family);

        var created = await client.PostAsync("/fhir/Patient", Body(sent));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(FhirJson, created.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(created);
        var id = (string)body["id"]!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal($"/fhir/Patient/{id}/_history/1", created.Headers.Location!.AbsolutePath);
        Assert.Equal("W/\"1\"", created.Headers.ETag?.ToString());
        Assert.Equal("1", (string?)body["meta"]!["versionId"]);

        var read = await client.GetAsync($"/fhir/Patient/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("W/\"1\"", read.Headers.ETag?.ToString());
        Assert.NotNull(read.Content.Headers.LastModified);
        var patient = await JsonAsync(read);

        Assert.Equal("resourceType", patient.First().Key);
        Assert.Equal("Patient", (string?)patient["resourceType"]);
        Assert.Equal(id, (string?)patient["id"]);
        Assert.Equal("1", (string?)patient["meta"]!["versionId"]);
        Assert.True(DateTimeOffset.TryParse((string?)patient["meta"]!["lastUpdated"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        Assert.True(JsonNode.DeepEquals(body, patient), "The create response and the read must be the same resource.");
        Assert.True((bool)patient["active"]!);

        var identifier = Assert.Single(patient["identifier"]!.AsArray())!;
        Assert.Equal(MrnSystem, (string?)identifier["system"]);
        Assert.Matches(@"^KC-\d{4}-\d{4}$", (string?)identifier["value"]);
        var mrType = Assert.Single(identifier["type"]!["coding"]!.AsArray())!;
        Assert.Equal("http://terminology.hl7.org/CodeSystem/v2-0203", (string?)mrType["system"]);
        Assert.Equal("MR", (string?)mrType["code"]);

        var name = Assert.Single(patient["name"]!.AsArray())!;
        Assert.Equal(family, (string?)name["family"]);
        Assert.True(JsonNode.DeepEquals(sent["name"]![0]!["given"], name["given"]));
        Assert.Equal("female", (string?)patient["gender"]);
        Assert.Equal("1985-03-14", (string?)patient["birthDate"]);
        foreach (var point in sent["telecom"]!.AsArray())
            Assert.Contains(patient["telecom"]!.AsArray(), p => JsonNode.DeepEquals(p, point));
        Assert.Equal(2, patient["telecom"]!.AsArray().Count);
        Assert.True(JsonNode.DeepEquals(sent["address"], patient["address"]));

        var contact = Assert.Single(patient["contact"]!.AsArray())!;
        Assert.Contains(contact["relationship"]!.AsArray(), r => (string?)r!["text"] == "Spouse");
        Assert.Equal("Luis García", (string?)contact["name"]!["text"]);
        Assert.True(JsonNode.DeepEquals(sent["contact"]![0]!["telecom"], contact["telecom"]));

        var communication = Assert.Single(patient["communication"]!.AsArray())!;
        Assert.Equal("Spanish", (string?)communication["language"]!["text"]);

        var pronouns = Assert.Single(patient["extension"]!.AsArray(), e => (string?)e!["url"] == PronounsUrl)!;
        var value = Assert.Single(pronouns["extension"]!.AsArray())!;
        Assert.Equal("value", (string?)value["url"]);
        Assert.Equal("she/her", (string?)value["valueCodeableConcept"]!["text"]);
    }

    [Fact]
    public async Task Given_a_created_patient_When_read_back_and_put_unchanged_Then_the_round_trip_is_accepted()
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, FullPatient(UniqueName("García")));

        var response = await PutAsync(client, created, "W/\"1\"");

        var updated = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, updated.ToJsonString());
        Assert.Equal("2", (string?)updated["meta"]!["versionId"]);
        foreach (var element in new[] { "identifier", "name", "telecom", "gender", "birthDate", "address", "contact", "communication", "extension", "active" })
            Assert.True(JsonNode.DeepEquals(created[element], updated[element]), $"{element} changed on a round trip");
    }

    [Fact]
    public async Task Given_the_current_version_in_If_Match_When_updated_Then_200_with_the_next_version_and_the_change_is_saved()
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, NewPatient("Ana", UniqueName("Before")));
        var newFamily = UniqueName("After");
        created["name"]![0]!["family"] = newFamily;

        var response = await PutAsync(client, created, "W/\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("W/\"2\"", response.Headers.ETag?.ToString());
        var updated = await JsonAsync(response);
        Assert.Equal("2", (string?)updated["meta"]!["versionId"]);
        var read = await JsonAsync(await client.GetAsync($"/fhir/Patient/{created["id"]}"));
        Assert.Equal(newFamily, (string?)read["name"]![0]!["family"]);
        Assert.Equal("2", (string?)read["meta"]!["versionId"]);
    }

    [Fact]
    public async Task Given_a_stale_If_Match_When_updated_Then_412_and_nothing_changes()
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, NewPatient("Ana", UniqueName("First")));
        var first = created.DeepClone().AsObject();
        first["name"]![0]!["family"] = UniqueName("Second");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, first, "W/\"1\"")).StatusCode);

        var stale = created.DeepClone().AsObject();
        stale["name"]![0]!["family"] = UniqueName("Lost");
        var response = await PutAsync(client, stale, "W/\"1\"");

        await AssertOutcomeAsync(response, HttpStatusCode.PreconditionFailed, "conflict");
        var read = await JsonAsync(await client.GetAsync($"/fhir/Patient/{created["id"]}"));
        Assert.Equal("2", (string?)read["meta"]!["versionId"]);
        Assert.Equal((string?)first["name"]![0]!["family"], (string?)read["name"]![0]!["family"]);
    }

    [Fact]
    public async Task Given_a_stale_meta_versionId_and_no_If_Match_When_updated_Then_409_conflict()
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, NewPatient("Ana", UniqueName("Meta")));
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, created)).StatusCode);

        var response = await PutAsync(client, created);

        await AssertOutcomeAsync(response, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Given_an_update_When_the_body_id_differs_or_the_patient_is_unknown_Then_400_or_404()
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, NewPatient("Ana", UniqueName("Ids")));

        var mismatch = created.DeepClone().AsObject();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/fhir/Patient/{Guid.NewGuid()}") { Content = Body(mismatch) };
        await AssertOutcomeAsync(await client.SendAsync(request), HttpStatusCode.BadRequest, "invalid", "Patient.id");

        var unknown = created.DeepClone().AsObject();
        unknown["id"] = Guid.NewGuid().ToString();
        await AssertOutcomeAsync(await PutAsync(client, unknown), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Given_an_archived_patient_When_updated_Then_409_says_the_record_is_archived()
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, NewPatient("Ana", UniqueName("Archived")));
        var id = Guid.Parse((string)created["id"]!);
        await app.WithDbAsync(async db =>
        {
            var patient = await db.Patients.SingleAsync(p => p.Id == id);
            patient.Archive("duplicate record", DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

        var response = await PutAsync(client, created);

        var outcome = await AssertOutcomeAsync(response, HttpStatusCode.Conflict, "business-rule");
        Assert.Contains("archived", Diagnostics(outcome), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("0196b4a8-0000-7000-8000-000000000000")]
    public async Task Given_an_unknown_id_When_read_Then_404_not_found(string id)
    {
        var client = await ClientAsync();

        await AssertOutcomeAsync(await client.GetAsync($"/fhir/Patient/{id}"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Given_a_patient_When_read_by_version_Then_the_current_version_answers_and_an_older_one_is_404()
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, NewPatient("Ana", UniqueName("Vread")));
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, created, "W/\"1\"")).StatusCode);

        var current = await client.GetAsync($"/fhir/Patient/{created["id"]}/_history/2");
        var old = await client.GetAsync($"/fhir/Patient/{created["id"]}/_history/1");

        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal("2", (string?)(await JsonAsync(current))["meta"]!["versionId"]);
        var outcome = await AssertOutcomeAsync(old, HttpStatusCode.NotFound, "not-found");
        Assert.Contains("current version", Diagnostics(outcome), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_FHIR_create_read_search_and_update_When_done_Then_each_leaves_an_api_audit_entry()
    {
        var client = await ClientAsync();
        var family = UniqueName("Audit");
        var created = await CreateAsync(client, NewPatient("Ana", family));
        var id = Guid.Parse((string)created["id"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/fhir/Patient/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/fhir/Patient?family={family}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, created, "W/\"1\"")).StatusCode);

        var entries = (await app.AuditEntriesAsync()).Where(e => e.Channel == "api" && e.Outcome == AuditOutcome.Success).ToList();

        Assert.Contains(entries, e => e.Action == AuditActions.PatientCreate && e.PatientId == id);
        Assert.Contains(entries, e => e.Action == AuditActions.PatientRead && e.PatientId == id);
        Assert.Contains(entries, e => e.Action == AuditActions.PatientUpdate && e.PatientId == id);
        Assert.Contains(entries, e => e.Action == AuditActions.PatientSearch && e.Detail!.Contains(family, StringComparison.Ordinal));
        Assert.All(entries.Where(e => e.PatientId == id), e => Assert.StartsWith("api-", e.Actor, StringComparison.Ordinal));
    }
}
