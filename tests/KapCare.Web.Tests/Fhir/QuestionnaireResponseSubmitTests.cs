using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Fhir.FhirMeasures;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Fhir;

/// <summary>
/// A form answered elsewhere arrives as a FHIR QuestionnaireResponse coded the LOINC way and leaves as a scored
/// Observation. Totals and bands are computed here by hand from the answers sent and the cut-offs in REFERENCE.md §1.
/// </summary>
public sealed class QuestionnaireResponseSubmitTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    private async Task<HttpClient> ClientAsync() => app.CreateApiClient(await app.CreateTokenAsync(Roles.Nurse, "user/*.*"));

    private Task<(int Responses, int Observations, int Alerts)> StoredAsync(string patientId)
    {
        var id = Guid.Parse(patientId);
        return app.WithDbAsync(async db => (
            await db.QuestionnaireResponses.CountAsync(r => r.PatientId == id),
            await db.ScoreObservations.CountAsync(o => o.PatientId == id),
            await db.SafetyAlerts.CountAsync(a => a.PatientId == id)));
    }

    [Fact]
    public async Task Given_a_GAD7_with_LOINC_linkIds_and_answer_codes_When_submitted_Then_201_and_an_Observation_70274_6_with_the_hand_computed_total_and_band()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        // 2 + 3 + 1 + 2 + 0 + 1 + 3 = 12: "moderate" (10–14, Spitzer et al. 2006).
        int[] scores = [2, 3, 1, 2, 0, 1, 3];
        var sent = Response("http://loinc.org/q/69737-5", patient, LoincItems(Gad7Items, scores), authored: "2026-11-20T09:30:00-06:00");

        var (created, http) = await SubmitAsync(client, sent);

        var id = (string)created["id"]!;
        Assert.Equal($"/fhir/QuestionnaireResponse/{id}/_history/1", http.Headers.Location!.AbsolutePath);
        Assert.Equal("W/\"1\"", http.Headers.ETag?.ToString());
        Assert.Equal(FhirJson, http.Content.Headers.ContentType?.MediaType);
        Assert.Equal("QuestionnaireResponse", (string?)created["resourceType"]);
        Assert.Equal("completed", (string?)created["status"]);
        Assert.Equal($"{KapCareCanonicalBase}/gad-7", (string?)created["questionnaire"]);
        Assert.Equal($"Patient/{patient}", (string?)created["subject"]!["reference"]);
        Assert.Equal(new DateTime(2026, 11, 20, 15, 30, 0, DateTimeKind.Utc),
            DateTimeOffset.Parse((string)created["authored"]!, CultureInfo.InvariantCulture).UtcDateTime);

        // Read back: KapCare's linkIds, each answer the option's code with its score as ordinalValue.
        var read = await JsonAsync(await client.GetAsync($"/fhir/QuestionnaireResponse/{id}"));
        Assert.True(JsonNode.DeepEquals(created, read), "The create response and the read must be the same resource.");
        var items = read["item"]!.AsArray();
        Assert.Equal(7, items.Count);
        for (var i = 0; i < 7; i++)
        {
            var coding = items[i]!["answer"]![0]!["valueCoding"]!;
            Assert.Equal(Loinc, (string?)coding["system"]);
            Assert.Equal(FrequencyCodes[scores[i]], (string?)coding["code"]);
            var ordinal = Assert.Single(coding["extension"]!.AsArray())!;
            Assert.Equal(OrdinalValueUrl, (string?)ordinal["url"]);
            Assert.Equal(scores[i], (decimal)ordinal["valueDecimal"]!);
        }

        var observation = Assert.Single(Resources(await SearchAsync(client, $"/fhir/Observation?patient={patient}")));
        Assert.Equal("final", (string?)observation["status"]);
        var category = Assert.Single(observation["category"]!.AsArray())!["coding"]![0]!;
        Assert.Equal("http://terminology.hl7.org/CodeSystem/observation-category", (string?)category["system"]);
        Assert.Equal("survey", (string?)category["code"]);
        var code = observation["code"]!["coding"]![0]!;
        Assert.Equal(Loinc, (string?)code["system"]);
        Assert.Equal("70274-6", (string?)code["code"]);
        Assert.Equal(12, (int)observation["valueQuantity"]!["value"]!);
        Assert.Equal("{score}", (string?)observation["valueQuantity"]!["unit"]);
        Assert.Equal("http://unitsofmeasure.org", (string?)observation["valueQuantity"]!["system"]);
        Assert.Equal("{score}", (string?)observation["valueQuantity"]!["code"]);
        Assert.Equal("Moderate", (string?)observation["interpretation"]![0]!["text"]);
        Assert.Equal($"QuestionnaireResponse/{id}", (string?)observation["derivedFrom"]![0]!["reference"]);
        Assert.Equal($"Patient/{patient}", (string?)observation["subject"]!["reference"]);
        Assert.Equal((string?)created["authored"], (string?)observation["effectiveDateTime"]);
        Assert.Empty(Resources(await SearchAsync(client, $"/fhir/Flag?patient={patient}")));
    }

    [Fact]
    public async Task Given_a_PHQ9_with_slash_LOINC_linkIds_and_item_9_answered_When_submitted_Then_an_Observation_44261_6_and_an_active_safety_Flag()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        // 1 + 2 + 3 + 2 + 1 + 0 + 2 + 1 + 1 = 13: "moderate" (10–14, Kroenke et al. 2001); item 9 = 1 is a safety signal.
        int[] scores = [1, 2, 3, 2, 1, 0, 2, 1, 1];
        var sent = Response("http://loinc.org/q/44249-1", patient, LoincItems(Phq9Items, scores, linkIdPrefix: "/"));

        var (created, _) = await SubmitAsync(client, sent);

        Assert.Equal($"{KapCareCanonicalBase}/phq-9", (string?)created["questionnaire"]);
        var observation = Assert.Single(Resources(await SearchAsync(client, $"/fhir/Observation?patient=Patient/{patient}&code=http://loinc.org|44261-6")));
        Assert.Equal(13, (int)observation["valueQuantity"]!["value"]!);
        Assert.Equal("Moderate", (string?)observation["interpretation"]![0]!["text"]);

        var flag = Assert.Single(Resources(await SearchAsync(client, $"/fhir/Flag?patient={patient}&status=active")));
        Assert.Equal("active", (string?)flag["status"]);
        var category = flag["category"]![0]!["coding"]![0]!;
        Assert.Equal("http://terminology.hl7.org/CodeSystem/flag-category", (string?)category["system"]);
        Assert.Equal("safety", (string?)category["code"]);
        Assert.Contains("item 9", (string?)flag["code"]!["text"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"Patient/{patient}", (string?)flag["subject"]!["reference"]);
        Assert.NotNull((string?)flag["period"]!["start"]);
        Assert.Null(flag["period"]!["end"]);

        var byId = await JsonAsync(await client.GetAsync($"/fhir/Flag/{flag["id"]}"));
        Assert.True(JsonNode.DeepEquals(flag, byId));
        Assert.Empty(Resources(await SearchAsync(client, $"/fhir/Flag?patient={patient}&status=inactive")));
    }

    [Fact]
    public async Task Given_a_resolved_alert_When_flags_are_searched_Then_it_is_inactive_with_an_end()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        await SubmitAsync(client, Response("http://loinc.org/q/44249-1", patient, LoincItems(Phq9Items, [0, 0, 0, 0, 0, 0, 0, 0, 3])));
        var patientId = Guid.Parse(patient);
        await app.WithDbAsync(async db =>
        {
            (await db.SafetyAlerts.SingleAsync(a => a.PatientId == patientId)).Resolve("Called the patient; safety plan reviewed, no intent.", "u1", "Dr Test", DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

        Assert.Empty(Resources(await SearchAsync(client, $"/fhir/Flag?patient={patient}&status=active")));
        var flag = Assert.Single(Resources(await SearchAsync(client, $"/fhir/Flag?patient={patient}&status=inactive")));
        Assert.Equal("inactive", (string?)flag["status"]);
        Assert.NotNull((string?)flag["period"]!["end"]);
    }

    [Fact]
    public async Task Given_valueInteger_answers_and_KapCare_linkIds_and_canonical_When_submitted_Then_the_total_is_the_sum()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        // 3 + 3 + 3 + 3 + 3 + 2 + 3 = 20: "severe" (15–21).
        int[] scores = [3, 3, 3, 3, 3, 2, 3];
        var items = scores.Select((s, i) => Item((i + 1).ToString(CultureInfo.InvariantCulture), Integer(s)));

        var form = Response($"{KapCareCanonicalBase}/gad-7|1.0", patient, items);
        form["subject"] = new JsonObject { ["reference"] = $"http://localhost/fhir/Patient/{patient}" };

        var (created, _) = await SubmitAsync(client, form);

        Assert.Equal("completed", (string?)created["status"]);
        var observation = Assert.Single(Resources(await SearchAsync(client, $"/fhir/Observation?patient={patient}&code=70274-6")));
        Assert.Equal(20, (int)observation["valueQuantity"]!["value"]!);
        Assert.Equal("Severe", (string?)observation["interpretation"]![0]!["text"]);
    }

    [Fact]
    public async Task Given_LOINCs_own_total_score_item_that_agrees_When_submitted_Then_it_is_accepted_and_the_score_is_KapCares()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        // 0 + 1 + 1 + 0 + 0 + 1 + 1 + 0 + 0 = 4: "none–minimal"; LOINC's PHQ-9 form carries the total as item 44261-6.
        var items = LoincItems(Phq9Items, [0, 1, 1, 0, 0, 1, 1, 0, 0], "/").Append(Item("/44261-6",
            new JsonObject { ["valueQuantity"] = new JsonObject { ["value"] = 4, ["unit"] = "{score}", ["system"] = "http://unitsofmeasure.org", ["code"] = "{score}" } }));

        var (created, _) = await SubmitAsync(client, Response("http://loinc.org/q/44249-1", patient, items));

        Assert.Equal(9, created["item"]!.AsArray().Count);
        var observation = Assert.Single(Resources(await SearchAsync(client, $"/fhir/Observation?patient={patient}")));
        Assert.Equal(4, (int)observation["valueQuantity"]!["value"]!);
    }

    [Fact]
    public async Task Given_items_inside_a_group_When_submitted_Then_the_group_is_read_through()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        var group = new JsonObject { ["linkId"] = "/69737-5", ["item"] = new JsonArray([.. LoincItems(Gad7Items, [1, 1, 1, 1, 1, 1, 1], "/69737-5/")]) };

        await SubmitAsync(client, Response("http://loinc.org/q/69737-5", patient, [group]));

        var observation = Assert.Single(Resources(await SearchAsync(client, $"/fhir/Observation?patient={patient}")));
        Assert.Equal(7, (int)observation["valueQuantity"]!["value"]!);
        Assert.Equal("Mild", (string?)observation["interpretation"]![0]!["text"]);
    }

    [Fact]
    public async Task Given_a_form_with_unanswered_items_When_submitted_as_completed_Then_it_is_stored_in_progress_and_not_scored()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        var sent = Response("http://loinc.org/q/69737-5", patient, LoincItems(Gad7Items[..5], [3, 3, 3, 3, 3]));

        var (created, _) = await SubmitAsync(client, sent);

        Assert.Equal("in-progress", (string?)created["status"]);
        Assert.Equal(5, created["item"]!.AsArray().Count);
        Assert.Empty(Resources(await SearchAsync(client, $"/fhir/Observation?patient={patient}")));
        Assert.Equal((1, 0, 0), await StoredAsync(patient));
        var search = await SearchAsync(client, $"/fhir/QuestionnaireResponse?patient={patient}&status=in-progress");
        Assert.Equal((string?)created["id"], (string?)Assert.Single(Resources(search))["id"]);
    }

    [Fact]
    public async Task Given_an_incomplete_PHQ9_with_item_9_answered_When_submitted_Then_in_progress_without_a_score_but_with_a_Flag()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);

        var (created, _) = await SubmitAsync(client, Response("http://loinc.org/q/44249-1", patient, [Item("44260-8", Coding("LA6571-9"))], status: "in-progress"));

        Assert.Equal("in-progress", (string?)created["status"]);
        Assert.Empty(Resources(await SearchAsync(client, $"/fhir/Observation?patient={patient}")));
        Assert.Single(Resources(await SearchAsync(client, $"/fhir/Flag?patient={patient}&status=active")));
    }

    /// <summary>A valid GAD-7 of five 1s and two 0s, to be spoiled one way per case.</summary>
    private static JsonObject ValidGad7(string patient) =>
        Response("http://loinc.org/q/69737-5", patient, LoincItems(Gad7Items, [1, 1, 1, 1, 1, 0, 0]));

    public static TheoryData<string, string, string, string> BadForms => new()
    {
        { "answer code not in the item's options", "code-invalid", "QuestionnaireResponse.item[3]", "69734-2" },
        { "answer code from another system", "code-invalid", "QuestionnaireResponse.item[3]", "69734-2" },
        { "valueInteger out of range", "value", "QuestionnaireResponse.item[3]", "69734-2" },
        { "unknown linkId", "value", "QuestionnaireResponse.item[3]", "99999-9" },
        { "two answers to one item", "business-rule", "QuestionnaireResponse.item[3]", "69734-2" },
        { "one question answered twice", "business-rule", "QuestionnaireResponse.item[7]", "4" },
        { "an answer type KapCare does not take", "not-supported", "QuestionnaireResponse.item[3]", "69734-2" },
        { "an answer without a value", "required", "QuestionnaireResponse.item[3]", "69734-2" },
        { "unknown questionnaire", "not-found", "QuestionnaireResponse.questionnaire", "http://loinc.org/q/00000-0" },
        { "no questionnaire", "required", "QuestionnaireResponse.questionnaire", "questionnaire" },
        { "no subject", "required", "QuestionnaireResponse.subject", "patient" },
        { "unknown patient", "not-found", "QuestionnaireResponse.subject", "no patient" },
        { "subject not a patient", "value", "QuestionnaireResponse.subject.reference", "Group/" },
        { "status amended", "business-rule", "QuestionnaireResponse.status", "amended" },
        { "status unknown", "value", "QuestionnaireResponse.status", "done" },
        { "in-progress yet complete", "business-rule", "QuestionnaireResponse.status", "in-progress" },
        { "a LOINC total that is not the sum", "value", "QuestionnaireResponse.item[7]", "70274-6" },
        { "a LOINC total on an incomplete form", "value", "QuestionnaireResponse.item[6]", "70274-6" },
        { "authored in the future", "value", "QuestionnaireResponse.authored", "future" },
        { "authored a month only", "value", "QuestionnaireResponse.authored", "2026-11" },
        { "a client-chosen id", "invalid", "QuestionnaireResponse.id", "id" },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task Given_a_bad_form_When_submitted_Then_400_OperationOutcome_naming_the_element_and_nothing_is_stored(string fault, string code, string expression, string mentioned)
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        var form = ValidGad7(patient);
        var item3 = form["item"]![3]!.AsObject();
        switch (fault)
        {
            case "answer code not in the item's options": item3["answer"]![0]!["valueCoding"]!["code"] = "LA9999-9"; break;
            case "answer code from another system": item3["answer"]![0]!["valueCoding"]!["system"] = "http://snomed.info/sct"; break;
            case "valueInteger out of range": item3["answer"] = new JsonArray(Integer(4)); break;
            case "unknown linkId": item3["linkId"] = "99999-9"; break;
            case "two answers to one item": item3["answer"] = new JsonArray(Coding("LA6568-5"), Coding("LA6569-3")); break;
            case "one question answered twice": form["item"]!.AsArray().Add(Item("4", Integer(2))); break;
            case "an answer type KapCare does not take": item3["answer"] = new JsonArray(new JsonObject { ["valueString"] = "often" }); break;
            case "an answer without a value": item3["answer"] = new JsonArray(new JsonObject()); break;
            case "unknown questionnaire": form["questionnaire"] = "http://loinc.org/q/00000-0"; break;
            case "no questionnaire": form.Remove("questionnaire"); break;
            case "no subject": form.Remove("subject"); break;
            case "unknown patient": form["subject"] = new JsonObject { ["reference"] = $"Patient/{Guid.NewGuid()}" }; break;
            case "subject not a patient": form["subject"] = new JsonObject { ["reference"] = $"Group/{Guid.NewGuid()}" }; break;
            case "status amended": form["status"] = "amended"; break;
            case "status unknown": form["status"] = "done"; break;
            case "in-progress yet complete": form["status"] = "in-progress"; break;
            case "a LOINC total that is not the sum": form["item"]!.AsArray().Add(Item("/70274-6", Integer(6))); break;
            case "a LOINC total on an incomplete form": form["item"]![6] = Item("/70274-6", Integer(5)); break;
            case "authored in the future": form["authored"] = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture); break;
            case "authored a month only": form["authored"] = "2026-11"; break;
            case "a client-chosen id": form["id"] = "my-own-id"; break;
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }

        var response = await client.PostAsync("/fhir/QuestionnaireResponse", Body(form));

        var outcome = await AssertOutcomeAsync(response, HttpStatusCode.BadRequest, code, expression);
        Assert.Contains(mentioned, Diagnostics(outcome), StringComparison.OrdinalIgnoreCase);
        Assert.Equal((0, 0, 0), await StoredAsync(patient));
        Assert.Contains(await app.AuditEntriesAsync(), e => e.Action == AuditActions.MeasureSubmit && e.Outcome == AuditOutcome.Failure && e.Channel == "api");
    }

    [Fact]
    public async Task Given_several_faults_When_submitted_Then_every_one_is_reported_at_once()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        var form = ValidGad7(patient);
        form["item"]![1]!["answer"]![0]!["valueCoding"]!["code"] = "LA0000-0";
        form["item"]![5]!["answer"] = new JsonArray(Integer(7));

        var outcome = await AssertOutcomeAsync(await client.PostAsync("/fhir/QuestionnaireResponse", Body(form)), HttpStatusCode.BadRequest, "code-invalid", "QuestionnaireResponse.item[1]");

        Assert.Contains(outcome["issue"]!.AsArray(), i => i!["expression"]![0]!.GetValue<string>() == "QuestionnaireResponse.item[5]");
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Patient\",\"birthDate\":\"1990-01-01\"}", "invalid")]
    [InlineData("{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\",", "structure")]
    [InlineData("{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\",\"shoeSize\":42}", "structure")]
    [InlineData("{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\",\"item\":[{\"linkId\":\"1\",\"answer\":[{\"valueInteger\":\"2\"}]}]}", "structure")]
    public async Task Given_a_body_that_is_not_a_QuestionnaireResponse_When_submitted_Then_400(string body, string code)
    {
        var client = await ClientAsync();
        var before = await app.WithDbAsync(db => db.QuestionnaireResponses.CountAsync());

        await AssertOutcomeAsync(await client.PostAsync("/fhir/QuestionnaireResponse", Body(body)), HttpStatusCode.BadRequest, code);

        Assert.Equal(before, await app.WithDbAsync(db => db.QuestionnaireResponses.CountAsync()));
    }

    [Fact]
    public async Task Given_stored_responses_When_searched_by_patient_and_questionnaire_Then_each_form_of_the_questionnaire_finds_them_and_reads_are_audited()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        var (gad, _) = await SubmitAsync(client, ValidGad7(patient));
        var (phq, _) = await SubmitAsync(client, Response("http://loinc.org/q/44249-1", patient, LoincItems(Phq9Items, [0, 0, 0, 0, 0, 0, 0, 0, 0])));

        foreach (var questionnaire in new[] { "gad-7", $"{KapCareCanonicalBase}/gad-7", "http://loinc.org/q/69737-5", "Questionnaire/gad-7" })
        {
            var bundle = await SearchAsync(client, $"/fhir/QuestionnaireResponse?patient={patient}&questionnaire={Uri.EscapeDataString(questionnaire)}");
            Assert.Equal([(string?)gad["id"]], Resources(bundle).Select(r => (string?)r["id"]));
        }
        var both = await SearchAsync(client, $"/fhir/QuestionnaireResponse?subject=Patient/{patient}&_sort=-authored");
        Assert.Equal(2, (int)both["total"]!);
        Assert.Equal([(string?)phq["id"], (string?)gad["id"]], Resources(both).Select(r => (string?)r["id"]));
        Assert.Equal(0, (int)(await SearchAsync(client, $"/fhir/QuestionnaireResponse?patient={patient}&questionnaire=spin"))["total"]!);

        await SearchAsync(client, $"/fhir/Observation?patient={patient}");
        await SearchAsync(client, $"/fhir/Flag?patient={patient}");

        var patientId = Guid.Parse(patient);
        var entries = await app.AuditEntriesAsync();
        Assert.Contains(entries, e => e.Action == AuditActions.MeasureSubmit && e.Outcome == AuditOutcome.Success && e.PatientId == patientId && e.ResourceId == (string?)gad["id"]);
        Assert.Contains(entries, e => e.Action == AuditActions.MeasureRead && e.ResourceType == "QuestionnaireResponse" && e.PatientId == patientId && e.Channel == "api");
        Assert.Contains(entries, e => e.Action == AuditActions.MeasureRead && e.ResourceType == "Observation" && e.PatientId == patientId);
        Assert.Contains(entries, e => e.Action == AuditActions.MeasureRead && e.ResourceType == "Flag" && e.PatientId == patientId);
    }

    [Fact]
    public async Task Given_a_response_marked_entered_in_error_When_read_Then_it_and_its_score_say_so()
    {
        var client = await ClientAsync();
        var patient = await NewPatientIdAsync(client);
        var (created, _) = await SubmitAsync(client, ValidGad7(patient));
        var id = Guid.Parse((string)created["id"]!);
        await app.WithDbAsync(async db =>
        {
            var response = await db.QuestionnaireResponses.SingleAsync(r => r.Id == id);
            response.Status = ResponseStatus.EnteredInError;
            await db.ScoreObservations.Where(o => o.ResponseId == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, ObservationStatus.EnteredInError));
            return await db.SaveChangesAsync();
        });

        var read = await client.GetAsync($"/fhir/QuestionnaireResponse/{id}");
        Assert.Equal("W/\"2\"", read.Headers.ETag?.ToString());
        Assert.Equal("entered-in-error", (string?)(await JsonAsync(read))["status"]);
        var observation = Assert.Single(Resources(await SearchAsync(client, $"/fhir/Observation?patient={patient}")));
        Assert.Equal("entered-in-error", (string?)observation["status"]);
        Assert.Empty(Resources(await SearchAsync(client, $"/fhir/Observation?patient={patient}&status=final")));
    }

    [Fact]
    public async Task Given_unknown_ids_When_read_Then_404_OperationOutcome()
    {
        var client = await ClientAsync();

        foreach (var path in new[] { "QuestionnaireResponse", "Observation", "Flag" })
        {
            await AssertOutcomeAsync(await client.GetAsync($"/fhir/{path}/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not-found");
            await AssertOutcomeAsync(await client.GetAsync($"/fhir/{path}/not-a-guid"), HttpStatusCode.NotFound, "not-found");
        }
    }
}
