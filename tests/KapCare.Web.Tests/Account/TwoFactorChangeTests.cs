using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Account;

/// <summary>
/// Turning two-factor off, making new recovery codes or resetting the authenticator key needs the current password
/// and a current code (issue 9, finding 4): a session left open, or a stolen cookie, must not be enough to remove the second factor.
/// </summary>
public sealed class TwoFactorChangeTests : IAsyncLifetime
{
    private const string Email = "therapist@clinic.test";
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private Task<bool> EnabledAsync(string email = Email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync());

    private Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, string? password, string? code)
    {
        var form = new Dictionary<string, string>();
        if (password is not null) form["StepUp.Password"] = password;
        if (code is not null) form["StepUp.Code"] = code;
        return KapCareTestApp.PostFormAsync(client, "/Account/Manage/Security?handler=" + handler, form, "/Account/Manage/Security");
    }

    [Fact]
    public async Task Given_two_factor_on_When_turning_it_off_without_the_password_and_a_current_code_Then_it_stays_on()
    {
        await app.CreateUserAsync(Email, Roles.Therapist, enrolTwoFactor: true);
        var client = app.CreateClient();
        await app.SignInAsync(client, Email);

        var nothing = await PostAsync(client, "Disable", null, null);
        Assert.Contains("Enter your password", await nothing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await PostAsync(client, "Disable", null, app.TotpCode(Email));
        await PostAsync(client, "Disable", "a wrong password here", app.TotpCode(Email));
        await PostAsync(client, "Disable", KapCareTestApp.Password, null);
        await PostAsync(client, "Disable", KapCareTestApp.Password, "000000");
        Assert.True(await EnabledAsync());
        Assert.DoesNotContain(await app.AuditEntriesAsync(), a => a.Action == AuditActions.UserTwoFactor && a.Detail == "disabled");

        await PostAsync(client, "Disable", KapCareTestApp.Password, app.TotpCode(Email));

        Assert.False(await EnabledAsync());
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.UserTwoFactor && a.Detail == "disabled");
    }

    [Fact]
    public async Task Given_two_factor_on_When_making_new_recovery_codes_Then_the_password_and_a_current_code_are_needed()
    {
        await app.CreateUserAsync(Email, Roles.Therapist, enrolTwoFactor: true);
        var client = app.CreateClient();
        await app.SignInAsync(client, Email);

        var refused = await PostAsync(client, "RecoveryCodes", KapCareTestApp.Password, null);
        Assert.DoesNotContain("Save these recovery codes now", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await app.AuditEntriesAsync(), a => a.Detail == "new recovery codes");

        var made = await PostAsync(client, "RecoveryCodes", KapCareTestApp.Password, app.TotpCode(Email));
        Assert.Contains("Save these recovery codes now", await made.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.UserTwoFactor && a.Detail == "new recovery codes");
    }

    [Fact]
    public async Task Given_two_factor_on_When_resetting_the_authenticator_key_Then_the_password_and_a_current_code_are_needed_and_the_old_key_stops_working()
    {
        await app.CreateUserAsync(Email, Roles.Therapist, enrolTwoFactor: true);
        var client = app.CreateClient();
        await app.SignInAsync(client, Email);
        var keyBefore = await app.WithDbAsync(db => db.UserTokens.Where(t => t.Name == "AuthenticatorKey").Select(t => t.Value).SingleAsync());

        await PostAsync(client, "ResetKey", "a wrong password here", app.TotpCode(Email));
        Assert.Equal(keyBefore, await app.WithDbAsync(db => db.UserTokens.Where(t => t.Name == "AuthenticatorKey").Select(t => t.Value).SingleAsync()));
        Assert.True(await EnabledAsync());

        await PostAsync(client, "ResetKey", KapCareTestApp.Password, app.TotpCode(Email));

        Assert.NotEqual(keyBefore, await app.WithDbAsync(db => db.UserTokens.Where(t => t.Name == "AuthenticatorKey").Select(t => t.Value).SingleAsync()));
        Assert.False(await EnabledAsync());
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.UserTwoFactor && a.Detail == "authenticator key reset");
    }

    [Fact]
    public async Task Given_a_nurse_whose_role_requires_two_factor_When_she_turns_it_off_even_with_password_and_code_Then_it_stays_on()
    {
        var client = await app.SignedInClientAsync(Roles.Nurse, "nurse@clinic.test");

        var refused = await PostAsync(client, "Disable", KapCareTestApp.Password, app.TotpCode("nurse@clinic.test"));

        Assert.Contains("Your role requires two-factor authentication", System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.True(await EnabledAsync("nurse@clinic.test"));
    }
}
