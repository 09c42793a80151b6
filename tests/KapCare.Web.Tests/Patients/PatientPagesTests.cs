using System.Net;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Patients;

/// <summary>Registering, finding, editing and archiving patients through the web pages, as the front desk does.</summary>
public sealed class PatientPagesTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static Dictionary<string, string> Form(string given = "José", string family = "García", string birthDate = "1986-04-23",
        string? email = "jose.garcia@example.com", string phone = "+1 312 555 0143") => new()
    {
        ["Input.GivenName"] = given,
        ["Input.FamilyName"] = family,
        ["Input.BirthDate"] = birthDate,
        ["Input.Sex"] = "Male",
        ["Input.Pronouns"] = "he/him",
        ["Input.Phone"] = phone,
        ["Input.Email"] = email ?? string.Empty,
        ["Input.City"] = "Chicago",
        ["Input.PreferredLanguage"] = "Spanish",
        ["Input.EmergencyContactName"] = "Ana García",
        ["Input.EmergencyContactRelationship"] = "Sister",
        ["Input.EmergencyContactPhone"] = "+1 312 555 0199",
    };

    private async Task<(HttpClient Client, Uri PatientUrl)> RegisterAsync(Dictionary<string, string>? form = null)
    {
        var client = await app.SignedInClientAsync(Roles.FrontDesk);
        var response = await KapCareTestApp.PostFormAsync(client, "/Patients/Register", form ?? Form());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^/Patients/[0-9a-f-]{36}$", response.RequestMessage!.RequestUri!.AbsolutePath);
        return (client, response.RequestMessage.RequestUri);
    }

    [Fact]
    public async Task Given_valid_details_When_registering_Then_the_patient_gets_an_MRN_and_an_audited_record()
    {
        var (client, url) = await RegisterAsync();
        var page = await client.GetStringAsync(url);

        Assert.Contains("García, José", page, StringComparison.Ordinal);
        Assert.Matches(@"KC-\d{4}-\d{4}", page);
        var patient = await app.WithDbAsync(db => db.Patients.SingleAsync());
        Assert.Equal(new DateOnly(1986, 4, 23), patient.BirthDate);
        Assert.Equal("jose.garcia@example.com", patient.Email);
        Assert.Equal("garcia", patient.SearchFamilyName);
        var audit = await app.AuditEntriesAsync();
        Assert.Contains(audit, a => a.Action == AuditActions.PatientCreate && a.PatientId == patient.Id && a.Outcome == AuditOutcome.Success && a.Channel == "web");
        Assert.Contains(audit, a => a.Action == AuditActions.PatientRead && a.PatientId == patient.Id && a.Actor.StartsWith("frontdesk-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2999-01-01", "jose@example.com", "Input.BirthDate", "future")]
    [InlineData("1986-04-23", "not-an-email", "Input.Email", "email address")]
    [InlineData("", "jose@example.com", "Input.BirthDate", "date of birth")]
    public async Task Given_bad_input_When_registering_Then_the_field_says_why_and_nothing_is_saved(string birthDate, string email, string field, string message)
    {
        var client = await app.SignedInClientAsync(Roles.FrontDesk);
        var response = await KapCareTestApp.PostFormAsync(client, "/Patients/Register", Form(birthDate: birthDate, email: email));
        var html = await response.Content.ReadAsStringAsync();

        // A form shown again with its errors answers 400 (DESIGN.md: a bad request gets a 4xx; issue 9).
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("/Patients/Register", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains($"data-valmsg-for=\"{field}\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Patients.CountAsync()));
    }

    [Theory]
    [InlineData("garcia")]
    [InlineData("GARCÍA")]
    [InlineData("jose garc")]
    [InlineData("1986-04-23")]
    [InlineData("04/23/1986")]
    public async Task Given_a_registered_patient_When_searching_plainly_Then_they_are_found(string query)
    {
        var (client, _) = await RegisterAsync();
        await KapCareTestApp.PostFormAsync(client, "/Patients/Register", Form(given: "Zoë", family: "O'Brien", birthDate: "1990-01-02", email: "zoe@example.com"), "/Patients/Register");

        var html = await client.GetStringAsync("/Patients?q=" + Uri.EscapeDataString(query));

        Assert.Contains("García, José", html, StringComparison.Ordinal);
        Assert.DoesNotContain("O&#x27;Brien", html, StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.PatientSearch);
    }

    [Fact]
    public async Task Given_a_patient_When_searching_by_MRN_with_or_without_dashes_Then_they_are_found()
    {
        var (client, _) = await RegisterAsync();
        var mrn = await app.WithDbAsync(db => db.Patients.Select(p => p.Mrn).SingleAsync());

        Assert.Contains("García, José", await client.GetStringAsync($"/Patients?q=KC-{mrn[..4]}-{mrn[4..]}"), StringComparison.Ordinal);
        Assert.Contains("García, José", await client.GetStringAsync($"/Patients?q={mrn}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_MRN_that_is_also_a_date_When_searched_as_eight_digits_Then_the_record_is_found_beside_anyone_born_that_day()
    {
        // 19990415: Luhn over 1999041 — doubled from the right 1→2, 0→0, 9→18→9, 1→2 (13), plus 4 + 9 + 9 (22) = 35, check
        // digit 5 — and also 15 April 1999 as yyyyMMdd. This search used to find only the birth date (a flaky test showed it).
        var (client, _) = await RegisterAsync();
        await app.WithDbAsync(db => db.Patients.ExecuteUpdateAsync(s => s.SetProperty(p => p.Mrn, "19990415")));
        await KapCareTestApp.PostFormAsync(client, "/Patients/Register", Form(given: "Zoë", family: "O'Brien", birthDate: "1999-04-15", email: "zoe@example.com"), "/Patients/Register");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Patients?q=19990415"));

        Assert.Contains("García, José", html, StringComparison.Ordinal);
        Assert.Contains("O'Brien, Zoë", html, StringComparison.Ordinal);
        Assert.Contains("born 1999-04-15 or MRN", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_patient_When_edited_Then_the_change_is_saved_versioned_and_audited_with_field_names_only()
    {
        var (client, url) = await RegisterAsync();
        var edit = Form(phone: "+1 773 555 0100");
        edit["Version"] = "1";
        var response = await KapCareTestApp.PostFormAsync(client, url.AbsolutePath + "/Edit", edit);

        Assert.Equal(url.AbsolutePath, response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Changes saved", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var patient = await app.WithDbAsync(db => db.Patients.SingleAsync());
        Assert.Equal("+1 773 555 0100", patient.Phone);
        Assert.Equal(2, patient.Version);
        var update = Assert.Single(await app.AuditEntriesAsync(), a => a.Action == AuditActions.PatientUpdate);
        Assert.Equal("changed: Phone", update.Detail);
    }

    [Fact]
    public async Task Given_two_editors_When_the_second_saves_a_stale_version_Then_they_get_a_conflict_and_the_first_change_survives()
    {
        var (first, url) = await RegisterAsync();
        var second = await app.SignedInClientAsync(Roles.Nurse);

        var firstEdit = Form(phone: "+1 773 555 0101");
        firstEdit["Version"] = "1";
        await KapCareTestApp.PostFormAsync(first, url.AbsolutePath + "/Edit", firstEdit);

        var secondEdit = Form(email: "new.address@example.com");
        secondEdit["Version"] = "1"; // the version the second editor opened
        var response = await KapCareTestApp.PostFormAsync(second, url.AbsolutePath + "/Edit", secondEdit);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("Someone else saved this record while you were editing", html, StringComparison.Ordinal);
        Assert.Contains("Now saved as: +1 773 555 0101", html, StringComparison.Ordinal);
        var patient = await app.WithDbAsync(db => db.Patients.SingleAsync());
        Assert.Equal("+1 773 555 0101", patient.Phone);
        Assert.Equal("jose.garcia@example.com", patient.Email);
        Assert.Equal(2, patient.Version);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.PatientUpdate && a.Outcome == AuditOutcome.Failure && a.Detail!.StartsWith("conflict", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_a_patient_When_archived_with_a_reason_Then_they_leave_the_list_but_stay_readable()
    {
        var (client, url) = await RegisterAsync();
        var response = await KapCareTestApp.PostFormAsync(client, url.AbsolutePath + "?handler=Archive", new() { ["version"] = "1", ["reason"] = "Duplicate registration" }, url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Contains("No patient matches", await client.GetStringAsync("/Patients?q=garcia"), StringComparison.Ordinal);
        Assert.Contains("García, José", await client.GetStringAsync("/Patients?q=garcia&archived=true"), StringComparison.Ordinal);
        Assert.Contains("Duplicate registration", await client.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.PatientArchive);
    }

    [Fact]
    public async Task Given_a_researcher_When_opening_patients_Then_access_is_refused_and_audited()
    {
        var client = await app.SignedInClientAsync(Roles.Researcher);
        var response = await client.GetAsync("/Patients");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.AccessDenied && a.Outcome == AuditOutcome.Denied);
    }

    [Fact]
    public async Task Given_an_anonymous_visitor_When_opening_a_patient_page_Then_they_are_sent_to_sign_in()
    {
        await app.CreateUserAsync("admin@clinic.test", Roles.Admin);
        var response = await app.CreateClient(followRedirects: false).GetAsync("/Patients");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }
}
