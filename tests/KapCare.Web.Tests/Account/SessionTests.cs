using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Account;

/// <summary>
/// Sessions end on the server (issue 9, finding 5): sign-out invalidates every cookie of the session, and idle sessions end
/// (ONC 170.315(d)(5) automatic access time-out) — staff after 15 minutes, portal patients after 30, both clinic settings.
/// </summary>
public sealed partial class SessionTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<HttpResponseMessage> ReplayAsync(string cookie, string path)
    {
        var client = app.CreateClient(followRedirects: false);
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return await client.GetAsync(path);
    }

    private static string PathOf(HttpResponseMessage response) => response.RequestMessage!.RequestUri!.AbsolutePath;

    [Fact]
    public async Task Given_a_cookie_saved_before_sign_out_When_it_is_replayed_after_Then_it_opens_nothing()
    {
        var client = await app.SignedInClientAsync(Roles.Nurse);
        var saved = app.SessionCookie(client);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(saved, "/Patients")).StatusCode);

        await KapCareTestApp.PostFormAsync(client, "/Account/Logout", new(), "/");
        var replayed = await ReplayAsync(saved, "/Patients");

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/Account/Login", replayed.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Given_a_staff_session_When_it_is_idle_for_more_than_15_minutes_Then_it_has_ended_but_activity_keeps_it_open()
    {
        var client = await app.SignedInClientAsync(Roles.Therapist);

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal("/Patients", PathOf(await client.GetAsync("/Patients")));
        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal("/Patients", PathOf(await client.GetAsync("/Patients")));
        app.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal("/Account/Login", PathOf(await client.GetAsync("/Patients")));
    }

    [Fact]
    public async Task Given_a_portal_session_When_it_is_idle_Then_it_ends_after_30_minutes_not_15()
    {
        var staff = await app.SignedInClientAsync(Roles.FrontDesk);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Lena", ["Input.FamilyName"] = "Novak", ["Input.BirthDate"] = "1992-08-19", ["Input.Sex"] = "Female", ["Input.Email"] = "lena@example.com",
        });
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/PortalAccess", new() { ["email"] = "lena@example.com", ["password"] = "lena's long password" });
        var patient = app.CreateClient();
        await KapCareTestApp.PostFormAsync(patient, "/Account/Login", new() { ["Input.Email"] = "lena@example.com", ["Input.Password"] = "lena's long password" });

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var portal = await patient.GetAsync("/Portal");
        Assert.Equal("/Portal", PathOf(portal));
        Assert.Contains("data-idle-seconds=\"1800\"", await portal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal("/Account/Login", PathOf(await patient.GetAsync("/Portal")));
    }

    [Fact]
    public async Task Given_the_admin_sets_staff_idle_time_out_to_5_minutes_When_a_session_is_idle_for_6_Then_it_has_ended()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings?handler=SignIn", new()
        {
            ["twoFactor[Admin]"] = "true", ["twoFactor[Prescriber]"] = "true", ["twoFactor[Nurse]"] = "true",
            ["staffIdleMinutes"] = "5", ["patientIdleMinutes"] = "30",
        }, "/Admin/Settings");
        Assert.Contains(await app.AuditEntriesAsync(), a => a.ResourceId == "auth.idle-minutes.staff" && a.Detail == "15 → 5");
        var client = await app.SignedInClientAsync(Roles.Therapist);

        app.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal("/Account/Login", PathOf(await client.GetAsync("/Patients")));
    }

    [Fact]
    public async Task Given_a_staff_page_When_it_renders_Then_it_carries_the_idle_warning_with_an_external_script_and_the_keep_alive_renews_the_session()
    {
        var client = await app.SignedInClientAsync(Roles.Therapist);
        var page = await client.GetStringAsync("/Patients");

        var warning = SessionTimeout().Match(page);
        Assert.True(warning.Success, "No idle-warning element on the page.");
        Assert.Equal(("900", "60"), (warning.Groups["idle"].Value, warning.Groups["warn"].Value));
        Assert.Matches("<script src=\"/js/session-timeout\\.js(\\?v=[^\"]+)?\"", page);
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", page);
        var script = await client.GetAsync("/js/session-timeout.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("session-timeout", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.InRange(await ExpiresInAsync(client), 890, 900);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.InRange(await ExpiresInAsync(client), 290, 300);

        var noToken = await client.PostAsync("/Account/Session/KeepAlive", null);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        using var keepAlive = new HttpRequestMessage(HttpMethod.Post, "/Account/Session/KeepAlive");
        keepAlive.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(warning.Groups["token"].Value));
        var renewed = await client.SendAsync(keepAlive);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.InRange(JsonDocument.Parse(await renewed.Content.ReadAsStringAsync()).RootElement.GetProperty("expiresInSeconds").GetInt32(), 890, 900);

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("/Patients", PathOf(await client.GetAsync("/Patients")));
    }

    [Fact]
    public async Task Given_no_session_When_the_status_is_asked_Then_it_says_signed_out()
    {
        await app.CreateUserAsync("admin@clinic.test", Roles.Admin);
        var status = await app.CreateClient().GetStringAsync("/Account/Session");
        Assert.False(JsonDocument.Parse(status).RootElement.GetProperty("signedIn").GetBoolean());
    }

    private static async Task<int> ExpiresInAsync(HttpClient client)
    {
        var status = JsonDocument.Parse(await client.GetStringAsync("/Account/Session")).RootElement;
        Assert.True(status.GetProperty("signedIn").GetBoolean());
        return status.GetProperty("expiresInSeconds").GetInt32();
    }

    [GeneratedRegex("id=\"session-timeout\"[^>]*data-idle-seconds=\"(?<idle>\\d+)\"[^>]*data-warn-seconds=\"(?<warn>\\d+)\"[^>]*data-token=\"(?<token>[^\"]+)\"")]
    private static partial Regex SessionTimeout();
}
