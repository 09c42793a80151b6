using System.Net;
using KapCare.Clinical.Dosing;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Plans;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Ledger.LedgerTestKit;
using static KapCare.Web.Tests.Sessions.SessionTestKit;

namespace KapCare.Web.Tests.Plans;

/// <summary>
/// Issue 10, item 10: the plan page proposes the next dose from the recorded sessions, and the prescriber accepts it or
/// chooses another step with a reason. Worked by hand from docs/decisions/0012 and REFERENCE.md: the IV induction's steps
/// are 0.5 → 0.6 → 0.75 mg/kg; a GAD-7 of 7 before the first dose and 7 after it is no response (a fall of 0, under the
/// 4-point minimal important difference), so a tolerated session steps up to 0.6 mg/kg = 42 mg for 70 kg. A peak of
/// 184/112 from a 128/82 baseline is a rise of +56/+30 (≥ 40/25, Spravato label) and at or above the clinic's 180/110
/// surge limit: a safety signal, at the lowest step a hold that keeps the next dose from starting until a prescriber decides.
/// </summary>
public sealed class TitrationInUseTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();
    private HttpClient[] team = [];

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static string ChartOf(Guid id, int n) => Chart(id, n);

    private static Task<HttpResponseMessage> Post(HttpClient client, Guid id, int n, string handler, Dictionary<string, string>? form = null) =>
        KapCareTestApp.PostFormAsync(client, $"{ChartOf(id, n)}?handler={handler}", form ?? [], ChartOf(id, n));

    private static Task<HttpResponseMessage> Decide(HttpClient client, Guid id, Guid planId, Dictionary<string, string> form) =>
        KapCareTestApp.PostFormAsync(client, $"/Patients/{id}/Plan/{planId}?handler=Titration", form, $"/Patients/{id}/Plan/{planId}");

    private Task<Guid> SessionIdAsync(Guid id, int n) =>
        app.WithDbAsync(db => db.DosingSessions.Where(s => s.PatientId == id && s.DosingNumber == n).Select(s => s.Id).SingleAsync());

    private static async Task Gad7Async(HttpClient client, Guid id, int eachItem) =>
        Assert.Equal(HttpStatusCode.OK, (await KapCareTestApp.PostFormAsync(client, $"/Patients/{id}/Measures/New?instrument=gad-7",
            Enumerable.Range(1, 7).ToDictionary(i => $"answers[{i}]", _ => eachItem.ToString(System.Globalization.CultureInfo.InvariantCulture)))).StatusCode);

    /// <summary>Check-in and pre-checks (baseline 128/82) of session <paramref name="n"/>.</summary>
    private static async Task ReadyAsync(HttpClient nurse, Guid id, int n)
    {
        Assert.Equal(HttpStatusCode.OK, (await Post(nurse, id, n, "CheckIn")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(nurse, id, n, "PreChecks", PreChecks())).StatusCode);
    }

    /// <summary>A whole IV session from the dose to the prescriber's co-signature, with one reading at the peak.</summary>
    private async Task GiveAsync(HttpClient prescriber, HttpClient nurse, Guid id, int n, Guid lot, int peakSystolic, int peakDiastolic)
    {
        Assert.Equal(HttpStatusCode.OK, (await Post(nurse, id, n, "Start", new() { [$"lot:{Vial50}"] = lot.ToString() })).StatusCode);
        await app.PassAsync(TimeSpan.FromMinutes(20), team);
        Assert.Equal(HttpStatusCode.OK, (await Post(nurse, id, n, "Vitals", Vitals(peakSystolic, peakDiastolic))).StatusCode);
        await app.PassAsync(TimeSpan.FromMinutes(20), team);
        Assert.Equal(HttpStatusCode.OK, (await Post(nurse, id, n, "Finish")).StatusCode);
        await app.PassAsync(TimeSpan.FromMinutes(31), team);
        await Post(nurse, id, n, "Vitals", Vitals(130, 82));
        await Post(nurse, id, n, "DischargeChecks", DischargeChecks());
        Assert.Equal(HttpStatusCode.OK, (await Post(nurse, id, n, "Discharge")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(prescriber, id, n, "Sign")).StatusCode);
        await app.PassAsync(TimeSpan.FromMinutes(5), team);
    }

    private async Task<(HttpClient Prescriber, HttpClient Nurse, Guid Id, Guid PlanId, Guid Lot)> PatientAsync()
    {
        // ReadyPatientAsync records today's GAD-7 with every item 1: a baseline of 7.
        var (prescriber, nurse, id) = await app.ReadyPatientAsync();
        team = [prescriber, nurse];
        Assert.Equal(HttpStatusCode.OK, (await ReceiveAsync(nurse, Vial50, "LOT-T1", 1)).StatusCode);
        return (prescriber, nurse, id, await app.LatestPlanIdAsync(id), await app.LotIdAsync("LOT-T1"));
    }

    [Fact]
    public async Task No_response_after_a_tolerated_session_proposes_a_step_up_which_the_prescriber_accepts_and_the_next_dose_follows()
    {
        var (prescriber, nurse, id, planId, lot) = await PatientAsync();
        await ReadyAsync(nurse, id, 1);
        var before = WebUtility.HtmlDecode(await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}"));
        Assert.Contains("No dose has been given on this plan yet", before, StringComparison.Ordinal);

        await GiveAsync(prescriber, nurse, id, 1, lot, 140, 88);
        await Gad7Async(nurse, id, 1);

        var page = WebUtility.HtmlDecode(await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}"));
        Assert.Contains("Up one step", page, StringComparison.Ordinal);
        Assert.Contains("0.5 mg/kg → <strong>0.6 mg/kg</strong>", page, StringComparison.Ordinal);
        Assert.Contains("7 → 7 (0 %)", page, StringComparison.Ordinal);
        Assert.Contains("128/82 → 140/88", page, StringComparison.Ordinal);

        // A nurse may read the proposal but not decide it.
        var session1 = await SessionIdAsync(id, 1);
        var byNurse = await Decide(nurse, id, planId, new() { ["sessionId"] = session1.ToString(), ["decision"] = "accept" });
        Assert.Equal(HttpStatusCode.Forbidden, byNurse.StatusCode);

        var accepted = await Decide(prescriber, id, planId, new() { ["sessionId"] = session1.ToString(), ["decision"] = "accept" });
        var twice = await Decide(prescriber, id, planId, new() { ["sessionId"] = session1.ToString(), ["decision"] = "accept" });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        var change = await app.WithDbAsync(db => db.DoseChanges.SingleAsync(c => c.PatientId == id));
        Assert.Equal((0.5m, 0.6m), (change.FromMgPerKg!.Value, change.ToMgPerKg!.Value));
        Assert.StartsWith("Titration proposal accepted: No response at 0.5 mg/kg", change.Reason, StringComparison.Ordinal);
        var decision = await app.WithDbAsync(db => db.TitrationDecisions.SingleAsync());
        Assert.Equal((TitrationDecisionKind.Accepted, TitrationDirection.StepUp, "0.6 mg/kg", change.Id, session1),
            (decision.Decision, decision.ProposedDirection, decision.DecidedDose, decision.DoseChangeId!.Value, decision.SessionId));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.TitrationDecide && a.PatientId == id)));

        // The next session is given at the new step: 0.6 mg/kg × 70 kg = 42 mg.
        await ReadyAsync(nurse, id, 2);
        Assert.Equal(HttpStatusCode.OK, (await Post(nurse, id, 2, "Start", new() { [$"lot:{Vial50}"] = lot.ToString() })).StatusCode);
        var second = await app.WithDbAsync(db => db.MedicationAdministrations.SingleAsync(a => a.PatientId == id && a.StartedAt > change.ChangedAt));
        Assert.Equal(("0.6 mg/kg", 42m), (second.PlannedRule, second.PlannedMg));
    }

    [Fact]
    public async Task A_bp_surge_at_the_lowest_step_holds_the_next_dose_until_a_prescriber_decides_and_another_step_needs_a_reason()
    {
        var (prescriber, nurse, id, planId, lot) = await PatientAsync();
        await ReadyAsync(nurse, id, 1);
        await GiveAsync(prescriber, nurse, id, 1, lot, 184, 112);
        await Gad7Async(nurse, id, 1);
        var balance = await app.BalanceAsync(lot);

        var page = WebUtility.HtmlDecode(await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}"));
        Assert.Contains("Hold for review", page, StringComparison.Ordinal);
        Assert.Contains("+56/+30 mmHg", page, StringComparison.Ordinal);
        Assert.Contains("the next dose cannot start at the chair", page, StringComparison.Ordinal);

        // At the chair: the pre-checks pass, but the dose does not start, and nothing leaves the ledger.
        await ReadyAsync(nurse, id, 2);
        var chart = WebUtility.HtmlDecode(await nurse.GetStringAsync(ChartOf(id, 2)));
        Assert.Contains("had a safety signal", chart, StringComparison.Ordinal);
        var refused = await Post(nurse, id, 2, "Start", new() { [$"lot:{Vial50}"] = lot.ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("A prescriber decides the next dose on the plan page", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.MedicationAdministrations.CountAsync(a => a.PatientId == id)));
        Assert.Equal(balance, await app.BalanceAsync(lot));

        // Another step needs a reason; a forged session id (not the latest) is refused; neither records anything.
        var session1 = await SessionIdAsync(id, 1);
        var noReason = await Decide(prescriber, id, planId, new() { ["sessionId"] = session1.ToString(), ["decision"] = "otherwise", ["dose"] = "0.6" });
        var forged = await Decide(prescriber, id, planId, new() { ["sessionId"] = Guid.NewGuid().ToString(), ["decision"] = "accept" });
        var notAStep = await Decide(prescriber, id, planId, new() { ["sessionId"] = session1.ToString(), ["decision"] = "otherwise", ["dose"] = "0.9", ["reason"] = "Wants a bigger effect quickly" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAStep.StatusCode);
        Assert.Contains("Say why you do not follow the proposal", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.TitrationDecisions.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.DoseChanges.CountAsync()));

        // The prescriber reviews and keeps the lowest step: the next dose may start, at 0.5 mg/kg = 35 mg.
        var accepted = await Decide(prescriber, id, planId, new() { ["sessionId"] = session1.ToString(), ["decision"] = "accept" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var decision = await app.WithDbAsync(db => db.TitrationDecisions.SingleAsync());
        Assert.Equal((TitrationDirection.Hold, "0.5 mg/kg", (Guid?)null), (decision.ProposedDirection, decision.DecidedDose, decision.DoseChangeId));
        Assert.Equal(0, await app.WithDbAsync(db => db.DoseChanges.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await Post(nurse, id, 2, "Start", new() { [$"lot:{Vial50}"] = lot.ToString() })).StatusCode);
        Assert.Equal(35m, await app.WithDbAsync(db => db.MedicationAdministrations.Where(a => a.PatientId == id).OrderByDescending(a => a.StartedAt).Select(a => a.PlannedMg).FirstAsync()));
    }

    [Fact]
    public async Task A_response_not_yet_measured_proposes_no_step_up()
    {
        var (prescriber, nurse, id, planId, lot) = await PatientAsync();
        await ReadyAsync(nurse, id, 1);
        await GiveAsync(prescriber, nurse, id, 1, lot, 140, 88);

        var page = WebUtility.HtmlDecode(await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}"));

        Assert.Contains("Stay", page, StringComparison.Ordinal);
        Assert.Contains("its response is not known yet", page, StringComparison.Ordinal);
        Assert.Contains("not measured", page, StringComparison.Ordinal);
    }
}
