using System.Net;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Account;

public sealed class SetupAndSignInTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Given_an_empty_database_When_anyone_visits_Then_setup_creates_one_admin_and_then_disappears()
    {
        var client = app.CreateClient();
        var first = await client.GetAsync("/");
        Assert.Equal("/Setup", first.RequestMessage!.RequestUri!.AbsolutePath);

        var created = await KapCareTestApp.PostFormAsync(client, "/Setup", new()
        {
            ["Input.DisplayName"] = "Dana Whitfield",
            ["Input.Email"] = "dana@clinic.test",
            ["Input.Password"] = "a long enough password",
            ["Input.ConfirmPassword"] = "a long enough password",
        });
        // Signed in, and first sent to set up two-factor: an administrator must use it (RequiredTwoFactorTests).
        Assert.Equal("/Account/Manage/Security", created.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Dana Whitfield", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var admin = await app.WithDbAsync(db => db.Users.SingleAsync());
        Assert.Equal("dana@clinic.test", admin.Email);
        Assert.Equal(1, await app.WithDbAsync(db => db.UserRoles.CountAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/Setup")).StatusCode);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.SetupAdmin);
    }

    [Fact]
    public async Task Given_mismatched_passwords_When_setting_up_Then_no_user_is_created()
    {
        var response = await KapCareTestApp.PostFormAsync(app.CreateClient(), "/Setup", new()
        {
            ["Input.DisplayName"] = "Dana", ["Input.Email"] = "dana@clinic.test",
            ["Input.Password"] = "a long enough password", ["Input.ConfirmPassword"] = "another long password",
        });
        Assert.Contains("not the same", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Given_five_wrong_passwords_When_signing_in_Then_the_account_locks_even_for_the_right_password()
    {
        await app.CreateUserAsync("nurse@clinic.test", Roles.Nurse);
        var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
            await KapCareTestApp.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = "nurse@clinic.test", ["Input.Password"] = "wrong password " + i });

        var response = await KapCareTestApp.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = "nurse@clinic.test", ["Input.Password"] = KapCareTestApp.Password });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("locked for 15 minutes", html, StringComparison.Ordinal);
        Assert.Equal("/Account/Login", response.RequestMessage!.RequestUri!.AbsolutePath);
        var audit = await app.AuditEntriesAsync();
        // Identity locks on the MaxFailedAccessAttempts-th failure (5): four plain failures, then the fifth
        // and the attempt with the right password are both refused as locked out.
        Assert.Equal(4, audit.Count(a => a.Action == AuditActions.UserLogin && a.Outcome == AuditOutcome.Failure));
        Assert.Equal(2, audit.Count(a => a.Action == AuditActions.UserLogin && a.Outcome == AuditOutcome.Denied));
    }

    [Fact]
    public async Task Given_a_non_admin_When_opening_the_audit_log_Then_it_is_refused()
    {
        var client = await app.SignedInClientAsync(Roles.Prescriber);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Admin/Audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Admin/Users")).StatusCode);
    }

    [Fact]
    public async Task Given_an_admin_When_filtering_the_audit_log_Then_matching_entries_are_shown()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin, "admin@clinic.test");
        var html = await admin.GetStringAsync("/Admin/Audit?action=user.login");
        Assert.Contains("admin@clinic.test", html, StringComparison.Ordinal);
        Assert.Contains("<code>user.login</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<code>patient.read</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_audit_entries_When_code_tries_to_change_or_delete_one_Then_the_context_refuses()
    {
        await app.SignedInClientAsync(Roles.Admin);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var entry = await db.AuditEntries.FirstAsync();
            entry.Detail = "tampered";
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Given_the_app_When_health_is_checked_Then_the_database_is_reported_healthy()
    {
        var response = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
