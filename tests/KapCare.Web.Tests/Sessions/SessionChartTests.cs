using System.Net;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Ledger.LedgerTestKit;
using static KapCare.Web.Tests.Sessions.SessionTestKit;

namespace KapCare.Web.Tests.Sessions;

/// <summary>
/// Issue 10, items 3–6 through the chart's pages, on SQLite and PostgreSQL. The oracle is worked by hand: 0.5 mg/kg IV for
/// 70 kg is 35 mg = 0.7 mL of 50 mg/mL in a 100 mL bag over 40 min = 150 mL/h; the lot's 10.00 mL leave 9.30 mL. The IV
/// patient may leave 30 min after the infusion stops; a prescriber, never the discharging nurse, co-signs.
/// </summary>
public sealed class SessionChartTests : IAsyncLifetime
{
    private const string SecondPrescriberEmail = "dr.lindqvist@clinic.test";
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>A patient through check-in and pre-checks, with a 10 mL vial of 50 mg/mL in the ledger.</summary>
    private async Task<(HttpClient Prescriber, HttpClient Nurse, Guid PatientId, Guid LotId)> ReadyToDoseAsync(Dictionary<string, string>? plan = null, string product = Vial50, int containers = 1)
    {
        var (prescriber, nurse, id) = await app.ReadyPatientAsync(plan: plan);
        Assert.Equal(HttpStatusCode.OK, (await ReceiveAsync(nurse, product, "LOT-A1", containers)).StatusCode);
        await PostAsync(nurse, id, "CheckIn");
        await PostAsync(nurse, id, "PreChecks", PreChecks());
        Assert.Equal(SessionState.PreChecksPassed, await app.StateAsync(id));
        Team = [prescriber, nurse];
        return (prescriber, nurse, id, await app.LotIdAsync("LOT-A1"));
    }

    private static Dictionary<string, string> Start(Guid lotId, string product = Vial50, Dictionary<string, string>? more = null)
    {
        var form = new Dictionary<string, string> { [$"lot:{product}"] = lotId.ToString() };
        foreach (var (k, v) in more ?? []) form[k] = v;
        return form;
    }

    /// <summary>Everyone signed in during a test, kept signed in while time passes.</summary>
    private HttpClient[] Team = [];

    private Task<MedicationAdministration?> AdministrationAsync() => app.WithDbAsync(db => db.MedicationAdministrations.SingleOrDefaultAsync());

    [Fact]
    public async Task A_nurse_runs_an_IV_session_from_the_dose_to_discharge_and_a_second_person_a_prescriber_co_signs()
    {
        var (prescriber, nurse, id, lot) = await ReadyToDoseAsync();

        var started = await PostAsync(nurse, id, "Start", Start(lot));

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(SessionState.Dosing, await app.StateAsync(id));
        var mar = (await AdministrationAsync())!;
        Assert.Equal((35m, 35m, 0.7m, 150.0m, 40, 70m), (mar.PlannedMg, mar.OrderedMg, mar.DrawnVolumeMl, mar.PumpRateMlPerHour, mar.InfusionMinutes, mar.WeightKg));
        Assert.Equal("0.5 mg/kg", mar.PlannedRule);
        Assert.Null(mar.ReasonOutsidePlan);
        Assert.Equal(930, await app.BalanceAsync(lot));
        var supply = await app.WithDbAsync(db => db.AdministrationSupplies.SingleAsync());
        var ledgerEntry = await app.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.Id == supply.LedgerEntryId));
        Assert.Equal((mar.Id, id), (ledgerEntry.AdministrationId!.Value, ledgerEntry.PatientId!.Value));

        await app.PassAsync(TimeSpan.FromMinutes(10), Team);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(nurse, id, "Vitals", Vitals(150, 90))).StatusCode);
        await app.PassAsync(TimeSpan.FromMinutes(30), Team);
        var finished = await PostAsync(nurse, id, "Finish");
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Equal(SessionState.Monitoring, await app.StateAsync(id));
        Assert.Equal(35m, (await AdministrationAsync())!.GivenMg);

        await app.PassAsync(TimeSpan.FromMinutes(20), Team);
        await PostAsync(nurse, id, "Vitals", Vitals(132, 84));
        await PostAsync(nurse, id, "DischargeChecks", DischargeChecks());
        // 20 min after the infusion stopped: 10 min short of the 30.
        Assert.Equal(SessionState.Monitoring, await app.StateAsync(id));
        var early = await PostAsync(nurse, id, "Discharge");
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("10 min to go", WebUtility.HtmlDecode(await early.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        await app.PassAsync(TimeSpan.FromMinutes(12), Team);
        var discharged = await PostAsync(nurse, id, "Discharge");

        Assert.Equal(HttpStatusCode.OK, discharged.StatusCode);
        var session = await app.WithDbAsync(db => db.DosingSessions.SingleAsync());
        Assert.Equal((SessionState.Discharged, 72), (session.State, session.MonitoringMinutes));
        Assert.Equal("Test User", session.DischargedByName);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(nurse, id, "Sign")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(prescriber, id, "Sign")).StatusCode);
        session = await app.WithDbAsync(db => db.DosingSessions.SingleAsync());
        Assert.Equal(SessionState.Signed, session.State);
        Assert.NotNull(session.SignedAt);
        var page = WebUtility.HtmlDecode(await nurse.GetStringAsync(Chart(id)));
        Assert.Contains("35 mg", page, StringComparison.Ordinal);
        Assert.Contains("LOT-A1", page, StringComparison.Ordinal);
        Assert.Contains("150.0 mL/h", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_session_is_sealed_and_changes_only_by_an_amendment_that_keeps_the_original()
    {
        var (prescriber, nurse, id, lot) = await ReadyToDoseAsync();
        await PostAsync(nurse, id, "Start", Start(lot));
        await app.PassAsync(TimeSpan.FromMinutes(40), Team);
        await PostAsync(nurse, id, "Finish");
        await app.PassAsync(TimeSpan.FromMinutes(30), Team);
        await PostAsync(nurse, id, "Vitals", Vitals(130, 82));
        await PostAsync(nurse, id, "DischargeChecks", DischargeChecks());
        Assert.Equal(SessionState.ReadyForDischarge, await app.StateAsync(id));
        await PostAsync(nurse, id, "Discharge");
        await PostAsync(prescriber, id, "Sign");

        var vitals = await PostAsync(nurse, id, "Vitals", Vitals(120, 80));
        var adverse = await PostAsync(nurse, id, "AdverseEvent", new() { ["kind"] = "Headache", ["severity"] = "Mild", ["outcome"] = "Resolved", ["actionTaken"] = "none" });
        var shortAmendment = await PostAsync(nurse, id, "Amend", new() { ["amendment"] = "typo" });
        var amended = await PostAsync(nurse, id, "Amend", new() { ["amendment"] = "Late entry: mild headache at 10:50 resolved without treatment before discharge." });

        Assert.Equal(HttpStatusCode.BadRequest, vitals.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, adverse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, shortAmendment.StatusCode);
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.SessionAmendments.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.SessionAdverseEvents.CountAsync()));
        // Behind the pages: the sealed session, its completed administration and its append-only rows refuse any change.
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            (await db.DosingSessions.SingleAsync()).MonitoringMinutes = 5;
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            (await db.MedicationAdministrations.SingleAsync()).GivenMg = 20m;
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            db.VitalSigns.Remove(await db.VitalSigns.FirstAsync());
            return await db.SaveChangesAsync();
        }));
        Assert.Contains("Late entry: mild headache", WebUtility.HtmlDecode(await nurse.GetStringAsync(Chart(id))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dose_other_than_the_plans_needs_a_reason_and_above_the_hard_limit_a_second_prescribers_own_co_signature()
    {
        var (prescriber, nurse, id, lot) = await ReadyToDoseAsync();
        var balance = await app.BalanceAsync(lot);
        var second = await app.CreateUserAsync(SecondPrescriberEmail, Roles.Prescriber, "Maja Lindqvist, NP", enrolTwoFactor: true);

        // 30 mg instead of 35: a reason is needed.
        var noReason = await PostAsync(nurse, id, "Start", Start(lot, more: new() { ["givenMg"] = "30" }));
        // 75 mg = 1.07 mg/kg, above the IV hard limit of 1.0 mg/kg: a reason and an acknowledgement are not enough.
        var overLimit = await PostAsync(nurse, id, "Start", Start(lot, more: new()
        {
            ["givenMg"] = "75", ["reason"] = "Prescriber asked for a higher dose today.", ["acknowledge"] = "true",
        }));
        // The co-signer named with a wrong code.
        var wrongCode = await PostAsync(nurse, id, "Start", Start(lot, more: new()
        {
            ["givenMg"] = "75", ["reason"] = "Prescriber asked for a higher dose today.", ["acknowledge"] = "true",
            ["coSignEmail"] = SecondPrescriberEmail, ["coSignPassword"] = KapCareTestApp.Password, ["coSignCode"] = "000000", ["coSignReason"] = "Agreed at the bedside after review.",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("differs from the plan's 35 mg", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, overLimit.StatusCode);
        Assert.Contains("second prescriber co-signs", WebUtility.HtmlDecode(await overLimit.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        Assert.Null(await AdministrationAsync());
        Assert.Equal(balance, await app.BalanceAsync(lot));
        Assert.Equal(SessionState.PreChecksPassed, await app.StateAsync(id));

        var coSigned = await PostAsync(nurse, id, "Start", Start(lot, more: new()
        {
            ["givenMg"] = "75", ["reason"] = "Prescriber asked for a higher dose today.", ["acknowledge"] = "true",
            ["coSignEmail"] = SecondPrescriberEmail, ["coSignPassword"] = KapCareTestApp.Password, ["coSignCode"] = app.TotpCode(SecondPrescriberEmail),
            ["coSignReason"] = "Agreed at the bedside after review of the last three sessions.",
        }));

        Assert.Equal(HttpStatusCode.OK, coSigned.StatusCode);
        var mar = (await AdministrationAsync())!;
        Assert.Equal((35m, 75m, 1.5m), (mar.PlannedMg, mar.OrderedMg, mar.DrawnVolumeMl));
        Assert.Equal("Maja Lindqvist, NP", mar.CoSignedByName);
        var coSignature = await app.WithDbAsync(db => db.DoseCoSignatures.SingleAsync(c => c.Id == mar.CoSignatureId));
        Assert.Equal((CoSignatureKind.Administration, second.Id, 75m), (coSignature.Kind, coSignature.CoSignedByUserId, coSignature.CalculatedMg));
        Assert.Equal(balance - 150, await app.BalanceAsync(lot));
        var audit = await app.AuditEntriesAsync();
        Assert.Contains(audit, a => a.Action == AuditActions.CoSign && a.UserId == second.Id);
        Assert.Contains(audit, a => a.Action == AuditActions.SessionAdminister && a.Detail!.Contains("CO-SIGNED by Maja Lindqvist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_future_time_a_forged_lot_or_a_second_tab_leave_nothing_written()
    {
        var (_, nurse, id, lot) = await ReadyToDoseAsync();
        var balance = await app.BalanceAsync(lot);
        // Ten minutes from now on the clinic's clock: times are typed as HH:MM today, clinic time.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(new KapCare.Web.Infrastructure.ClinicOptions().TimeZone);
        var now = TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, zone);
        // In the last minutes of the day "ten minutes from now" is tomorrow, which HH:MM today cannot say: 23:59 is still ahead.
        var later = now.TimeOfDay < new TimeSpan(23, 48, 0) ? now.AddMinutes(10).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "23:59";

        var future = await PostAsync(nurse, id, "Start", Start(lot, more: new() { ["startedAt"] = later }));
        var forgedLot = await PostAsync(nurse, id, "Start", new() { [$"lot:{Vial50}"] = Guid.NewGuid().ToString() });

        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("in the future", WebUtility.HtmlDecode(await future.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forgedLot.StatusCode);
        Assert.Null(await AdministrationAsync());
        Assert.Equal(balance, await app.BalanceAsync(lot));

        // Two tabs: the second start finds the session already dosing and draws nothing more.
        var first = await PostAsync(nurse, id, "Start", Start(lot));
        var second = await PostAsync(nurse, id, "Start", Start(lot));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.MedicationAdministrations.CountAsync()));
        Assert.Equal(balance - 70, await app.BalanceAsync(lot));
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.AdministrationId != null)));
    }

    [Fact]
    public async Task A_BP_surge_raises_one_prescriber_alert_and_is_shown_with_its_threshold()
    {
        var (_, nurse, id, lot) = await ReadyToDoseAsync();
        await PostAsync(nurse, id, "Start", Start(lot));
        await app.PassAsync(TimeSpan.FromMinutes(10), Team);

        // Baseline 128/82; 170/90 is +42 systolic.
        var surge = await PostAsync(nurse, id, "Vitals", Vitals(170, 90));
        await app.PassAsync(TimeSpan.FromMinutes(10), Team);
        await PostAsync(nurse, id, "Vitals", Vitals(172, 92));
        var missing = await PostAsync(nurse, id, "Vitals", new() { ["systolic"] = "130", ["diastolic"] = "80" });

        Assert.Equal(HttpStatusCode.OK, surge.StatusCode);
        var alert = await app.WithDbAsync(db => db.SafetyAlerts.SingleAsync());
        Assert.Equal((SessionMonitoring.BpSurgeAlert, AlertStatus.Open, id), (alert.Code, alert.Status, alert.PatientId));
        Assert.Contains("+42/+8 mmHg from baseline 128/82", alert.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(3, await app.WithDbAsync(db => db.VitalSigns.CountAsync()));
        var page = WebUtility.HtmlDecode(await nurse.GetStringAsync(Chart(id)));
        Assert.Contains("surge: +40 systolic or +25 diastolic", page, StringComparison.Ordinal);
        Assert.Contains("kc-out-of-range", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_vitals_are_due_10_minutes_apart_in_a_first_IV_session_and_the_chart_says_when_they_are_overdue()
    {
        var (_, nurse, id, lot) = await ReadyToDoseAsync();
        await PostAsync(nurse, id, "Start", Start(lot));
        await app.PassAsync(TimeSpan.FromMinutes(6), Team);
        Assert.Contains("Next vitals due in 4 min", WebUtility.HtmlDecode(await nurse.GetStringAsync(Chart(id))), StringComparison.Ordinal);

        await app.PassAsync(TimeSpan.FromMinutes(7), Team);

        Assert.Contains("Next vitals overdue by 3 min", WebUtility.HtmlDecode(await nurse.GetStringAsync(Chart(id))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_serious_adverse_event_alerts_the_prescribers_and_blocks_discharge_while_it_is_ongoing()
    {
        var (_, nurse, id, lot) = await ReadyToDoseAsync();
        await PostAsync(nurse, id, "Start", Start(lot));
        await app.PassAsync(TimeSpan.FromMinutes(20), Team);
        var refused = await PostAsync(nurse, id, "AdverseEvent", new() { ["kind"] = "Vomiting", ["outcome"] = "Ongoing", ["actionTaken"] = "ondansetron 4 mg ODT" });
        var recorded = await PostAsync(nurse, id, "AdverseEvent", new()
        {
            ["kind"] = "RespiratoryDepression", ["severity"] = "Moderate", ["outcome"] = "Ongoing", ["actionTaken"] = "Infusion stopped, jaw thrust, oxygen 2 L/min",
        });
        await PostAsync(nurse, id, "Finish", new() { ["givenMg"] = "20", ["reason"] = "Stopped early for respiratory depression." });
        await app.PassAsync(TimeSpan.FromMinutes(40), Team);
        await PostAsync(nurse, id, "Vitals", Vitals(128, 80));
        await PostAsync(nurse, id, "DischargeChecks", DischargeChecks());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode); // no severity
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var alert = await app.WithDbAsync(db => db.SafetyAlerts.SingleAsync());
        Assert.Equal(SessionMonitoring.SeriousAdverseEventAlert, alert.Code);
        Assert.Contains("Respiratory depression (moderate, SERIOUS)", alert.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.Monitoring, await app.StateAsync(id));
        var blocked = await PostAsync(nurse, id, "Discharge");
        Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);
        Assert.Contains("serious adverse event is still ongoing", WebUtility.HtmlDecode(await blocked.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var first = await app.WithDbAsync(db => db.SessionAdverseEvents.SingleAsync());
        await PostAsync(nurse, id, "AdverseEvent", new()
        {
            ["updates"] = first.Id.ToString(), ["kind"] = "RespiratoryDepression", ["severity"] = "Mild", ["outcome"] = "Resolved", ["actionTaken"] = "SpO₂ 97 % on room air for 30 min",
        });
        var again = await PostAsync(nurse, id, "AdverseEvent", new()
        {
            ["updates"] = first.Id.ToString(), ["kind"] = "RespiratoryDepression", ["severity"] = "Mild", ["outcome"] = "Resolved", ["actionTaken"] = "second tab",
        });

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var rows = await app.WithDbAsync(db => db.SessionAdverseEvents.OrderBy(e => e.RecordedAt).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.Equal((first.Id, first.Id, true), (rows[1].SupersedesId!.Value, rows[1].EventId, rows[1].Serious));
        Assert.Equal(20m, (await AdministrationAsync())!.GivenMg);
        await PostAsync(nurse, id, "DischargeChecks", DischargeChecks());
        Assert.Equal(SessionState.ReadyForDischarge, await app.StateAsync(id));
    }

    [Fact]
    public async Task Esketamine_devices_are_used_five_minutes_apart_each_from_the_ledger_and_monitoring_lasts_120_minutes_from_the_first()
    {
        var (_, nurse, id, lot) = await ReadyToDoseAsync(EsketaminePlan(), Esketamine, containers: 4);

        var started = await PostAsync(nurse, id, "Start", Start(lot, Esketamine, new() { ["acknowledge"] = "true" }));

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var mar = (await AdministrationAsync())!;
        Assert.Equal((56m, 2), (mar.OrderedMg, mar.Devices));
        Assert.Equal(300, await app.BalanceAsync(lot));
        await app.PassAsync(TimeSpan.FromMinutes(3), Team);
        var tooSoon = await PostAsync(nurse, id, "Device", new() { ["lotId"] = lot.ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, tooSoon.StatusCode);
        Assert.Contains("Wait 5 minutes between devices", WebUtility.HtmlDecode(await tooSoon.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(300, await app.BalanceAsync(lot));

        await app.PassAsync(TimeSpan.FromMinutes(2), Team);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(nurse, id, "Device", new() { ["lotId"] = lot.ToString() })).StatusCode);

        Assert.Equal(SessionState.Monitoring, await app.StateAsync(id));
        Assert.Equal(200, await app.BalanceAsync(lot));
        Assert.Equal(56m, (await AdministrationAsync())!.GivenMg);
        Assert.Equal(2, await app.WithDbAsync(db => db.AdministrationSupplies.CountAsync()));
        await app.PassAsync(TimeSpan.FromMinutes(100), Team);
        await PostAsync(nurse, id, "Vitals", Vitals(130, 82));
        await PostAsync(nurse, id, "DischargeChecks", DischargeChecks());
        var early = await PostAsync(nurse, id, "Discharge");
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("REMS: at least 120 min of monitoring from the first device; 15 min to go.", WebUtility.HtmlDecode(await early.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_session_team_acts_on_the_chart_and_front_desk_cannot_read_it()
    {
        var (_, nurse, id, lot) = await ReadyToDoseAsync();
        var therapist = await app.SignedInClientAsync(Roles.Therapist, "therapist@clinic.test");
        var frontDesk = await app.SignedInClientAsync(Roles.FrontDesk, "desk@clinic.test");

        var byTherapist = await KapCareTestApp.PostFormAsync(therapist, $"{Chart(id)}?handler=Start", Start(lot), Chart(id));
        var deskRead = await frontDesk.GetAsync(Chart(id));

        Assert.Equal(HttpStatusCode.Forbidden, byTherapist.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deskRead.StatusCode);
        Assert.Null(await AdministrationAsync());
    }
}
