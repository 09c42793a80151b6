using System.Net;
using System.Text.RegularExpressions;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Account;

/// <summary>
/// Two-factor sign-in required by role (issue 9, finding 4; ONC 170.315(d)(13) multi-factor authentication):
/// Prescriber, Nurse and Admin by default, a clinic setting per role, enrolment forced at the next sign-in.
/// </summary>
public sealed partial class RequiredTwoFactorTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<HttpResponseMessage> PasswordOnlySignInAsync(HttpClient client, string email) =>
        await KapCareTestApp.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = KapCareTestApp.Password });

    [Theory]
    [InlineData(Roles.Prescriber, true)]
    [InlineData(Roles.Nurse, true)]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Therapist, false)]
    [InlineData(Roles.FrontDesk, false)]
    [InlineData(Roles.Researcher, false)]
    public async Task Given_a_person_without_two_factor_When_they_sign_in_Then_enrolment_is_forced_where_their_role_requires_it(string role, bool forced)
    {
        var email = $"{role.ToLowerInvariant()}@clinic.test";
        await app.CreateUserAsync(email, role, enrolTwoFactor: false);
        var client = app.CreateClient();

        var signedIn = await PasswordOnlySignInAsync(client, email);
        var home = await client.GetAsync("/");

        var expected = forced ? "/Account/Manage/Security" : "/";
        Assert.Equal(expected, signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(expected, home.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Given_a_nurse_without_two_factor_When_she_signs_in_Then_only_enrolment_sign_out_and_static_files_open_until_she_enrols()
    {
        await app.CreateUserAsync("nurse@clinic.test", Roles.Nurse, enrolTwoFactor: false);
        var client = app.CreateClient();
        var signedIn = await PasswordOnlySignInAsync(client, "nurse@clinic.test");
        var enrolment = WebUtility.HtmlDecode(await signedIn.Content.ReadAsStringAsync());
        Assert.Contains("Your role requires two-factor authentication", enrolment, StringComparison.Ordinal);

        foreach (var path in new[] { "/Patients", "/Alerts", "/Tasks", "/Requests", "/Patients/Register" })
            Assert.Equal("/Account/Manage/Security", (await client.GetAsync(path)).RequestMessage!.RequestUri!.AbsolutePath);
        var register = await KapCareTestApp.PostFormAsync(client, "/Patients/Register", new()
        {
            ["Input.GivenName"] = "Ines", ["Input.FamilyName"] = "Moreau", ["Input.BirthDate"] = "1985-06-01", ["Input.Sex"] = "Female",
        }, "/Account/Manage/Security");
        Assert.Equal("/Account/Manage/Security", register.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(0, await app.WithDbAsync(db => db.Patients.CountAsync()));
        var css = await client.GetAsync("/css/site.css");
        Assert.Equal((HttpStatusCode.OK, "text/css"), (css.StatusCode, css.Content.Headers.ContentType?.MediaType));

        var key = SharedKey().Match(enrolment).Groups[1].Value;
        var enabled = await KapCareTestApp.PostFormAsync(client, "/Account/Manage/Security?handler=Enable", new() { ["Code"] = Totp.Now(key) }, "/Account/Manage/Security");
        Assert.Contains("Save these recovery codes now", await enabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var patients = await client.GetAsync("/Patients");
        Assert.Equal((HttpStatusCode.OK, "/Patients"), (patients.StatusCode, patients.RequestMessage!.RequestUri!.AbsolutePath));
        app.RememberAuthenticatorKey("nurse@clinic.test", key);
        await app.SignInAsync(app.CreateClient(), "nurse@clinic.test");
    }

    [Fact]
    public async Task Given_a_signed_in_nurse_When_sign_out_is_posted_during_forced_enrolment_Then_she_is_signed_out()
    {
        await app.CreateUserAsync("nurse@clinic.test", Roles.Nurse, enrolTwoFactor: false);
        var client = app.CreateClient();
        await PasswordOnlySignInAsync(client, "nurse@clinic.test");

        var signedOut = await KapCareTestApp.PostFormAsync(client, "/Account/Logout", new(), "/Account/Manage/Security");

        Assert.Equal("/Account/Login", signedOut.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/Account/Login", (await client.GetAsync("/Patients")).RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Given_the_admin_changes_which_roles_need_two_factor_When_people_sign_in_Then_the_setting_applies_and_is_audited()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var saved = await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings?handler=SignIn", new()
        {
            ["twoFactor[Admin]"] = "true", ["twoFactor[Prescriber]"] = "true", ["twoFactor[Therapist]"] = "true",
            ["staffIdleMinutes"] = "15", ["patientIdleMinutes"] = "30",
        }, "/Admin/Settings");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        await app.CreateUserAsync("nurse@clinic.test", Roles.Nurse, enrolTwoFactor: false);
        await app.CreateUserAsync("therapist@clinic.test", Roles.Therapist, enrolTwoFactor: false);
        Assert.Equal("/", (await PasswordOnlySignInAsync(app.CreateClient(), "nurse@clinic.test")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/Account/Manage/Security", (await PasswordOnlySignInAsync(app.CreateClient(), "therapist@clinic.test")).RequestMessage!.RequestUri!.AbsolutePath);

        var audit = await app.AuditEntriesAsync();
        Assert.Contains(audit, a => a.Action == AuditActions.SettingUpdate && a.ResourceId == "auth.two-factor.Nurse" && a.Detail == "required → optional");
        Assert.Contains(audit, a => a.Action == AuditActions.SettingUpdate && a.ResourceId == "auth.two-factor.Therapist" && a.Detail == "optional → required");
        Assert.DoesNotContain(audit, a => a.Action == AuditActions.SettingUpdate && a.ResourceId == "auth.two-factor.Admin");
    }

    [Theory]
    [InlineData("1", "30")]
    [InlineData("61", "30")]
    [InlineData("15", "121")]
    [InlineData("15", "soon")]
    public async Task Given_an_idle_time_out_of_range_When_the_admin_saves_it_Then_nothing_is_saved(string staff, string patient)
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var saved = await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings?handler=SignIn", new()
        {
            ["twoFactor[Admin]"] = "true", ["staffIdleMinutes"] = staff, ["patientIdleMinutes"] = patient,
        }, "/Admin/Settings");
        Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ClinicSettings.CountAsync(s => s.Key.StartsWith("auth."))));
    }

    [GeneratedRegex("id=\"shared-key\">([^<]+)<")]
    private static partial Regex SharedKey();
}
