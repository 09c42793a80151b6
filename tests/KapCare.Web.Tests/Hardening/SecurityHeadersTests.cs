using System.Net;
using System.Text.RegularExpressions;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Hardening;

/// <summary>
/// Issue 9, finding 6: no content security policy; PDFs and FHIR responses may be cached. Expected headers from the OWASP
/// HTTP Headers Cheat Sheet and the issue: a CSP with no inline script, frame-ancestors 'none', nosniff, a referrer policy,
/// and Cache-Control: no-store on everything that carries patient data.
/// </summary>
public sealed partial class SecurityHeadersTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var what = response.RequestMessage!.RequestUri!.PathAndQuery;
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"No CSP on {what}");
        var directives = string.Join(";", csp).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Contains(' ', StringComparison.Ordinal) ? d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..] : string.Empty);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.Equal("'self'", directives["base-uri"]);
        Assert.Equal("'self'", directives["form-action"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.Equal("'self' data:", directives["img-src"]);
        Assert.DoesNotContain("unsafe-eval", string.Join(";", csp), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains(Assert.Single(response.Headers.GetValues("Referrer-Policy")), new[] { "no-referrer", "same-origin" });
    }

    private static void AssertNoStore(HttpResponseMessage response)
    {
        var what = response.RequestMessage!.RequestUri!.PathAndQuery;
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what} ({(int)response.StatusCode}) is not Cache-Control: no-store but '{response.Headers.CacheControl}'");
        Assert.False(response.Headers.CacheControl!.Public, what);
    }

    [Fact]
    public async Task Given_any_kind_of_response_When_it_is_sent_Then_it_carries_the_security_headers()
    {
        var anonymous = app.CreateClient(followRedirects: false);
        var staff = await app.SignedInClientAsync(Roles.FrontDesk);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Zoë", ["Input.FamilyName"] = "Okafor", ["Input.BirthDate"] = "1988-02-02", ["Input.Sex"] = "Female",
        });
        var api = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/*.read"));

        foreach (var response in new[]
        {
            await anonymous.GetAsync("/Account/Login"),
            await anonymous.GetAsync("/Patients"),                 // a redirect to sign in
            await anonymous.GetAsync("/no-such-page"),             // the 404 page
            await anonymous.GetAsync("/healthz"),
            await anonymous.GetAsync("/css/site.css"),
            await staff.GetAsync($"/Patients/{patientId}"),
            await api.GetAsync($"/fhir/Patient/{patientId}"),
            await api.GetAsync("/fhir/metadata"),
            await api.GetAsync("/fhir/Patient/not-a-patient"),
        })
        {
            AssertSecurityHeaders(response);
        }
    }

    [Fact]
    public async Task Given_responses_with_patient_data_When_sent_Then_they_are_no_store_and_static_files_stay_cacheable()
    {
        var staff = await app.SignedInClientAsync(Roles.Prescriber);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Zoë", ["Input.FamilyName"] = "Okafor", ["Input.BirthDate"] = "1988-02-02", ["Input.Sex"] = "Female",
        });
        var api = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/*.read"));

        AssertNoStore(await staff.GetAsync($"/Patients/{patientId}"));
        AssertNoStore(await staff.GetAsync("/Patients?q=okafor"));
        AssertNoStore(await staff.GetAsync($"/Patients/{patientId}/Measures"));
        AssertNoStore(await staff.GetAsync($"/Patients/{patientId}/Intake"));
        AssertNoStore(await api.GetAsync($"/fhir/Patient/{patientId}"));
        AssertNoStore(await api.GetAsync("/fhir/Patient?family=okafor"));
        AssertNoStore(await api.GetAsync($"/fhir/Observation?patient={patientId}"));

        var css = await app.CreateClient().GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.True(css.Headers.CacheControl is { Public: true, NoStore: false }, $"site.css: '{css.Headers.CacheControl}'");
    }

    [Fact]
    public async Task Given_a_signed_consent_When_its_PDF_is_fetched_Then_it_is_no_store()
    {
        var staff = await app.SignedInClientAsync(Roles.FrontDesk);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Zoe", ["Input.FamilyName"] = "Okafor", ["Input.BirthDate"] = "1988-02-02", ["Input.Sex"] = "Female",
        });
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/PortalAccess", new() { ["email"] = "zoe@example.com", ["password"] = "zoe's long password" });
        var patient = app.CreateClient();
        await KapCareTestApp.PostFormAsync(patient, "/Account/Login", new() { ["Input.Email"] = "zoe@example.com", ["Input.Password"] = "zoe's long password" });
        var document = Web.Features.Consent.ConsentDocuments.Treatment;
        await KapCareTestApp.PostFormAsync(patient, $"/Portal/Consents/{document.Id}",
            new() { ["documentVersion"] = document.Version, ["agreed"] = "true", ["typedName"] = "Zoe Okafor" });
        var consentId = await app.WithDbAsync(db => db.SignedConsents.Select(c => c.Id).SingleAsync());

        var pdf = await patient.GetAsync($"/Portal/Consents/{consentId}/Pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        AssertNoStore(pdf);
        AssertNoStore(await staff.GetAsync($"/Patients/{patientId}/Consents/{consentId}/Pdf"));
    }

    [Fact]
    public void Given_the_pages_When_read_Then_no_inline_event_handler_or_inline_script_is_left_for_the_CSP_to_block()
    {
        var pages = Path.Combine(KapCareHost.FindContentRoot(), "Pages");
        Assert.True(Directory.Exists(pages), pages);
        var offences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in InlineHandler().Matches(text)) offences.Add($"{Path.GetRelativePath(pages, file)}: {m.Value.Trim()}");
            foreach (Match m in ScriptTag().Matches(text))
            {
                var tag = m.Value;
                if (!tag.Contains("src=", StringComparison.Ordinal) && !tag.Contains("type=\"application/json\"", StringComparison.Ordinal))
                    offences.Add($"{Path.GetRelativePath(pages, file)}: inline {tag}");
            }
        }
        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }

    [Fact]
    public async Task Given_a_measure_link_When_shown_Then_the_page_selects_it_without_inline_script()
    {
        var staff = await app.SignedInClientAsync(Roles.Prescriber);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Zoë", ["Input.FamilyName"] = "Okafor", ["Input.BirthDate"] = "1988-02-02", ["Input.Sex"] = "Female",
        });
        var response = await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/Measures/Link", new() { ["instruments"] = "gad-7" });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("/m/", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineHandler(), page);
        Assert.Contains("data-select-on-click", page, StringComparison.Ordinal);
        Assert.Matches("<script src=\"/js/select-on-click.js", page);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/js/select-on-click.js")).StatusCode);
    }

    [GeneratedRegex(@"\son[a-z]+\s*=\s*[""']", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"<script\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
