using System.Net.Http.Headers;
using System.Text;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Patients;

/// <summary>DESIGN.md: "No patient data in logs." Everything identifying we send must be absent from every log line.</summary>
public sealed class NoPatientDataInLogsTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Given_patient_work_through_pages_and_FHIR_When_the_logs_are_read_Then_no_name_email_phone_or_birth_date_appears()
    {
        var client = await app.SignedInClientAsync(Roles.FrontDesk);
        var form = new Dictionary<string, string>
        {
            ["Input.GivenName"] = "Quillon", ["Input.FamilyName"] = "Vexbrook", ["Input.BirthDate"] = "1979-03-14",
            ["Input.Sex"] = "Female", ["Input.Email"] = "quillon.vexbrook@example.com", ["Input.Phone"] = "+1 312 555 0177",
        };
        var created = await KapCareTestApp.PostFormAsync(client, "/Patients/Register", form);
        await client.GetStringAsync("/Patients?q=vexbrook");
        await client.GetStringAsync("/Patients?q=1979-03-14");
        await client.GetStringAsync(created.RequestMessage!.RequestUri);
        await KapCareTestApp.PostFormAsync(client, "/Patients/Register", new(form) { ["Input.BirthDate"] = "2999-01-01" });

        var api = app.CreateApiClient(await app.CreateTokenAsync(Roles.FrontDesk, "user/Patient.*"));
        await api.GetAsync("/fhir/Patient?family=Vexbrook&birthdate=1979-03-14");
        var body = """{"resourceType":"Patient","name":[{"family":"Vexbrook","given":["Quillon"]}],"birthDate":"not-a-date"}""";
        await api.PostAsync("/fhir/Patient", new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/fhir+json")));

        Assert.NotEmpty(app.Logs.Lines);
        foreach (var secret in new[] { "Quillon", "Vexbrook", "vexbrook", "quillon.vexbrook@example.com", "555 0177", "1979-03-14" })
            Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
    }
}
