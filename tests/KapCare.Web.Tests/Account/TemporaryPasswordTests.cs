using System.Net;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Account;

/// <summary>
/// A password an administrator sets (for a new user, or as a reset) is temporary: the person must choose their own at
/// first sign-in before anything else opens (issue 9, finding 5) — the administrator knew it.
/// </summary>
public sealed class TemporaryPasswordTests : IAsyncLifetime
{
    private const string Temporary = "temporary password 1";
    private const string Own = "leila's own long passphrase";
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static string PathOf(HttpResponseMessage response) => response.RequestMessage!.RequestUri!.AbsolutePath;

    private async Task<HttpClient> AddUserAsync(string role)
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var response = await KapCareTestApp.PostFormAsync(admin, "/Admin/Users/Create", new()
        {
            ["Input.DisplayName"] = "Leila Haddad", ["Input.Email"] = "leila@clinic.test", ["Input.Roles"] = role, ["Input.Password"] = Temporary,
        });
        Assert.Equal("/Admin/Users", PathOf(response));
        return admin;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string password) =>
        KapCareTestApp.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = "leila@clinic.test", ["Input.Password"] = password });

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next, string? confirm = null) =>
        KapCareTestApp.PostFormAsync(client, "/Account/ChangePassword", new()
        {
            ["Input.CurrentPassword"] = current, ["Input.NewPassword"] = next, ["Input.ConfirmPassword"] = confirm ?? next,
        });

    [Fact]
    public async Task Given_a_user_an_admin_added_When_they_first_sign_in_Then_they_must_choose_their_own_password_before_anything_else()
    {
        await AddUserAsync(Roles.Therapist);
        var client = app.CreateClient();

        var signedIn = await SignInAsync(client, Temporary);
        Assert.Equal("/Account/ChangePassword", PathOf(signedIn));
        foreach (var path in new[] { "/", "/Patients", "/Account/Manage/Security" })
            Assert.Equal("/Account/ChangePassword", PathOf(await client.GetAsync(path)));

        var same = await ChangeAsync(client, Temporary, Temporary);
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Contains("different from the temporary one", WebUtility.HtmlDecode(await same.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var mismatch = await ChangeAsync(client, Temporary, Own, "another long passphrase");
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Equal("/Account/ChangePassword", PathOf(await client.GetAsync("/Patients")));

        var changed = await ChangeAsync(client, Temporary, Own);
        Assert.Equal("/", PathOf(changed));
        Assert.Equal((HttpStatusCode.OK, "/Patients"), ((await client.GetAsync("/Patients")).StatusCode, PathOf(await client.GetAsync("/Patients"))));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.UserUpdate && a.Detail == "temporary password replaced");

        Assert.Equal("/Account/Login", PathOf(await SignInAsync(app.CreateClient(), Temporary)));
        Assert.Equal("/", PathOf(await SignInAsync(app.CreateClient(), Own)));
    }

    [Fact]
    public async Task Given_a_nurse_an_admin_added_When_she_first_signs_in_Then_she_chooses_her_password_and_then_enrols_two_factor()
    {
        await AddUserAsync(Roles.Nurse);
        var client = app.CreateClient();

        Assert.Equal("/Account/ChangePassword", PathOf(await SignInAsync(client, Temporary)));
        var changed = await ChangeAsync(client, Temporary, Own);

        Assert.Equal("/Account/Manage/Security", PathOf(changed));
    }

    [Fact]
    public async Task Given_an_admin_resets_a_password_When_the_person_signs_in_again_Then_their_sessions_ended_and_they_must_change_it()
    {
        var admin = await AddUserAsync(Roles.Therapist);
        var client = app.CreateClient();
        await SignInAsync(client, Temporary);
        await ChangeAsync(client, Temporary, Own);
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "leila@clinic.test").Select(u => u.Id).SingleAsync());

        var reset = await KapCareTestApp.PostFormAsync(admin, $"/Admin/Users/{id}?handler=Password", new() { ["password"] = "reset by the admin 2" }, $"/Admin/Users/{id}");
        Assert.Equal($"/Admin/Users/{id}", PathOf(reset));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.UserUpdate && a.ResourceId == id && a.Detail == "temporary password set");

        Assert.Equal("/Account/Login", PathOf(await client.GetAsync("/Patients")));
        var again = app.CreateClient();
        Assert.Equal("/Account/ChangePassword", PathOf(await SignInAsync(again, "reset by the admin 2")));
    }

    [Fact]
    public async Task Given_a_person_who_chose_their_password_When_they_open_change_password_Then_it_asks_nothing_of_them_and_sends_them_on()
    {
        var client = await app.SignedInClientAsync(Roles.Therapist);
        Assert.Equal("/Account/Manage/Security", PathOf(await client.GetAsync("/Account/ChangePassword")));
    }
}
