using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace KapCare.Browser.Tests.Infrastructure;

/// <summary>
/// The real KapCare app on Kestrel over an empty SQLite database in its own temp folder, and Debian's
/// Chromium driven by Playwright. One per test class (xunit class fixture); nothing is shared between classes.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The machine has no network: without these Chromium keeps trying to reach Google's services.</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "kapcare-browser-" + Guid.NewGuid().ToString("N"));
    private WebApplication? app;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private readonly List<IBrowserContext> contexts = [];

    /// <summary>The app's clock: move it with the page's (Playwright's page.Clock) to let a session go idle.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234</c>, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Problems the browser saw on our own origin: script errors, failed requests, 4xx/5xx sub-resources.</summary>
    public List<string> BrowserProblems { get; } = [];

    public async Task InitializeAsync()
    {
        var builder = KapCareHost.CreateBuilder(DatabaseSettings.For(dataDirectory, null),
            ["--environment", "Production", "--urls", "http://127.0.0.1:0"]);
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        app = KapCareHost.Build(builder);
        await Database.MigrateAsync(app.Services);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        BaseUrl = addresses.Addresses.First().TrimEnd('/');

        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}: install the Debian package 'chromium' (./test does).");
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not fail the run; the temp folder is cleaned by the OS eventually.
        }
    }

    /// <summary>A fresh browser profile (own cookies) with a desktop-sized window.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(new ViewportSize { Width = 1280, Height = 900 }, phone: false);

    /// <summary>A desktop page with the Content-Security-Policy enforced (no axe): a blocked script or style shows as a console error.</summary>
    public Task<IPage> NewCspEnforcedPageAsync() => NewPageAsync(new ViewportSize { Width = 1280, Height = 900 }, phone: false, enforceCsp: true);

    /// <summary>A fresh browser profile on a tablet beside the dosing chair: 1024×768, touch.</summary>
    public Task<IPage> NewTabletPageAsync() => NewPageAsync(new ViewportSize { Width = 1024, Height = 768 }, phone: false);

    /// <summary>Seeds the demo clinic (once; idempotent), as <c>./kapcare demo</c> does.</summary>
    public Task SeedDemoAsync() => WithServicesAsync(s => s.GetRequiredService<KapCare.Web.Features.Demo.DemoClinic>().EnsureSeededAsync());

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = app!.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<KapCare.Web.Data.KapCareDbContext, Task<T>> work) =>
        WithServicesAsync(s => work(s.GetRequiredService<KapCare.Web.Data.KapCareDbContext>()));

    /// <summary>
    /// A fresh browser profile as a phone: a 390×844 screen (an iPhone 12–15) that honours the page's viewport
    /// meta tag and takes taps (<c>ILocator.TapAsync</c>). For a patient opening a link from a text message.
    /// </summary>
    public Task<IPage> NewPhonePageAsync() => NewPageAsync(new ViewportSize { Width = 390, Height = 844 }, phone: true);

    private async Task<IPage> NewPageAsync(ViewportSize viewport, bool phone, bool enforceCsp = false)
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = viewport,
            IsMobile = phone,
            HasTouch = phone,
            Locale = "en-US",
            TimezoneId = "America/Chicago",
            // axe-core is injected as an inline script; a Content-Security-Policy on the pages must not block it.
            BypassCSP = !enforceCsp,
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(30_000);
        contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => Record($"script error on {page.Url}: {error}");
        page.Console += (_, message) =>
        {
            // "Failed to load resource" duplicates the Response check below, which knows pages from sub-resources.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                Record($"console error on {page.Url}: {message.Text}");
        };
        page.RequestFailed += (_, request) =>
        {
            if (IsOurs(request.Url)) Record($"request failed: {request.Method} {request.Url} ({request.Failure})");
        };
        page.Response += (_, response) =>
        {
            // Pages themselves may answer 4xx on purpose (a form with errors); sub-resources must not.
            if (IsOurs(response.Url) && response.Status >= 400 && response.Request.ResourceType != "document")
                Record($"{response.Status} for {response.Request.ResourceType} {response.Url}");
        };
        return page;
    }

    /// <summary>Creates a staff account directly (for tests that are not about setup); this also closes setup.</summary>
    public async Task CreateUserAsync(string email, string password, string displayName, string role)
    {
        using var scope = app!.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KapCareUser>>();
        var user = new KapCareUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = DateTime.UtcNow };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        var added = await users.AddToRoleAsync(user, role);
        Assert.True(added.Succeeded, string.Join(" ", added.Errors.Select(e => e.Description)));
        // Roles that must sign in with two factors by default (issue 9): enrolled, as after their first sign-in;
        // KapCarePages.SignInAsync answers with the code.
        if (role is Roles.Admin or Roles.Prescriber or Roles.Nurse)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            KapCarePages.RememberAuthenticatorKey(email, (await users.GetAuthenticatorKeyAsync(user))!);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
    }

    /// <summary>Gives an existing account one more role (a person may hold several, e.g. a medical director who administers).</summary>
    public async Task AddRoleAsync(string email, string role)
    {
        using var scope = app!.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KapCareUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        var added = await users.AddToRoleAsync(user, role);
        Assert.True(added.Succeeded, string.Join(" ", added.Errors.Select(e => e.Description)));
    }

    /// <summary>Fails if the browser saw script errors or broken sub-resources since the last call.</summary>
    public void AssertNoBrowserProblems()
    {
        string[] problems;
        lock (BrowserProblems)
        {
            problems = [.. BrowserProblems];
            BrowserProblems.Clear();
        }
        Assert.True(problems.Length == 0, "The browser reported problems:\n" + string.Join("\n", problems));
    }

    private bool IsOurs(string url) => url.StartsWith(BaseUrl, StringComparison.Ordinal);

    private void Record(string problem)
    {
        lock (BrowserProblems) BrowserProblems.Add(problem);
    }
}
