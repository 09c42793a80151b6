using System.Net;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Ledger.LedgerTestKit;
using static KapCare.Web.Tests.Sessions.SessionTestKit;

namespace KapCare.Web.Tests.Sessions;

/// <summary>
/// Issue 10, items 7–8. An esketamine session (56 mg, two devices five minutes apart) is monitored 120 minutes from the
/// first device with BPs before dosing, at 40 minutes and before discharge; its Patient Monitoring Form carries those
/// facts (read back from the PDF), is due within 7 calendar days and is sealed once submitted. The chair board shows
/// who is in which chair, and its refresh does not keep a sign-in alive.
/// </summary>
public sealed class RemsAndBoardTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();
    private HttpClient[] team = [];

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static string Form(Guid id) => $"/Patients/{id}/Sessions/1/Rems";

    /// <summary>An esketamine patient in chair 2, through the first device.</summary>
    private async Task<(HttpClient Prescriber, HttpClient Nurse, Guid PatientId, Guid LotId)> EsketamineStartedAsync()
    {
        var (prescriber, nurse, id) = await app.ReadyPatientAsync(plan: EsketaminePlan());
        team = [prescriber, nurse];
        await ReceiveAsync(nurse, Esketamine, "SPR-77", 6);
        var lot = await app.LotIdAsync("SPR-77");
        await PostAsync(nurse, id, "CheckIn", new() { ["chair"] = "Chair 2" });
        await PostAsync(nurse, id, "PreChecks", PreChecks(126, 80));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(nurse, id, "Start", new() { [$"lot:{Esketamine}"] = lot.ToString(), ["acknowledge"] = "true" })).StatusCode);
        return (prescriber, nurse, id, lot);
    }

    [Fact]
    public async Task An_esketamine_sessions_monitoring_form_carries_the_REMS_facts_in_its_PDF_and_is_sealed_once_submitted()
    {
        var (prescriber, nurse, id, lot) = await EsketamineStartedAsync();
        await app.PassAsync(TimeSpan.FromMinutes(5), team);
        await PostAsync(nurse, id, "Device", new() { ["lotId"] = lot.ToString() });
        await app.PassAsync(TimeSpan.FromMinutes(35), team);
        await PostAsync(nurse, id, "Vitals", Vitals(144, 88));      // 40 min after the first device
        await app.PassAsync(TimeSpan.FromMinutes(75), team);
        await PostAsync(nurse, id, "Vitals", Vitals(128, 80));      // 115 min
        await app.PassAsync(TimeSpan.FromMinutes(6), team);
        await PostAsync(nurse, id, "DischargeChecks", DischargeChecks());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(nurse, id, "Discharge")).StatusCode);

        var zone = TimeZoneInfo.FindSystemTimeZoneById(new KapCare.Web.Infrastructure.ClinicOptions().TimeZone);
        string Local(TimeSpan fromNow) => TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime + fromNow, zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var early = await KapCareTestApp.PostFormAsync(nurse, $"{Form(id)}?handler=Submitted", new() { ["confirmation"] = "RMS-2026-0042" }, Form(id));
        // An hour after discharge is after the end of monitoring (or, past midnight, before the first device).
        var wrongTime = await KapCareTestApp.PostFormAsync(nurse, $"{Form(id)}?handler=CouldHaveLeft", new() { ["couldHaveLeftAt"] = Local(TimeSpan.FromHours(1)) }, Form(id));
        // Due within 7 calendar days of the treatment date (the first device's, in the clinic's zone).
        var treated = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-121), zone));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, zone));
        var left = 7 - (today.DayNumber - treated.DayNumber);
        var page = WebUtility.HtmlDecode(await nurse.GetStringAsync(Form(id)));

        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("could have left", WebUtility.HtmlDecode(await early.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongTime.StatusCode);
        Assert.Contains("56 mg", page, StringComparison.Ordinal);
        Assert.Contains("SPR-77", page, StringComparison.Ordinal);
        Assert.Contains("121 min", page, StringComparison.Ordinal);
        Assert.Contains("144/88 mmHg", page, StringComparison.Ordinal);
        Assert.Contains($"due in {left} days", page, StringComparison.Ordinal);

        var leftAt = Local(TimeSpan.FromMinutes(-30));
        Assert.Equal(HttpStatusCode.OK, (await KapCareTestApp.PostFormAsync(nurse, $"{Form(id)}?handler=CouldHaveLeft", new() { ["couldHaveLeftAt"] = leftAt }, Form(id))).StatusCode);
        var pdf = await nurse.GetAsync($"{Form(id)}?handler=Pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var text = await PdfText.ReadAsync(await pdf.Content.ReadAsByteArrayAsync());
        foreach (var expected in new[]
        {
            "SPRAVATO® REMS — Patient Monitoring Form", "Dose: 56 mg", "Lot number: SPR-77", "Total minutes from first device to end of monitoring: 121",
            "Blood pressure before dosing: 126/80 mmHg", "Blood pressure at about 40 minutes: 144/88 mmHg", "Blood pressure before discharge: 128/80 mmHg",
            $"When the patient could have left without the 2-hour minimum: ", "Benzodiazepines: none", "Respiratory depression: No", "Serious adverse events: None",
        })
            Assert.Contains(expected, text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await KapCareTestApp.PostFormAsync(nurse, $"{Form(id)}?handler=Submitted", new() { ["confirmation"] = "RMS-2026-0042" }, Form(id))).StatusCode);
        var again = await KapCareTestApp.PostFormAsync(prescriber, $"{Form(id)}?handler=CouldHaveLeft", new() { ["couldHaveLeftAt"] = leftAt }, Form(id));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var record = await app.WithDbAsync(db => db.RemsFormRecords.SingleAsync());
        Assert.Equal("RMS-2026-0042", record.Confirmation);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            (await db.RemsFormRecords.SingleAsync()).Confirmation = "forged";
            return await db.SaveChangesAsync();
        }));
        Assert.Contains("submitted", WebUtility.HtmlDecode(await nurse.GetStringAsync("/Sessions/Rems")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsubmitted_form_turns_overdue_on_the_tracker_after_seven_calendar_days()
    {
        var (_, nurse, id, lot) = await EsketamineStartedAsync();
        await app.PassAsync(TimeSpan.FromMinutes(5), team);
        await PostAsync(nurse, id, "Device", new() { ["lotId"] = lot.ToString() });

        var tracker = WebUtility.HtmlDecode(await nurse.GetStringAsync("/Sessions/Rems"));
        Assert.Contains("data-rems-row=\"Due\"", tracker, StringComparison.Ordinal);

        var zone = TimeZoneInfo.FindSystemTimeZoneById(new KapCare.Web.Infrastructure.ClinicOptions().TimeZone);
        var treated = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-5), zone));
        app.Clock.Advance(TimeSpan.FromDays(9));
        var later = await app.SignedInClientAsync(Roles.Nurse, "nurse.kim@clinic.test");
        var overdue = WebUtility.HtmlDecode(await later.GetStringAsync("/Sessions/Rems"));
        // Due 7 calendar days after the treatment date; nine days on, it is two days overdue (three if midnight fell in between).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, zone));

        Assert.Contains($"{today.DayNumber - treated.DayNumber - 7} days overdue", overdue, StringComparison.Ordinal);
        Assert.Contains("data-rems-row=\"Overdue\"", overdue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chair_board_shows_each_chair_with_its_patient_and_refuses_a_second_patient_in_a_taken_chair()
    {
        var (prescriber, nurse, id, _) = await EsketamineStartedAsync();
        var (_, _, other) = await app.ReadyPatientAsync(birthDate: "1979-02-11", team: (prescriber, nurse));

        var taken = await PostAsync(nurse, other, "CheckIn", new() { ["chair"] = "Chair 2" });
        var forged = await PostAsync(nurse, other, "CheckIn", new() { ["chair"] = "Broom cupboard" });
        await app.PassAsync(TimeSpan.FromMinutes(6), team);
        var board = WebUtility.HtmlDecode(await nurse.GetStringAsync("/Sessions"));

        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("Chair 2 has another patient in it", WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(SessionState.Scheduled, await app.WithDbAsync(db => db.DosingSessions.Where(s => s.PatientId == other).Select(s => s.State).SingleAsync()));
        Assert.Contains("data-chair=\"Chair 2\"", board, StringComparison.Ordinal);
        Assert.Contains("Ines Moreau", board, StringComparison.Ordinal);
        Assert.Contains("6 min</strong> since dose", board, StringComparison.Ordinal);
        Assert.Contains("Free", board, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInClientAsync(Roles.Therapist, "therapist@clinic.test")).GetAsync("/Sessions")).StatusCode);
    }

    [Fact]
    public async Task The_boards_refresh_does_not_keep_an_idle_sign_in_alive()
    {
        var nurse = await app.SignedInClientAsync(Roles.Nurse, NurseEmail);
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync("/Sessions")).StatusCode);

        for (var i = 0; i < 4; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(5));
            var refresh = new HttpRequestMessage(HttpMethod.Get, "/Sessions?handler=Board");
            refresh.Headers.Add("HX-Request", "true");
            await nurse.SendAsync(refresh);
        }

        // 20 minutes of refreshes and no person at the screen: the 15-minute idle time-out has signed them out.
        var after = await nurse.GetAsync("/Sessions");
        Assert.Contains("/Account/Login", after.RequestMessage!.RequestUri!.PathAndQuery, StringComparison.Ordinal);
    }
}
