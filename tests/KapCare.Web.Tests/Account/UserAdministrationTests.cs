using System.Net;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Account;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(HttpClient Admin, string UserId)> AddTherapistAsync()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var response = await KapCareTestApp.PostFormAsync(admin, "/Admin/Users/Create", new()
        {
            ["Input.DisplayName"] = "Leila Haddad, PsyD", ["Input.Email"] = "leila@clinic.test",
            ["Input.Roles"] = Roles.Therapist, ["Input.Password"] = "temporary password 1",
        });
        Assert.Equal("/Admin/Users", response.RequestMessage!.RequestUri!.AbsolutePath);
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "leila@clinic.test").Select(u => u.Id).SingleAsync());
        return (admin, id);
    }

    [Fact]
    public async Task Given_an_admin_When_adding_a_user_Then_they_can_sign_in_with_their_role()
    {
        await AddTherapistAsync();
        var client = app.CreateClient();
        var signedIn = await KapCareTestApp.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = "leila@clinic.test", ["Input.Password"] = "temporary password 1" });
        // The admin's password is temporary: she chooses her own first (TemporaryPasswordTests).
        Assert.Equal("/Account/ChangePassword", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        var changed = await KapCareTestApp.PostFormAsync(client, "/Account/ChangePassword", new()
        {
            ["Input.CurrentPassword"] = "temporary password 1", ["Input.NewPassword"] = "leila's own passphrase", ["Input.ConfirmPassword"] = "leila's own passphrase",
        });
        Assert.Equal("/", changed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Patients")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Admin/Users")).StatusCode);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.UserCreate && a.Detail == "roles Therapist");
    }

    [Fact]
    public async Task Given_a_user_When_the_admin_changes_roles_and_deactivates_Then_roles_change_and_sign_in_is_refused()
    {
        var (admin, id) = await AddTherapistAsync();
        await KapCareTestApp.PostFormAsync(admin, $"/Admin/Users/{id}?handler=Roles", new() { ["roles"] = Roles.Researcher }, $"/Admin/Users/{id}");
        var roles = await app.WithDbAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name).ToListAsync());
        Assert.Equal([Roles.Researcher], roles);

        await KapCareTestApp.PostFormAsync(admin, $"/Admin/Users/{id}?handler=Active", new() { ["active"] = "false" }, $"/Admin/Users/{id}");
        var response = await KapCareTestApp.PostFormAsync(app.CreateClient(), "/Account/Login", new() { ["Input.Email"] = "leila@clinic.test", ["Input.Password"] = "temporary password 1" });
        Assert.Contains("deactivated", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_existing_email_When_adding_a_user_Then_the_form_says_so()
    {
        var (admin, _) = await AddTherapistAsync();
        var response = await KapCareTestApp.PostFormAsync(admin, "/Admin/Users/Create", new()
        {
            ["Input.DisplayName"] = "Someone", ["Input.Email"] = "leila@clinic.test", ["Input.Roles"] = Roles.Nurse, ["Input.Password"] = "temporary password 2",
        });
        Assert.Contains("already exists", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.Users.CountAsync()));
    }
}
