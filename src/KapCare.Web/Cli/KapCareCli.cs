using System.CommandLine;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Demo;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Cli;

/// <summary>The <c>kapcare</c> command line: serve, demo, migrate, user and token administration.</summary>
public static class KapCareCli
{
    public const string DefaultDemoUrl = "http://127.0.0.1:5080";

    public static async Task<int> RunAsync(string[] args)
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Folder for the embedded SQLite database (kapcare.db).",
            DefaultValueFactory = _ => "./data",
            Recursive = true,
        };
        var database = new Option<string?>("--database")
        {
            Description = "A PostgreSQL connection string, e.g. \"Host=db;Database=kapcare;Username=kapcare;Password=…\". Overrides SQLite.",
            Recursive = true,
        };
        DatabaseSettings Db(ParseResult r) => DatabaseSettings.For(r.GetValue(dataDir)!, r.GetValue(database) ?? Environment.GetEnvironmentVariable("KAPCARE_DATABASE"));

        var root = new RootCommand("KapCare: the clinic system for ketamine-assisted therapy of anxiety disorders.") { dataDir, database };

        var urls = new Option<string>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => DefaultDemoUrl };
        var publicUrl = PublicUrlOption();
        var serve = new Command("serve", "Run the web app and APIs (applies pending migrations first).") { urls, publicUrl };
        serve.SetAction((r, ct) => ServeAsync(Db(r), r.GetValue(urls)!, r.GetValue(publicUrl), seedDemo: false, ct));
        root.Add(serve);

        var demoUrls = new Option<string>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => DefaultDemoUrl };
        var demoPublicUrl = PublicUrlOption();
        var demo = new Command("demo", "Create (once) and serve a believable demo clinic, and print the demo logins.") { demoUrls, demoPublicUrl };
        demo.SetAction((r, ct) => ServeAsync(Db(r), r.GetValue(demoUrls)!, r.GetValue(demoPublicUrl), seedDemo: true, ct));
        root.Add(demo);

        var migrate = new Command("migrate", "Apply database migrations and exit.");
        migrate.SetAction(async (r, ct) =>
        {
            await using var app = BuildApp(Db(r));
            await Database.MigrateAsync(app.Services, ct);
            Console.WriteLine($"Database is up to date ({Db(r).Describe()}).");
            return 0;
        });
        root.Add(migrate);

        root.Add(UserCommands(Db));
        root.Add(TokenCommands(Db));
        root.Add(AuditCommands(Db));
        root.Add(LedgerCommands(Db));
        root.Add(ScoreCommand.Create());
        root.Add(PkCommand.Create());
        root.Add(DoseCommand.Create());

        var parse = root.Parse(args);
        return await parse.InvokeAsync();
    }

    private static WebApplication BuildApp(DatabaseSettings db, string[]? aspnetArgs = null) =>
        KapCareHost.Build(KapCareHost.CreateBuilder(db, aspnetArgs));

    /// <summary>The address people and integrations use (docs/decisions/0018): links are built from it, never from the Host header.</summary>
    private static Option<string?> PublicUrlOption() => new("--public-url")
    {
        Description = $"The public base address, e.g. https://clinic.example, for links sent to patients and FHIR fullUrl/Location (or {WebDeploymentSettings.PublicUrlVariable}). Without it, links use the request's Host header: fine on your own machine, not behind a proxy.",
    };

    private static async Task<int> ServeAsync(DatabaseSettings db, string urls, string? publicUrl, bool seedDemo, CancellationToken ct)
    {
        string[] aspnetArgs = publicUrl is null ? ["--urls", urls] : ["--urls", urls, "--Web:PublicUrl", publicUrl];
        await using var app = BuildApp(db, aspnetArgs);
        await Database.MigrateAsync(app.Services, ct);
        if (seedDemo)
        {
            using var scope = app.Services.CreateScope();
            var seeded = await scope.ServiceProvider.GetRequiredService<DemoClinic>().EnsureSeededAsync(ct);
            Console.WriteLine();
            Console.WriteLine(seeded ? "Demo clinic created." : "Demo clinic already present; serving it as it is.");
            Console.WriteLine($"Open {urls.Split(';')[0]} and sign in with one of these demo logins (password: {DemoClinic.Password}):");
            foreach (var (email, name, role) in DemoClinic.Staff)
                Console.WriteLine($"  {Roles.Label(role),-11} {email,-34} {name}");
            Console.WriteLine($"  {"Patient",-11} {DemoClinic.PortalPatientEmail,-34} José García (patient portal)");
            Console.WriteLine($"Admin, Prescriber and Nurse logins also ask for a code: add the TOTP key {DemoClinic.TwoFactorKey} to an authenticator app, or run: oathtool --totp -b {DemoClinic.TwoFactorKey}");
            Console.WriteLine();
        }
        Console.WriteLine($"KapCare is serving on {urls} ({db.Describe()}). Press Ctrl+C to stop.");
        await app.RunAsync();
        return 0;
    }

    private static Command UserCommands(Func<ParseResult, DatabaseSettings> db)
    {
        var email = new Option<string>("--email") { Description = "The user's email, used to sign in.", Required = true };
        var name = new Option<string>("--name") { Description = "Full name as shown in the app.", Required = true };
        var role = new Option<string>("--role") { Description = "One of: " + string.Join(", ", Roles.All), Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var add = new Command("add", "Create a user. The password is read from standard input (at least 12 characters).") { email, name, role };
        add.SetAction(async (r, ct) =>
        {
            var password = ReadPassword();
            await using var app = BuildApp(db(r));
            await Database.MigrateAsync(app.Services, ct);
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KapCareUser>>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            audit.AnonymousActor = "cli:" + Environment.UserName;
            var user = new KapCareUser
            {
                UserName = r.GetValue(email)!.Trim(), Email = r.GetValue(email)!.Trim(), EmailConfirmed = true,
                DisplayName = r.GetValue(name)!.Trim(), CreatedAt = DateTime.UtcNow,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                await Console.Error.WriteLineAsync("Could not create the user: " + string.Join(" ", created.Errors.Select(e => e.Description)));
                return 1;
            }
            await users.AddToRoleAsync(user, r.GetValue(role)!);
            await audit.RecordAsync(AuditActions.UserCreate, AuditOutcome.Success, "User", user.Id, detail: "role " + r.GetValue(role), cancellationToken: ct);
            Console.WriteLine($"Created {user.Email} ({Roles.Label(r.GetValue(role)!)}).");
            return 0;
        });
        return new Command("user", "Manage users.") { add };
    }

    private static Command TokenCommands(Func<ParseResult, DatabaseSettings> db)
    {
        var user = new Option<string>("--user") { Description = "Email of the user the token acts as.", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Space-separated SMART-style scopes user/{Resource or *}.{read, write or *}, e.g. user/Patient.read user/QuestionnaireResponse.write, user/*.read, user/*.* (resources: Patient, Questionnaire, QuestionnaireResponse, Observation, Flag, Consent, CarePlan, Eligibility for /api/eligibility/evaluate)", DefaultValueFactory = _ => ApiTokenService.DefaultScopes };
        var expires = new Option<int?>("--expires-days") { Description = $"Days until the token expires, 1 to 3650 (default: {ApiTokenService.DefaultExpiryDays})." };
        var tokenName = new Option<string>("--name") { Description = "A label, e.g. the integration's name.", DefaultValueFactory = _ => "API token" };
        var create = new Command("create", "Create an API bearer token and print it once; only its hash is stored.") { user, scopes, expires, tokenName };
        create.SetAction(async (r, ct) =>
        {
            await using var app = BuildApp(db(r));
            await Database.MigrateAsync(app.Services, ct);
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KapCareUser>>();
            var owner = await users.FindByEmailAsync(r.GetValue(user)!);
            if (owner is null)
            {
                await Console.Error.WriteLineAsync($"No user with email {r.GetValue(user)}. Create one with `kapcare user add`.");
                return 1;
            }
            scope.ServiceProvider.GetRequiredService<AuditTrail>().AnonymousActor = "cli:" + Environment.UserName;
            try
            {
                var created = await scope.ServiceProvider.GetRequiredService<ApiTokenService>()
                    .CreateAsync(owner.Id, r.GetValue(tokenName)!, r.GetValue(scopes)!, r.GetValue(expires), ct);
                Console.WriteLine(created.Secret);
                await Console.Error.WriteLineAsync($"Token {created.Token.Id} for {owner.Email}, scopes \"{created.Token.Scopes}\"" +
                    (created.Token.ExpiresAt is { } e ? $", expires {e:yyyy-MM-dd} UTC" : ", no expiry") + ". It is shown only now: store it safely.");
                return 0;
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }
        });

        var list = new Command("list", "List API tokens (never their secrets).");
        list.SetAction(async (r, ct) =>
        {
            await using var app = BuildApp(db(r));
            await Database.MigrateAsync(app.Services, ct);
            using var scope = app.Services.CreateScope();
            var context = scope.ServiceProvider.GetRequiredService<KapCareDbContext>();
            var rows = await (from t in context.ApiTokens
                              join u in context.Users on t.UserId equals u.Id
                              orderby t.CreatedAt
                              select new { t.Id, t.Name, t.Prefix, t.Scopes, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, u.Email }).ToListAsync(ct);
            if (rows.Count == 0) { Console.WriteLine("No tokens. Create one with `kapcare token create --user EMAIL`."); return 0; }
            Console.WriteLine($"{"ID",-36}  {"USER",-28}  {"PREFIX",-10}  {"STATUS",-8}  {"CREATED",-10}  SCOPES");
            var now = DateTime.UtcNow;
            foreach (var t in rows)
            {
                var status = t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active";
                Console.WriteLine($"{t.Id,-36}  {t.Email,-28}  {t.Prefix,-10}  {status,-8}  {t.CreatedAt:yyyy-MM-dd}  {t.Scopes}");
            }
            return 0;
        });

        var id = new Argument<Guid>("ID") { Description = "The token's id, from `kapcare token list`." };
        var revoke = new Command("revoke", "Revoke a token; it stops working at once.") { id };
        revoke.SetAction(async (r, ct) =>
        {
            await using var app = BuildApp(db(r));
            await Database.MigrateAsync(app.Services, ct);
            using var scope = app.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<AuditTrail>().AnonymousActor = "cli:" + Environment.UserName;
            var found = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().RevokeAsync(r.GetValue(id), ct);
            Console.WriteLine(found ? $"Revoked {r.GetValue(id)}." : $"No token {r.GetValue(id)}.");
            return found ? 0 : 1;
        });

        return new Command("token", "Manage API bearer tokens.") { create, list, revoke };
    }

    /// <summary>Exit code of <c>kapcare audit verify</c> when the chain is broken (1 stays for usage errors).</summary>
    public const int AuditChainBroken = 2;

    private static Command AuditCommands(Func<ParseResult, DatabaseSettings> db)
    {
        var verify = new Command("verify",
            "Walk the audit log's hash chain and recompute every entry's hash. Exits 0 and prints the number of entries when " +
            $"the log is intact; exits {AuditChainBroken} naming the first broken entry if one was changed, deleted or inserted behind the app's back.");
        verify.SetAction(async (r, ct) =>
        {
            await using var app = BuildApp(db(r));
            await Database.MigrateAsync(app.Services, ct);
            using var scope = app.Services.CreateScope();
            var report = await new AuditChainVerifier(scope.ServiceProvider.GetRequiredService<KapCareDbContext>()).VerifyAsync(ct);
            var before = report.Unchained > 0 ? $" ({report.Unchained} older entries predate the chain and cannot be verified)" : string.Empty;
            if (!report.Intact)
            {
                await Console.Error.WriteLineAsync($"Audit log BROKEN at entry {report.BrokenEntryId}: {report.Problem}");
                await Console.Error.WriteLineAsync($"{report.Chained} entries before it verified{before}.");
                return AuditChainBroken;
            }
            Console.WriteLine($"Audit log intact: {report.Chained} entries verified{before}.");
            // Deleting the newest entries leaves a shorter chain that still verifies: keep this line elsewhere to compare.
            if (report.Head is { } head) Console.WriteLine($"Head: sequence {head.Sequence}, hash {head.Hash}");
            return 0;
        });
        return new Command("audit", "Check the audit log.") { verify };
    }

    /// <summary>Exit code of <c>kapcare ledger verify</c> when the ledger's chain is broken (1 stays for usage errors).</summary>
    public const int LedgerChainBroken = 2;

    private static Command LedgerCommands(Func<ParseResult, DatabaseSettings> db)
    {
        var verify = new Command("verify",
            "Walk the controlled-substance ledger's hash chain, recomputing every entry's hash and every lot's running balance. Exits 0 " +
            $"when it is intact; exits {LedgerChainBroken} naming the first entry that was changed, deleted or inserted behind the app's back.");
        verify.SetAction(async (r, ct) =>
        {
            await using var app = BuildApp(db(r));
            await Database.MigrateAsync(app.Services, ct);
            using var scope = app.Services.CreateScope();
            var report = await new Features.Ledger.LedgerChainVerifier(scope.ServiceProvider.GetRequiredService<KapCareDbContext>()).VerifyAsync(ct);
            if (!report.Intact)
            {
                await Console.Error.WriteLineAsync($"Ledger BROKEN at entry {report.BrokenSequence} (id {report.BrokenEntryId}): {report.Problem}");
                await Console.Error.WriteLineAsync($"{report.Verified} entries before it verified.");
                return LedgerChainBroken;
            }
            Console.WriteLine($"Ledger intact: {report.Verified} entries verified.");
            // Deleting the newest entries leaves a shorter chain that still verifies: keep this line elsewhere to compare.
            if (report.Head is { } head) Console.WriteLine($"Head: sequence {head.Sequence}, hash {head.Hash}");
            return 0;
        });
        return new Command("ledger", "Check the controlled-substance ledger.") { verify };
    }

    private static string ReadPassword()
    {
        if (!Console.IsInputRedirected)
        {
            Console.Error.Write("Password (at least 12 characters): ");
            var chars = new List<char>();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter) break;
                if (key.Key == ConsoleKey.Backspace) { if (chars.Count > 0) chars.RemoveAt(chars.Count - 1); }
                else chars.Add(key.KeyChar);
            }
            Console.Error.WriteLine();
            return new string([.. chars]);
        }
        return Console.In.ReadLine()?.TrimEnd('\r', '\n') ?? string.Empty;
    }
}
