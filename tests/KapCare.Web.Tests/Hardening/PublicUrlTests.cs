using System.Net;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Fhir;
using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Hardening;

/// <summary>
/// Issue 9, finding 6: the Host header is trusted when building links. With a public address configured, a request whose
/// Host names another site never gets that site into a link (FHIR fullUrl and Location, the questionnaire link for a patient).
/// </summary>
public sealed class PublicUrlTests : IAsyncLifetime
{
    private const string PublicUrl = "https://clinic.example";
    private const string Forged = "evil.example";
    private readonly KapCareTestApp app = KapCareTestApp.WithSettings(new Dictionary<string, string> { ["Web:PublicUrl"] = PublicUrl });

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    // Over https, as the deployment is: a plain-http request would only be redirected to the public address.
    private HttpClient ForgedHostApiClient(string token)
    {
        var client = app.CreateClient(false, new Uri($"https://{Forged}"), null);
        client.DefaultRequestHeaders.Authorization = FhirTestClient.Bearer(token);
        client.DefaultRequestHeaders.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue(FhirTestClient.FhirJson));
        return client;
    }

    [Fact]
    public async Task Given_a_forged_Host_When_a_FHIR_patient_is_created_and_searched_Then_Location_and_fullUrl_use_the_public_address()
    {
        var client = ForgedHostApiClient(await app.CreateTokenAsync(Roles.FrontDesk, "user/Patient.*"));
        var family = FhirTestClient.UniqueName();
        var created = await client.PostAsync("/fhir/Patient", FhirTestClient.Body(FhirTestClient.NewPatient("Ana", family)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        Assert.StartsWith(PublicUrl + "/fhir/Patient/", location, StringComparison.Ordinal);

        var search = await client.GetAsync($"/fhir/Patient?family={family}");
        var bundle = await search.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Contains($"\"fullUrl\":\"{PublicUrl}/fhir/Patient/", bundle, StringComparison.Ordinal);
        Assert.Contains($"{PublicUrl}/fhir/Patient?", bundle, StringComparison.Ordinal);
        foreach (var body in new[] { bundle, await created.Content.ReadAsStringAsync() })
            Assert.DoesNotContain(Forged, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Given_a_forged_Host_When_staff_create_a_questionnaire_link_Then_the_link_points_at_the_public_address()
    {
        await app.CreateUserAsync("prescriber@clinic.test", Roles.Prescriber);
        var staff = app.CreateClient(true, new Uri($"https://{Forged}"), null);
        await app.SignInAsync(staff, "prescriber@clinic.test");
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Ana", ["Input.FamilyName"] = "Silva", ["Input.BirthDate"] = "1990-05-05", ["Input.Sex"] = "Female",
        });
        var response = await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/Measures/Link", new() { ["instruments"] = "gad-7" });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Matches($"value=\"{System.Text.RegularExpressions.Regex.Escape(PublicUrl)}/m/[A-Za-z0-9_-]+\"", page);
        Assert.DoesNotContain(Forged, page, StringComparison.OrdinalIgnoreCase);
    }
}
