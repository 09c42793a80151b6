using System.Net;
using System.Net.Http.Headers;
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

    public DatabaseSettings Database => database!.Settings;

    /// <summary>The global options that point the <c>kapcare</c> command line at this app's database.</summary>
    public string[] CliArguments => database!.CliArguments;

    /// <summary>Everything the app logged, as it would reach the console.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        var builder = KapCareHost.CreateBuilder(database.Settings, ["--environment", "Production"]);
        builder.Logging.AddProvider(Logs);
        builder.WebHost.UseTestServer();
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
    public HttpClient CreateClient(bool followRedirects = true)
    {
        var server = app!.GetTestServer();
        var cookies = new CookieContainerHandler();
        HttpMessageHandler handler = cookies;
        if (followRedirects)
        {
            var redirect = new RedirectHandler(maxRedirects: 7) { InnerHandler = cookies };
            handler = redirect;
        }
        cookies.InnerHandler = server.CreateHandler();
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
    }

    public async Task<KapCareUser> CreateUserAsync(string email, string role, string name = "Test User")
    {
        using var scope = app!.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KapCareUser>>();
        var user = new KapCareUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = DateTime.UtcNow };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    /// <summary>Creates a user with the role and returns a client signed in as them through the login page.</summary>
    public async Task<HttpClient> SignedInClientAsync(string role, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@clinic.test";
        await CreateUserAsync(email, role);
        var client = CreateClient();
        var response = await PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("/Account/Login", response.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.OrdinalIgnoreCase);
        return client;
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
