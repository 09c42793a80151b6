using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using KapCare.Web.Tests.Sessions;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Fhir.FhirMeasures;
using static KapCare.Web.Tests.Fhir.FhirTestClient;
using static KapCare.Web.Tests.Ledger.LedgerTestKit;
using static KapCare.Web.Tests.Sessions.SessionTestKit;

namespace KapCare.Web.Tests.Fhir;

/// <summary>
/// Three patients' dosing sessions, run once through the chart's real handlers, for the FHIR session tests to read.
/// <para>Iris: IV 0.5 mg/kg at 70 kg = 35 mg, 0.7 mL of 50 mg/mL in 100 mL over 40 min = 150 mL/h, from lot LOT-IV1; vitals
/// 128/82 HR 74 SpO₂ 98 RR 14 at the pre-checks, 150/90 88 96 16 at 10 min, 132/84 78 98 14 after the infusion; mild nausea at
/// 20 min, ongoing, then resolved; discharged 72 min after the dose started and co-signed.</para>
/// <para>Jon: esketamine 56 mg = two 28 mg devices five minutes apart, the first from LOT-E1, the second from LOT-E2; still
/// monitored. Kai: did not attend.</para>
/// </summary>
public sealed class SessionScenario : IAsyncLifetime
{
    public const string IvLot = "LOT-IV1", FirstDeviceLot = "LOT-E1", SecondDeviceLot = "LOT-E2";
    public static readonly string IvExpiry = InDays(400), FirstDeviceExpiry = InDays(200), SecondDeviceExpiry = InDays(300);

    public KapCareTestApp App { get; } = new();
    public Guid Iris { get; private set; }
    public Guid Jon { get; private set; }
    public Guid Kai { get; private set; }
    public DosingSession IrisSession { get; private set; } = null!;
    public DosingSession JonSession { get; private set; } = null!;
    public DosingSession KaiSession { get; private set; } = null!;
    public Features.Sessions.MedicationAdministration IrisDose { get; private set; } = null!;
    public Features.Sessions.MedicationAdministration JonDose { get; private set; } = null!;
    /// <summary>Iris's flowsheet, oldest first.</summary>
    public List<VitalSigns> IrisVitals { get; private set; } = [];
    /// <summary>Iris's nausea: its first record and the update that resolved it.</summary>
    public List<SessionAdverseEvent> IrisNausea { get; private set; } = [];
    public Guid IrisPlan { get; private set; }

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var (prescriber, nurse, iris) = await App.ReadyPatientAsync();
        HttpClient[] team = [prescriber, nurse];
        Iris = iris;
        IrisPlan = await App.LatestPlanIdAsync(iris);
        Assert.Equal(HttpStatusCode.OK, (await ReceiveAsync(nurse, Vial50, IvLot, 1, IvExpiry)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReceiveAsync(nurse, Esketamine, FirstDeviceLot, 1, FirstDeviceExpiry)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReceiveAsync(nurse, Esketamine, SecondDeviceLot, 1, SecondDeviceExpiry)).StatusCode);

        await Ok(PostAsync(nurse, iris, "CheckIn", new() { ["chair"] = "Chair 3" }));
        await Ok(PostAsync(nurse, iris, "PreChecks", PreChecks(128, 82)));
        await Ok(PostAsync(nurse, iris, "Start", new() { [$"lot:{Vial50}"] = (await App.LotIdAsync(IvLot)).ToString() }));
        await App.PassAsync(TimeSpan.FromMinutes(10), team);
        await Ok(PostAsync(nurse, iris, "Vitals", Vitals(150, 90, heartRate: 88, spo2: 96, respiratoryRate: 16)));
        await App.PassAsync(TimeSpan.FromMinutes(10), team);
        await Ok(PostAsync(nurse, iris, "AdverseEvent", new() { ["kind"] = "Nausea", ["severity"] = "Mild", ["outcome"] = "Ongoing", ["actionTaken"] = "ondansetron 4 mg ODT" }));
        await App.PassAsync(TimeSpan.FromMinutes(20), team);
        await Ok(PostAsync(nurse, iris, "Finish"));
        var nausea = await App.WithDbAsync(db => db.SessionAdverseEvents.SingleAsync());
        await Ok(PostAsync(nurse, iris, "AdverseEvent", new()
        {
            ["updates"] = nausea.Id.ToString(), ["kind"] = "Nausea", ["severity"] = "Mild", ["outcome"] = "Resolved", ["actionTaken"] = "settled after ondansetron",
        }));
        await App.PassAsync(TimeSpan.FromMinutes(32), team);
        await Ok(PostAsync(nurse, iris, "Vitals", Vitals(132, 84)));
        await Ok(PostAsync(nurse, iris, "DischargeChecks", DischargeChecks()));
        await Ok(PostAsync(nurse, iris, "Discharge"));
        await Ok(PostAsync(prescriber, iris, "Sign"));
        Assert.Equal(SessionState.Signed, await App.StateAsync(iris));

        (_, _, Jon) = await App.ReadyPatientAsync(plan: EsketaminePlan(), team: (prescriber, nurse));
        await Ok(PostAsync(nurse, Jon, "CheckIn"));
        await Ok(PostAsync(nurse, Jon, "PreChecks", PreChecks()));
        await Ok(PostAsync(nurse, Jon, "Start", new() { [$"lot:{Esketamine}"] = (await App.LotIdAsync(FirstDeviceLot)).ToString(), ["acknowledge"] = "true" }));
        await App.PassAsync(TimeSpan.FromMinutes(5), team);
        await Ok(PostAsync(nurse, Jon, "Device", new() { ["lotId"] = (await App.LotIdAsync(SecondDeviceLot)).ToString() }));
        Assert.Equal(SessionState.Monitoring, await App.StateAsync(Jon));

        (_, _, Kai) = await App.ReadyPatientAsync(team: (prescriber, nurse));
        await Ok(PostAsync(nurse, Kai, "DidNotAttend"));
        Assert.Equal(SessionState.DidNotAttend, await App.StateAsync(Kai));

        IrisSession = await App.WithDbAsync(db => db.DosingSessions.SingleAsync(s => s.PatientId == iris));
        JonSession = await App.WithDbAsync(db => db.DosingSessions.SingleAsync(s => s.PatientId == Jon));
        KaiSession = await App.WithDbAsync(db => db.DosingSessions.SingleAsync(s => s.PatientId == Kai));
        IrisDose = await App.WithDbAsync(db => db.MedicationAdministrations.SingleAsync(a => a.PatientId == iris));
        JonDose = await App.WithDbAsync(db => db.MedicationAdministrations.SingleAsync(a => a.PatientId == Jon));
        IrisVitals = await App.WithDbAsync(db => db.VitalSigns.Where(v => v.SessionId == IrisSession.Id).OrderBy(v => v.MeasuredAt).ToListAsync());
        IrisNausea = await App.WithDbAsync(db => db.SessionAdverseEvents.OrderBy(e => e.RecordedAt).ToListAsync());
    }

    public Task DisposeAsync() => App.DisposeAsync();

    /// <summary>A token that reads every session resource (and the plans and scores), for a prescriber.</summary>
    public async Task<HttpClient> ApiAsync(string scopes = "user/Encounter.read user/MedicationAdministration.read user/AdverseEvent.read user/Observation.read user/CarePlan.read") =>
        App.CreateApiClient(await App.CreateTokenAsync(Roles.Prescriber, scopes));

    private static async Task Ok(Task<HttpResponseMessage> post)
    {
        var response = await post;
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body[..Math.Min(400, body.Length)]}");
    }
}

/// <summary>
/// Issue 10, item 12: dosing sessions over FHIR R4 — Encounter, MedicationAdministration, vital-sign Observations and
/// AdverseEvent — read and searched with the same role, scope and audit rules as the other patient data, on SQLite and
/// PostgreSQL. Expected values are the ones <see cref="SessionScenario"/> worked by hand, the codes those of the R4 spec and
/// its vital signs profiles, and every resource is checked against HL7's schema.
/// </summary>
public sealed class SessionResourcesTests(SessionScenario scenario) : IClassFixture<SessionScenario>
{
    private const string Ucum = "http://unitsofmeasure.org";
    private const string Loinc = "http://loinc.org";
    private KapCareTestApp App => scenario.App;

    [Fact]
    public async Task Given_a_signed_IV_session_When_its_Encounter_is_read_Then_it_is_a_finished_ambulatory_visit_from_check_in_to_discharge()
    {
        var api = await scenario.ApiAsync();
        var session = scenario.IrisSession;

        var response = await api.GetAsync($"/fhir/Encounter/{session.Id}");
        var encounter = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"W/\"{session.Version}\"", response.Headers.ETag?.ToString());
        Assert.Equal(("Encounter", session.Id.ToString(), "finished"), ((string?)encounter["resourceType"], (string?)encounter["id"], (string?)encounter["status"]));
        Assert.Equal(("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"), ((string?)encounter["class"]!["system"], (string?)encounter["class"]!["code"]));
        Assert.Equal($"Patient/{scenario.Iris}", (string?)encounter["subject"]!["reference"]);
        var type = encounter["type"]![0]!;
        Assert.Equal(("urn:kapcare:dosing-route", "iv"), ((string?)type["coding"]![0]!["system"], (string?)type["coding"]![0]!["code"]));
        Assert.Equal("Dosing session 1: IV infusion", (string?)type["text"]);
        // Checked in, then 72 minutes from the start of the dose to discharge (40 min infusion + 32 min).
        var start = Instant(encounter["period"]!["start"]);
        var end = Instant(encounter["period"]!["end"]);
        Assert.Equal(Utc(session.CheckedInAt!.Value), start);
        Assert.Equal(Utc(session.DischargedAt!.Value), end);
        Assert.Equal(72, session.MonitoringMinutes);
        Assert.True(end - start >= TimeSpan.FromMinutes(72), $"{start:o} to {end:o}");
        Assert.Equal("Chair 3", (string?)encounter["location"]![0]!["location"]!["display"]);
        var participants = encounter["participant"]!.AsArray().Select(p => ((string?)p!["type"]![0]!["coding"]![0]!["code"], (string?)p["individual"]!["display"])).ToList();
        Assert.Equal([("DIS", session.DischargedByName), ("ATND", session.SignedByName)], participants);
        Assert.All(encounter["participant"]!.AsArray(), p => Assert.Null(p!["individual"]!["reference"]));
        // The plan the session delivers: a CarePlan this server serves.
        var basedOn = Assert.Single(encounter["extension"]!.AsArray())!;
        Assert.Equal("http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.basedOn", (string?)basedOn["url"]);
        Assert.Equal($"CarePlan/{scenario.IrisPlan}", (string?)basedOn["valueReference"]!["reference"]);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/fhir/{basedOn["valueReference"]!["reference"]}")).StatusCode);
        Assert.Contains(await App.AuditEntriesAsync(), e => e.Action == AuditActions.PatientRead && e.ResourceType == "Encounter"
            && e.ResourceId == session.Id.ToString() && e.PatientId == scenario.Iris && e.Channel == "api" && e.Detail == "FHIR read");
    }

    [Fact]
    public async Task Given_sessions_in_other_states_When_read_Then_monitoring_is_in_progress_and_did_not_attend_is_cancelled_on_its_planned_day()
    {
        var api = await scenario.ApiAsync();

        var jon = await JsonAsync(await api.GetAsync($"/fhir/Encounter/{scenario.JonSession.Id}"));
        var kai = await JsonAsync(await api.GetAsync($"/fhir/Encounter/{scenario.KaiSession.Id}"));

        Assert.Equal("in-progress", (string?)jon["status"]);
        Assert.Equal("esketamine", (string?)jon["type"]![0]!["coding"]![0]!["code"]);
        Assert.Null(jon["period"]!["end"]);
        Assert.Null(jon["participant"]);
        // R4 has no no-show for an encounter: cancelled, and the narrative says it was a did-not-attend.
        Assert.Equal("cancelled", (string?)kai["status"]);
        Assert.Contains("did not attend", (string?)kai["text"]!["div"], StringComparison.Ordinal);
        Assert.Equal(scenario.KaiSession.PlannedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string?)kai["period"]!["start"]);
        Assert.Null(kai["location"]);
    }

    [Fact]
    public async Task Given_three_patients_sessions_When_searching_Encounters_by_patient_date_and_status_Then_only_the_matching_ones_are_returned_and_paged()
    {
        var api = await scenario.ApiAsync();
        var (iris, jon, kai) = (scenario.IrisSession.Id.ToString(), scenario.JonSession.Id.ToString(), scenario.KaiSession.Id.ToString());
        var day = LocalDay(scenario.IrisSession.CheckedInAt!.Value);
        var planned = scenario.KaiSession.PlannedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        async Task<List<string?>> IdsAsync(string query) => [.. Resources(await SearchAsync(api, $"/fhir/Encounter?{query}")).Select(r => (string?)r["id"])];

        Assert.Equal([iris], await IdsAsync($"patient={scenario.Iris}"));
        Assert.Equal([jon], await IdsAsync($"subject=Patient/{scenario.Jon}"));
        Assert.Equal([iris], await IdsAsync($"patient={scenario.Iris}&date=ge{day}&date=le{day}"));
        Assert.Equal([iris], await IdsAsync($"patient={scenario.Iris}&date={day}"));
        Assert.Empty(await IdsAsync($"patient={scenario.Iris}&date=lt{day}"));
        Assert.Empty(await IdsAsync($"patient={scenario.Iris}&date=gt{day}"));
        // Kai never arrived: the search finds the session on its planned day.
        Assert.Equal([kai], await IdsAsync($"patient={scenario.Kai}&date={planned}"));
        Assert.Empty(await IdsAsync($"patient={scenario.Kai}&date=lt{planned}"));
        Assert.Equal([iris], await IdsAsync($"patient={scenario.Iris}&status=finished"));
        Assert.Equal([kai], await IdsAsync($"patient={scenario.Iris},{scenario.Jon},{scenario.Kai}&status=cancelled"));
        Assert.Equal([jon], await IdsAsync($"patient={scenario.Iris},{scenario.Jon},{scenario.Kai}&status=in-progress"));
        Assert.Empty(await IdsAsync($"patient={Guid.NewGuid()}"));

        var page = await SearchAsync(api, $"/fhir/Encounter?patient={scenario.Iris},{scenario.Jon},{scenario.Kai}&_count=2");
        Assert.Equal(3, (int)page["total"]!);
        Assert.Equal(2, Resources(page).Count);
        var next = (string)page["link"]!.AsArray().Single(l => (string?)l!["relation"] == "next")!["url"]!;
        var all = Resources(page).Concat(Resources(await SearchAsync(api, new Uri(next).PathAndQuery))).Select(r => (string)r["id"]!).ToList();
        Assert.Equal(new[] { iris, jon, kai }.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));

        var bad = await AssertOutcomeAsync(await api.GetAsync($"/fhir/Encounter?patient={scenario.Iris}&status=noshow"), HttpStatusCode.BadRequest, "invalid");
        Assert.Contains("planned, arrived, in-progress, finished or cancelled", Diagnostics(bad), StringComparison.Ordinal);
        Assert.Contains(await App.AuditEntriesAsync(), e => e.Action == AuditActions.PatientRead && e.ResourceType == "Encounter" && e.PatientId == scenario.Iris
            && e.Detail!.StartsWith("FHIR search", StringComparison.Ordinal) && e.Detail.Contains(iris, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_an_IV_dose_When_its_MedicationAdministration_is_read_Then_it_carries_RxNorm_ketamine_the_lot_35_mg_IV_at_150_mL_per_h()
    {
        var api = await scenario.ApiAsync();
        var dose = scenario.IrisDose;

        var response = await api.GetAsync($"/fhir/MedicationAdministration/{dose.Id}");
        var administration = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", (string?)administration["status"]);
        Assert.Equal($"Patient/{scenario.Iris}", (string?)administration["subject"]!["reference"]);
        Assert.Equal($"Encounter/{scenario.IrisSession.Id}", (string?)administration["context"]!["reference"]);
        Assert.Equal("#med", (string?)administration["medicationReference"]!["reference"]);
        var medication = Assert.Single(administration["contained"]!.AsArray())!;
        Assert.Equal(("Medication", "med"), ((string?)medication["resourceType"], (string?)medication["id"]));
        Assert.Equal(("http://www.nlm.nih.gov/research/umls/rxnorm", "6130"),
            ((string?)medication["code"]!["coding"]![0]!["system"], (string?)medication["code"]!["coding"]![0]!["code"]));
        Assert.Equal((SessionScenario.IvLot, SessionScenario.IvExpiry), ((string?)medication["batch"]!["lotNumber"], (string?)medication["batch"]!["expirationDate"]));
        var dosage = administration["dosage"]!;
        Assert.Equal((35m, "mg", Ucum, "mg"), Quantity(dosage["dose"]));
        Assert.Equal((150m, "mL/h", Ucum, "mL/h"), Quantity(dosage["rateQuantity"]));
        Assert.Equal(("http://snomed.info/sct", "47625008"), ((string?)dosage["route"]!["coding"]![0]!["system"], (string?)dosage["route"]!["coding"]![0]!["code"]));
        // Started, then stopped 40 minutes later when the infusion ended (and the seconds the test's own requests took).
        var start = Instant(administration["effectivePeriod"]!["start"]);
        Assert.Equal(Utc(dose.StartedAt), start);
        Assert.InRange(Instant(administration["effectivePeriod"]!["end"]) - start, TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(41));
        Assert.Equal(dose.RecordedByName, (string?)administration["performer"]![0]!["actor"]!["display"]);
        Assert.Contains(await App.AuditEntriesAsync(), e => e.Action == AuditActions.PatientRead && e.ResourceType == "MedicationAdministration"
            && e.ResourceId == dose.Id.ToString() && e.PatientId == scenario.Iris && e.Channel == "api");
    }

    [Fact]
    public async Task Given_an_esketamine_dose_from_two_lots_When_read_Then_it_is_56_mg_nasal_with_one_contained_Medication_per_lot()
    {
        var api = await scenario.ApiAsync();

        var administration = await JsonAsync(await api.GetAsync($"/fhir/MedicationAdministration/{scenario.JonDose.Id}"));

        Assert.Equal("completed", (string?)administration["status"]);
        Assert.Equal((56m, "mg", Ucum, "mg"), Quantity(administration["dosage"]!["dose"]));
        Assert.Equal("46713006", (string?)administration["dosage"]!["route"]!["coding"]![0]!["code"]);
        Assert.Null(administration["dosage"]!["rateQuantity"]);
        Assert.InRange(Instant(administration["effectivePeriod"]!["end"]) - Instant(administration["effectivePeriod"]!["start"]), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6));
        var contained = administration["contained"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => (string)c["id"]!);
        Assert.Equal("2201623", (string?)contained["med"]["code"]!["coding"]![0]!["code"]);
        Assert.Null(contained["med"]["batch"]);
        var lots = contained["med"]["ingredient"]!.AsArray().Select(i => contained[((string)i!["itemReference"]!["reference"]!)[1..]]["batch"]!)
            .Select(b => ((string?)b["lotNumber"], (string?)b["expirationDate"])).ToList();
        Assert.Equal([(SessionScenario.FirstDeviceLot, SessionScenario.FirstDeviceExpiry), (SessionScenario.SecondDeviceLot, SessionScenario.SecondDeviceExpiry)], lots);
    }

    [Fact]
    public async Task Given_two_doses_When_searching_MedicationAdministrations_by_patient_session_and_time_Then_each_finds_its_own()
    {
        var api = await scenario.ApiAsync();
        var (iris, jon) = (scenario.IrisDose.Id.ToString(), scenario.JonDose.Id.ToString());
        var day = LocalDay(scenario.IrisDose.StartedAt);

        async Task<List<string?>> IdsAsync(string query) => [.. Resources(await SearchAsync(api, $"/fhir/MedicationAdministration?{query}")).Select(r => (string?)r["id"])];

        Assert.Equal([iris], await IdsAsync($"patient={scenario.Iris}"));
        Assert.Equal([jon], await IdsAsync($"subject=Patient/{scenario.Jon}"));
        Assert.Equal([iris], await IdsAsync($"context=Encounter/{scenario.IrisSession.Id}"));
        Assert.Equal([jon], await IdsAsync($"context={scenario.JonSession.Id}"));
        Assert.Empty(await IdsAsync($"context=Encounter/{scenario.KaiSession.Id}"));
        Assert.Equal([iris], await IdsAsync($"patient={scenario.Iris}&effective-time=ge{day}"));
        Assert.Equal([iris], await IdsAsync($"patient={scenario.Iris}&date=le{day}T23:59"));
        Assert.Empty(await IdsAsync($"patient={scenario.Iris}&date=lt{day}"));
        Assert.Equal([iris, jon], await IdsAsync($"patient={scenario.Iris},{scenario.Jon}&_sort=date"));
        Assert.Equal([jon, iris], await IdsAsync($"patient={scenario.Iris},{scenario.Jon}&_sort=-date"));
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/MedicationAdministration?context=Patient/{scenario.Iris}"), HttpStatusCode.BadRequest, "invalid");
        Assert.Contains(await App.AuditEntriesAsync(), e => e.Action == AuditActions.PatientRead && e.ResourceType == "MedicationAdministration" && e.PatientId == scenario.Jon
            && e.Detail!.StartsWith("FHIR search", StringComparison.Ordinal) && e.Detail.Contains(jon, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_a_vitals_row_When_its_Observations_are_read_Then_each_sign_has_its_LOINC_code_UCUM_unit_and_the_vital_signs_profile()
    {
        var api = await scenario.ApiAsync();
        var baseline = scenario.IrisVitals[0];

        var bp = await JsonAsync(await api.GetAsync($"/fhir/Observation/vs-bp-{baseline.Id}"));
        var hr = await JsonAsync(await api.GetAsync($"/fhir/Observation/vs-hr-{baseline.Id}"));
        var spo2 = await JsonAsync(await api.GetAsync($"/fhir/Observation/vs-spo2-{baseline.Id}"));
        var rr = await JsonAsync(await api.GetAsync($"/fhir/Observation/vs-rr-{baseline.Id}"));

        foreach (var (observation, profile) in new[] { (bp, "bp"), (hr, "heartrate"), (spo2, "oxygensat"), (rr, "resprate") })
        {
            Assert.Equal("final", (string?)observation["status"]);
            Assert.Equal(("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs"),
                ((string?)observation["category"]![0]!["coding"]![0]!["system"], (string?)observation["category"]![0]!["coding"]![0]!["code"]));
            Assert.Equal(["http://hl7.org/fhir/StructureDefinition/vitalsigns", $"http://hl7.org/fhir/StructureDefinition/{profile}"],
                observation["meta"]!["profile"]!.AsArray().Select(p => (string?)p));
            Assert.Equal($"Patient/{scenario.Iris}", (string?)observation["subject"]!["reference"]);
            Assert.Equal($"Encounter/{scenario.IrisSession.Id}", (string?)observation["encounter"]!["reference"]);
            Assert.Equal(Utc(baseline.MeasuredAt), Instant(observation["effectiveDateTime"]));
        }
        Assert.Equal($"vs-bp-{baseline.Id}", (string?)bp["id"]);
        Assert.Equal([(Loinc, "85354-9")], Codes(bp["code"]));
        Assert.Null(bp["valueQuantity"]);
        var components = bp["component"]!.AsArray().ToDictionary(c => Codes(c!["code"]).Single().Code, c => Quantity(c!["valueQuantity"]));
        Assert.Equal((128m, "mmHg", Ucum, "mm[Hg]"), components["8480-6"]);
        Assert.Equal((82m, "mmHg", Ucum, "mm[Hg]"), components["8462-4"]);
        Assert.Equal([(Loinc, "8867-4")], Codes(hr["code"]));
        Assert.Equal((74m, "beats/minute", Ucum, "/min"), Quantity(hr["valueQuantity"]));
        // The oxygensat profile fixes 2708-6; pulse oximetry's 59408-5 goes beside it.
        Assert.Equal([(Loinc, "2708-6"), (Loinc, "59408-5")], Codes(spo2["code"]));
        Assert.Equal((98m, "%", Ucum, "%"), Quantity(spo2["valueQuantity"]));
        Assert.Equal([(Loinc, "9279-1")], Codes(rr["code"]));
        Assert.Equal((14m, "breaths/minute", Ucum, "/min"), Quantity(rr["valueQuantity"]));
        Assert.Contains(await App.AuditEntriesAsync(), e => e.Action == AuditActions.MeasureRead && e.ResourceType == "Observation"
            && e.ResourceId == $"vs-spo2-{baseline.Id}" && e.PatientId == scenario.Iris && e.Channel == "api");
    }

    [Fact]
    public async Task Given_vitals_and_a_score_When_searching_Observations_Then_category_code_encounter_and_date_choose_among_both_and_pages_cover_all()
    {
        var api = await scenario.ApiAsync();
        var patient = scenario.Iris;
        var day = LocalDay(scenario.IrisVitals[0].MeasuredAt);

        List<decimal> Values(JsonObject bundle) => [.. Resources(bundle).Select(o => (decimal)o["valueQuantity"]!["value"]!)];

        // Three readings × four signs, and the GAD-7 taken before the session.
        Assert.Equal(13, (int)(await SearchAsync(api, $"/fhir/Observation?patient={patient}"))["total"]!);
        var vitals = await SearchAsync(api, $"/fhir/Observation?patient={patient}&category=vital-signs");
        Assert.Equal(12, (int)vitals["total"]!);
        Assert.All(Resources(vitals), o => Assert.StartsWith("vs-", (string?)o["id"], StringComparison.Ordinal));
        var survey = Resources(await SearchAsync(api, $"/fhir/Observation?patient={patient}&category=http://terminology.hl7.org/CodeSystem/observation-category|survey"));
        Assert.Equal("70274-6", (string?)Assert.Single(survey)["code"]!["coding"]![0]!["code"]);
        Assert.Equal([74m, 88m, 78m], Values(await SearchAsync(api, $"/fhir/Observation?patient={patient}&code=8867-4")));
        Assert.Equal([78m, 88m, 74m], Values(await SearchAsync(api, $"/fhir/Observation?patient={patient}&code=http://loinc.org|8867-4&_sort=-date")));
        Assert.Equal([98m, 96m, 98m], Values(await SearchAsync(api, $"/fhir/Observation?patient={patient}&code=59408-5")));
        Assert.Equal([98m, 96m, 98m], Values(await SearchAsync(api, $"/fhir/Observation?patient={patient}&code=2708-6")));
        Assert.Equal([14m, 16m, 14m], Values(await SearchAsync(api, $"/fhir/Observation?patient={patient}&code=9279-1&category=vital-signs")));
        var pressures = Resources(await SearchAsync(api, $"/fhir/Observation?patient={patient}&code=85354-9"))
            .Select(o => o["component"]!.AsArray().Select(c => (int)c!["valueQuantity"]!["value"]!).ToList()).ToList();
        Assert.Equal([[128, 82], [150, 90], [132, 84]], pressures);
        Assert.Equal(6, (int)(await SearchAsync(api, $"/fhir/Observation?encounter=Encounter/{scenario.IrisSession.Id}&code=8867-4,9279-1"))["total"]!);
        Assert.Equal(0, (int)(await SearchAsync(api, $"/fhir/Observation?patient={patient}&code=8867-4&code=9279-1"))["total"]!);
        Assert.Equal(0, (int)(await SearchAsync(api, $"/fhir/Observation?patient={patient}&category=vital-signs&code=70274-6"))["total"]!);
        Assert.Equal(0, (int)(await SearchAsync(api, $"/fhir/Observation?patient={patient}&category=laboratory"))["total"]!);
        Assert.Equal(12, (int)(await SearchAsync(api, $"/fhir/Observation?patient={patient}&category=vital-signs&date={day}&status=final"))["total"]!);
        Assert.Equal(0, (int)(await SearchAsync(api, $"/fhir/Observation?patient={patient}&category=vital-signs&date=lt{day}"))["total"]!);
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/Observation?patient={patient}&category=vitals"), HttpStatusCode.BadRequest, "invalid");

        var ids = new List<string>();
        string? next = $"/fhir/Observation?patient={patient}&_count=5";
        while (next is not null)
        {
            var page = await SearchAsync(api, next);
            Assert.Equal(13, (int)page["total"]!);
            ids.AddRange(Resources(page).Select(o => (string)o["id"]!));
            next = page["link"]!.AsArray().FirstOrDefault(l => (string?)l!["relation"] == "next")?["url"] is { } url ? new Uri((string)url!).PathAndQuery : null;
        }
        Assert.Equal(13, ids.Distinct().Count());
        Assert.Equal(13, ids.Count);
        Assert.Contains(await App.AuditEntriesAsync(), e => e.Action == AuditActions.MeasureRead && e.PatientId == patient
            && e.Detail!.StartsWith("FHIR search", StringComparison.Ordinal) && e.Detail.Contains($"vs-hr-{scenario.IrisVitals[0].Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_an_adverse_event_updated_once_When_read_Then_the_AdverseEvent_is_its_current_state_version_2_coded_in_SNOMED_and_R4s_code_systems()
    {
        var api = await scenario.ApiAsync();
        var (first, update) = (scenario.IrisNausea[0], scenario.IrisNausea[1]);

        var response = await api.GetAsync($"/fhir/AdverseEvent/{first.Id}");
        var adverse = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((first.Id, first.Id), (update.SupersedesId, update.EventId));
        Assert.Equal(("AdverseEvent", first.Id.ToString(), "actual"), ((string?)adverse["resourceType"], (string?)adverse["id"], (string?)adverse["actuality"]));
        Assert.Equal("2", (string?)adverse["meta"]!["versionId"]);
        Assert.Equal("W/\"2\"", response.Headers.ETag?.ToString());
        Assert.Equal([("http://snomed.info/sct", "422587007"), ("urn:kapcare:adverse-event", "nausea")], Codes(adverse["event"]));
        Assert.Equal($"Patient/{scenario.Iris}", (string?)adverse["subject"]!["reference"]);
        Assert.Equal($"Encounter/{scenario.IrisSession.Id}", (string?)adverse["encounter"]!["reference"]);
        Assert.Equal([("http://terminology.hl7.org/CodeSystem/adverse-event-outcome", "resolved")], Codes(adverse["outcome"]));
        Assert.Equal([("http://terminology.hl7.org/CodeSystem/adverse-event-severity", "mild")], Codes(adverse["severity"]));
        Assert.Equal([("http://terminology.hl7.org/CodeSystem/adverse-event-seriousness", "non-serious")], Codes(adverse["seriousness"]));
        // It began 20 minutes into the infusion and was first recorded then; the update changed its outcome, not its start.
        Assert.Equal(Utc(first.OnsetAt), Instant(adverse["date"]));
        Assert.InRange(Instant(adverse["date"]) - Utc(scenario.IrisDose.StartedAt), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(21));
        Assert.Equal(Utc(first.RecordedAt), Instant(adverse["recordedDate"]));
        Assert.Equal($"MedicationAdministration/{scenario.IrisDose.Id}", (string?)Assert.Single(adverse["suspectEntity"]!.AsArray())!["instance"]!["reference"]);
        Assert.Contains("settled after ondansetron", (string?)adverse["text"]!["div"], StringComparison.Ordinal);

        // The superseded record is no resource of its own: the event is one AdverseEvent.
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/AdverseEvent/{update.Id}"), HttpStatusCode.NotFound, "not-found");
        Assert.Contains(await App.AuditEntriesAsync(), e => e.Action == AuditActions.PatientRead && e.ResourceType == "AdverseEvent"
            && e.ResourceId == first.Id.ToString() && e.PatientId == scenario.Iris && e.Channel == "api");
    }

    [Fact]
    public async Task Given_adverse_events_When_searching_by_subject_date_severity_and_seriousness_Then_each_event_is_found_once()
    {
        var api = await scenario.ApiAsync();
        var id = scenario.IrisNausea[0].Id.ToString();
        var day = LocalDay(scenario.IrisNausea[0].OnsetAt);

        async Task<List<string?>> IdsAsync(string query) => [.. Resources(await SearchAsync(api, $"/fhir/AdverseEvent?{query}")).Select(r => (string?)r["id"])];

        Assert.Equal([id], await IdsAsync($"subject={scenario.Iris}"));
        Assert.Equal([id], await IdsAsync($"patient=Patient/{scenario.Iris}"));
        Assert.Empty(await IdsAsync($"subject={scenario.Jon}"));
        Assert.Equal([id], await IdsAsync($"subject={scenario.Iris}&date=ge{day}&date=le{day}"));
        Assert.Empty(await IdsAsync($"subject={scenario.Iris}&date=gt{day}"));
        Assert.Equal([id], await IdsAsync($"subject={scenario.Iris}&severity=mild&seriousness=non-serious"));
        Assert.Empty(await IdsAsync($"subject={scenario.Iris}&severity=moderate,severe"));
        Assert.Empty(await IdsAsync($"subject={scenario.Iris}&seriousness=serious"));
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/AdverseEvent?subject={scenario.Iris}&severity=grave"), HttpStatusCode.BadRequest, "invalid");
        Assert.Contains(await App.AuditEntriesAsync(), e => e.Action == AuditActions.PatientRead && e.ResourceType == "AdverseEvent" && e.PatientId == scenario.Iris
            && e.Detail!.StartsWith("FHIR search", StringComparison.Ordinal) && e.Detail.Contains(id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Encounter")]
    [InlineData("MedicationAdministration")]
    [InlineData("AdverseEvent")]
    [InlineData("Observation")]
    public async Task Given_an_id_that_names_no_resource_of_the_type_When_read_Then_404(string type)
    {
        var api = await scenario.ApiAsync();

        // Another resource's id (the patient's), a forged id, and a word.
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/{type}/{scenario.Iris}"), HttpStatusCode.NotFound, "not-found");
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/{type}/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not-found");
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/{type}/not-an-id"), HttpStatusCode.NotFound, "not-found");
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/{type}/vs-bp-{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not-found");
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/{type}/vs-xx-{scenario.IrisVitals[0].Id}"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Given_another_resources_id_When_read_as_an_Encounter_or_a_dose_Then_404()
    {
        var api = await scenario.ApiAsync();

        await AssertOutcomeAsync(await api.GetAsync($"/fhir/Encounter/{scenario.IrisDose.Id}"), HttpStatusCode.NotFound, "not-found");
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/MedicationAdministration/{scenario.IrisSession.Id}"), HttpStatusCode.NotFound, "not-found");
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/AdverseEvent/{scenario.IrisSession.Id}"), HttpStatusCode.NotFound, "not-found");
        await AssertOutcomeAsync(await api.GetAsync($"/fhir/Observation/{scenario.IrisVitals[0].Id}"), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("Encounter")]
    [InlineData("MedicationAdministration")]
    [InlineData("AdverseEvent")]
    public async Task Given_no_token_When_reading_a_session_resource_Then_401(string type)
    {
        var client = App.CreateApiClient(null);

        await AssertOutcomeAsync(await client.GetAsync($"/fhir/{type}?patient={scenario.Iris}"), HttpStatusCode.Unauthorized, "login");
        await AssertOutcomeAsync(await client.GetAsync($"/fhir/{type}/{scenario.IrisSession.Id}"), HttpStatusCode.Unauthorized, "login");
    }

    [Theory]
    [InlineData("Encounter")]
    [InlineData("MedicationAdministration")]
    [InlineData("AdverseEvent")]
    public async Task Given_a_token_without_the_resources_scope_When_reading_Then_403_naming_the_scope_and_the_refusal_is_audited(string type)
    {
        var ids = new Dictionary<string, string>
        {
            ["Encounter"] = scenario.IrisSession.Id.ToString(), ["MedicationAdministration"] = scenario.IrisDose.Id.ToString(), ["AdverseEvent"] = scenario.IrisNausea[0].Id.ToString(),
        };
        var others = string.Join(' ', ids.Keys.Where(k => k != type).Select(k => $"user/{k}.read"));
        var client = await scenario.ApiAsync($"user/Patient.read user/Observation.read user/{type}.write {others}");

        var outcome = await AssertOutcomeAsync(await client.GetAsync($"/fhir/{type}/{ids[type]}"), HttpStatusCode.Forbidden, "forbidden");
        await AssertOutcomeAsync(await client.GetAsync($"/fhir/{type}?patient={scenario.Iris}"), HttpStatusCode.Forbidden, "forbidden");

        Assert.Contains($"user/{type}.read", Diagnostics(outcome), StringComparison.Ordinal);
        Assert.Contains(await App.AuditEntriesAsync(), e => e.Action == AuditActions.AccessDenied && e.ResourceType == type && e.ResourceId == ids[type] && e.Outcome == AuditOutcome.Denied);
        // The other session resources are in its scopes: the same token reads them.
        foreach (var other in ids.Keys.Where(k => k != type))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/fhir/{other}/{ids[other]}")).StatusCode);
        var reader = await scenario.ApiAsync($"user/{type}.read");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/fhir/{type}/{ids[type]}")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Researcher)]
    [InlineData(Roles.Patient)]
    public async Task Given_a_role_without_clinical_read_and_every_scope_When_reading_session_resources_Then_403(string role)
    {
        var client = App.CreateApiClient(await App.CreateTokenAsync(role, "user/*.*"));

        foreach (var path in new[]
        {
            $"/fhir/Encounter/{scenario.IrisSession.Id}", $"/fhir/Encounter?patient={scenario.Iris}",
            $"/fhir/MedicationAdministration/{scenario.IrisDose.Id}", $"/fhir/MedicationAdministration?patient={scenario.Iris}",
            $"/fhir/AdverseEvent/{scenario.IrisNausea[0].Id}", $"/fhir/AdverseEvent?subject={scenario.Iris}",
            $"/fhir/Observation/vs-bp-{scenario.IrisVitals[0].Id}", $"/fhir/Observation?patient={scenario.Iris}&category=vital-signs",
        })
            await AssertOutcomeAsync(await client.GetAsync(path), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Given_no_token_When_metadata_is_read_Then_the_session_resources_are_listed_with_their_search_parameters()
    {
        var statement = await JsonAsync(await App.CreateApiClient(null).GetAsync("/fhir/metadata"));

        var resources = statement["rest"]![0]!["resource"]!.AsArray().ToDictionary(r => (string)r!["type"]!, r => r!);
        Dictionary<string, string?> Parameters(string type) => resources[type]["searchParam"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (string?)p!["type"]);
        foreach (var type in new[] { "Encounter", "MedicationAdministration", "AdverseEvent" })
            Assert.Equal(["read", "search-type"], resources[type]["interaction"]!.AsArray().Select(i => (string?)i!["code"]).Order());
        Assert.Equal(("reference", "date", "token"), (Parameters("Encounter")["patient"], Parameters("Encounter")["date"], Parameters("Encounter")["status"]));
        Assert.Equal(("reference", "reference", "date"),
            (Parameters("MedicationAdministration")["patient"], Parameters("MedicationAdministration")["context"], Parameters("MedicationAdministration")["effective-time"]));
        Assert.Equal(("reference", "date", "token"), (Parameters("AdverseEvent")["subject"], Parameters("AdverseEvent")["date"], Parameters("AdverseEvent")["severity"]));
        Assert.Equal(("token", "reference"), (Parameters("Observation")["category"], Parameters("Observation")["encounter"]));
        Assert.Contains("vital-signs", (string?)resources["Observation"]["documentation"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_every_kind_of_session_resource_When_validated_against_the_HL7_R4_schema_Then_none_has_errors()
    {
        var api = await scenario.ApiAsync();
        var row = scenario.IrisVitals[1].Id;

        var emitted = new JsonArray
        {
            await JsonAsync(await api.GetAsync($"/fhir/Encounter/{scenario.IrisSession.Id}")),
            await JsonAsync(await api.GetAsync($"/fhir/Encounter/{scenario.JonSession.Id}")),
            await JsonAsync(await api.GetAsync($"/fhir/Encounter/{scenario.KaiSession.Id}")),
            await JsonAsync(await api.GetAsync($"/fhir/Encounter?patient={scenario.Iris},{scenario.Jon},{scenario.Kai}&_count=2")),
            await JsonAsync(await api.GetAsync($"/fhir/MedicationAdministration/{scenario.IrisDose.Id}")),
            await JsonAsync(await api.GetAsync($"/fhir/MedicationAdministration/{scenario.JonDose.Id}")),
            await JsonAsync(await api.GetAsync($"/fhir/MedicationAdministration?patient={scenario.Iris},{scenario.Jon}")),
            await JsonAsync(await api.GetAsync($"/fhir/Observation/vs-bp-{row}")),
            await JsonAsync(await api.GetAsync($"/fhir/Observation/vs-hr-{row}")),
            await JsonAsync(await api.GetAsync($"/fhir/Observation/vs-spo2-{row}")),
            await JsonAsync(await api.GetAsync($"/fhir/Observation/vs-rr-{row}")),
            await JsonAsync(await api.GetAsync($"/fhir/Observation?patient={scenario.Iris}&_count=6&_offset=3")),
            await JsonAsync(await api.GetAsync($"/fhir/AdverseEvent/{scenario.IrisNausea[0].Id}")),
            await JsonAsync(await api.GetAsync($"/fhir/AdverseEvent?subject={scenario.Iris}")),
            await JsonAsync(await api.GetAsync($"/fhir/AdverseEvent/{Guid.NewGuid()}")),
            await JsonAsync(await api.GetAsync($"/fhir/Encounter?status=noshow")),
            await JsonAsync(await api.GetAsync("/fhir/metadata")),
        };

        var results = await FhirSchemaConformanceTests.ValidateAsync(emitted);

        Assert.Equal(["Encounter", "Encounter", "Encounter", "Bundle", "MedicationAdministration", "MedicationAdministration", "Bundle",
            "Observation", "Observation", "Observation", "Observation", "Bundle", "AdverseEvent", "Bundle", "OperationOutcome", "OperationOutcome", "CapabilityStatement"],
            results.Select(r => (string?)r!["resourceType"]));
        Assert.Equal([3, 2, 13, 1], new[] { emitted[3], emitted[6], emitted[11], emitted[13] }.Select(b => (int)b!["total"]!));
        var errors = results.SelectMany(r => r!["errors"]!.AsArray().Select(e => (string?)e)).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    private static readonly TimeZoneInfo ClinicZone = TimeZoneInfo.FindSystemTimeZoneById(new Web.Infrastructure.ClinicOptions().TimeZone);

    /// <summary>The clinic's calendar day of an instant, as a FHIR date: the day a date search without a time names.</summary>
    private static string LocalDay(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ClinicZone)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant as FHIR writes it (to the millisecond), for comparison with a stored UTC time.</summary>
    private static DateTimeOffset Utc(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).AddTicks(-(utc.Ticks % TimeSpan.TicksPerMillisecond));

    private static DateTimeOffset Instant(JsonNode? value)
    {
        var text = (string?)value;
        Assert.NotNull(text);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", text);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
    }

    private static (decimal? Value, string? Unit, string? System, string? Code) Quantity(JsonNode? quantity) =>
        ((decimal?)quantity?["value"], (string?)quantity?["unit"], (string?)quantity?["system"], (string?)quantity?["code"]);

    private static List<(string? System, string Code)> Codes(JsonNode? concept) =>
        [.. concept!["coding"]!.AsArray().Select(c => ((string?)c!["system"], (string)c["code"]!))];
}
