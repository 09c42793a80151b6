using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using KapCare.Web.Features.Consent;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using KapCare.Web.Fhir;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Security;

/// <summary>
/// Issue 9, item 2: every endpoint of the app declares its permission, and what each role may reach is exactly what the
/// role → permissions table (docs/decisions/0015-permissions.md) gives it. The endpoints come from the app's own
/// EndpointDataSource, so a page or route added later is checked without anyone listing it here.
/// </summary>
public sealed partial class EndpointPermissionTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private Task<IReadOnlyList<EndpointDeclaration>> EndpointsAsync() =>
        app.WithServicesAsync(s => Task.FromResult(EndpointDeclaration.From(s.GetRequiredService<EndpointDataSource>())));

    /// <summary>Those that must stay open without a sign-in, each for its reason; anything else anonymous fails the test.</summary>
    private static readonly string[] AnonymousByDesign =
    [
        "/Account/Login", "/Account/LoginWith2fa", "/Account/Logout", "/Account/AccessDenied",
        "/Account/ChangePassword", // answers a Challenge itself; a temporary-password sign-in opens nothing else
        "/Setup", "/Error", "/healthz", "/openapi/{documentName}.json",
        "/m/{token}", // a single-use link: the token is the credential
        "/screen", "/screen/sent", // the public self-screen
        "/Account/Session", // says only whether the caller's own cookie is still valid, for the idle warning
        "/fhir/metadata", "/fhir/{**rest}", // the CapabilityStatement, and FHIR's own "not supported" answer
    ];

    [Fact]
    public async Task Every_endpoint_declares_a_permission_or_is_anonymous_by_design_and_none_uses_a_role_list()
    {
        var endpoints = await EndpointsAsync();
        Assert.True(endpoints.Count > 60, $"Only {endpoints.Count} endpoints found: is the data source the app's?");
        Assert.Contains(endpoints, e => e.IsPage && e.Route == "/Patients/{id:guid}/Intake/{section?}");
        Assert.Contains(endpoints, e => e.Route == "/fhir/Observation");

        var undeclared = endpoints.Where(e => !e.Declared).Select(e => e.ToString()).ToList();
        Assert.True(undeclared.Count == 0, "No permission declared: " + string.Join("; ", undeclared));
        var roleLists = endpoints.Where(e => e.RolePolicies.Count > 0).Select(e => e.ToString()).ToList();
        Assert.True(roleLists.Count == 0, "Authorized by a role list, not a permission: " + string.Join("; ", roleLists));
        var anonymous = endpoints.Where(e => e.Anonymous && !AnonymousByDesign.Contains(e.Route, StringComparer.OrdinalIgnoreCase)).Select(e => e.ToString()).ToList();
        Assert.True(anonymous.Count == 0, "Anonymous without a reason listed here: " + string.Join("; ", anonymous));
        var unknown = endpoints.SelectMany(e => e.Permissions.Concat(e.Handlers.Select(h => h.Permission)))
            .Where(p => p != Permissions.SignedIn && !Permissions.All.Contains(p)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "Unknown permissions: " + string.Join(", ", unknown));
    }

    [Fact]
    public void The_documented_role_table_is_the_one_in_code()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "decisions", "0015-permissions.md"));
        var rows = TableRow().Matches(doc).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Trim('`')).ToHashSet(StringComparer.Ordinal));
        foreach (var role in Roles.All)
        {
            Assert.True(rows.TryGetValue(role, out var documented), $"0015 has no row for {role}.");
            Assert.True(documented.SetEquals(Permissions.ByRole[role]),
                $"{role}: documented {string.Join(", ", documented.Order())}; code {string.Join(", ", Permissions.ByRole[role].Order())}");
        }
    }

    /// <summary>
    /// Every endpoint × every role (and a portal patient asking for another patient's data): a role that lacks one of the
    /// endpoint's permissions gets 403, a role that holds them all is let through (whatever the endpoint then answers for
    /// made-up ids: 200, 400, 404 — but not 403 and not the sign-in page). Page handlers with a permission of their own
    /// are posted by every role that may open the page but lacks that permission: 403 before the handler runs.
    /// </summary>
    [Fact]
    public async Task Each_endpoint_answers_each_role_as_the_permission_table_says()
    {
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber);
        // Patient A is approved with a signed plan, so the pages under a plan (the dosing-session chart) exist for her.
        var patientA = await KapCareTestApp.ApprovedPatientAsync(prescriber, "1980-01-01", givenName: "Ada", familyName: "Matrix");
        await app.SignedPlanAsync(prescriber, patientA);
        var patientB = await KapCareTestApp.RegisterPatientAsync(prescriber, new() { ["Input.GivenName"] = "Bo", ["Input.FamilyName"] = "Other", ["Input.BirthDate"] = "1981-01-01", ["Input.Sex"] = "Male" });
        var portalA = await PortalClientAsync(prescriber, patientA, "ada");
        var portalB = await PortalClientAsync(prescriber, patientB, "bo");
        var document = ConsentDocuments.Treatment;
        await KapCareTestApp.PostFormAsync(portalB, $"/Portal/Consents/{document.Id}", new() { ["documentVersion"] = document.Version, ["agreed"] = "true", ["typedName"] = "Bo Other" });
        var consentOfB = await app.WithDbAsync(db => db.SignedConsents.Where(c => c.PatientId == patientB).Select(c => c.Id).SingleAsync());

        var web = new Dictionary<string, HttpClient> { [Roles.Patient] = portalA, [Roles.Prescriber] = prescriber };
        foreach (var role in Roles.All.Where(r => !web.ContainsKey(r))) web[role] = await app.SignedInClientAsync(role);
        var api = new Dictionary<string, HttpClient>();
        foreach (var role in Roles.All) api[role] = app.CreateApiClient(await app.CreateTokenAsync(role, "user/*.*"));

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var endpoint in (await EndpointsAsync()).Where(e => !e.Anonymous))
        {
            var url = Url(endpoint.Route, patientA);
            var method = endpoint.Methods.Contains("GET") ? "GET" : endpoint.Methods[0];
            var bearer = endpoint.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == FhirApi.Policy)
                || endpoint.Endpoint.Metadata.OfType<AuthorizationPolicy>().Any(p => p.AuthenticationSchemes.Contains(BearerTokenHandler.SchemeName));
            foreach (var role in Roles.All)
            {
                var client = bearer ? api[role] : web[role];
                var allowed = endpoint.AllowsRoles([role]);
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method != "GET") request.Content = new StringContent("{}", Encoding.UTF8, bearer && url.StartsWith("/fhir", StringComparison.Ordinal) ? "application/fhir+json" : "application/json");
                using var response = await client.SendAsync(request);
                var landed = response.RequestMessage!.RequestUri!.AbsolutePath;
                var forbidden = response.StatusCode == HttpStatusCode.Forbidden;
                var toSignIn = landed.StartsWith("/Account/Login", StringComparison.OrdinalIgnoreCase) || response.StatusCode == HttpStatusCode.Unauthorized;
                checkedCount++;
                if (allowed && (forbidden || toSignIn)) failures.Add($"{role} refused {method} {url} ({(int)response.StatusCode} at {landed}) but holds {string.Join(", ", endpoint.Permissions)}");
                if (!allowed && !forbidden) failures.Add($"{role} got {(int)response.StatusCode} for {method} {url} without {string.Join(", ", endpoint.Permissions)}");
            }

            foreach (var handler in endpoint.Handlers)
            {
                foreach (var role in Roles.All.Where(r => endpoint.AllowsRoles([r]) && !Permissions.For([r]).Contains(handler.Permission)))
                {
                    var name = handler.Handler == HandlerPermissionAttribute.AnyPost ? null : handler.Handler;
                    var posted = await KapCareTestApp.PostFormAsync(web[role], name is null ? url : $"{url}?handler={name}", [], url);
                    checkedCount++;
                    if (posted.StatusCode != HttpStatusCode.Forbidden)
                        failures.Add($"{role} got {(int)posted.StatusCode} posting {name} to {url} without {handler.Permission}");
                }
            }
        }

        // Another patient: a portal sign-in reaches only its own patient, whatever id it sends.
        checkedCount += 3;
        if ((await portalA.GetAsync($"/Portal/Consents/{consentOfB}/Pdf")).StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
            failures.Add("Patient A opened patient B's signed consent PDF");
        if ((await portalA.GetAsync($"/Patients/{patientB}")).StatusCode != HttpStatusCode.Forbidden) failures.Add("Patient A opened patient B's chart");
        if ((await api[Roles.Patient].GetAsync($"/fhir/Patient/{patientB}")).StatusCode != HttpStatusCode.Forbidden) failures.Add("A patient's token read patient B over FHIR");
        Assert.True((await portalB.GetAsync($"/Portal/Consents/{consentOfB}/Pdf")).IsSuccessStatusCode, "Patient B cannot open their own consent: the other-patient check proves nothing.");

        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedCount} checks failed:\n" + string.Join("\n", failures));
    }

    private async Task<HttpClient> PortalClientAsync(HttpClient staff, Guid patientId, string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/PortalAccess", new() { ["email"] = email, ["password"] = "a long portal password" });
        var client = app.CreateClient();
        await app.SignInAsync(client, email, "a long portal password");
        return client;
    }

    /// <summary>A concrete URL for a route: patient ids for patient routes, made-up ids elsewhere, optional parts left out.</summary>
    private static string Url(string route, Guid patientId)
    {
        var url = RouteParameter().Replace(route, m =>
        {
            var (name, optional) = (m.Groups[1].Value, m.Groups[3].Success);
            if (optional) return string.Empty;
            return name switch
            {
                "id" when route.StartsWith("/Patients", StringComparison.Ordinal) || route.StartsWith("/fhir/Patient", StringComparison.Ordinal) => patientId.ToString(),
                "id" when route.StartsWith("/Admin/Users", StringComparison.Ordinal) => "no-such-user",
                "vid" => "1",
                "instrument" => "phq-9",
                "dosingNumber" => "1",
                "documentId" => ConsentDocuments.Treatment.Id,
                _ => Guid.NewGuid().ToString(),
            };
        });
        return Regex.Replace(url, "/+$", string.Empty) is { Length: > 0 } trimmed ? trimmed : "/";
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KapCare.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Repository root not found.");
    }

    [GeneratedRegex(@"\{([A-Za-z*]+)(:[^}?]+)?(\?)?\}")]
    private static partial Regex RouteParameter();

    /// <summary>A row of 0015's table: | Role | `perm`, `perm` |</summary>
    [GeneratedRegex(@"^\|\s*([A-Za-z]+)\s*\|\s*((?:`[a-z.\-]+`(?:,\s*)?)+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
