using System.Net;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Fhir.FhirMeasures;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

/// <summary>Responses, scores and flags are patient data: the same role and scope rules as Patient, one scope per resource.</summary>
public sealed class FhirMeasureAuthorizationTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    [Theory]
    [InlineData("/fhir/QuestionnaireResponse")]
    [InlineData("/fhir/Observation")]
    [InlineData("/fhir/Flag")]
    public async Task Given_a_researcher_token_with_every_scope_When_reading_measures_Then_403_and_audited(string path)
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Researcher, "user/*.*"));

        await AssertOutcomeAsync(await client.GetAsync(path), HttpStatusCode.Forbidden, "forbidden");
        await AssertOutcomeAsync(await client.GetAsync($"{path}/{Guid.NewGuid()}"), HttpStatusCode.Forbidden, "forbidden");

        var type = path["/fhir/".Length..];
        Assert.Contains(await app.AuditEntriesAsync(), e => e.Action == AuditActions.AccessDenied && e.ResourceType == type && e.Outcome == AuditOutcome.Denied);
    }

    [Fact]
    public async Task Given_a_token_with_Patient_scopes_only_When_submitting_or_reading_measures_Then_403_naming_the_scope_and_nothing_is_stored()
    {
        var setup = app.CreateApiClient(await app.CreateTokenAsync(Roles.Nurse, "user/Patient.*"));
        var patient = await NewPatientIdAsync(setup);
        var form = Response("http://loinc.org/q/69737-5", patient, LoincItems(Gad7Items, [0, 0, 0, 0, 0, 0, 0]));

        var outcome = await AssertOutcomeAsync(await setup.PostAsync("/fhir/QuestionnaireResponse", Body(form)), HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("user/QuestionnaireResponse.write", Diagnostics(outcome), StringComparison.Ordinal);
        var read = await AssertOutcomeAsync(await setup.GetAsync($"/fhir/Observation?patient={patient}"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("user/Observation.read", Diagnostics(read), StringComparison.Ordinal);

        var id = Guid.Parse(patient);
        Assert.Equal(0, await app.WithDbAsync(db => db.QuestionnaireResponses.CountAsync(r => r.PatientId == id)));
    }

    [Fact]
    public async Task Given_a_read_only_token_for_responses_When_submitting_Then_403_but_reading_is_allowed()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Therapist, "user/QuestionnaireResponse.read user/Observation.read user/Flag.read"));
        var writer = app.CreateApiClient(await app.CreateTokenAsync(Roles.Nurse, "user/Patient.write user/QuestionnaireResponse.write"));
        var patient = await NewPatientIdAsync(writer);
        var form = Response("http://loinc.org/q/69737-5", patient, LoincItems(Gad7Items, [0, 0, 0, 0, 0, 0, 0]));

        await AssertOutcomeAsync(await client.PostAsync("/fhir/QuestionnaireResponse", Body(form)), HttpStatusCode.Forbidden, "forbidden");
        var (created, _) = await SubmitAsync(writer, form);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.GetAsync($"/fhir/QuestionnaireResponse/{created["id"]}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/fhir/QuestionnaireResponse/{created["id"]}")).StatusCode);
        Assert.Single(Resources(await SearchAsync(client, $"/fhir/Observation?patient={patient}")));
        Assert.Empty(Resources(await SearchAsync(client, $"/fhir/Flag?patient={patient}")));
    }
}
