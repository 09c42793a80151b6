using System.Net;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Measures;

public sealed class PortalTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Given_a_portal_account_When_the_patient_answers_PHQ9_at_home_Then_it_is_stored_as_theirs_and_crisis_help_shows()
    {
        var staff = await app.SignedInClientAsync(Roles.FrontDesk);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Lena", ["Input.FamilyName"] = "Novak", ["Input.BirthDate"] = "1992-08-19", ["Input.Sex"] = "Female", ["Input.Email"] = "lena@example.com",
        });
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/PortalAccess", new() { ["email"] = "lena@example.com", ["password"] = "lena's long password" });

        var patient = app.CreateClient();
        var signedIn = await KapCareTestApp.PostFormAsync(patient, "/Account/Login", new() { ["Input.Email"] = "lena@example.com", ["Input.Password"] = "lena's long password" });
        Assert.Equal("/Portal", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Hello Lena", await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await patient.GetAsync("/Patients")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await patient.GetAsync("/Alerts")).StatusCode);

        var answers = Enumerable.Range(1, 9).ToDictionary(i => $"answers[{i}]", i => i == 9 ? "1" : "0");
        var done = await KapCareTestApp.PostFormAsync(patient, "/Portal/Answer/phq-9", answers);
        var html = WebUtility.HtmlDecode(await done.Content.ReadAsStringAsync());
        Assert.Equal("/Portal", done.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("988", html, StringComparison.Ordinal);

        var stored = await app.WithDbAsync(db => db.QuestionnaireResponses.SingleAsync());
        Assert.Equal((patientId, ResponseSource.Portal, 1), (stored.PatientId, stored.Source, stored.Total));
        Assert.Equal(1, await app.WithDbAsync(db => db.SafetyAlerts.CountAsync(a => a.PatientId == patientId)));
    }

    [Fact]
    public async Task Given_a_patient_When_opening_a_clinician_rated_scale_in_the_portal_Then_it_is_not_there()
    {
        var staff = await app.SignedInClientAsync(Roles.FrontDesk);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Lena", ["Input.FamilyName"] = "Novak", ["Input.BirthDate"] = "1992-08-19", ["Input.Sex"] = "Female",
        });
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/PortalAccess", new() { ["email"] = "lena@example.com", ["password"] = "lena's long password" });
        var patient = app.CreateClient();
        await KapCareTestApp.PostFormAsync(patient, "/Account/Login", new() { ["Input.Email"] = "lena@example.com", ["Input.Password"] = "lena's long password" });
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync("/Portal/Answer/ham-a")).StatusCode);
    }
}
