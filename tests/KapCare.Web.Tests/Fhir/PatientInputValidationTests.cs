using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

/// <summary>Bad input gets a 4xx OperationOutcome that says what is wrong and where, and nothing is written.</summary>
public sealed class PatientInputValidationTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    private async Task<HttpClient> ClientAsync() => app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/Patient.read user/Patient.write"));

    private Task<int> PatientCountAsync() => app.WithDbAsync(db => db.Patients.CountAsync());

    private static string Valid() => NewPatient("Ana", "Invalid").ToJsonString();

    private static string With(Action<JsonObject> change)
    {
        var patient = NewPatient("Ana", "Invalid");
        change(patient);
        return patient.ToJsonString();
    }

    /// <summary>Case name → body, expected issue code, and the FHIRPath or words the OperationOutcome must name.</summary>
    public static TheoryData<string> Cases => [.. BadBodies.Keys];

    private static readonly Dictionary<string, (string Body, string Code, string? Expression, string Mentions)> BadBodies = new()
    {
        ["malformed JSON"] = ("{\n  \"resourceType\": \"Patient\",\n  \"gender\": \"female\",,\n}", "structure", null, "line 3"),
        ["not an object"] = ("[]", "structure", null, "JSON object"),
        ["no resourceType"] = ("{\"birthDate\": \"1985-03-14\"}", "structure", null, "resourceType"),
        ["wrong resourceType"] = (Valid().Replace("\"Patient\"", "\"Observation\"", StringComparison.Ordinal), "invalid", null, "Observation"),
        ["unknown element"] = (With(p => p["favouriteColour"] = "blue"), "structure", "Patient.favouriteColour", "favouriteColour"),
        ["unknown nested element"] = (With(p => p["name"]![0]!["nickname"] = "Annie"), "structure", "Patient.name[0].nickname", "nickname"),
        ["wrong case"] = (With(p => { p.Remove("birthDate"); p["BirthDate"] = "1985-03-14"; }), "structure", "Patient.BirthDate", "BirthDate"),
        ["wrong JSON type"] = (With(p => p["active"] = "yes"), "structure", "Patient.active", "Patient.active"),
        ["null value"] = (With(p => p["gender"] = null), "structure", "Patient.gender", "null"),
        ["duplicate element"] = (Valid().Replace("\"gender\":\"female\"", "\"gender\":\"female\",\"gender\":\"male\"", StringComparison.Ordinal), "structure", null, "gender"),
        ["impossible date"] = (With(p => p["birthDate"] = "1990-02-30"), "value", "Patient.birthDate", "1990-02-30"),
        ["partial date"] = (With(p => p["birthDate"] = "1990-05"), "value", "Patient.birthDate", "full date"),
        ["date with time"] = (With(p => p["birthDate"] = "1990-05-01T00:00:00Z"), "value", "Patient.birthDate", "YYYY-MM-DD"),
        ["missing birth date"] = (With(p => p.Remove("birthDate")), "required", "Patient.birthDate", "required"),
        ["future birth date"] = (With(p => p["birthDate"] = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "value", "Patient.birthDate", "future"),
        ["invalid gender"] = (With(p => p["gender"] = "F"), "value", "Patient.gender", "male, female, other or unknown"),
        ["invalid email"] = (With(p => p["telecom"] = new JsonArray(new JsonObject { ["system"] = "phone", ["value"] = "+1 312 555 0143" }, new JsonObject { ["system"] = "email", ["value"] = "ana-at-example" })), "value", "Patient.telecom[1]", "email"),
        ["missing family name"] = (With(p => p["name"]![0]!.AsObject().Remove("family")), "value", "Patient.name[0].family", "Last name"),
        ["identifier on create"] = (With(p => p["identifier"] = new JsonArray(new JsonObject { ["system"] = MrnSystem, ["value"] = "KC-1234-5678" })), "business-rule", "Patient.identifier[0]", "assigns"),
        ["id on create"] = (With(p => p["id"] = Guid.NewGuid().ToString()), "invalid", "Patient.id", "id"),
        ["two names"] = (With(p => p["name"]!.AsArray().Add(new JsonObject { ["use"] = "nickname", ["given"] = new JsonArray("Annie") })), "business-rule", "Patient.name", "one name"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Given_a_bad_body_When_creating_Then_400_OperationOutcome_says_what_and_where_and_nothing_is_written(string @case)
    {
        var (body, code, expression, mentions) = BadBodies[@case];
        var client = await ClientAsync();
        var before = await PatientCountAsync();

        var response = await client.PostAsync("/fhir/Patient", Body(body));

        var outcome = await AssertOutcomeAsync(response, HttpStatusCode.BadRequest, code, expression);
        Assert.Contains(mentions, Diagnostics(outcome), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await PatientCountAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Given_a_body_that_is_not_JSON_When_creating_Then_415_and_nothing_is_written(string contentType)
    {
        var client = await ClientAsync();
        var before = await PatientCountAsync();

        var response = await client.PostAsync("/fhir/Patient", Body(Valid(), contentType));

        await AssertOutcomeAsync(response, HttpStatusCode.UnsupportedMediaType, "not-supported");
        Assert.Equal(before, await PatientCountAsync());
    }

    [Fact]
    public async Task Given_plain_application_json_When_creating_Then_it_is_accepted_as_FHIR_JSON()
    {
        var client = await ClientAsync();

        var response = await client.PostAsync("/fhir/Patient", Body(Valid(), "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Given_an_invalid_update_When_put_Then_400_and_the_stored_patient_is_unchanged()
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, NewPatient("Ana", UniqueName("Keep")));
        var changed = created.DeepClone().AsObject();
        changed["birthDate"] = "2999-01-01";
        changed["name"]![0]!["family"] = "Changed";

        var response = await PutAsync(client, changed, "W/\"1\"");

        await AssertOutcomeAsync(response, HttpStatusCode.BadRequest, "value", "Patient.birthDate");
        var read = await JsonAsync(await client.GetAsync($"/fhir/Patient/{created["id"]}"));
        Assert.True(JsonNode.DeepEquals(created, read));
    }

    [Fact]
    public async Task Given_a_changed_identifier_When_put_Then_400_because_KapCare_owns_the_MRN()
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, NewPatient("Ana", UniqueName("Mrn")));
        created["identifier"]![0]!["value"] = "KC-0000-0000";

        var response = await PutAsync(client, created, "W/\"1\"");

        await AssertOutcomeAsync(response, HttpStatusCode.BadRequest, "business-rule", "Patient.identifier[0]");
    }

    [Theory]
    [InlineData("3")]
    [InlineData("W/\"abc\"")]
    public async Task Given_a_malformed_If_Match_When_put_Then_400(string ifMatch)
    {
        var client = await ClientAsync();
        var created = await CreateAsync(client, NewPatient("Ana", UniqueName("Etag")));

        await AssertOutcomeAsync(await PutAsync(client, created, ifMatch), HttpStatusCode.BadRequest, "invalid");
    }
}
