using System.Net;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Hardening;

/// <summary>
/// Issue 9, finding 5: no HSTS or secure-cookie setup for HTTPS deployments. HSTS goes only on HTTPS responses (RFC 6797 §7.2);
/// a reverse proxy's X-Forwarded-Proto is believed only from the proxies the clinic names (docs/decisions/0018).
/// </summary>
public sealed class HttpsDeploymentTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");
    private static readonly IPAddress Stranger = IPAddress.Parse("10.0.0.9");

    private static async Task<KapCareTestApp> StartAsync(Dictionary<string, string>? settings = null)
    {
        var app = KapCareTestApp.WithSettings(settings ?? []);
        await app.InitializeAsync();
        return app;
    }

    private static HttpRequestMessage ForwardedAsHttps(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return request;
    }

    private static IReadOnlyList<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Skip(1).Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    private static void AssertHsts(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Strict-Transport-Security", out var hsts), "No Strict-Transport-Security header on an HTTPS response.");
        var maxAge = Assert.Single(hsts).Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("max-age=", StringComparison.Ordinal));
        // OWASP HTTP Headers Cheat Sheet: at least a year.
        Assert.True(long.Parse(maxAge["max-age=".Length..], System.Globalization.CultureInfo.InvariantCulture) >= 31_536_000, maxAge);
    }

    [Fact]
    public async Task Given_plain_http_for_local_use_When_a_page_is_served_Then_no_HSTS_and_cookies_without_Secure()
    {
        var app = await StartAsync();
        try
        {
            await app.CreateUserAsync("desk@clinic.test", Roles.FrontDesk);
            var response = await app.CreateClient(followRedirects: false).GetAsync("/Account/Login");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
            Assert.NotEmpty(SetCookies(response));
            Assert.All(SetCookies(response), c => Assert.False(IsSecure(c), c));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Given_https_When_someone_signs_in_Then_HSTS_is_sent_and_every_cookie_is_Secure()
    {
        var app = await StartAsync();
        try
        {
            await app.CreateUserAsync("desk@clinic.test", Roles.FrontDesk);
            var client = app.CreateClient(followRedirects: false, new Uri("https://clinic.example"), null);
            var login = await client.GetAsync("/Account/Login");
            AssertHsts(login);
            Assert.All(SetCookies(login), c => Assert.True(IsSecure(c), c));

            var page = await login.Content.ReadAsStringAsync();
            var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = "desk@clinic.test", ["Input.Password"] = KapCareTestApp.Password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            var session = Assert.Single(SetCookies(signIn), c => c.StartsWith("kapcare=", StringComparison.Ordinal));
            Assert.True(IsSecure(session), session);
            AssertHsts(signIn);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Given_a_trusted_proxy_that_says_https_When_it_forwards_a_request_Then_HSTS_and_Secure_cookies_follow_and_the_client_address_is_the_forwarded_one()
    {
        var app = await StartAsync(new() { ["Web:TrustedProxies"] = "10.0.0.5" });
        try
        {
            await app.CreateUserAsync("desk@clinic.test", Roles.FrontDesk);
            var viaProxy = app.CreateClient(false, new Uri("http://clinic.internal"), Proxy);
            var response = await viaProxy.SendAsync(ForwardedAsHttps("/Account/Login"));
            AssertHsts(response);
            Assert.NotEmpty(SetCookies(response));
            Assert.All(SetCookies(response), c => Assert.True(IsSecure(c), c));

            // A failed sign-in is audited with the address the proxy saw, not the proxy's own.
            var page = await response.Content.ReadAsStringAsync();
            var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var cookie = string.Join("; ", SetCookies(response).Select(c => c.Split(';')[0]));
            var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Email"] = "nobody@clinic.test", ["Input.Password"] = "wrong password here", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                }),
            };
            post.Headers.Add("X-Forwarded-Proto", "https");
            post.Headers.Add("X-Forwarded-For", "203.0.113.7");
            post.Headers.Add("Cookie", cookie);
            await viaProxy.SendAsync(post);
            var audit = await app.AuditEntriesAsync();
            Assert.Contains(audit, a => a.IpAddress == "203.0.113.7");
            Assert.DoesNotContain(audit, a => a.IpAddress == "10.0.0.5");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Given_a_client_that_is_not_a_trusted_proxy_When_it_claims_https_Then_it_is_not_believed()
    {
        var app = await StartAsync(new() { ["Web:TrustedProxies"] = "10.0.0.5" });
        try
        {
            await app.CreateUserAsync("desk@clinic.test", Roles.FrontDesk);
            var response = await app.CreateClient(false, new Uri("http://clinic.internal"), Stranger).SendAsync(ForwardedAsHttps("/Account/Login"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
            Assert.All(SetCookies(response), c => Assert.False(IsSecure(c), c));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Given_no_trusted_proxy_configured_When_anyone_claims_https_Then_it_is_not_believed_even_from_loopback()
    {
        var app = await StartAsync();
        try
        {
            await app.CreateUserAsync("desk@clinic.test", Roles.FrontDesk);
            var response = await app.CreateClient(false, new Uri("http://clinic.internal"), IPAddress.Loopback).SendAsync(ForwardedAsHttps("/Account/Login"));
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Given_an_https_public_address_When_a_request_arrives_over_plain_http_Then_it_is_sent_to_the_public_address_and_https_cookies_are_Secure()
    {
        var app = await StartAsync(new() { ["Web:PublicUrl"] = "https://clinic.example" });
        try
        {
            await app.CreateUserAsync("desk@clinic.test", Roles.FrontDesk);
            var plain = await app.CreateClient(followRedirects: false).GetAsync("/Account/Login?returnUrl=%2FPatients");
            Assert.Equal(HttpStatusCode.PermanentRedirect, plain.StatusCode);
            Assert.Equal("https://clinic.example/Account/Login?returnUrl=%2FPatients", plain.Headers.Location!.ToString());
            Assert.Empty(SetCookies(plain));
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient(followRedirects: false).GetAsync("/healthz")).StatusCode);

            var secure = await app.CreateClient(false, new Uri("https://clinic.example"), null).GetAsync("/Account/Login");
            Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
            AssertHsts(secure);
            Assert.NotEmpty(SetCookies(secure));
            Assert.All(SetCookies(secure), c => Assert.True(IsSecure(c), c));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
