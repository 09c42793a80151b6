using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace KapCare.Web.Tests.Infrastructure;

/// <summary>
/// The real KapCare app in memory over a real database (SQLite file or PostgreSQL), with intent methods
/// in the manner of bitwarden/server's integration tests: create a user, sign in, make a token.
/// </summary>
public sealed partial class KapCareTestApp : IAsyncLifetime
{
    public const string Password = "correct-horse-battery";

    private TestDatabase? database;
    private WebApplication? app;
    private IReadOnlyDictionary<string, string> configuration = new Dictionary<string, string>();

    /// <summary>An app with settings, as <c>kapcare serve</c> passes them (e.g. <c>Web:PublicUrl</c>, <c>Web:TrustedProxies</c>).
    /// (A factory, not a constructor: xunit's class fixtures need a single public constructor.)</summary>
    public static KapCareTestApp WithSettings(IReadOnlyDictionary<string, string> configuration) => new() { configuration = configuration };

    public DatabaseSettings Database => database!.Settings;

    /// <summary>The app's clock (its <see cref="TimeProvider"/>): move it forward to let sessions go idle.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Each staff member's authenticator key (base32), as their phone would hold it, by email.</summary>
    private readonly ConcurrentDictionary<string, string> authenticatorKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConditionalWeakTable<HttpClient, CookieContainer> cookieJars = [];

    /// <summary>Roles that must sign in with two factors unless a clinic setting says otherwise (ONC 170.315(d)(13), issue 9).</summary>
    public static readonly IReadOnlyList<string> TwoFactorRolesByDefault = [Roles.Admin, Roles.Prescriber, Roles.Nurse];

    /// <summary>The global options that point the <c>kapcare</c> command line at this app's database.</summary>
    public string[] CliArguments => database!.CliArguments;

    /// <summary>Everything the app logged, as it would reach the console.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        var builder = KapCareHost.CreateBuilder(database.Settings,
            ["--environment", "Production", .. configuration.SelectMany(c => new[] { "--" + c.Key, c.Value })]);
        builder.Logging.AddProvider(Logs);
        builder.WebHost.UseTestServer();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        app = KapCareHost.Build(builder);
        await Web.Infrastructure.Database.MigrateAsync(app.Services);
        await app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (database is not null) await database.DisposeAsync();
    }

    /// <summary>A browser-like client: keeps cookies, follows redirects unless told not to.</summary>
    public HttpClient CreateClient(bool followRedirects = true) => CreateClient(followRedirects, new Uri("http://localhost"), null);

    /// <summary>A client at another address (e.g. https://…) or connecting from a given IP address (e.g. a reverse proxy's).</summary>
    public HttpClient CreateClient(bool followRedirects, Uri baseAddress, System.Net.IPAddress? remoteAddress)
    {
        var server = app!.GetTestServer();
        var cookies = new CookieContainerHandler();
        HttpMessageHandler handler = cookies;
        if (followRedirects)
        {
            var redirect = new RedirectHandler(maxRedirects: 7) { InnerHandler = cookies };
            handler = redirect;
        }
        cookies.InnerHandler = remoteAddress is null ? server.CreateHandler() : server.CreateHandler(c => c.Connection.RemoteIpAddress = remoteAddress);
        var client = new HttpClient(handler) { BaseAddress = baseAddress };
        cookieJars.Add(client, cookies.Container);
        return client;
    }

    /// <summary>The session cookie a client holds now (name=value), to replay it from another client.</summary>
    public string SessionCookie(HttpClient client)
    {
        Assert.True(cookieJars.TryGetValue(client, out var jar), "Not a client of this app.");
        var cookie = jar.GetCookies(new Uri("http://localhost")).FirstOrDefault(c => c.Name == "kapcare");
        Assert.True(cookie is not null, "The client holds no session cookie.");
        return $"{cookie.Name}={cookie.Value}";
    }

    /// <summary>
    /// Creates a user with a role. A role that must sign in with two factors (by default Admin, Prescriber, Nurse,
    /// else as the clinic setting says) is enrolled in TOTP, as the person would be after their first sign-in, unless
    /// <paramref name="enrolTwoFactor"/> says otherwise; <see cref="TotpCode"/> gives their current code.
    /// </summary>
    public async Task<KapCareUser> CreateUserAsync(string email, string role, string name = "Test User", bool? enrolTwoFactor = null)
    {
        using var scope = app!.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KapCareUser>>();
        var user = new KapCareUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = DateTime.UtcNow };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        if (enrolTwoFactor ?? await RequiresTwoFactorAsync(scope.ServiceProvider.GetRequiredService<KapCareDbContext>(), role))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            authenticatorKeys[email] = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return user;
    }

    /// <summary>Remembers the key a test enrolled through the Account security page, so later sign-ins can answer with a code.</summary>
    public void RememberAuthenticatorKey(string email, string base32Key) => authenticatorKeys[email] = base32Key;

    /// <summary>The code the person's authenticator app shows now.</summary>
    public string TotpCode(string email)
    {
        Assert.True(authenticatorKeys.TryGetValue(email, out var key), $"{email} has no authenticator enrolled by the tests.");
        return Totp.Now(key);
    }

    private static async Task<bool> RequiresTwoFactorAsync(KapCareDbContext db, string role)
    {
        var setting = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == "auth.two-factor." + role).Select(s => s.Value).FirstOrDefaultAsync();
        return setting is null ? TwoFactorRolesByDefault.Contains(role) : setting == "required";
    }

    /// <summary>Creates a user with the role and returns a client signed in as them through the login page (with a TOTP code when enrolled).</summary>
    public async Task<HttpClient> SignedInClientAsync(string role, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@clinic.test";
        await CreateUserAsync(email, role);
        var client = CreateClient();
        await SignInAsync(client, email);
        return client;
    }

    /// <summary>Signs in through the login page as a person does: password, then the authenticator code when asked for one.</summary>
    public async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password = Password)
    {
        var response = await PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.RequestMessage!.RequestUri!.AbsolutePath.Equals("/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase))
            response = await PostFormAsync(client, response.RequestMessage.RequestUri.PathAndQuery, new() { ["Code"] = TotpCode(email) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("/Account/Login", response.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.OrdinalIgnoreCase);
        return response;
    }

    public async Task<string> CreateTokenAsync(string role, string scopes)
    {
        var user = await CreateUserAsync($"api-{Guid.NewGuid():N}@clinic.test", role);
        using var scope = app!.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(user.Id, "test", scopes, null);
        return created.Secret;
    }

    public HttpClient CreateApiClient(string? token)
    {
        var client = CreateClient(followRedirects: false);
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        return client;
    }

    /// <summary>Registers a patient through the registration page, as the front desk does, and returns the new record's id.</summary>
    public static async Task<Guid> RegisterPatientAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var response = await PostFormAsync(client, "/Patients/Register", fields);
        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        var id = path.StartsWith("/Patients/", StringComparison.Ordinal) && Guid.TryParse(path["/Patients/".Length..], out var parsed) ? parsed : (Guid?)null;
        Assert.True(id is not null, $"Registration did not lead to the new patient's page but to {path}.");
        return id.Value;
    }

    /// <summary>GETs the page to pick up its antiforgery token, then posts the form as a browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? url);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {formPage ?? url}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    public async Task<T> WithDbAsync<T>(Func<KapCareDbContext, Task<T>> query)
    {
        using var scope = app!.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<KapCareDbContext>());
    }

    /// <summary>Runs work the app does on its own (background sweeps) in a scope of the app's services.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = app!.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public Task<List<AuditEntry>> AuditEntriesAsync() =>
        WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
