using System.Net;
using KapCare.Clinical.Plans;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Integration;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Ledger.LedgerTestKit;
using static KapCare.Web.Tests.Sessions.SessionTestKit;

namespace KapCare.Web.Tests.Integration;

/// <summary>
/// Issue 11, items 1–3 through the pages, on SQLite and PostgreSQL: a therapist signs a preparation note (the nurse sees
/// its safety plan at the chair) and, after a dose, an integration note in a modality the plan accepted, with its measures
/// in range; the note is immutable and amended only by additions; the integration is due for 72 hours after the dose and
/// overdue after; nurses read but do not write; another patient's note is not found.
/// </summary>
public sealed class TherapyNotesTests : IAsyncLifetime
{
    private const string TherapistEmail = "therapist.kim@clinic.test";
    private readonly KapCareTestApp app = new();
    private HttpClient[] team = [];

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static string NewNote(Guid id, int session, string modality) => $"/Patients/{id}/Integration/New?session={session}&modality={modality}";

    private static Task<HttpResponseMessage> SignIntegrationAsync(HttpClient client, Guid id, int session, string modality, Dictionary<string, string> form) =>
        KapCareTestApp.PostFormAsync(client, $"/Patients/{id}/Integration/New?handler=Integration&session={session}&modality={modality}", form, NewNote(id, session, modality));

    private static Dictionary<string, string> Emdr(string sudAfter = "2") => new()
    {
        ["Form.TargetMemory"] = "Car accident, March 2019", ["Form.Image"] = "Headlights in the rain",
        ["Form.NegativeCognition"] = "I am not safe", ["Form.PositiveCognition"] = "I survived; I am safe now",
        ["Form.SudBefore"] = "7", ["Form.SudAfter"] = sudAfter, ["Form.VocBefore"] = "2", ["Form.VocAfter"] = "6",
        ["Form.BodyScan"] = "Chest tightness eased", ["Form.Narrative"] = "Saw the road from above during the dose.",
        ["Form.Themes"] = "safety, control", ["Form.Risk"] = "None",
    };

    /// <summary>A patient whose plan accepted EMDR and CBT, given dosing session 1 (IV, signed).</summary>
    private async Task<(HttpClient Prescriber, HttpClient Nurse, HttpClient Therapist, Guid Id)> DosedPatientAsync()
    {
        var (prescriber, nurse, id) = await app.ReadyPatientAsync(modalities: ["Emdr", "Cbt"]);
        var therapist = await app.SignedInClientAsync(Roles.Therapist, TherapistEmail);
        team = [prescriber, nurse, therapist];
        Assert.Equal(HttpStatusCode.OK, (await ReceiveAsync(nurse, Vial50, "LOT-I1", 1)).StatusCode);
        var lot = await app.LotIdAsync("LOT-I1");
        await PostAsync(nurse, id, "CheckIn");
        await PostAsync(nurse, id, "PreChecks", PreChecks());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(nurse, id, "Start", new() { [$"lot:{Vial50}"] = lot.ToString() })).StatusCode);
        await app.PassAsync(TimeSpan.FromMinutes(40), team);
        await PostAsync(nurse, id, "Finish");
        await app.PassAsync(TimeSpan.FromMinutes(31), team);
        await PostAsync(nurse, id, "Vitals", Vitals(128, 80));
        await PostAsync(nurse, id, "DischargeChecks", DischargeChecks());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(nurse, id, "Discharge")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(prescriber, id, "Sign")).StatusCode);
        return (prescriber, nurse, therapist, id);
    }

    /// <summary>Days later the morning's sign-ins have timed out: the same people sign in again.</summary>
    private async Task<HttpClient> SignInAgainAsync(string email)
    {
        var client = app.CreateClient();
        await app.SignInAsync(client, email);
        return client;
    }

    [Fact]
    public async Task A_therapist_signs_an_EMDR_note_after_the_dose_and_it_shows_on_the_chart_as_integrated()
    {
        var (_, nurse, therapist, id) = await DosedPatientAsync();
        Assert.Contains("Due", WebUtility.HtmlDecode(await nurse.GetStringAsync(Chart(id))), StringComparison.Ordinal);

        var signed = await SignIntegrationAsync(therapist, id, 1, "Emdr", Emdr());

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var note = await app.WithDbAsync(db => db.TherapyNotes.SingleAsync());
        Assert.Equal((TherapyNoteKind.Integration, Modality.Emdr, "Test User"), (note.Kind, note.Modality!.Value, note.SignedByName));
        var page = WebUtility.HtmlDecode(await signed.Content.ReadAsStringAsync());
        Assert.Contains("7 → 2", page, StringComparison.Ordinal);   // SUD
        Assert.Contains("2 → 6", page, StringComparison.Ordinal);   // VOC
        Assert.Contains("safety, control", page, StringComparison.Ordinal);
        Assert.Contains("data-integration-status=\"Done\"", await nurse.GetStringAsync(Chart(id)), StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.TherapyNoteSign && a.PatientId == id);
    }

    [Fact]
    public async Task Out_of_range_measures_a_modality_not_accepted_and_a_nurse_are_refused_and_nothing_is_saved()
    {
        var (_, nurse, therapist, id) = await DosedPatientAsync();

        var sud11 = await SignIntegrationAsync(therapist, id, 1, "Emdr", Emdr(sudAfter: "11"));
        var ifs = await SignIntegrationAsync(therapist, id, 1, "Ifs", new() { ["Form.Parts[0].Name"] = "The critic", ["Form.Parts[0].Role"] = "Manager", ["Form.Risk"] = "None" });
        var noRisk = await SignIntegrationAsync(therapist, id, 1, "Emdr", new Dictionary<string, string>(Emdr()) { ["Form.Risk"] = "" });
        var notGiven = await KapCareTestApp.PostFormAsync(therapist, $"/Patients/{id}/Integration/New?handler=Integration&session=2&modality=Emdr", Emdr(), NewNote(id, 1, "Emdr"));
        var byNurse = await nurse.GetAsync(NewNote(id, 1, "Emdr"));

        Assert.Equal(HttpStatusCode.BadRequest, sud11.StatusCode);
        Assert.Contains("SUD after is 0–10", WebUtility.HtmlDecode(await sud11.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, ifs.StatusCode);
        Assert.Contains("has not accepted Internal Family Systems", WebUtility.HtmlDecode(await ifs.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noRisk.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notGiven.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byNurse.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.TherapyNotes.CountAsync()));
    }

    [Fact]
    public async Task Without_a_note_the_integration_is_overdue_72_hours_after_the_dose()
    {
        var (_, _, _, id) = await DosedPatientAsync();
        app.Clock.Advance(TimeSpan.FromHours(71));
        var therapist = await SignInAgainAsync(TherapistEmail);
        Assert.Contains("Due by", WebUtility.HtmlDecode(await therapist.GetStringAsync($"/Patients/{id}/Integration")), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromHours(2));
        therapist = await SignInAgainAsync(TherapistEmail);
        var nurse = await SignInAgainAsync(NurseEmail);

        Assert.Contains("Overdue since", WebUtility.HtmlDecode(await therapist.GetStringAsync($"/Patients/{id}/Integration")), StringComparison.Ordinal);
        Assert.Contains("data-integration-status=\"Overdue\"", await nurse.GetStringAsync(Chart(id)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_note_is_immutable_and_an_amendment_keeps_the_original()
    {
        var (_, _, therapist, id) = await DosedPatientAsync();
        await SignIntegrationAsync(therapist, id, 1, "Emdr", Emdr());
        var note = await app.WithDbAsync(db => db.TherapyNotes.SingleAsync());
        var url = $"/Patients/{id}/Integration/{note.Id}";

        var tooShort = await KapCareTestApp.PostFormAsync(therapist, url + "/Amend", new() { ["amendment"] = "typo" }, url);
        var amended = await KapCareTestApp.PostFormAsync(therapist, url + "/Amend",
            new() { ["amendment"] = "Late entry: the SUD after was taken at the end of the session, not mid-way." }, url);

        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        Assert.Contains("Late entry: the SUD after", WebUtility.HtmlDecode(await amended.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(note.ContentJson, (await app.WithDbAsync(db => db.TherapyNotes.SingleAsync())).ContentJson);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            (await db.TherapyNotes.SingleAsync()).ContentJson = "{}";
            return await db.SaveChangesAsync();
        }));

        // Another patient's id with this note's id is not this note.
        var (_, _, other) = await app.ReadyPatientAsync(team: (team[0], team[1]));
        Assert.Equal(HttpStatusCode.NotFound, (await therapist.GetAsync($"/Patients/{other}/Integration/{note.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_preparation_note_safety_plan_is_shown_to_the_nurse_at_the_chair()
    {
        var (prescriber, nurse, id) = await app.ReadyPatientAsync(modalities: ["Emdr"]);
        var therapist = await app.SignedInClientAsync(Roles.Therapist, TherapistEmail);
        var form = new Dictionary<string, string>
        {
            ["Form.Intentions"] = "Fewer mornings ruled by dread", ["Form.WhatToExpect"] = "true", ["Form.SetAndSetting"] = "Dim light, own blanket",
            ["Form.WhoToCall"] = "Sister Ana, 312 555 0101", ["Form.IfDistressed"] = "Breathe 4-6, then call the clinic line",
            ["Form.Music"] = "Piano, no lyrics", ["Form.Eyeshade"] = "true",
        };
        var missing = await KapCareTestApp.PostFormAsync(therapist, $"/Patients/{id}/Integration/New?handler=Preparation",
            new Dictionary<string, string>(form) { ["Form.WhoToCall"] = "" }, $"/Patients/{id}/Integration/New?kind=preparation");
        var signed = await KapCareTestApp.PostFormAsync(therapist, $"/Patients/{id}/Integration/New?handler=Preparation", form, $"/Patients/{id}/Integration/New?kind=preparation");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.TherapyNotes.CountAsync(n => n.Kind == TherapyNoteKind.Preparation)));
        var chart = WebUtility.HtmlDecode(await nurse.GetStringAsync(Chart(id)));
        Assert.Contains("From the preparation session", chart, StringComparison.Ordinal);
        Assert.Contains("Sister Ana, 312 555 0101", chart, StringComparison.Ordinal);
        Assert.Contains("Piano, no lyrics", chart, StringComparison.Ordinal);
        _ = prescriber;
    }
}
