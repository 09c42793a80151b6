using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Plans;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Eligibility;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using KapCare.Web.Fhir;
using KapCare.Web.Infrastructure;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KapCare.Web.Tests.Fhir.FhirMeasures;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

/// <summary>
/// Treatment plans over FHIR as CarePlan (issue 5, item 2): one resource per plan version, read and searched with the same
/// role and scope rules as the other patient data. Expected values come from the plan as KapCare stored it and from the R4
/// spec (CarePlan.status and activity.detail.status value sets), checked against HL7's schema.
/// </summary>
public sealed class CarePlanTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    private const string Prescriber = "Dr Maya Okafor";
    private const string Therapist = "Jonas Berg";

    [Fact]
    public async Task Given_a_signed_plan_When_read_Then_it_is_an_active_CarePlan_with_one_appointment_per_session_on_its_dates()
    {
        var api = await ApiAsync();
        var patient = await NewPatientIdAsync(api);
        var draft = await DraftAsync(patient, ProtocolTemplates.IvInduction);
        await ChooseModalitiesAsync(draft.Id, [Modality.Emdr, Modality.Cbt], "Start with CBT for worry; EMDR once stable.");
        var signed = await SignAsync(draft.Id);

        var response = await api.GetAsync($"/fhir/CarePlan/{signed.Id}");
        var plan = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"W/\"{signed.Version}\"", response.Headers.ETag?.ToString());
        Assert.Equal(("CarePlan", signed.Id.ToString(), "active", "plan"), ((string?)plan["resourceType"], (string?)plan["id"], (string?)plan["status"], (string?)plan["intent"]));
        Assert.Equal(signed.Version.ToString(CultureInfo.InvariantCulture), (string?)plan["meta"]!["versionId"]);
        Assert.Equal("IV induction v1", (string?)plan["title"]);
        Assert.Equal($"Patient/{patient}", (string?)plan["subject"]!["reference"]);
        Assert.Equal("Ketamine-assisted therapy", (string?)plan["category"]![0]!["text"]);
        Assert.Equal(Prescriber, (string?)plan["author"]!["display"]);
        // Only a prescriber drafts dosing (issue 9, item 1): the author built and signed it, so there is no other contributor.
        Assert.Null(plan["contributor"]);
        Assert.Null(plan["replaces"]);
        var description = (string?)plan["description"];
        Assert.Contains("IV infusion over 40 min", description, StringComparison.Ordinal);
        Assert.Contains("0.5 mg/kg", description, StringComparison.Ordinal);

        var sessions = signed.Sessions;
        Assert.Equal(Date(sessions.Min(s => s.Date)), (string?)plan["period"]!["start"]);
        Assert.Equal(Date(sessions.Max(s => s.Date)), (string?)plan["period"]!["end"]);
        var details = Details(plan);
        var appointments = details.Where(d => (string?)d["kind"] == "Appointment").ToList();
        Assert.Equal(sessions.Count, appointments.Count);
        Assert.Equal(sessions.Select(s => Date(s.Date)), appointments.Select(a => (string?)a["scheduledPeriod"]!["start"]));
        Assert.Equal(sessions.Select(s => Date(s.Date)), appointments.Select(a => (string?)a["scheduledPeriod"]!["end"]));
        Assert.Equal(sessions.Select(s => s.Purpose), appointments.Select(a => (string?)a["description"]));
        // Every session is still ahead, and a signed plan fixes its date.
        Assert.All(appointments, a => Assert.Equal("scheduled", (string?)a["status"]));
        Assert.Equal("Preparation", (string?)appointments[0]["code"]!["text"]);
        Assert.Equal(["Dosing session 1", "Integration after dosing session 1"], appointments.Skip(1).Take(2).Select(a => (string?)a["code"]!["text"]));
        Assert.Equal("Follow-up", (string?)appointments[^1]["code"]!["text"]);

        var dosing = appointments.Where(a => a["productCodeableConcept"] is not null).ToList();
        Assert.Equal(sessions.Count(s => s.Kind == SessionKind.Dosing), dosing.Count);
        Assert.All(dosing, d =>
        {
            Assert.Equal("Ketamine", (string?)d["productCodeableConcept"]!["text"]);
            // A mg/kg dose is no amount until the patient is weighed on the day: it stays in words.
            Assert.Null(d["dailyAmount"]);
            Assert.Contains("0.5 mg/kg", (string?)d["description"], StringComparison.Ordinal);
        });

        var modalities = details.Where(d => (string?)d["kind"] == "ServiceRequest").ToList();
        Assert.Equal(["CBT", "EMDR"], modalities.Select(m => (string?)m["code"]!["text"]).Order(StringComparer.Ordinal));
        var integration = sessions.Where(s => s.Kind == SessionKind.Integration).Select(s => s.Date).ToList();
        Assert.All(modalities, m =>
        {
            Assert.Equal("scheduled", (string?)m["status"]);
            Assert.Equal(Date(integration.Min()), (string?)m["scheduledPeriod"]!["start"]);
            Assert.Equal(Date(integration.Max()), (string?)m["scheduledPeriod"]!["end"]);
        });
        Assert.Equal(sessions.Count + 2, plan["activity"]!.AsArray().Count);

        var notes = plan["note"]!.AsArray().Select(n => (string?)n!["text"]).ToList();
        Assert.Contains(notes, n => n!.StartsWith("Stop/continue: after 3 dosing sessions, GAD-7", StringComparison.Ordinal));
        Assert.Contains(notes, n => n!.StartsWith("Stop/continue: after 6 dosing sessions", StringComparison.Ordinal));
        Assert.Contains(notes, n => n!.StartsWith("Measurement plan: ", StringComparison.Ordinal));
        Assert.Contains("Modalities: Start with CBT for worry; EMDR once stable.", notes);

        Assert.Contains(await app.AuditEntriesAsync(), e => e.Action == AuditActions.PlanRead && e.ResourceType == "CarePlan"
            && e.ResourceId == signed.Id.ToString() && e.PatientId == Guid.Parse(patient) && e.Channel == "api");
    }

    [Fact]
    public async Task Given_a_signed_plan_revised_and_signed_again_When_both_are_read_Then_the_new_one_is_active_and_replaces_the_old_one_which_is_revoked()
    {
        var api = await ApiAsync();
        var patient = await NewPatientIdAsync(api);
        var v1 = await SignAsync((await DraftAsync(patient, ProtocolTemplates.IvInduction)).Id);
        var revision = await ReviseAsync(v1.Id, v1.FirstDosingDate.AddDays(7));

        var draft = await JsonAsync(await api.GetAsync($"/fhir/CarePlan/{revision.Id}"));
        Assert.Equal(("draft", "IV induction v2"), ((string?)draft["status"], (string?)draft["title"]));
        // Not signed yet: nothing is replaced, the author is whoever built it, and no session is authorised.
        Assert.Null(draft["replaces"]);
        Assert.Equal(Prescriber, (string?)draft["author"]!["display"]);
        Assert.All(Details(draft), d => Assert.Equal("not-started", (string?)d["status"]));
        Assert.Contains(draft["note"]!.AsArray(), n => (string?)n!["text"] == "Revision of v1.");
        Assert.Equal("active", (string?)(await JsonAsync(await api.GetAsync($"/fhir/CarePlan/{v1.Id}")))["status"]);

        var v2 = await SignAsync(revision.Id);

        var current = await JsonAsync(await api.GetAsync($"/fhir/CarePlan/{v2.Id}"));
        var old = await JsonAsync(await api.GetAsync($"/fhir/CarePlan/{v1.Id}"));
        Assert.Equal("active", (string?)current["status"]);
        Assert.Equal([$"CarePlan/{v1.Id}"], current["replaces"]!.AsArray().Select(r => (string?)r!["reference"]));
        Assert.Equal(Date(v2.Sessions.Min(s => s.Date)), (string?)current["period"]!["start"]);
        Assert.Equal("revoked", (string?)old["status"]);
        Assert.Null(old["replaces"]);
        // The old version's sessions still ahead are withdrawn: the new version carries its own.
        Assert.All(Details(old), d => Assert.Equal("cancelled", (string?)d["status"]));
        Assert.Equal(v1.Sessions.Count, Details(old).Count);
    }

    [Fact]
    public async Task Given_an_esketamine_plan_When_read_Then_dosing_sessions_carry_Esketamine_and_the_fixed_dose_as_a_daily_amount_in_mg()
    {
        var api = await ApiAsync();
        var patient = await NewPatientIdAsync(api);
        var signed = await SignAsync((await DraftAsync(patient, ProtocolTemplates.Esketamine)).Id);

        var plan = await JsonAsync(await api.GetAsync($"/fhir/CarePlan/{signed.Id}"));

        var dosing = signed.Sessions.Where(s => s.Kind == SessionKind.Dosing).ToList();
        var products = Details(plan).Where(d => d["productCodeableConcept"] is not null).ToList();
        Assert.Equal(dosing.Count, products.Count);
        Assert.Equal(Enumerable.Range(1, dosing.Count).Select(n => $"Dosing session {n}"), products.Select(p => (string?)p["code"]!["text"]));
        Assert.All(products, p => Assert.Equal("Esketamine", (string?)p["productCodeableConcept"]!["text"]));
        Assert.Equal(dosing.Select(s => s.Dose!.FixedMg), products.Select(p => (decimal?)p["dailyAmount"]!["value"]));
        Assert.All(products, p => Assert.Equal(("mg", "http://unitsofmeasure.org", "mg"),
            ((string?)p["dailyAmount"]!["unit"], (string?)p["dailyAmount"]!["system"], (string?)p["dailyAmount"]!["code"])));
        Assert.Contains("Intranasal esketamine", (string?)plan["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_signed_plan_whose_sessions_are_past_When_mapped_Then_their_status_is_unknown_never_completed()
    {
        var api = await ApiAsync();
        var patient = await NewPatientIdAsync(api);
        var v1 = await SignAsync((await DraftAsync(patient, ProtocolTemplates.ImSeries)).Id);
        var later = v1.Sessions.Max(s => s.Date).AddDays(1);

        // KapCare does not record yet whether a planned session took place, so a past one cannot be claimed completed.
        var plan = CarePlanMapping.ToFhir(v1, [], later);

        Assert.All(plan.Activity!, a => Assert.Equal("unknown", a.Detail!.Status));
        var midway = v1.Sessions.Single(s => s.Kind == SessionKind.Dosing && s.DosingNumber == 3).Date;
        var statuses = CarePlanMapping.ToFhir(v1, [], midway).Activity!.Select(a => (a.Detail!.ScheduledPeriod!.Start, a.Detail.Status)).ToList();
        Assert.All(statuses, s => Assert.Equal(string.CompareOrdinal(s.Start, Date(midway)) >= 0 ? "scheduled" : "unknown", s.Status));
    }

    [Fact]
    public async Task Given_plans_of_two_patients_When_searching_by_patient_and_status_Then_only_the_matching_versions_are_returned_and_paged()
    {
        var api = await ApiAsync();
        var patient = await NewPatientIdAsync(api);
        var other = await NewPatientIdAsync(api);
        var v1 = await SignAsync((await DraftAsync(patient, ProtocolTemplates.IvInduction)).Id);
        var v2 = await SignAsync((await ReviseAsync(v1.Id, v1.FirstDosingDate.AddDays(3))).Id);
        var v3 = await ReviseAsync(v2.Id, v2.FirstDosingDate.AddDays(3));
        var elsewhere = await SignAsync((await DraftAsync(other, ProtocolTemplates.ImSeries)).Id);

        async Task<List<string?>> IdsAsync(string query) =>
            [.. Resources(await SearchAsync(api, $"/fhir/CarePlan?{query}")).Select(r => (string?)r["id"])];

        Assert.Equal([v3.Id.ToString(), v2.Id.ToString(), v1.Id.ToString()], await IdsAsync($"patient={patient}"));
        Assert.Equal([v2.Id.ToString()], await IdsAsync($"patient=Patient/{patient}&status=active"));
        Assert.Equal([v1.Id.ToString()], await IdsAsync($"patient={patient}&status=revoked"));
        Assert.Equal([v3.Id.ToString(), v2.Id.ToString()], await IdsAsync($"patient={patient}&status=draft,active"));
        Assert.Empty(await IdsAsync($"patient={patient}&status=completed"));
        Assert.Equal([elsewhere.Id.ToString()], await IdsAsync($"patient={other}&status=http://hl7.org/fhir/request-status|active"));
        Assert.Empty(await IdsAsync($"patient={Guid.NewGuid()}"));

        var page = await SearchAsync(api, $"/fhir/CarePlan?patient={patient}&_count=2");
        Assert.Equal(3, (int)page["total"]!);
        Assert.Equal(2, Resources(page).Count);
        var next = (string)page["link"]!.AsArray().Single(l => (string?)l!["relation"] == "next")!["url"]!;
        Assert.Contains("_offset=2", next, StringComparison.Ordinal);
        Assert.Equal([v1.Id.ToString()], Resources(await SearchAsync(api, new Uri(next).PathAndQuery)).Select(r => (string?)r["id"]));

        var bad = await AssertOutcomeAsync(await api.GetAsync($"/fhir/CarePlan?patient={patient}&status=superseded"), HttpStatusCode.BadRequest, "invalid");
        Assert.Contains("revoked", Diagnostics(bad), StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), e => e.Action == AuditActions.PlanRead && e.ResourceType == "CarePlan" && e.PatientId == Guid.Parse(patient)
            && e.Detail!.StartsWith("FHIR search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_an_unknown_id_When_read_Then_404_OperationOutcome()
    {
        var api = await ApiAsync();

        var outcome = await AssertOutcomeAsync(await api.GetAsync($"/fhir/CarePlan/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not-found");
        await AssertOutcomeAsync(await api.GetAsync("/fhir/CarePlan/not-a-plan"), HttpStatusCode.NotFound, "not-found");

        Assert.Contains("no care plan", Diagnostics(outcome), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_no_token_When_reading_care_plans_Then_401_OperationOutcome()
    {
        var client = app.CreateApiClient(null);

        await AssertOutcomeAsync(await client.GetAsync("/fhir/CarePlan"), HttpStatusCode.Unauthorized, "login");
        await AssertOutcomeAsync(await client.GetAsync($"/fhir/CarePlan/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized, "login");
    }

    [Fact]
    public async Task Given_a_researcher_token_with_every_scope_When_reading_care_plans_Then_403_and_audited()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Researcher, "user/*.*"));

        await AssertOutcomeAsync(await client.GetAsync("/fhir/CarePlan"), HttpStatusCode.Forbidden, "forbidden");
        await AssertOutcomeAsync(await client.GetAsync($"/fhir/CarePlan/{Guid.NewGuid()}"), HttpStatusCode.Forbidden, "forbidden");

        Assert.Contains(await app.AuditEntriesAsync(), e => e.Action == AuditActions.AccessDenied && e.ResourceType == "CarePlan" && e.Outcome == AuditOutcome.Denied);
    }

    [Fact]
    public async Task Given_a_token_without_the_CarePlan_scope_When_reading_a_plan_Then_403_naming_the_scope()
    {
        var api = await ApiAsync();
        var patient = await NewPatientIdAsync(api);
        var signed = await SignAsync((await DraftAsync(patient, ProtocolTemplates.IvInduction)).Id);
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/Patient.read user/Consent.read user/CarePlan.write"));

        var outcome = await AssertOutcomeAsync(await client.GetAsync($"/fhir/CarePlan/{signed.Id}"), HttpStatusCode.Forbidden, "forbidden");
        await AssertOutcomeAsync(await client.GetAsync($"/fhir/CarePlan?patient={patient}"), HttpStatusCode.Forbidden, "forbidden");

        Assert.Contains("user/CarePlan.read", Diagnostics(outcome), StringComparison.Ordinal);
        var reader = app.CreateApiClient(await app.CreateTokenAsync(Roles.Therapist, "user/CarePlan.read"));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/fhir/CarePlan/{signed.Id}")).StatusCode);
    }

    [Fact]
    public async Task Given_every_kind_of_CarePlan_response_When_validated_against_the_HL7_R4_schema_Then_none_has_errors()
    {
        var api = await ApiAsync();
        var patient = await NewPatientIdAsync(api);
        var draft = await DraftAsync(patient, ProtocolTemplates.IvInduction);
        await ChooseModalitiesAsync(draft.Id, [Modality.Ifs, Modality.Somatic], "Parts work first.");
        var v1 = await SignAsync(draft.Id);
        var v2 = await SignAsync((await ReviseAsync(v1.Id, v1.FirstDosingDate.AddDays(2))).Id);
        var v3 = await ReviseAsync(v2.Id, v2.FirstDosingDate.AddDays(2));
        var esketamine = await SignAsync((await DraftAsync(await NewPatientIdAsync(api), ProtocolTemplates.Esketamine)).Id);

        var emitted = new JsonArray
        {
            await JsonAsync(await api.GetAsync($"/fhir/CarePlan/{v1.Id}")),
            await JsonAsync(await api.GetAsync($"/fhir/CarePlan/{v2.Id}")),
            await JsonAsync(await api.GetAsync($"/fhir/CarePlan/{v3.Id}")),
            await JsonAsync(await api.GetAsync($"/fhir/CarePlan/{esketamine.Id}")),
            await JsonAsync(await api.GetAsync($"/fhir/CarePlan?patient={patient}&_count=2")),
            await JsonAsync(await api.GetAsync($"/fhir/CarePlan/{Guid.NewGuid()}")),
            await JsonAsync(await api.GetAsync($"/fhir/CarePlan?status=superseded")),
            await JsonAsync(await api.GetAsync("/fhir/metadata")),
            // Past sessions (status unknown) are only reachable through the mapping until a clock can be moved in tests.
            JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(CarePlanMapping.ToFhir(v1, [], v1.Sessions.Max(s => s.Date).AddDays(1)), global::KapCare.Web.Fhir.FhirJson.Options))!,
        };

        var results = await FhirSchemaConformanceTests.ValidateAsync(emitted);

        Assert.Equal(["CarePlan", "CarePlan", "CarePlan", "CarePlan", "Bundle", "OperationOutcome", "OperationOutcome", "CapabilityStatement", "CarePlan"],
            results.Select(r => (string?)r!["resourceType"]));
        Assert.Equal(["revoked", "active", "draft", "active"], emitted.Take(4).Select(r => (string?)r!["status"]));
        Assert.Equal(3, (int)emitted[4]!["total"]!);
        var errors = results.SelectMany(r => r!["errors"]!.AsArray().Select(e => (string?)e)).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    private async Task<HttpClient> ApiAsync() =>
        app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/Patient.* user/CarePlan.read"));

    private static List<JsonObject> Details(JsonObject plan) => [.. plan["activity"]!.AsArray().Select(a => a!["detail"]!.AsObject())];

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<ClaimsPrincipal> PrincipalAsync(string role, string name)
    {
        var user = await app.CreateUserAsync($"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@clinic.test", role, name);
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Email, user.Email!), new Claim(ClaimTypes.Role, role),
            new Claim(KapCareClaimsFactory.DisplayNameClaim, name),
        ], "test"));
    }

    private Task<ClaimsPrincipal> PrescriberAsync() => PrincipalAsync(Roles.Prescriber, Prescriber);

    private Task<ClaimsPrincipal> TherapistAsync() => PrincipalAsync(Roles.Therapist, Therapist);

    /// <summary>A plan needs an approval first: the prescriber approves a patient with unremarkable facts.</summary>
    private async Task<TreatmentPlanRecord> DraftAsync(string patientId, string templateId, ClaimsPrincipal? creator = null)
    {
        var patient = Guid.Parse(patientId);
        var prescriber = await PrescriberAsync();
        var facts = new IntakeFacts
        {
            SystolicMmHg = 124, DiastolicMmHg = 78, WeightKg = 70m, HeightCm = 170m, SuicideRisk = CssrsRiskLevel.Low,
            SupportPerson = YesNoUnknown.Yes, TransportHome = YesNoUnknown.Yes,
        };
        var decision = await app.WithServicesAsync(s => s.GetRequiredService<RecordEligibilityDecision>()
            .HandleAsync(patient, facts, "{}", approve: true, "Reviewed intake and history with the patient.", [], null, prescriber));
        Assert.IsType<DecisionResult.Recorded>(decision);
        // The weight doses are calculated from, recorded by the prescriber (signing re-runs the calculator on every planned dose).
        await app.WithServicesAsync(s => s.GetRequiredService<Features.Intake.IntakeService>().SaveSectionAsync(patient, KapCare.Clinical.Intake.IntakeSectionId.Medical,
            new KapCare.Clinical.Intake.IntakeForm { Medical = new() { WeightKg = 70m, HeightCm = 170m } }, prescriber));
        var result = await app.WithServicesAsync(s => s.GetRequiredService<TreatmentPlans>()
            .CreateDraftAsync(patient, templateId, new PlanAdjustments(s.GetRequiredService<ClinicClock>().Today.AddDays(7)), creator ?? prescriber));
        return Assert.IsType<PlanResult.Done>(result).Plan;
    }

    private async Task ChooseModalitiesAsync(Guid planId, Modality[] accepted, string note)
    {
        var therapist = await TherapistAsync();
        var result = await app.WithServicesAsync(s => s.GetRequiredService<TreatmentPlans>().ChooseModalitiesAsync(planId, accepted.ToHashSet(), note, therapist));
        Assert.IsType<PlanResult.Done>(result);
    }

    private async Task<TreatmentPlanRecord> SignAsync(Guid planId)
    {
        var prescriber = await PrescriberAsync();
        var result = await app.WithServicesAsync(s => s.GetRequiredService<TreatmentPlans>().SignAsync(planId, prescriber, acknowledged: true, PlanDosing.CoSignInput.None));
        return Assert.IsType<PlanResult.Done>(result).Plan;
    }

    private async Task<TreatmentPlanRecord> ReviseAsync(Guid planId, DateOnly firstDosingDate)
    {
        var prescriber = await PrescriberAsync();
        var result = await app.WithServicesAsync(s => s.GetRequiredService<TreatmentPlans>().ReviseAsync(planId, new PlanAdjustments(firstDosingDate), prescriber));
        return Assert.IsType<PlanResult.Done>(result).Plan;
    }
}
