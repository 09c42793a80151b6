using System.Net;
using System.Text.RegularExpressions;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Measures;

/// <summary>Scales entered in the clinic, answered by the patient through a link, alerts resolved: through the pages.</summary>
public sealed partial class MeasurePagesTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(HttpClient Client, Guid PatientId)> PatientAsync(string role = Roles.Nurse)
    {
        var client = await app.SignedInClientAsync(role);
        return (client, await KapCareTestApp.RegisterPatientAsync(client, new()
        {
            ["Input.GivenName"] = "Maria", ["Input.FamilyName"] = "Kowalski", ["Input.BirthDate"] = "1984-02-10", ["Input.Sex"] = "Female",
        }));
    }

    private static Dictionary<string, string> Answers(params int[] scores) =>
        scores.Select((s, i) => (Key: $"answers[{i + 1}]", Value: s.ToString(System.Globalization.CultureInfo.InvariantCulture)))
              .ToDictionary(x => x.Key, x => x.Value);

    [Fact]
    public async Task Given_a_nurse_When_she_enters_a_GAD7_Then_it_is_scored_banded_and_stored_with_an_observation()
    {
        var (client, patientId) = await PatientAsync();
        // Hand-scored: 2+2+1+1+2+1+1 = 10 → "moderate" (10–14, Spitzer et al. 2006).
        var response = await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures/New?instrument=gad-7", Answers(2, 2, 1, 1, 2, 1, 1));

        Assert.Equal($"/Patients/{patientId}/Measures", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("GAD-7 saved: 10", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.QuestionnaireResponses.SingleAsync());
        Assert.Equal(ResponseStatus.Completed, stored.Status);
        Assert.Equal(10, stored.Total);
        Assert.Equal(ResponseSource.Staff, stored.Source);
        var observation = await app.WithDbAsync(db => db.ScoreObservations.SingleAsync());
        Assert.Equal(("http://loinc.org", "70274-6", 10), (observation.CodeSystem, observation.Code, observation.Value));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.MeasureSubmit && a.PatientId == patientId);
    }

    [Fact]
    public async Task Given_unanswered_items_When_entered_Then_the_form_is_kept_incomplete_and_not_scored()
    {
        var (client, patientId) = await PatientAsync();
        var form = Answers(3, 3, 3, 3, 3, 3, 3);
        form.Remove("answers[7]");
        await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures/New?instrument=gad-7", form);

        var stored = await app.WithDbAsync(db => db.QuestionnaireResponses.SingleAsync());
        Assert.Equal(ResponseStatus.InProgress, stored.Status);
        Assert.Null(stored.Total);
        Assert.Equal(0, await app.WithDbAsync(db => db.ScoreObservations.CountAsync()));
    }

    [Fact]
    public async Task Given_PHQ9_item_9_answered_When_entered_Then_an_alert_opens_shows_on_the_banner_and_needs_a_note_to_resolve()
    {
        var (client, patientId) = await PatientAsync(Roles.Prescriber);
        await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures/New?instrument=phq-9", Answers(1, 1, 0, 0, 0, 0, 0, 0, 1));

        var alert = await app.WithDbAsync(db => db.SafetyAlerts.SingleAsync());
        Assert.Equal(AlertStatus.Open, alert.Status);
        Assert.Contains("1 open safety alert", await client.GetStringAsync($"/Patients/{patientId}"), StringComparison.Ordinal);
        Assert.Contains("Kowalski, Maria", await client.GetStringAsync("/Alerts"), StringComparison.Ordinal);

        var tooShort = await KapCareTestApp.PostFormAsync(client, $"/Alerts/{alert.Id}", new() { ["version"] = "1", ["note"] = "ok" });
        Assert.Contains("Describe the action taken", WebUtility.HtmlDecode(await tooShort.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(AlertStatus.Open, (await app.WithDbAsync(db => db.SafetyAlerts.SingleAsync())).Status);

        await KapCareTestApp.PostFormAsync(client, $"/Alerts/{alert.Id}", new() { ["version"] = "1", ["note"] = "Called patient: passive thoughts, no plan; safety plan reviewed." });
        var resolved = await app.WithDbAsync(db => db.SafetyAlerts.SingleAsync());
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal("Called patient: passive thoughts, no plan; safety plan reviewed.", resolved.ResolutionNote);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.AlertResolve);
        Assert.Contains("No open safety alerts", await client.GetStringAsync($"/Patients/{patientId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_therapist_When_opening_a_clinician_rated_scale_Then_it_is_refused()
    {
        // A therapist enters measures but not clinician-rated scales (measure.enter without measure.enter.clinician-rated, docs/decisions/0015).
        var (_, patientId) = await PatientAsync();
        var client = await app.SignedInClientAsync(Roles.Therapist);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/Patients/{patientId}/Measures/New?instrument=ham-a")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Patients/{patientId}/Measures/New?instrument=gad-7")).StatusCode);
    }

    [Fact]
    public async Task Given_a_wrong_entry_When_marked_entered_in_error_Then_it_and_its_scores_stop_counting_but_are_kept()
    {
        var (client, patientId) = await PatientAsync();
        await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures/New?instrument=gad-7", Answers(3, 3, 3, 3, 3, 3, 3));
        var id = await app.WithDbAsync(db => db.QuestionnaireResponses.Select(r => r.Id).SingleAsync());

        await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures?handler=EnteredInError",
            new() { ["responseId"] = id.ToString(), ["reason"] = "Entered for the wrong patient" }, $"/Patients/{patientId}/Measures");

        var response = await app.WithDbAsync(db => db.QuestionnaireResponses.SingleAsync());
        Assert.Equal(ResponseStatus.EnteredInError, response.Status);
        Assert.Equal(21, response.Total);
        Assert.Equal(ObservationStatus.EnteredInError, (await app.WithDbAsync(db => db.ScoreObservations.SingleAsync())).Status);

        // The correction is recorded as a new entry that replaces the wrong one; the original stays as it was.
        await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures/New?instrument=gad-7&replaces={id}", Answers(1, 1, 1, 1, 1, 1, 1));
        var all = await app.WithDbAsync(db => db.QuestionnaireResponses.AsNoTracking().ToListAsync());
        var correction = Assert.Single(all, r => r.Status == ResponseStatus.Completed);
        Assert.Equal(7, correction.Total);
        Assert.Equal(correction.Id, all.Single(r => r.Id == id).ReplacedById);
        Assert.Contains("replaced by the entry of", await client.GetStringAsync($"/Patients/{patientId}/Measures"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_link_When_the_patient_answers_on_their_phone_Then_it_is_stored_once_and_the_link_is_spent()
    {
        var (client, patientId) = await PatientAsync(Roles.Nurse);
        var page = await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures/Link", new() { ["instruments"] = "phq-9" });
        var url = new Uri(LinkUrl().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.Equal(43, url.Segments[^1].Length); // 32 random bytes, base64url

        var patient = app.CreateClient();
        var form = await patient.GetStringAsync(url.AbsolutePath);
        Assert.Contains("Hello Maria", form, StringComparison.Ordinal);
        var answers = new Dictionary<string, string>();
        for (var item = 1; item <= 9; item++) answers[$"a-phq-9[{item}]"] = item == 9 ? "2" : "1";
        var done = await KapCareTestApp.PostFormAsync(patient, url.AbsolutePath, answers);
        var html = WebUtility.HtmlDecode(await done.Content.ReadAsStringAsync());

        Assert.Contains("Thank you, Maria", html, StringComparison.Ordinal);
        Assert.Contains("988", html, StringComparison.Ordinal);
        Assert.Contains("maybe not right away", html, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.QuestionnaireResponses.SingleAsync());
        Assert.Equal((ResponseSource.SecureLink, 10), (stored.Source, stored.Total)); // 8 × 1 + 2 = 10 → moderate
        Assert.Equal(1, await app.WithDbAsync(db => db.SafetyAlerts.CountAsync()));

        var again = await patient.GetStringAsync(url.AbsolutePath);
        Assert.Contains("already in", again, StringComparison.Ordinal);
        var replay = await patient.PostAsync(url.AbsolutePath, new FormUrlEncodedContent(answers));
        Assert.Equal(1, await app.WithDbAsync(db => db.QuestionnaireResponses.CountAsync()));
    }

    [Fact]
    public async Task Given_an_expired_or_unknown_link_When_opened_Then_it_says_so_and_accepts_nothing()
    {
        var (client, patientId) = await PatientAsync(Roles.Nurse);
        var page = await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures/Link", new() { ["instruments"] = "gad-7" });
        var url = new Uri(LinkUrl().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        await app.WithDbAsync(async db =>
        {
            var link = await db.MeasureLinks.SingleAsync();
            Assert.Equal(4, (link.ExpiresAt - link.CreatedAt).TotalDays, 3); // default expiry: 4 days
            link.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
            return await db.SaveChangesAsync();
        });

        Assert.Contains("expired", await app.CreateClient().GetStringAsync(url.AbsolutePath), StringComparison.Ordinal);
        Assert.Contains("doesn't work", WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/m/not-a-real-token")), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.QuestionnaireResponses.CountAsync()));
    }

    [GeneratedRegex("id=\"link-url\" value=\"([^\"]+)\"")]
    private static partial Regex LinkUrl();
}
