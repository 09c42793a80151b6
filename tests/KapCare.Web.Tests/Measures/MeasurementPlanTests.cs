using System.Globalization;
using System.Net;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Measures;

public sealed class MeasurementPlanTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Given_a_weekly_plan_without_answers_When_windows_close_Then_misses_show_and_one_task_is_raised_once()
    {
        var client = await app.SignedInClientAsync(Roles.Nurse);
        var patientId = await KapCareTestApp.RegisterPatientAsync(client, new()
        {
            ["Input.GivenName"] = "Ana", ["Input.FamilyName"] = "Silva", ["Input.BirthDate"] = "1990-05-05", ["Input.Sex"] = "Female",
        });
        // Clinic's today − 21 days, in the clinic's zone (America/Chicago by default).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")));
        var start = today.AddDays(-21);
        var saved = await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures/Plan", new()
        {
            ["Start"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["End"] = today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Threshold"] = "2", ["Version"] = "0",
            ["Rows[0].InstrumentId"] = "gad-7", ["Rows[0].Baseline"] = "true", ["Rows[0].EveryDays"] = "7",
        });
        Assert.Equal($"/Patients/{patientId}/Measures", saved.RequestMessage!.RequestUri!.AbsolutePath);

        // Baseline (window to start+7), week 1 (to start+10) and week 2 (to start+17) have closed unanswered; week 3 (today) is due.
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Patients/{patientId}/Measures"));
        Assert.Contains("GAD-7 missed 3 in a row", page, StringComparison.Ordinal);
        Assert.Contains("Due</span> GAD-7 · Weekly", page, StringComparison.Ordinal);

        var raised = await app.WithServicesAsync(s => s.GetRequiredService<MeasurementPlans>().RaiseTasksAsync(patientId));
        var again = await app.WithServicesAsync(s => s.GetRequiredService<MeasurementPlans>().RaiseTasksAsync(patientId));
        Assert.Equal((1, 0), (raised, again));
        var task = await app.WithDbAsync(db => db.CareTasks.SingleAsync());
        Assert.Contains("GAD-7 missed 3 times in a row", task.Title, StringComparison.Ordinal);
        Assert.Contains("Silva, Ana", await client.GetStringAsync("/Tasks"), StringComparison.Ordinal);

        await KapCareTestApp.PostFormAsync(client, "/Tasks", new() { ["id"] = task.Id.ToString(), ["note"] = "Phoned, link re-sent" });
        var done = await app.WithDbAsync(db => db.CareTasks.SingleAsync());
        Assert.Equal((CareTaskStatus.Done, "Phoned, link re-sent"), (done.Status, done.DoneNote));
    }

    [Fact]
    public async Task Given_an_end_before_the_start_or_a_zero_cadence_When_saving_Then_nothing_is_saved()
    {
        var client = await app.SignedInClientAsync(Roles.Nurse);
        var patientId = await KapCareTestApp.RegisterPatientAsync(client, new()
        {
            ["Input.GivenName"] = "Ana", ["Input.FamilyName"] = "Silva", ["Input.BirthDate"] = "1990-05-05", ["Input.Sex"] = "Female",
        });
        var response = await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures/Plan", new()
        {
            ["Start"] = "2026-11-10", ["End"] = "2026-11-01", ["Threshold"] = "2", ["Version"] = "0",
            ["Rows[0].InstrumentId"] = "gad-7", ["Rows[0].EveryDays"] = "0",
        });
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("cannot end before it starts", html, StringComparison.Ordinal);
        Assert.Contains("Between 1 and 365 days", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.MeasurementPlans.CountAsync()));
    }
}
