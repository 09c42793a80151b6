using System.Net;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Consent;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using static KapCare.Web.Tests.Sessions.SessionTestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Sessions;

/// <summary>
/// Issue 10, items 1–2 through the pages, on SQLite and PostgreSQL: a nurse checks a patient in and records the
/// pre-checks (each with who and when); BP above 140/90 holds the session until a prescriber records a decision; a
/// missing pre-check is never a pass; illegal moves (a second check-in from another tab) are refused with the state
/// machine's sentence and change nothing.
/// </summary>
public sealed class DosingSessionTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private Task<(HttpClient Prescriber, HttpClient Nurse, Guid PatientId)> ReadyPatientAsync(bool consent = true, bool gad7 = true) => app.ReadyPatientAsync(consent, gad7);

    private Task<SessionState> StateAsync(Guid id) => app.StateAsync(id);

    [Fact]
    public async Task A_nurse_checks_in_and_records_complete_pre_checks_and_the_session_is_ready_to_dose_with_who_and_when_on_each()
    {
        var (_, nurse, id) = await ReadyPatientAsync();

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(nurse, id, "CheckIn")).StatusCode);
        Assert.Equal(SessionState.CheckedIn, await StateAsync(id));
        var saved = await PostAsync(nurse, id, "PreChecks", PreChecks());

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(SessionState.PreChecksPassed, await StateAsync(id));
        var entries = await app.WithDbAsync(db => db.SessionPreChecks.ToListAsync());
        // Identity, fasting, escort, pregnancy (a woman of 41), medication changes: typed; consent, weight and scale are read from the record.
        Assert.Equal(5, entries.Count);
        Assert.All(entries, e => Assert.Equal("Test User", e.RecordedByName));
        var baseline = await app.WithDbAsync(db => db.VitalSigns.SingleAsync());
        Assert.Equal((128, 82, 74, 98, 14), (baseline.Systolic, baseline.Diastolic, baseline.HeartRate, baseline.OxygenSaturation, baseline.RespiratoryRate));
        var page = WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync());
        Assert.Contains("Pre-checks passed: ready to dose", page, StringComparison.Ordinal);
        Assert.Contains("128/82 mmHg", page, StringComparison.Ordinal);
        var audit = await app.AuditEntriesAsync();
        Assert.Contains(audit, a => a.Action == AuditActions.SessionMove && a.Detail!.Contains("checked in → ready to dose", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BP_above_140_over_90_holds_the_session_until_a_prescriber_documents_a_decision_and_a_nurse_cannot_decide()
    {
        var (prescriber, nurse, id) = await ReadyPatientAsync();
        await PostAsync(nurse, id, "CheckIn");

        await PostAsync(nurse, id, "PreChecks", PreChecks(152, 96));

        Assert.Equal(SessionState.Held, await StateAsync(id));
        Assert.Contains("above the hold threshold 140/90", WebUtility.HtmlDecode(await nurse.GetStringAsync(Chart(id))), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(nurse, id, "Decide", new() { ["decision"] = "Proceed", ["reason"] = "Nurse deciding alone" })).StatusCode);
        var noReason = await PostAsync(prescriber, id, "Decide", new() { ["decision"] = "Proceed", ["reason"] = "ok" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(SessionState.Held, await StateAsync(id));

        var decided = await PostAsync(prescriber, id, "Decide", new() { ["decision"] = "Proceed", ["reason"] = "Known white-coat hypertension, home readings 130s; proceed with BP every 10 min." });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(SessionState.PreChecksPassed, await StateAsync(id));
        var decision = await app.WithDbAsync(db => db.SessionEvents.Where(e => e.Trigger == SessionTrigger.ProceedAfterHold).SingleAsync());
        Assert.Equal(SessionState.Held, decision.From);
        Assert.Contains("white-coat", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Measuring_again_starts_the_pre_checks_afresh_and_a_normal_reading_then_passes()
    {
        var (prescriber, nurse, id) = await ReadyPatientAsync();
        await PostAsync(nurse, id, "CheckIn");
        await PostAsync(nurse, id, "PreChecks", PreChecks(148, 88));

        await PostAsync(prescriber, id, "Decide", new() { ["decision"] = "Remeasure" });
        Assert.Equal(SessionState.CheckedIn, await StateAsync(id));
        // The earlier answers belong to the earlier attempt: only vitals now is not enough.
        await PostAsync(nurse, id, "PreChecks", new() { ["systolic"] = "134", ["diastolic"] = "84", ["heartRate"] = "70", ["spo2"] = "98", ["respiratoryRate"] = "14" });
        Assert.Equal(SessionState.CheckedIn, await StateAsync(id));
        await PostAsync(nurse, id, "PreChecks", PreChecks(134, 84));

        Assert.Equal(SessionState.PreChecksPassed, await StateAsync(id));
    }

    [Fact]
    public async Task Without_a_signed_treatment_consent_the_session_cannot_pass_whatever_is_typed()
    {
        var (_, nurse, id) = await ReadyPatientAsync(consent: false);
        await PostAsync(nurse, id, "CheckIn");

        var saved = await PostAsync(nurse, id, "PreChecks", PreChecks());

        Assert.Equal(SessionState.CheckedIn, await StateAsync(id));
        Assert.Contains("Cannot be dosed today", WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_todays_GAD_7_the_pre_checks_stay_incomplete_and_say_what_is_missing()
    {
        var (_, nurse, id) = await ReadyPatientAsync(gad7: false);
        await PostAsync(nurse, id, "CheckIn");

        var saved = await PostAsync(nurse, id, "PreChecks", PreChecks());

        Assert.Equal(SessionState.CheckedIn, await StateAsync(id));
        Assert.Contains("Still to record: Pre-dose scale", WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_check_in_from_another_tab_and_did_not_attend_after_check_in_are_refused_and_change_nothing()
    {
        var (_, nurse, id) = await ReadyPatientAsync();
        await PostAsync(nurse, id, "CheckIn");

        var again = await PostAsync(nurse, id, "CheckIn");
        var dna = await PostAsync(nurse, id, "DidNotAttend");

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("cannot check in", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, dna.StatusCode);
        Assert.Contains("they attended", WebUtility.HtmlDecode(await dna.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(SessionState.CheckedIn, await StateAsync(id));
        Assert.Equal(1, await app.WithDbAsync(db => db.SessionEvents.CountAsync()));
    }

    [Fact]
    public async Task Half_a_set_of_vitals_is_refused_naming_the_vitals_and_nothing_is_written()
    {
        var (_, nurse, id) = await ReadyPatientAsync();
        await PostAsync(nurse, id, "CheckIn");

        var half = await PostAsync(nurse, id, "PreChecks", new() { ["identity"] = "yes", ["systolic"] = "128", ["diastolic"] = "82" });

        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);
        Assert.Contains("Record the baseline vitals together", WebUtility.HtmlDecode(await half.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.SessionPreChecks.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.VitalSigns.CountAsync()));
    }

    [Fact]
    public async Task Cancelling_needs_a_reason_and_once_cancelled_nothing_more_is_recorded()
    {
        var (_, nurse, id) = await ReadyPatientAsync();
        await PostAsync(nurse, id, "CheckIn");

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(nurse, id, "Cancel", new() { ["reason"] = "ill" })).StatusCode);
        await PostAsync(nurse, id, "Cancel", new() { ["reason"] = "Patient has a fever of 38.4 °C; rebook next week." });

        Assert.Equal(SessionState.Cancelled, await StateAsync(id));
        Assert.Equal("Patient has a fever of 38.4 °C; rebook next week.", await app.WithDbAsync(db => db.SessionEvents.Where(e => e.To == SessionState.Cancelled).Select(e => e.Reason).SingleAsync()));
    }

    [Fact]
    public async Task A_therapist_reads_the_chart_but_cannot_act_and_front_desk_cannot_read_it()
    {
        var (_, nurse, id) = await ReadyPatientAsync();
        await PostAsync(nurse, id, "CheckIn");
        var therapist = await app.SignedInClientAsync(Roles.Therapist);
        var frontDesk = await app.SignedInClientAsync(Roles.FrontDesk);

        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync(Chart(id))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(therapist, id, "PreChecks", PreChecks())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await frontDesk.GetAsync(Chart(id))).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.SessionPreChecks.CountAsync()));
    }

    [Fact]
    public async Task A_dosing_number_the_signed_plan_does_not_have_is_not_found()
    {
        var (_, nurse, id) = await ReadyPatientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync(Chart(id, 7))).StatusCode);
    }

    [Fact]
    public async Task A_list_of_new_medicines_over_1000_characters_is_a_400_and_nothing_is_written()
    {
        var (_, nurse, id) = await ReadyPatientAsync();
        await PostAsync(nurse, id, "CheckIn");

        var tooLong = await PostAsync(nurse, id, "PreChecks", new() { ["identity"] = "yes", ["medications"] = "new", ["newMedications"] = new string('x', 1001) });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.SessionPreChecks.CountAsync()));
    }
}
