using System.Net;
using KapCare.Clinical.Plans;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Consultations;
using KapCare.Web.Tests.Eligibility;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Hardening;

/// <summary>
/// Issue 9, finding 6: free-text fields without length limits (a 500 on PostgreSQL instead of a 400). A value one character
/// over its limit gets a 400 that names the field and nothing is saved; the same on SQLite and PostgreSQL (run with
/// KAPCARE_TEST_POSTGRES). Limits: patient names 100, consultation notes 2000, intake notes 2000, dose-change reasons 1000,
/// and for anything else the column's own length (a task's done note, 1000).
/// </summary>
public sealed class LengthLimitTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task Given_a_101_character_first_name_When_registering_on_the_web_or_over_FHIR_Then_400_naming_the_field()
    {
        var staff = await app.SignedInClientAsync(Roles.FrontDesk);
        var web = await KapCareTestApp.PostFormAsync(staff, "/Patients/Register", new()
        {
            ["Input.GivenName"] = new string('a', 101), ["Input.FamilyName"] = "Long", ["Input.BirthDate"] = "1986-04-23", ["Input.Sex"] = "Female",
        });
        Assert.Equal(HttpStatusCode.BadRequest, web.StatusCode);
        Assert.Contains("First name must be at most 100 characters", await TextAsync(web), StringComparison.Ordinal);

        var api = app.CreateApiClient(await app.CreateTokenAsync(Roles.FrontDesk, "user/Patient.*"));
        var fhir = await api.PostAsync("/fhir/Patient", Body(NewPatient(new string('a', 101), "Long")));
        var outcome = await AssertOutcomeAsync(fhir, HttpStatusCode.BadRequest, "value");
        Assert.Contains("First name must be at most 100 characters", Diagnostics(outcome), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Patients.CountAsync()));
    }

    [Fact]
    public async Task Given_an_over_long_consultation_message_When_sent_from_the_self_screen_or_noted_by_staff_Then_400_naming_the_note()
    {
        var form = SelfScreenForms.WithRequest(SelfScreenForms.Answers([2, 2, 2, 1, 1, 2, 2]));
        form["Input.Note"] = new string('n', 2001);
        var visitor = await KapCareTestApp.PostFormAsync(app.CreateClient(), "/screen?handler=Request", form, formPage: "/screen");
        Assert.Equal(HttpStatusCode.BadRequest, visitor.StatusCode);
        Assert.Contains("Keep the note to 2000 characters", await TextAsync(visitor), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.ConsultationRequests.CountAsync()));

        form["Input.Note"] = "Evenings are best.";
        await KapCareTestApp.PostFormAsync(app.CreateClient(), "/screen?handler=Request", form, formPage: "/screen");
        var id = await app.WithDbAsync(db => db.ConsultationRequests.Select(r => r.Id).SingleAsync());
        var staff = await app.SignedInClientAsync(Roles.FrontDesk);
        var contacted = await KapCareTestApp.PostFormAsync(staff, $"/Requests/{id}?handler=Contacted", new() { ["version"] = "1", ["note"] = new string('c', 2001) }, formPage: $"/Requests/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, contacted.StatusCode);
        Assert.Contains("Keep the note to 2000 characters", await TextAsync(contacted), StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.ConsultationRequests.Select(r => r.ContactNote).SingleAsync()));
    }

    [Fact]
    public async Task Given_an_over_long_intake_answer_When_the_section_is_saved_Then_400_naming_the_field_and_the_intake_is_unchanged()
    {
        var staff = await app.SignedInClientAsync(Roles.Prescriber);
        var id = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Nadia", ["Input.FamilyName"] = "Haddad", ["Input.BirthDate"] = "1990-03-03", ["Input.Sex"] = "Female",
        });
        var response = await KapCareTestApp.PostFormAsync(staff, $"/Patients/{id}/Intake/history?handler=Save",
            new() { ["history.inOwnWords"] = new string('w', 2001) }, $"/Patients/{id}/Intake/history");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Keep this to 2000 characters (it has 2001)", await TextAsync(response), StringComparison.Ordinal);

        var substances = await KapCareTestApp.PostFormAsync(staff, $"/Patients/{id}/Intake/medical?handler=Save",
            new() { ["medical.substancesUsed"] = new string('s', 2001) }, $"/Patients/{id}/Intake/medical");
        Assert.Equal(HttpStatusCode.BadRequest, substances.StatusCode);
        Assert.Contains("Keep this to 2000 characters", await TextAsync(substances), StringComparison.Ordinal);

        var stored = await app.WithDbAsync(db => db.PatientIntakes.Where(i => i.PatientId == id).Select(i => i.FormJson).ToListAsync());
        Assert.All(stored, json => Assert.DoesNotContain(new string('w', 2001), json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_a_1001_character_reason_When_a_prescriber_changes_a_dose_Then_400_naming_the_reason_and_no_change_is_recorded()
    {
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber, "dr.osei@clinic.test");
        var id = await KapCareTestApp.ApprovedPatientAsync(prescriber);
        var planId = await app.SignedPlanAsync(prescriber, id);

        var response = await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/{planId}?handler=ChangeDose",
            new() { ["newDose"] = "0.75", ["reason"] = new string('r', 1001) }, $"/Patients/{id}/Plan/{planId}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Keep the reason to 1000 characters (it has 1001)", await TextAsync(response), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.DoseChanges.CountAsync()));
    }

    [Fact]
    public async Task Given_a_field_checked_only_by_its_column_When_over_long_Then_the_central_check_answers_400_naming_it_not_a_500()
    {
        var staff = await app.SignedInClientAsync(Roles.Prescriber);
        var id = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Omar", ["Input.FamilyName"] = "Haddad", ["Input.BirthDate"] = "1979-09-09", ["Input.Sex"] = "Male",
        });
        var taskId = Guid.NewGuid();
        await app.WithDbAsync(db =>
        {
            db.CareTasks.Add(new CareTask { Id = taskId, PatientId = id, Key = "test:" + taskId, Title = "Call about the missed GAD-7", CreatedAt = DateTime.UtcNow, Status = CareTaskStatus.Open });
            return db.SaveChangesAsync();
        });

        var response = await KapCareTestApp.PostFormAsync(staff, "/Tasks", new() { ["id"] = taskId.ToString(), ["note"] = new string('d', 1001) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await TextAsync(response);
        Assert.Contains("CareTask.DoneNote is too long: 1001 characters, at most 1000", page, StringComparison.Ordinal);
        Assert.Equal(CareTaskStatus.Open, await app.WithDbAsync(db => db.CareTasks.Where(t => t.Id == taskId).Select(t => t.Status).SingleAsync()));
    }
}
