using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Health;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Setup;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using KapCare.Web.Fhir;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Infrastructure;

/// <summary>Builds the web application: services, then the request pipeline. The CLI and the tests both start here.</summary>
public static class KapCareHost
{
    public static WebApplicationBuilder CreateBuilder(DatabaseSettings database, string[]? args = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = contentRoot ?? FindContentRoot(),
            ApplicationName = typeof(KapCareHost).Assembly.GetName().Name,
        });
        AddServices(builder, database);
        return builder;
    }

    public static void AddServices(WebApplicationBuilder builder, DatabaseSettings database)
    {
        var services = builder.Services;
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment()) builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        else builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        // No patient data in logs (DESIGN.md). ASP.NET Core logs every request's path and query at Information
        // ("GET /Patients?q=garcia"), and EF Core its SQL: both stay at Warning. Sensitive-data logging stays off.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.Configure<ClinicOptions>(builder.Configuration.GetSection("Clinic"));
        services.AddSingleton<ClinicClock>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        services.AddDbContext<KapCareDbContext>(o => Database.Configure(o, database));

        services.AddIdentityCore<KapCareUser>(o =>
            {
                // NIST SP 800-63B §5.1.1: length over composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<KapCareDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<KapCareClaimsFactory>()
            .AddUserValidator<DisplayNameValidator>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "kapcare";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // The idle time-out (ONC 170.315(d)(5)): each sign-in sets its own from the clinic setting, staff or patient
            // (SessionLifetime); this is only the fallback for a sign-in that bypasses it.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(SignInPolicies.DefaultStaffIdleMinutes);
            o.SlidingExpiration = true;
            o.Events.OnSigningIn = SessionLifetime.OnSigningInAsync;
            o.Events.OnValidatePrincipal = SessionLifetime.OnValidatePrincipalAsync;
            o.Events.OnCheckSlidingExpiration = SessionLifetime.OnCheckSlidingExpirationAsync;
        });
        // Checked on every request, not every 5 minutes: a sign-out, a password change, a role change or a deactivation
        // (each changes the stamp) ends every copy of the session cookie at once (issue 9, finding 5). SessionLifetime does
        // the check in one indexed read; this setting covers any cookie still validated by Identity's own validator.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<SignInPolicies>();

        // One policy per permission (Features/Users/Permissions.cs, docs/decisions/0015-permissions.md); pages and
        // endpoints name the permission they need, never a list of roles.
        Permissions.AddPolicies(services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Portal, p => p.RequireAssertion(c => c.User.Has(Permissions.PortalSelf)).RequireClaim(KapCareClaimsFactory.PatientIdClaim)));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, PermissionRefusals>();

        // Keys in the shared database: cookies and antiforgery tokens work across app instances.
        var dataProtection = services.AddDataProtection().SetApplicationName("KapCare");
        WebDeployment.AddWebDeployment(builder, dataProtection);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceScopeFactory>((o, scopes) => o.XmlRepository = new DatabaseXmlRepository(scopes));

        services.AddRazorPages(o =>
        {
            // Every page needs a signed-in person unless marked anonymous below, and each folder or page names the
            // permission it needs (the page models' [RequiresPermission] for what differs inside a folder).
            // Security/EndpointPermissionTests fails for a page or endpoint that declares nothing.
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AuthorizeFolder("/Patients", Permissions.Policy(Permissions.DemographicsRead));
            o.Conventions.AuthorizeFolder("/Admin/Users", Permissions.Policy(Permissions.UsersManage));
            o.Conventions.AuthorizePage("/Admin/Settings", Permissions.Policy(Permissions.SettingsManage));
            o.Conventions.AuthorizePage("/Admin/Protocols", Permissions.Policy(Permissions.ProtocolsManage));
            o.Conventions.AuthorizePage("/Admin/Audit", Permissions.Policy(Permissions.AuditRead));
            o.Conventions.AuthorizeFolder("/Alerts", Permissions.Policy(Permissions.ClinicalRead));
            o.Conventions.AuthorizeFolder("/Tasks", Permissions.Policy(Permissions.ClinicalRead));
            o.Conventions.AuthorizeFolder("/Requests", Permissions.Policy(Permissions.RequestsManage));
            o.Conventions.AuthorizeFolder("/CoSign", Permissions.Policy(Permissions.DoseOrder));
            // The ledger's pages are read with ledger.read; its forms add ledger.record ([RequiresPermission] on LedgerFormModel).
            o.Conventions.AuthorizeFolder("/Ledger", Permissions.Policy(Permissions.LedgerRead));
            o.Conventions.AuthorizeFolder("/Portal", Policies.Portal);
            o.Conventions.AuthorizeFolder("/Portal", Permissions.Policy(Permissions.PortalSelf));
            o.Conventions.AuthorizePage("/Index", Permissions.Policy(Permissions.SignedIn));
            o.Conventions.AuthorizeFolder("/Account/Manage", Permissions.Policy(Permissions.SignedIn));
            o.Conventions.AllowAnonymousToPage("/Setup");
            o.Conventions.AllowAnonymousToPage("/Error");
            // Sign-in and its steps; the change-password page answers a Challenge itself when nobody is signed in,
            // since a person who must change a temporary password holds a sign-in that opens nothing else.
            foreach (var page in new[] { "/Account/Login", "/Account/LoginWith2fa", "/Account/Logout", "/Account/AccessDenied", "/Account/ChangePassword" })
                o.Conventions.AllowAnonymousToPage(page);
            // Patients answer through a single-use link without signing in: the token is the credential.
            o.Conventions.AllowAnonymousToFolder("/M");
        });
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add<HandlerPermissionFilter>());
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add<PatientReadAuditFilter>());
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add<InvalidFormStatus>());
        // Render names like García and Nguyễn as they are, not as numeric character references.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddMemoryCache();
        services.AddHttpContextAccessor();
        services.AddProblemDetails();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "KapCare REST API";
            document.Info.Description = "REST endpoints beside the FHIR R4 API at /fhir. Send an API token as 'Authorization: Bearer <token>' (kapcare token create).";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        services.AddScoped<AuditTrail>();
        services.AddScoped<RegisterPatient>();
        services.AddScoped<UpdatePatient>();
        services.AddScoped<ArchivePatient>();
        services.AddScoped<SearchPatients>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<Features.Measures.SubmitResponse>();
        services.AddScoped<Features.Measures.MarkResponseEnteredInError>();
        services.AddSingleton<Features.Measures.SubmissionWriter>();
        services.AddScoped<Features.Measures.MeasureLinkService>();
        services.AddScoped<Features.Measures.MeasurementPlans>();
        services.AddScoped<Features.Settings.ChangeConventions>();
        services.AddScoped<Features.Consent.ConsentService>();
        services.AddScoped<Features.Eligibility.RecordEligibilityDecision>();
        services.AddScoped<Features.Eligibility.EligibilityRules>();
        services.Configure<Features.Consultations.SelfScreenOptions>(builder.Configuration.GetSection("SelfScreen"));
        services.AddSingleton<Features.Consultations.ConsultationRateLimiter>();
        services.AddScoped<Features.Consultations.SubmitConsultationRequest>();
        services.AddScoped<Features.Consultations.UpdateConsultationStatus>();
        services.AddScoped<Features.Consultations.ConvertConsultationRequest>();
        services.AddScoped<Features.Intake.IntakeService>();
        services.AddScoped<Features.Patients.ChartOverview>();
        services.AddScoped<Features.Plans.ProtocolTemplateStore>();
        services.AddScoped<Features.Plans.TreatmentPlans>();
        services.AddScoped<Features.Plans.PlanDosing>();
        services.AddScoped<Features.Plans.PlanTitration>();
        services.AddScoped<Features.Integration.TherapyNotes>();
        services.AddScoped<Features.Plans.DoseCoSigning>();
        services.AddScoped<Features.Users.SecondPersonVerification>();
        services.AddScoped<Features.Ledger.ControlledSubstanceLedger>();
        services.AddScoped<Features.Ledger.LedgerQueries>();
        services.AddScoped<Features.Plans.DosingWeights>();
        services.AddScoped<Features.Sessions.DosingSessions>();
        services.AddScoped<Features.Sessions.DosingRoomSettings>();
        services.AddScoped<Features.Sessions.SessionAdministrations>();
        services.AddScoped<Features.Sessions.SessionMonitoring>();
        services.AddScoped<Features.Sessions.SessionDischarge>();
        services.AddScoped<Features.Sessions.RemsForms>();
        services.AddScoped<Features.Sessions.ChairBoard>();
        services.AddScoped<Features.Sessions.SessionSettings>();
        services.AddScoped<Features.EmergencyAccess.EmergencyAccesses>();
        services.AddScoped<Features.Eligibility.EligibilityStanding>();
        services.AddScoped<Features.Plans.DosingStockSettings>();
        services.Configure<Features.Measures.EmailOptions>(builder.Configuration.GetSection("Email"));
        services.AddScoped<Features.Measures.LinkReminders>();
        if (builder.Configuration.GetValue("BackgroundJobs", true))
        {
            services.AddHostedService<Features.Measures.MissedMeasureSweep>();
            services.AddHostedService<Features.Measures.LinkReminderSweep>();
        }
        services.Configure<Features.Measures.MeasureLinkOptions>(builder.Configuration.GetSection("MeasureLinks"));
        services.AddSingleton<SetupState>();
        services.AddScoped<Features.Demo.DemoClinic>();
        services.AddScoped<Features.Demo.DemoMeasures>();
        services.AddScoped<Features.Demo.DemoIntakes>();
        services.AddScoped<Features.Demo.DemoPlans>();
        services.AddScoped<Features.Demo.DemoLedger>();
        services.AddScoped<Features.Demo.DemoSessions>();
        services.AddScoped<Features.Demo.DemoChair>();
        services.AddScoped<Features.Demo.DemoNotes>();
        FhirApi.AddServices(services);
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
        }
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        WebDeployment.UseWebDeployment(app);
        app.UseMiddleware<FieldTooLongResponses>();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                ctx.Context.Response.Headers.CacheControl =
                    ctx.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "public, max-age=3600";
                ctx.Context.Response.Headers.Remove("Pragma");
            },
        });
        app.UseRouting();
        app.UseMiddleware<SetupGate>();
        app.UseAuthentication();
        app.UseMiddleware<SignInObligations>();
        // Break-glass grants (docs/decisions/0020): per request, from the database, before authorization judges the request.
        app.UseMiddleware<Features.EmergencyAccess.EmergencyAccessGrants>();
        app.UseAuthorization();

        app.MapHealthChecks("/healthz").AllowAnonymous();
        // The API's description holds no patient data; integrators read it before they hold a token.
        app.MapOpenApi().AllowAnonymous();
        // A browsable view of /openapi/v1.json; the UI's files come from the Swashbuckle package, not from a CDN.
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/openapi/v1.json", "KapCare REST API v1");
            o.DocumentTitle = "KapCare REST API";
        });
        app.MapRazorPages();
        SessionApi.Map(app);
        FhirApi.Map(app);
        Features.Eligibility.EligibilityApi.Map(app);
        Features.Plans.DosingApi.Map(app);
        return app;
    }

    /// <summary>
    /// The folder that holds wwwroot: the app's own folder when published, otherwise the project folder
    /// of a source checkout (so static files and front-end libraries are found when run from bin/).
    /// </summary>
    public static string FindContentRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KAPCARE_CONTENT_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        var baseDir = AppContext.BaseDirectory;
        if (Directory.Exists(Path.Combine(baseDir, "wwwroot", "lib"))) return baseDir;
        for (var dir = new DirectoryInfo(baseDir); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "KapCare.Web");
            if (File.Exists(Path.Combine(candidate, "KapCare.Web.csproj"))) return candidate;
        }
        return baseDir;
    }
}

/// <summary>Chooses and tunes the database provider.</summary>
public static class Database
{
    public static void Configure(DbContextOptionsBuilder options, DatabaseSettings settings)
    {
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(settings.ConnectionString, o => o.MigrationsAssembly(typeof(KapCareDbContext).Assembly.FullName));
                if (settings.Synchronous == SqliteSynchronous.Normal) options.AddInterceptors(SqliteSynchronousNormal.Instance);
                break;
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(settings.ConnectionString, o => o.MigrationsAssembly(typeof(KapCareDbContext).Assembly.FullName));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown database provider.");
        }
    }

    /// <summary>Applies pending migrations; on SQLite, switches the file to write-ahead logging first.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KapCareDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer writes (https://www.sqlite.org/wal.html); it persists in the file.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }
        // Only when something is pending: EF's Migrate creates its history table "if not exists", which needs CREATE on the
        // schema, so an app role granted no DDL (docs/decisions/0017) could not start on a database its owner migrated.
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any()) await db.Database.MigrateAsync(ct);
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
    }
}

/// <summary>Sets <c>PRAGMA synchronous=NORMAL</c> on every SQLite connection KapCare opens (see <see cref="SqliteSynchronous"/>).</summary>
public sealed class SqliteSynchronousNormal : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteSynchronousNormal Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
