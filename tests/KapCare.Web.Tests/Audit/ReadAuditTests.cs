using System.Net;
using System.Text.RegularExpressions;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Consent;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Fhir;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Audit;

/// <summary>
/// Issue 9, item 5 (finding 5: intake, eligibility, consent, alert and task pages were read without audit entries; FHIR
/// searches did not record whom they returned). Every page that shows a patient's data leaves a read entry naming that
/// patient. The pages are taken from the app's own route table, so a page added later is checked without editing this test.
/// </summary>
public sealed partial class ReadAuditTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private Task<List<string>> PageRoutesAsync(string prefix) => app.WithServicesAsync(services => Task.FromResult(
        services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>()
            .Select(p => p.AttributeRouteInfo?.Template ?? string.Empty)
            .Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList()));

    /// <summary>Fills a route template's parameters; optional ones are left out. An unknown required one fails the test, so it gets a value here.</summary>
    private static string Url(string template, IReadOnlyDictionary<string, string> values) =>
        "/" + RouteParameter().Replace(template, m =>
        {
            if (m.Groups["optional"].Success) return string.Empty;
            Assert.True(values.TryGetValue(m.Groups["name"].Value, out var value), $"No test value for route parameter {m.Value} in {template}: add one.");
            return value;
        }).TrimEnd('/').Replace("//", "/", StringComparison.Ordinal);

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:[a-z]+)?(?<optional>\?)?\}")]
    private static partial Regex RouteParameter();

    private Task<int> ReadsOfAsync(Guid patientId) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PatientId == patientId && a.Outcome == AuditOutcome.Success && a.Action.EndsWith(".read")));

    private async Task<(HttpClient Staff, Guid PatientId, Guid ConsentId)> PatientWithConsentAsync()
    {
        var staff = await app.SignedInClientAsync(Roles.Prescriber);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Lena", ["Input.FamilyName"] = "Novak", ["Input.BirthDate"] = "1992-08-19", ["Input.Sex"] = "Female", ["Input.Email"] = "lena@example.com",
        });
        var document = ConsentDocuments.Treatment;
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/Consents",
            new() { ["documentId"] = document.Id, ["documentVersion"] = document.Version, ["typedName"] = "Lena Novak", ["agreed"] = "true" });
        var consentId = await app.WithDbAsync(db => db.SignedConsents.Where(c => c.PatientId == patientId).Select(c => c.Id).SingleAsync());
        // Weighed, approved and with a signed plan, so the pages under a plan (the dosing-session chart) exist for her.
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/Intake/medical?handler=Save", new() { ["weightKg"] = "70" }, $"/Patients/{patientId}/Intake/medical");
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/Eligibility?handler=Decide", Eligibility.EligibilityDecisionTests.Form(psychosis: false, "approve"), $"/Patients/{patientId}/Eligibility");
        await KapCareTestApp.SaveDraftPlanAsync(staff, patientId, KapCareTestApp.PlanForm());
        await KapCareTestApp.SignPlanAsync(staff, patientId, await app.LatestPlanIdAsync(patientId));
        return (staff, patientId, consentId);
    }

    [Fact]
    public async Task Given_every_patient_page_When_staff_open_it_Then_each_read_leaves_an_audit_entry_for_that_patient()
    {
        var (staff, patientId, consentId) = await PatientWithConsentAsync();
        var routes = await PageRoutesAsync("Patients/{id:guid}");
        Assert.True(routes.Count >= 12, string.Join(", ", routes));
        // A preparation note (a prescriber may write one), so the note pages exist for her.
        var preparation = await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/Integration/New?handler=Preparation", new()
        {
            ["Form.Intentions"] = "Fewer mornings ruled by dread", ["Form.WhatToExpect"] = "true",
            ["Form.WhoToCall"] = "Her sister", ["Form.IfDistressed"] = "Paced breathing, then the clinic line",
        }, $"/Patients/{patientId}/Integration/New");
        Assert.Equal(HttpStatusCode.OK, preparation.StatusCode);
        var noteId = await app.WithDbAsync(db => db.TherapyNotes.Where(n => n.PatientId == patientId).Select(n => n.Id).SingleAsync());
        var values = new Dictionary<string, string>
        {
            ["id"] = patientId.ToString(), ["consentId"] = consentId.ToString(), ["dosingNumber"] = "1", ["noteId"] = noteId.ToString(),
        };

        var unaudited = new List<string>();
        foreach (var template in routes)
        {
            var url = Url(template, values);
            var before = await ReadsOfAsync(patientId);
            var response = await staff.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            if (await ReadsOfAsync(patientId) <= before) unaudited.Add(url);
        }
        Assert.Empty(unaudited);
    }

    [Fact]
    public async Task Given_a_portal_patient_When_they_open_each_portal_page_Then_each_read_is_audited_under_their_own_record()
    {
        var (staff, patientId, consentId) = await PatientWithConsentAsync();
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/PortalAccess", new() { ["email"] = "lena@example.com", ["password"] = "lena's long password" });
        var patient = app.CreateClient();
        await KapCareTestApp.PostFormAsync(patient, "/Account/Login", new() { ["Input.Email"] = "lena@example.com", ["Input.Password"] = "lena's long password" });
        var routes = await PageRoutesAsync("Portal");
        Assert.True(routes.Count >= 5, string.Join(", ", routes));
        var values = new Dictionary<string, string>
        {
            ["consentId"] = consentId.ToString(), ["documentId"] = ConsentDocuments.Telehealth.Id, ["instrument"] = "gad-7",
        };

        var unaudited = new List<string>();
        foreach (var template in routes)
        {
            var url = Url(template, values);
            var before = await ReadsOfAsync(patientId);
            var response = await patient.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            if (await ReadsOfAsync(patientId) <= before) unaudited.Add(url);
        }
        Assert.Empty(unaudited);
    }

    [Fact]
    public async Task Given_alerts_and_tasks_of_two_patients_When_the_inboxes_are_opened_Then_each_shown_patient_gets_a_read_entry()
    {
        var client = await app.SignedInClientAsync(Roles.Nurse);
        var patients = new List<Guid>();
        foreach (var given in new[] { "Maria", "Jonas" })
        {
            var id = await KapCareTestApp.RegisterPatientAsync(client, new()
            {
                ["Input.GivenName"] = given, ["Input.FamilyName"] = "Kowalski", ["Input.BirthDate"] = "1984-02-10", ["Input.Sex"] = "Female",
            });
            // PHQ-9 item 9 answered above 0 raises a safety alert (REFERENCE.md §1).
            var answers = Enumerable.Range(1, 9).ToDictionary(i => $"answers[{i}]", i => i == 9 ? "1" : "0");
            await KapCareTestApp.PostFormAsync(client, $"/Patients/{id}/Measures/New?instrument=phq-9", answers);
            patients.Add(id);
        }
        Assert.Equal(2, await app.WithDbAsync(db => db.SafetyAlerts.CountAsync()));
        // Tasks are raised by the missed-measure sweep; one per patient is enough to show the list.
        await app.WithDbAsync(async db =>
        {
            foreach (var id in patients)
                db.CareTasks.Add(new CareTask { Id = Guid.CreateVersion7(), PatientId = id, Key = "test", Title = "Call back", CreatedAt = DateTime.UtcNow, Status = CareTaskStatus.Open, Version = 1 });
            return await db.SaveChangesAsync();
        });

        foreach (var page in new[] { "/Alerts", "/Tasks" })
        {
            var before = await Task.WhenAll(patients.Select(ReadsOfAsync));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(page)).StatusCode);
            var after = await Task.WhenAll(patients.Select(ReadsOfAsync));
            Assert.True(after.Zip(before).All(x => x.First > x.Second), $"{page}: reads before {string.Join(",", before)}, after {string.Join(",", after)}");
        }
    }

    [Fact]
    public async Task Given_a_FHIR_patient_search_When_it_returns_patients_Then_the_audit_names_each_returned_patient()
    {
        var api = app.CreateApiClient(await app.CreateTokenAsync(Roles.Nurse, "user/*.*"));
        var given = UniqueName();
        var first = (string)(await CreateAsync(api, NewPatient(given, "Okafor")))["id"]!;
        var second = (string)(await CreateAsync(api, NewPatient(given, "Okoro")))["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/fhir/Patient?given={given}")).StatusCode);

        var searches = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.PatientSearch).ToListAsync());
        Assert.Equal([Guid.Parse(first), Guid.Parse(second)], searches.Where(a => a.PatientId != null).Select(a => a.PatientId!.Value).Order());
    }

    [Fact]
    public async Task Given_a_FHIR_observation_search_When_it_returns_scores_Then_the_audit_lists_the_returned_resource_ids()
    {
        var api = app.CreateApiClient(await app.CreateTokenAsync(Roles.Nurse, "user/*.*"));
        var patient = await FhirMeasures.NewPatientIdAsync(api);
        await FhirMeasures.SubmitAsync(api, FhirMeasures.Response("Questionnaire/gad-7", patient, FhirMeasures.LoincItems(FhirMeasures.Gad7Items, [1, 1, 1, 1, 1, 1, 1])));

        var bundle = await JsonAsync(await api.GetAsync($"/fhir/Observation?subject=Patient/{patient}"));
        var ids = bundle["entry"]!.AsArray().Select(e => (string)e!["resource"]!["id"]!).ToList();
        Assert.NotEmpty(ids);

        var entry = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.ResourceType == "Observation" && a.PatientId == Guid.Parse(patient)).OrderBy(a => a.Id).LastAsync());
        foreach (var id in ids) Assert.Contains(id, entry.Detail, StringComparison.Ordinal);
    }
}
