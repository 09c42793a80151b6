using System.Net;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

public sealed class FhirAuthorizationTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    private Task<int> PatientCountAsync() => app.WithDbAsync(db => db.Patients.CountAsync());

    [Fact]
    public async Task Given_no_token_When_reading_patients_Then_401_OperationOutcome_and_no_redirect_to_login()
    {
        var response = await app.CreateApiClient(null).GetAsync("/fhir/Patient");

        await AssertOutcomeAsync(response, HttpStatusCode.Unauthorized, "login");
        Assert.Null(response.Headers.Location);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Given_a_browser_signed_in_with_a_cookie_When_it_calls_the_API_Then_401_not_the_login_page()
    {
        var browser = await app.SignedInClientAsync(Roles.Prescriber);
        browser.DefaultRequestHeaders.Accept.ParseAdd(FhirJson);

        var response = await browser.GetAsync("/fhir/Patient");

        await AssertOutcomeAsync(response, HttpStatusCode.Unauthorized, "login");
        Assert.Equal("/fhir/Patient", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Given_an_unknown_token_When_reading_patients_Then_401()
    {
        var response = await app.CreateApiClient("kc_this-token-was-never-issued").GetAsync("/fhir/Patient");

        await AssertOutcomeAsync(response, HttpStatusCode.Unauthorized, "login");
    }

    [Fact]
    public async Task Given_a_revoked_token_When_reading_patients_Then_401()
    {
        var token = await app.CreateTokenAsync(Roles.Prescriber, "user/*.*");
        var client = app.CreateApiClient(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/fhir/Patient")).StatusCode);
        // Revoked the way KapCare revokes (CLI / service): it takes effect at once, even though checked tokens are cached.
        var hash = ApiTokenService.Hash(token);
        var id = await app.WithDbAsync(db => db.ApiTokens.Where(t => t.SecretHash == hash).Select(t => t.Id).SingleAsync());
        Assert.True(await app.WithServicesAsync(s => s.GetRequiredService<ApiTokenService>().RevokeAsync(id)));

        await AssertOutcomeAsync(await client.GetAsync("/fhir/Patient"), HttpStatusCode.Unauthorized, "login");
    }

    [Fact]
    public async Task Given_a_read_only_token_When_creating_a_patient_Then_403_nothing_is_written_and_the_refusal_is_audited()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.FrontDesk, "user/Patient.read"));
        var before = await PatientCountAsync();

        var response = await client.PostAsync("/fhir/Patient", Body(NewPatient("Ana", UniqueName())));

        var outcome = await AssertOutcomeAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("user/Patient.write", Diagnostics(outcome), StringComparison.Ordinal);
        Assert.Equal(before, await PatientCountAsync());
        Assert.Contains(await app.AuditEntriesAsync(), e => e.Action == AuditActions.AccessDenied && e.Outcome == AuditOutcome.Denied
            && e.Channel == "api" && e.Detail!.Contains("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_a_researcher_token_with_every_scope_When_reading_patients_Then_403_because_researchers_see_de_identified_data_only()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Researcher, "user/*.*"));

        await AssertOutcomeAsync(await client.GetAsync("/fhir/Patient"), HttpStatusCode.Forbidden, "forbidden");
        await AssertOutcomeAsync(await client.GetAsync($"/fhir/Patient/{Guid.NewGuid()}"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains(await app.AuditEntriesAsync(), e => e.Action == AuditActions.AccessDenied && e.Outcome == AuditOutcome.Denied && e.Channel == "api");
    }

    [Fact]
    public async Task Given_a_write_only_token_When_searching_Then_403()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Nurse, "user/Patient.write"));

        await AssertOutcomeAsync(await client.GetAsync("/fhir/Patient"), HttpStatusCode.Forbidden, "forbidden");
    }
}
