using System.Net;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static KapCare.Web.Tests.Sessions.SessionTestKit;

namespace KapCare.Web.Tests.Sessions;

/// <summary>
/// The dosing room's settings on Admin → Settings: chairs and rooms, the pre-dose BP hold and the vitals intervals, each
/// refused out of the chart's ranges (hold 110–160 / 70–100 mmHg, vitals every 5–30 min) with nothing saved; a chair with
/// a patient in it cannot be removed; a nurse cannot change them; the chart and the check-in follow the saved values.
/// </summary>
public sealed class DosingRoomSettingsTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static Dictionary<string, string> Room(string chairs, string systolic = "140", string diastolic = "90", string interval = "15", string earlyIv = "10") => new()
    {
        ["chairs"] = chairs, ["holdSystolic"] = systolic, ["holdDiastolic"] = diastolic, ["interval"] = interval, ["earlyIvInterval"] = earlyIv,
    };

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, Dictionary<string, string> form) =>
        KapCareTestApp.PostFormAsync(client, "/Admin/Settings?handler=DosingRoom", form, "/Admin/Settings");

    private Task<DosingRoom> CurrentAsync() => app.WithServicesAsync(s => s.GetRequiredService<DosingRoomSettings>().CurrentAsync());

    [Fact]
    public async Task An_admin_sets_the_chairs_the_hold_and_the_intervals_and_the_chart_follows_them()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);

        var saved = await SaveAsync(admin, Room("Recliner A\nRecliner B\r\nQuiet room", "150", "95", "10", "5"));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var room = await CurrentAsync();
        Assert.Equal(["Recliner A", "Recliner B", "Quiet room"], room.Chairs);
        Assert.Equal((150, 95), (room.Hold.SystolicAbove, room.Hold.DiastolicAbove));
        Assert.Equal((10, 5), (room.Schedule.IntervalMinutes, room.Schedule.EarlyIvIntervalMinutes));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.SettingUpdate && a.ResourceId == "sessions" && a.Detail!.Contains("BP hold systolic above: 140 → 150", StringComparison.Ordinal));

        // At the chair: a BP of 146/92 is under the new 150/95 hold, so the pre-checks pass; the new chairs are offered.
        var (_, nurse, id) = await app.ReadyPatientAsync();
        Assert.Contains("Quiet room", await nurse.GetStringAsync(Chart(id)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(nurse, id, "CheckIn", new() { ["chair"] = "Quiet room" })).StatusCode);
        await PostAsync(nurse, id, "PreChecks", PreChecks(146, 92));
        Assert.Equal(SessionState.PreChecksPassed, await app.StateAsync(id));
    }

    [Fact]
    public async Task Values_out_of_range_a_repeated_chair_or_an_occupied_chair_are_refused_and_nothing_is_saved()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var (_, nurse, id) = await app.ReadyPatientAsync();
        await PostAsync(nurse, id, "CheckIn", new() { ["chair"] = "Chair 2" });
        var before = await CurrentAsync();
        var audits = (await app.AuditEntriesAsync()).Count(a => a.Action == AuditActions.SettingUpdate);

        var holdTooHigh = await SaveAsync(admin, Room("Chair 1\nChair 2", systolic: "170"));
        var tooOften = await SaveAsync(admin, Room("Chair 1\nChair 2", interval: "3"));
        var earlyLonger = await SaveAsync(admin, Room("Chair 1\nChair 2", interval: "10", earlyIv: "15"));
        var twice = await SaveAsync(admin, Room("Chair 1\nchair 1\nChair 2"));
        var occupied = await SaveAsync(admin, Room("Chair 1\nChair 3"));
        var none = await SaveAsync(admin, Room("  \n "));

        foreach (var refused in new[] { holdTooHigh, tooOften, earlyLonger, twice, occupied, none })
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("110–160 mmHg", WebUtility.HtmlDecode(await holdTooHigh.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("listed twice", WebUtility.HtmlDecode(await twice.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("Chair 2 has a patient in it now", WebUtility.HtmlDecode(await occupied.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var after = await CurrentAsync();
        Assert.Equal(before.Chairs, after.Chairs);
        Assert.Equal(before.Hold, after.Hold);
        Assert.Equal(before.Schedule, after.Schedule);
        Assert.Equal(audits, (await app.AuditEntriesAsync()).Count(a => a.Action == AuditActions.SettingUpdate));
    }

    [Fact]
    public async Task A_nurse_cannot_change_the_dosing_room()
    {
        var nurse = await app.SignedInClientAsync(Roles.Nurse, NurseEmail);

        // Her own antiforgery token (from her home page), so only the permission can refuse it.
        var forged = await KapCareTestApp.PostFormAsync(nurse, "/Admin/Settings?handler=DosingRoom", Room("Chair 1"), "/");

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(SessionSettings.DefaultChairs, (await CurrentAsync()).Chairs);
    }
}
