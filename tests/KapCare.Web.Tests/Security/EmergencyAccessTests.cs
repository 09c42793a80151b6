using System.Net;
using System.Security.Claims;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.EmergencyAccess;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Security;

/// <summary>
/// Issue 9, item 4 (docs/decisions/0020-emergency-access.md): a person without clinical.read opens one patient's chart
/// for a stated reason, read only, time-limited, audited, and every admin sees it on the home page until reviewed.
/// </summary>
public sealed class EmergencyAccessTests : IAsyncLifetime
{
    private const string Reason = "Paramedics on site ask for the medication list; patient in crisis.";

    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(Guid Patient, Guid Other)> PatientsAsync()
    {
        var nurse = await app.SignedInClientAsync(Roles.Nurse);
        var id = await KapCareTestApp.RegisterPatientAsync(nurse, new()
        {
            ["Input.GivenName"] = "Rosa", ["Input.FamilyName"] = "Lindgren", ["Input.BirthDate"] = "1979-05-05", ["Input.Sex"] = "Female",
        });
        var other = await KapCareTestApp.RegisterPatientAsync(nurse, new()
        {
            ["Input.GivenName"] = "Omar", ["Input.FamilyName"] = "Farouk", ["Input.BirthDate"] = "1985-02-02", ["Input.Sex"] = "Male",
        });
        return (id, other);
    }

    private static Task<HttpResponseMessage> StartAsync(HttpClient client, Guid patientId, string reason) =>
        KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Emergency", new() { ["Reason"] = reason });

    private Task<int> GrantsAsync() => app.WithDbAsync(db => db.EmergencyAccesses.CountAsync());

    private Task SetMinutesAsync(int minutes) => app.WithServicesAsync(async s =>
    {
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Admin), new Claim(ClaimTypes.Name, "admin")], "test"));
        Assert.Null(await s.GetRequiredService<EmergencyAccesses>().SetMinutesAsync(minutes, admin));
        return 0;
    });

    [Fact]
    public async Task Given_front_desk_without_clinical_read_When_they_state_a_reason_Then_that_chart_opens_read_only_audited_until_it_expires()
    {
        var (id, other) = await PatientsAsync();
        await SetMinutesAsync(5);
        var frontDesk = await app.SignedInClientAsync(Roles.FrontDesk, "desk@clinic.test");

        Assert.Equal(HttpStatusCode.Forbidden, (await frontDesk.GetAsync($"/Patients/{id}/Intake")).StatusCode);
        var denied = WebUtility.HtmlDecode(await (await frontDesk.GetAsync($"/Patients/{id}/Intake")).Content.ReadAsStringAsync());
        Assert.Contains($"/Patients/{id}/Emergency", denied, StringComparison.Ordinal);
        var chart = WebUtility.HtmlDecode(await frontDesk.GetStringAsync($"/Patients/{id}"));
        Assert.Contains("Emergency access to the clinical record", chart, StringComparison.Ordinal);

        var start = WebUtility.HtmlDecode(await frontDesk.GetStringAsync($"/Patients/{id}/Emergency"));
        Assert.Contains("Lindgren", start, StringComparison.Ordinal);
        Assert.Contains("Open the chart for 5 minutes", start, StringComparison.Ordinal);

        // 19 characters, trimmed: refused with the field, nothing granted.
        var tooShort = await StartAsync(frontDesk, id, "   Paramedics asking   ");
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        var refusal = WebUtility.HtmlDecode(await tooShort.Content.ReadAsStringAsync());
        Assert.Contains("is-invalid", refusal, StringComparison.Ordinal);
        Assert.Contains("at least 20 characters", refusal, StringComparison.Ordinal);
        Assert.Equal(0, await GrantsAsync());

        var started = await StartAsync(frontDesk, id, Reason);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal($"/Patients/{id}", started.RequestMessage!.RequestUri!.AbsolutePath);
        var grant = await app.WithDbAsync(db => db.EmergencyAccesses.SingleAsync());
        Assert.Equal(Reason, grant.Reason);
        Assert.Equal(TimeSpan.FromMinutes(5), grant.ExpiresAt - grant.StartedAt);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.EmergencyAccessStart && a.PatientId == id
            && a.ResourceId == grant.Id.ToString() && a.Detail is { } detail && detail.Contains(Reason, StringComparison.Ordinal));

        var intake = await frontDesk.GetAsync($"/Patients/{id}/Intake");
        Assert.Equal(HttpStatusCode.OK, intake.StatusCode);
        var intakePage = WebUtility.HtmlDecode(await intake.Content.ReadAsStringAsync());
        Assert.Contains("Emergency access", intakePage, StringComparison.Ordinal);
        Assert.Contains(Reason, intakePage, StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.PatientRead && a.PatientId == id && a.Actor == "desk@clinic.test"
            && a.Detail is { } detail && detail.Contains("/Intake", StringComparison.Ordinal) && detail.Contains($"under emergency access {grant.Id}", StringComparison.Ordinal));

        // Only that patient, only reading, only on the web.
        Assert.Equal(HttpStatusCode.Forbidden, (await frontDesk.GetAsync($"/Patients/{other}/Intake")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await frontDesk.GetAsync("/Alerts")).StatusCode);
        var token = await app.WithServicesAsync(async s =>
        {
            var desk = await s.GetRequiredService<UserManager<KapCareUser>>().FindByEmailAsync("desk@clinic.test");
            return (await s.GetRequiredService<KapCare.Web.Features.Tokens.ApiTokenService>().CreateAsync(desk!.Id, "test", "user/*.*", null)).Secret;
        });
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateApiClient(token).GetAsync($"/fhir/QuestionnaireResponse?patient={id}")).StatusCode);
        var intakes = await app.WithDbAsync(db => db.PatientIntakes.CountAsync(i => i.PatientId == id));
        var save = await KapCareTestApp.PostFormAsync(frontDesk, $"/Patients/{id}/Intake/medical?handler=Save", new() { ["weightKg"] = "71" }, $"/Patients/{id}/Intake/medical");
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        Assert.Equal(intakes, await app.WithDbAsync(db => db.PatientIntakes.CountAsync(i => i.PatientId == id)));

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.Forbidden, (await frontDesk.GetAsync($"/Patients/{id}/Intake")).StatusCode);
        Assert.DoesNotContain(Reason, WebUtility.HtmlDecode(await frontDesk.GetStringAsync($"/Patients/{id}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_active_grant_When_the_reason_is_submitted_again_Then_the_same_grant_stays_the_only_one()
    {
        var (id, _) = await PatientsAsync();
        var admin = await app.SignedInClientAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/Patients/{id}/Plan")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await StartAsync(admin, id, Reason)).StatusCode);
        var again = await admin.PostAsync($"/Patients/{id}/Emergency", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.NotEqual(HttpStatusCode.OK, again.StatusCode); // no antiforgery token: refused, nothing started
        var second = await StartAsync(admin, id, Reason + " (second tab)");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("already open", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await GrantsAsync());
        Assert.Single(await app.AuditEntriesAsync(), a => a.Action == AuditActions.EmergencyAccessStart);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/Patients/{id}/Plan")).StatusCode);
    }

    [Fact]
    public async Task Given_a_researcher_or_a_patient_When_they_open_the_emergency_page_Then_they_are_refused()
    {
        var (id, _) = await PatientsAsync();
        var researcher = await app.SignedInClientAsync(Roles.Researcher);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync($"/Patients/{id}/Emergency")).StatusCode);

        var frontDesk = await app.SignedInClientAsync(Roles.FrontDesk);
        await KapCareTestApp.PostFormAsync(frontDesk, $"/Patients/{id}/PortalAccess", new() { ["email"] = "rosa@example.com", ["password"] = "rosa's long password" });
        var patient = app.CreateClient();
        await app.SignInAsync(patient, "rosa@example.com", "rosa's long password");
        Assert.Equal(HttpStatusCode.Forbidden, (await patient.GetAsync($"/Patients/{id}/Emergency")).StatusCode);
        Assert.Equal(0, await GrantsAsync());
    }

    [Fact]
    public async Task Given_a_prescriber_who_reads_the_record_When_they_ask_for_emergency_access_Then_they_are_told_they_do_not_need_it()
    {
        var (id, _) = await PatientsAsync();
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber);
        Assert.Contains("do not need emergency access", WebUtility.HtmlDecode(await prescriber.GetStringAsync($"/Patients/{id}/Emergency")), StringComparison.Ordinal);
        var posted = await StartAsync(prescriber, id, Reason);
        Assert.Equal($"/Patients/{id}", posted.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("no emergency access was needed", WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await GrantsAsync());
        Assert.DoesNotContain(await app.AuditEntriesAsync(), a => a.Action == AuditActions.EmergencyAccessStart);
    }

    [Fact]
    public async Task Given_grants_When_an_admin_reviews_one_on_the_home_page_Then_it_leaves_the_list_and_the_review_is_audited()
    {
        var (id, _) = await PatientsAsync();
        await SetMinutesAsync(5);
        var frontDesk = await app.SignedInClientAsync(Roles.FrontDesk, "desk@clinic.test");
        Assert.Equal(HttpStatusCode.OK, (await StartAsync(frontDesk, id, Reason)).StatusCode);
        var grant = await app.WithDbAsync(db => db.EmergencyAccesses.SingleAsync());

        var admin = await app.SignedInClientAsync(Roles.Admin, "admin@clinic.test");
        var home = WebUtility.HtmlDecode(await admin.GetStringAsync("/"));
        Assert.Contains("Emergency access to review", home, StringComparison.Ordinal);
        Assert.Contains(Reason, home, StringComparison.Ordinal);
        Assert.Contains("Lindgren, Rosa", home, StringComparison.Ordinal);
        Assert.Contains($"/Patients/{id}", home, StringComparison.Ordinal);
        // Still listed after the grant ended: it stays until someone reviews it.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Contains(Reason, WebUtility.HtmlDecode(await admin.GetStringAsync("/")), StringComparison.Ordinal);
        // Front desk (no audit.read) sees no review card and may not review.
        var otherDesk = await app.SignedInClientAsync(Roles.FrontDesk);
        Assert.DoesNotContain("Emergency access to review", WebUtility.HtmlDecode(await otherDesk.GetStringAsync("/")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await KapCareTestApp.PostFormAsync(otherDesk, "/?handler=Review", new() { ["accessId"] = grant.Id.ToString() }, "/")).StatusCode);

        var tooLong = await KapCareTestApp.PostFormAsync(admin, "/?handler=Review", new() { ["accessId"] = grant.Id.ToString(), ["note"] = new string('x', 501) }, "/");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var reviewed = await KapCareTestApp.PostFormAsync(admin, "/?handler=Review", new() { ["accessId"] = grant.Id.ToString(), ["note"] = "Checked with the paramedics' handover." }, "/");
        Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        Assert.DoesNotContain(Reason, WebUtility.HtmlDecode(await reviewed.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var row = await app.WithDbAsync(db => db.EmergencyAccesses.SingleAsync());
        Assert.NotNull(row.ReviewedAt);
        Assert.Equal("Checked with the paramedics' handover.", row.ReviewNote);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.EmergencyAccessReview && a.Actor == "admin@clinic.test"
            && a.ResourceId == grant.Id.ToString() && a.PatientId == id && a.Detail is { } detail && detail.Contains("Checked with", StringComparison.Ordinal));
        // Reviewed once: a second review changes nothing.
        var twice = await KapCareTestApp.PostFormAsync(admin, "/?handler=Review", new() { ["accessId"] = grant.Id.ToString(), ["note"] = "again" }, "/");
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal("Checked with the paramedics' handover.", (await app.WithDbAsync(db => db.EmergencyAccesses.SingleAsync())).ReviewNote);
    }

    [Fact]
    public async Task Given_an_admin_When_they_set_how_long_emergency_access_lasts_Then_only_5_to_240_minutes_is_saved_and_audited()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.BadRequest, (await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings?handler=Emergency", new() { ["minutes"] = "4" }, "/Admin/Settings")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings?handler=Emergency", new() { ["minutes"] = "241" }, "/Admin/Settings")).StatusCode);
        Assert.Equal(EmergencyAccesses.DefaultMinutes, await app.WithServicesAsync(s => s.GetRequiredService<EmergencyAccesses>().MinutesAsync()));
        var saved = await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings?handler=Emergency", new() { ["minutes"] = "30" }, "/Admin/Settings");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(30, await app.WithServicesAsync(s => s.GetRequiredService<EmergencyAccesses>().MinutesAsync()));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.SettingUpdate && a.ResourceId == EmergencyAccesses.MinutesKey && a.Detail == "60 → 30 minutes");
    }

    [Fact]
    public void A_permission_claim_on_the_sign_in_identity_grants_nothing()
    {
        var forged = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Role, Roles.FrontDesk), new Claim(Permissions.GrantedPermissionClaim, Permissions.ClinicalRead)], IdentityConstants.ApplicationScheme));
        Assert.False(forged.Has(Permissions.ClinicalRead));
        Assert.True(forged.Has(Permissions.EmergencyAccess));
        forged.AddIdentity(new ClaimsIdentity([new Claim(Permissions.GrantedPermissionClaim, Permissions.ClinicalRead)], Permissions.GrantedIdentityType));
        Assert.True(forged.Has(Permissions.ClinicalRead));
        Assert.False(forged.HasOwn(Permissions.ClinicalRead));
    }
}
