using KapCare.Web.Features.Demo;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Account;

/// <summary>
/// The demo clinic stays usable with two-factor required: its staff in roles that need it are enrolled with one fixed,
/// published TOTP key (README), so a reviewer signs in with an authenticator app or <c>oathtool --totp -b KEY</c>.
/// </summary>
public sealed class DemoSignInTests : IAsyncLifetime
{
    /// <summary>The key as README and <c>./kapcare demo</c> print it.</summary>
    private const string PublishedDemoKey = "KAPCAREDEMOTOTPKEYFORREVIEWERS22";
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Theory]
    [InlineData("dr.okafor@demo.kapcare.test", true)]
    [InlineData("nurse.reyes@demo.kapcare.test", true)]
    [InlineData("admin@demo.kapcare.test", true)]
    [InlineData("therapist.morgan@demo.kapcare.test", false)]
    public async Task Given_the_demo_clinic_When_a_reviewer_signs_in_with_the_printed_key_Then_they_reach_the_home_page(string email, bool asksForCode)
    {
        await app.WithServicesAsync(s => s.GetRequiredService<DemoClinic>().EnsureSeededAsync());
        var client = app.CreateClient();

        var afterPassword = await KapCareTestApp.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = "kapcare-demo-2026" });
        Assert.Equal(asksForCode ? "/Account/LoginWith2fa" : "/", afterPassword.RequestMessage!.RequestUri!.AbsolutePath);
        if (!asksForCode) return;
        var signedIn = await KapCareTestApp.PostFormAsync(client, afterPassword.RequestMessage.RequestUri.PathAndQuery, new() { ["Code"] = Totp.Now(PublishedDemoKey) });

        Assert.Equal("/", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Given_the_demo_clinic_When_the_admin_opens_the_home_page_Then_last_nights_emergency_access_waits_for_review_and_last_weeks_does_not()
    {
        await app.WithServicesAsync(s => s.GetRequiredService<DemoClinic>().EnsureSeededAsync());
        var client = app.CreateClient();
        var afterPassword = await KapCareTestApp.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = "admin@demo.kapcare.test", ["Input.Password"] = "kapcare-demo-2026" });
        await KapCareTestApp.PostFormAsync(client, afterPassword.RequestMessage!.RequestUri!.PathAndQuery, new() { ["Code"] = Totp.Now(PublishedDemoKey) });

        var home = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/"));

        Assert.Contains("Emergency access to review", home, StringComparison.Ordinal);
        Assert.Contains("Paramedics at the patient's home", home, StringComparison.Ordinal);
        Assert.DoesNotContain("felt faint at home", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_demo_clinic_When_a_nurse_opens_this_mornings_sessions_Then_one_is_ready_to_dose_and_one_is_held_for_its_blood_pressure()
    {
        await app.WithServicesAsync(s => s.GetRequiredService<DemoClinic>().EnsureSeededAsync());
        var client = app.CreateClient();
        var afterPassword = await KapCareTestApp.PostFormAsync(client, "/Account/Login", new() { ["Input.Email"] = "nurse.reyes@demo.kapcare.test", ["Input.Password"] = "kapcare-demo-2026" });
        await KapCareTestApp.PostFormAsync(client, afterPassword.RequestMessage!.RequestUri!.PathAndQuery, new() { ["Code"] = Totp.Now(PublishedDemoKey) });
        var all = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.DosingSessions));
        // Every past session was discharged; this morning's are not yet.
        var sessions = all.Where(s => s.State is not (KapCare.Clinical.Sessions.SessionState.Signed or KapCare.Clinical.Sessions.SessionState.Discharged)).ToList();

        // This morning: one monitored after her infusion, the esketamine patient in REMS monitoring, two in pre-checks, an infusion running.
        Assert.Equal(
            [KapCare.Clinical.Sessions.SessionState.Monitoring, KapCare.Clinical.Sessions.SessionState.Monitoring, KapCare.Clinical.Sessions.SessionState.Dosing,
             KapCare.Clinical.Sessions.SessionState.PreChecksPassed, KapCare.Clinical.Sessions.SessionState.Held],
            sessions.OrderBy(s => s.State == KapCare.Clinical.Sessions.SessionState.Held ? 2 : s.State == KapCare.Clinical.Sessions.SessionState.PreChecksPassed ? 1 : 0).ThenBy(s => s.OpenedAt).Select(s => s.State));
        // The past four weeks: signed sessions, the latest waiting for its co-signature, a BP hold decided, a nausea episode resolved.
        var past = all.Except(sessions).ToList();
        Assert.True(past.Count(s => s.State == KapCare.Clinical.Sessions.SessionState.Signed) >= 10, $"{past.Count} past sessions");
        Assert.Single(past, s => s.State == KapCare.Clinical.Sessions.SessionState.Discharged);
        Assert.Equal(1, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.SessionEvents, e => e.Trigger == KapCare.Clinical.Sessions.SessionTrigger.ProceedAfterHold)));
        Assert.Contains(await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.SessionAdverseEvents)),
            e => e.Kind == KapCare.Clinical.Sessions.AdverseEventKind.Nausea && e.Outcome == KapCare.Clinical.Sessions.AdverseEventOutcome.Resolved);
        // Every past esketamine session's REMS form was filed but one, which the tracker shows outstanding.
        var esketamineSessions = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.MedicationAdministrations.Where(a => a.Route == KapCare.Clinical.Dosing.Route.IntranasalEsketamine).Select(a => a.SessionId)));
        var filed = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.RemsFormRecords.Where(r => r.SubmittedAt != null).Select(r => r.SessionId)));
        Assert.Single(past, s => esketamineSessions.Contains(s.Id) && !filed.Contains(s.Id));
        Assert.True(filed.Count >= 2, $"{filed.Count} REMS forms filed");
        var held = sessions.Single(s => s.State == KapCare.Clinical.Sessions.SessionState.Held);
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/Patients/{held.PatientId}/Sessions/{held.DosingNumber}"));
        Assert.Contains("Held for a prescriber's decision", page, StringComparison.Ordinal);
        Assert.Contains("152/96 mmHg", page, StringComparison.Ordinal);
    }
}
