using System.Net;
using System.Text.RegularExpressions;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Account;

/// <summary>TOTP two-factor sign-in (RFC 6238) as a staff member sets it up from the Account security page.</summary>
public sealed partial class TwoFactorTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Theory]
    // RFC 6238 Appendix B, SHA-1, secret "12345678901234567890": 8-digit codes; the last 6 digits are the 6-digit code.
    [InlineData(59L, "287082")]          // 94287082
    [InlineData(1111111109L, "081804")]  // 07081804
    [InlineData(1234567890L, "005924")]  // 89005924
    [InlineData(2000000000L, "279037")]  // 69279037
    public void Given_the_RFC_6238_vectors_When_the_test_TOTP_computes_Then_it_matches(long unixTime, string expected) =>
        Assert.Equal(expected, Totp.Code("12345678901234567890"u8.ToArray(), unixTime));

    // A therapist: two-factor is the person's choice for this role by default (for a nurse it is required, see RequiredTwoFactorTests).
    [Fact]
    public async Task Given_a_therapist_When_she_turns_on_two_factor_Then_sign_in_needs_a_code()
    {
        var client = await app.SignedInClientAsync(Roles.Therapist, "therapist@clinic.test");
        var page = await client.GetStringAsync("/Account/Manage/Security");
        var key = Totp.Base32Decode(SharedKey().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));

        var enabled = await KapCareTestApp.PostFormAsync(client, "/Account/Manage/Security?handler=Enable",
            new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow.ToUnixTimeSeconds()) }, "/Account/Manage/Security");
        Assert.Contains("Save these recovery codes now", await enabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Email == "therapist@clinic.test").Select(u => u.TwoFactorEnabled).SingleAsync()));

        var fresh = app.CreateClient();
        var afterPassword = await KapCareTestApp.PostFormAsync(fresh, "/Account/Login", new() { ["Input.Email"] = "therapist@clinic.test", ["Input.Password"] = KapCareTestApp.Password });
        Assert.Equal("/Account/LoginWith2fa", afterPassword.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateClient(followRedirects: false).GetAsync("/Patients")).StatusCode);

        var wrong = await KapCareTestApp.PostFormAsync(fresh, "/Account/LoginWith2fa", new() { ["Code"] = "000000" });
        Assert.Contains("didn't work", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var signedIn = await KapCareTestApp.PostFormAsync(fresh, "/Account/LoginWith2fa", new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow.ToUnixTimeSeconds()) });
        Assert.Equal("/", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/Patients")).StatusCode);
    }

    [GeneratedRegex("id=\"shared-key\">([^<]+)<")]
    private static partial Regex SharedKey();
}
