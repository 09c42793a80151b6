using System.Net;
using System.Text.Json;
using KapCare.Clinical.SelfScreen;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Consultations;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Consultations;

/// <summary>
/// Issue 4, item 1 through HTTP: the public self-screen, the consultation request it offers, the front desk's queue
/// and the conversion to a patient. GAD-7 totals are summed by hand in the comments.
/// </summary>
public sealed class ConsultationRequestTests : IAsyncLifetime
{
    /// <summary>2+2+2+1+1+2+2 = 12 → moderate (Spitzer 2006), at or above 10: with no contraindication, "likely a candidate".</summary>
    private static readonly int[] Gad7Twelve = [2, 2, 2, 1, 1, 2, 2];

    private readonly KapCareTestApp app = new();

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        // A clinic that has finished setup: until an administrator exists every page leads to /Setup.
        await app.CreateUserAsync("admin@clinic.test", Roles.Admin);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private static Task<HttpResponseMessage> PostScreenAsync(HttpClient client, string handler, Dictionary<string, string> form) =>
        KapCareTestApp.PostFormAsync(client, $"/screen?handler={handler}", form, formPage: "/screen");

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task Given_an_anonymous_visitor_When_they_answer_the_self_screen_Then_they_see_the_result_and_nothing_is_stored()
    {
        var visitor = app.CreateClient();
        var login = await visitor.GetAsync("/Account/Login");
        Assert.Contains("href=\"/screen\"", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var auditBefore = (await app.AuditEntriesAsync()).Count;

        var response = await PostScreenAsync(visitor, "Result", SelfScreenForms.Answers(Gad7Twelve));
        var html = await TextAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/screen", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("You may be a candidate — book a consultation", html, StringComparison.Ordinal);
        Assert.Contains("12 out of 21, in the moderate range", html, StringComparison.Ordinal);
        Assert.Contains("This is not a diagnosis", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Call 988", html, StringComparison.Ordinal);
        Assert.Contains("Send my request", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.ConsultationRequests.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.QuestionnaireResponses.CountAsync()));
        Assert.Equal(auditBefore, (await app.AuditEntriesAsync()).Count);
    }

    [Fact]
    public async Task Given_thoughts_of_self_harm_and_a_contraindication_When_screened_Then_crisis_resources_what_else_exists_and_why()
    {
        var visitor = app.CreateClient();

        var response = await PostScreenAsync(visitor, "Result", SelfScreenForms.Answers(Gad7Twelve, selfHarm: 1, ("brain-vessels", "Yes")));
        var html = await TextAsync(response);

        Assert.Contains("Ketamine is probably not right for you", html, StringComparison.Ordinal);
        Assert.Contains("Call 988", html, StringComparison.Ordinal);
        Assert.Contains("No one at the clinic sees these answers unless you send us a request", html, StringComparison.Ordinal);
        Assert.Contains("brain aneurysm, an AVM or bleeding in the brain", html, StringComparison.Ordinal);
        Assert.Contains("Spravato (esketamine) prescribing information", html, StringComparison.Ordinal);
        Assert.Contains("What else can help", html, StringComparison.Ordinal);
        Assert.Contains("SSRIs and SNRIs", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.ConsultationRequests.CountAsync()));
    }

    [Fact]
    public async Task Given_unanswered_questions_When_the_result_is_asked_for_Then_400_with_each_question_marked_and_answers_kept()
    {
        var form = SelfScreenForms.Answers(Gad7Twelve);
        form.Remove("gad7[3]");
        form.Remove("q[heart]");
        form.Remove("selfharm");

        var response = await PostScreenAsync(app.CreateClient(), "Result", form);
        var html = await TextAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Please answer the 3 questions marked below", html, StringComparison.Ordinal);
        Assert.Contains("id=\"error-heart\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"error-self-harm\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"q-psychosis-No\" name=\"q[psychosis]\" value=\"No\" checked=\"checked\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_self_screen_When_a_request_is_sent_and_converted_Then_the_patient_has_the_same_GAD7_and_the_request_is_linked()
    {
        var visitor = app.CreateClient();
        var answers = SelfScreenForms.Answers(Gad7Twelve, changes: ("heart", "NotSure"));
        var sent = await PostScreenAsync(visitor, "Request", SelfScreenForms.WithRequest(answers, times: ["Weekday evenings", "Tuesdays after 4 pm"]));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal("/screen/sent", sent.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("your request is with us", await TextAsync(sent), StringComparison.Ordinal);

        var request = await app.WithDbAsync(db => db.ConsultationRequests.SingleAsync());
        Assert.Equal(("Maria José Santos", "maria.santos@example.com", "+1 312 555 0188"), (request.Name, request.Email, request.Phone));
        Assert.Equal("Weekday evenings; Other: Tuesdays after 4 pm", request.PreferredTimes);
        // "Not sure" about the heart question is never a pass (REFERENCE.md §2).
        Assert.Equal((SelfScreenOutcome.TalkToUsFirst, 12, "moderate", ConsultationStatus.New), (request.Outcome, request.Gad7Total, request.Gad7BandCode, request.Status));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.ConsultationSubmit && a.ResourceId == request.Id.ToString() && a.Actor == "public self-screen");

        var frontDesk = await app.SignedInClientAsync(Roles.FrontDesk);
        var home = await TextAsync(await frontDesk.GetAsync("/"));
        Assert.Contains("aria-label=\"1 new\"", home, StringComparison.Ordinal);
        var queue = await TextAsync(await frontDesk.GetAsync("/Requests"));
        Assert.Contains("Maria José Santos", queue, StringComparison.Ordinal);
        Assert.Contains("Talk to us first", queue, StringComparison.Ordinal);
        Assert.Contains("heart disease, stroke or blood pressure: not sure", queue, StringComparison.Ordinal);
        Assert.Contains("Weekday evenings", queue, StringComparison.Ordinal);
        var details = await TextAsync(await frontDesk.GetAsync($"/Requests/{request.Id}"));
        Assert.Contains("Convert to patient", details, StringComparison.Ordinal);
        Assert.Contains("You weren't sure about heart disease, stroke or blood pressure", details, StringComparison.Ordinal);

        var convertPage = await TextAsync(await frontDesk.GetAsync($"/Requests/{request.Id}/Convert"));
        Assert.Contains("value=\"Maria José\"", convertPage, StringComparison.Ordinal);
        Assert.Contains("value=\"Santos\"", convertPage, StringComparison.Ordinal);
        var converted = await KapCareTestApp.PostFormAsync(frontDesk, $"/Requests/{request.Id}/Convert", new()
        {
            ["Version"] = "1", ["Input.GivenName"] = "Maria José", ["Input.FamilyName"] = "Santos", ["Input.BirthDate"] = "1987-03-14", ["Input.Sex"] = "Female",
            ["Input.Email"] = "maria.santos@example.com", ["Input.Phone"] = "+1 312 555 0188",
        });

        var patient = await app.WithDbAsync(db => db.Patients.SingleAsync());
        Assert.Equal($"/Patients/{patient.Id}", converted.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(("Maria José", "Santos", new DateOnly(1987, 3, 14)), (patient.GivenName, patient.FamilyName, patient.BirthDate));
        var response = await app.WithDbAsync(db => db.QuestionnaireResponses.SingleAsync());
        Assert.Equal((patient.Id, "gad-7", ResponseSource.SelfScreen, ResponseStatus.Completed, 12, "moderate"),
            (response.PatientId, response.InstrumentId, response.Source, response.Status, response.Total, response.BandCode));
        Assert.Equal(request.SubmittedAt, response.AuthoredAt);
        Assert.Equal(new Dictionary<string, int> { ["1"] = 2, ["2"] = 2, ["3"] = 2, ["4"] = 1, ["5"] = 1, ["6"] = 2, ["7"] = 2 },
            JsonSerializer.Deserialize<Dictionary<string, int>>(response.AnswersJson));
        Assert.Equal(12, await app.WithDbAsync(db => db.ScoreObservations.Where(o => o.ResponseId == response.Id).Select(o => o.Value).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.SafetyAlerts.CountAsync()));

        var after = await app.WithDbAsync(db => db.ConsultationRequests.SingleAsync());
        Assert.Equal((ConsultationStatus.Converted, patient.Id, 2), (after.Status, after.PatientId, after.Version));
        Assert.NotNull(after.ClosedAt);
        var audit = await app.AuditEntriesAsync();
        Assert.Contains(audit, a => a.Action == AuditActions.PatientCreate && a.PatientId == patient.Id);
        Assert.Contains(audit, a => a.Action == AuditActions.MeasureSubmit && a.PatientId == patient.Id && a.Detail!.Contains("SelfScreen", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == AuditActions.ConsultationConvert && a.PatientId == patient.Id && a.ResourceId == request.Id.ToString());
        Assert.Contains(audit, a => a.Action == AuditActions.ConsultationRead && a.ResourceId == request.Id.ToString());

        // The new chart says where the patient came from and links to the self-screen answers.
        // The provenance sits in the clinical overview, which a clinician reads (front desk sees demographics only).
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber);
        var chart = await TextAsync(await prescriber.GetAsync($"/Patients/{patient.Id}"));
        Assert.Contains("Came through the public self-screen", chart, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Requests/{request.Id}\"", chart, StringComparison.Ordinal);

        // Converted is final: the conversion page sends staff back to the request, and no second patient appears.
        var again = await frontDesk.GetAsync($"/Requests/{request.Id}/Convert");
        Assert.Equal($"/Requests/{request.Id}", again.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.DoesNotContain("Maria José Santos", await TextAsync(await frontDesk.GetAsync("/Requests")), StringComparison.Ordinal);
        Assert.Contains("Maria José Santos", await TextAsync(await frontDesk.GetAsync("/Requests?show=closed")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_request_that_reported_self_harm_When_converted_Then_the_new_patient_has_an_open_safety_alert()
    {
        await PostScreenAsync(app.CreateClient(), "Request", SelfScreenForms.WithRequest(SelfScreenForms.Answers(Gad7Twelve, selfHarm: 2), name: "Ana Ruiz"));
        var request = await app.WithDbAsync(db => db.ConsultationRequests.SingleAsync());
        Assert.True(request.ShowedCrisisResources);
        var staff = await app.SignedInClientAsync(Roles.FrontDesk);
        Assert.Contains("Self-harm thoughts", await TextAsync(await staff.GetAsync("/Requests")), StringComparison.Ordinal);

        await KapCareTestApp.PostFormAsync(staff, $"/Requests/{request.Id}/Convert", new()
        {
            ["Version"] = "1", ["Input.GivenName"] = "Ana", ["Input.FamilyName"] = "Ruiz", ["Input.BirthDate"] = "1990-01-01", ["Input.Email"] = "maria.santos@example.com",
        });

        var patient = await app.WithDbAsync(db => db.Patients.SingleAsync());
        var alert = await app.WithDbAsync(db => db.SafetyAlerts.SingleAsync());
        Assert.Equal((patient.Id, AlertStatus.Open, ConvertConsultationRequest.SelfHarmAlertCode), (alert.PatientId, alert.Status, alert.Code));
        Assert.Contains("More than half the days", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_filled_honeypot_When_a_request_is_sent_Then_it_looks_accepted_and_nothing_is_stored()
    {
        var auditBefore = (await app.AuditEntriesAsync()).Count;

        var response = await PostScreenAsync(app.CreateClient(), "Request",
            SelfScreenForms.WithRequest(SelfScreenForms.Answers(Gad7Twelve), honeypot: "http://spam.example"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/screen/sent", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(0, await app.WithDbAsync(db => db.ConsultationRequests.CountAsync()));
        Assert.Equal(auditBefore, (await app.AuditEntriesAsync()).Count);
    }

    [Fact]
    public async Task Given_the_request_form_Then_the_honeypot_is_hidden_from_people_keyboards_and_screen_readers()
    {
        var html = await (await PostScreenAsync(app.CreateClient(), "Result", SelfScreenForms.Answers(Gad7Twelve))).Content.ReadAsStringAsync();

        Assert.Contains("<div class=\"kc-hp\" aria-hidden=\"true\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Website\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_five_requests_from_one_address_When_a_sixth_is_sent_within_the_hour_Then_429_with_a_clear_page_and_other_addresses_still_get_through()
    {
        var from = app.CreateClientFrom(IPAddress.Parse("203.0.113.7"));
        for (var i = 1; i <= 5; i++)
        {
            var ok = await PostScreenAsync(from, "Request", SelfScreenForms.WithRequest(SelfScreenForms.Answers(Gad7Twelve), name: $"Person {i}"));
            Assert.Equal("/screen/sent", ok.RequestMessage!.RequestUri!.AbsolutePath);
        }

        var sixth = await PostScreenAsync(from, "Request", SelfScreenForms.WithRequest(SelfScreenForms.Answers(Gad7Twelve), name: "Person 6"));

        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.True(sixth.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Please try again later", await TextAsync(sixth), StringComparison.Ordinal);
        Assert.Equal(5, await app.WithDbAsync(db => db.ConsultationRequests.CountAsync()));
        // A honeypot hit from the same address is limited too.
        var bot = await PostScreenAsync(from, "Request", SelfScreenForms.WithRequest(SelfScreenForms.Answers(Gad7Twelve), honeypot: "x"));
        Assert.Equal(HttpStatusCode.TooManyRequests, bot.StatusCode);

        var elsewhere = await PostScreenAsync(app.CreateClientFrom(IPAddress.Parse("198.51.100.20")), "Request",
            SelfScreenForms.WithRequest(SelfScreenForms.Answers(Gad7Twelve), name: "Someone Else"));
        Assert.Equal("/screen/sent", elsewhere.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(6, await app.WithDbAsync(db => db.ConsultationRequests.CountAsync()));
    }

    [Theory]
    [InlineData(null, null, "Give an email address or a phone number (or both), so we can reach you.")]
    [InlineData("maria@", null, "Enter an email address like name@example.com.")]
    [InlineData(null, "12", "Enter a phone number of 7 to 15 digits, for example +1 312 555 0143.")]
    public async Task Given_bad_contact_details_When_a_request_is_sent_Then_400_with_the_field_error_and_nothing_stored(string? email, string? phone, string error)
    {
        var response = await PostScreenAsync(app.CreateClient(), "Request", SelfScreenForms.WithRequest(SelfScreenForms.Answers(Gad7Twelve), email: email, phone: phone));
        var html = await TextAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, html, StringComparison.Ordinal);
        Assert.Contains("Your request was not sent", html, StringComparison.Ordinal);
        // The person keeps what they typed and their result.
        Assert.Contains("value=\"Maria José Santos\"", html, StringComparison.Ordinal);
        Assert.Contains("You may be a candidate", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.ConsultationRequests.CountAsync()));
    }

    [Fact]
    public async Task Given_no_agreement_or_tampered_answers_When_a_request_is_sent_Then_400_and_nothing_stored()
    {
        var notAgreed = await PostScreenAsync(app.CreateClient(), "Request", SelfScreenForms.WithRequest(SelfScreenForms.Answers(Gad7Twelve), agree: false));
        Assert.Equal(HttpStatusCode.BadRequest, notAgreed.StatusCode);
        Assert.Contains("Tick the box to let us keep your answers", await TextAsync(notAgreed), StringComparison.Ordinal);

        var tampered = SelfScreenForms.Answers(Gad7Twelve);
        tampered["gad7[2]"] = "9";
        var bad = await PostScreenAsync(app.CreateClient(), "Request", SelfScreenForms.WithRequest(tampered));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Please answer the question marked below", await TextAsync(bad), StringComparison.Ordinal);

        Assert.Equal(0, await app.WithDbAsync(db => db.ConsultationRequests.CountAsync()));
    }

    [Fact]
    public async Task Given_the_queue_When_an_anonymous_visitor_or_a_researcher_opens_it_Then_they_are_refused()
    {
        var anonymous = await app.CreateClient().GetAsync("/Requests");
        Assert.Equal("/Account/Login", anonymous.RequestMessage!.RequestUri!.AbsolutePath);

        var researcher = await app.SignedInClientAsync(Roles.Researcher);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync("/Requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync($"/Requests/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Given_a_new_request_When_marked_contacted_then_declined_Then_each_step_is_kept_a_decline_needs_a_note_and_it_cannot_be_converted()
    {
        await PostScreenAsync(app.CreateClient(), "Request", SelfScreenForms.WithRequest(SelfScreenForms.Answers(Gad7Twelve, changes: ("psychosis", "Yes")), name: "Tom Baker"));
        var id = (await app.WithDbAsync(db => db.ConsultationRequests.SingleAsync())).Id;
        var staff = await app.SignedInClientAsync(Roles.FrontDesk);

        await KapCareTestApp.PostFormAsync(staff, $"/Requests/{id}?handler=Contacted", new() { ["version"] = "1", ["note"] = "Called, explained the exclusion." }, formPage: $"/Requests/{id}");
        var contacted = await app.WithDbAsync(db => db.ConsultationRequests.SingleAsync());
        Assert.Equal((ConsultationStatus.Contacted, "Called, explained the exclusion.", 2), (contacted.Status, contacted.ContactNote, contacted.Version));

        var noNote = await KapCareTestApp.PostFormAsync(staff, $"/Requests/{id}?handler=Decline", new() { ["version"] = "2", ["note"] = " " }, formPage: $"/Requests/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("Say why the request is declined", await TextAsync(noNote), StringComparison.Ordinal);
        Assert.Equal(ConsultationStatus.Contacted, (await app.WithDbAsync(db => db.ConsultationRequests.SingleAsync())).Status);

        await KapCareTestApp.PostFormAsync(staff, $"/Requests/{id}?handler=Decline", new() { ["version"] = "2", ["note"] = "Psychosis history: referred back to their psychiatrist." }, formPage: $"/Requests/{id}");
        var declined = await app.WithDbAsync(db => db.ConsultationRequests.SingleAsync());
        Assert.Equal((ConsultationStatus.Declined, "Psychosis history: referred back to their psychiatrist."), (declined.Status, declined.ClosedNote));
        var audit = await app.AuditEntriesAsync();
        Assert.Contains(audit, a => a.Action == AuditActions.ConsultationContacted && a.ResourceId == id.ToString());
        Assert.Contains(audit, a => a.Action == AuditActions.ConsultationDecline && a.ResourceId == id.ToString());

        var convert = await app.WithServicesAsync(s => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ConvertConsultationRequest>(s)
            .HandleAsync(id, 3, new Clinical.Patients.PatientDemographics { GivenName = "Tom", FamilyName = "Baker", BirthDate = new DateOnly(1980, 1, 1) }, new StaffMember("x", "X")));
        Assert.IsType<ConsultationWriteResult.Conflict>(convert);
        Assert.Equal(0, await app.WithDbAsync(db => db.Patients.CountAsync()));
    }

    [Fact]
    public async Task Given_missing_date_of_birth_or_a_stale_version_When_converting_Then_nothing_is_written()
    {
        await PostScreenAsync(app.CreateClient(), "Request", SelfScreenForms.WithRequest(SelfScreenForms.Answers(Gad7Twelve)));
        var id = (await app.WithDbAsync(db => db.ConsultationRequests.SingleAsync())).Id;
        var staff = await app.SignedInClientAsync(Roles.FrontDesk);

        var noBirthDate = await KapCareTestApp.PostFormAsync(staff, $"/Requests/{id}/Convert", new() { ["Version"] = "1", ["Input.GivenName"] = "Maria", ["Input.FamilyName"] = "Santos" });
        Assert.Equal(HttpStatusCode.BadRequest, noBirthDate.StatusCode);
        Assert.Contains("Enter the date of birth.", await TextAsync(noBirthDate), StringComparison.Ordinal);

        var futureBirthDate = await KapCareTestApp.PostFormAsync(staff, $"/Requests/{id}/Convert", new() { ["Version"] = "1", ["Input.GivenName"] = "Maria", ["Input.FamilyName"] = "Santos", ["Input.BirthDate"] = "2999-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, futureBirthDate.StatusCode);
        Assert.Contains("Date of birth cannot be in the future.", await TextAsync(futureBirthDate), StringComparison.Ordinal);

        // Someone else marked it contacted meanwhile (version 2): this conversion, started at version 1, must not land.
        await KapCareTestApp.PostFormAsync(staff, $"/Requests/{id}?handler=Contacted", new() { ["version"] = "1" }, formPage: $"/Requests/{id}");
        var stale = await KapCareTestApp.PostFormAsync(staff, $"/Requests/{id}/Convert", new() { ["Version"] = "1", ["Input.GivenName"] = "Maria", ["Input.FamilyName"] = "Santos", ["Input.BirthDate"] = "1987-03-14" });
        Assert.Equal($"/Requests/{id}", stale.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Someone else updated this request", await TextAsync(stale), StringComparison.Ordinal);

        Assert.Equal(0, await app.WithDbAsync(db => db.Patients.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.QuestionnaireResponses.CountAsync()));
        Assert.Equal(ConsultationStatus.Contacted, (await app.WithDbAsync(db => db.ConsultationRequests.SingleAsync())).Status);
    }
}
