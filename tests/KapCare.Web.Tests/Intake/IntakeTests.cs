using System.Net;
using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Intake;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Intake;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Intake;

public sealed class IntakeTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(HttpClient Staff, Guid PatientId)> PortalPatientAsync()
    {
        var staff = await app.SignedInClientAsync(Roles.Prescriber);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Nadia", ["Input.FamilyName"] = "Haddad", ["Input.BirthDate"] = "1990-05-14", ["Input.Sex"] = "Female",
        });
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/PortalAccess", new() { ["email"] = "nadia@example.com", ["password"] = "nadia's long password" });
        return (staff, patientId);
    }

    private async Task<HttpClient> PatientClientAsync()
    {
        var patient = app.CreateClient();
        await KapCareTestApp.PostFormAsync(patient, "/Account/Login", new() { ["Input.Email"] = "nadia@example.com", ["Input.Password"] = "nadia's long password" });
        return patient;
    }

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, string baseUrl, string section, Dictionary<string, string> fields) =>
        KapCareTestApp.PostFormAsync(client, $"{baseUrl}/{section}?handler=Save", fields, formPage: $"{baseUrl}/{section}");

    private Task<IntakeForm> StoredFormAsync(Guid patientId) =>
        app.WithDbAsync(async db => IntakeService.Read(await db.PatientIntakes.SingleAsync(i => i.PatientId == patientId)));

    [Fact]
    public async Task Given_a_patient_at_home_When_they_save_the_intake_in_parts_and_come_back_later_Then_every_part_is_kept()
    {
        var (_, patientId) = await PortalPatientAsync();
        var patient = await PatientClientAsync();

        var history = await SaveAsync(patient, "/Portal/Intake", "history", new()
        {
            ["history.diagnoses[0].kind"] = "GeneralizedAnxiety", ["history.diagnoses[0].onsetAge"] = "24", ["history.diagnoses[0].course"] = "Persistent",
            ["history.diagnoses[9].kind"] = "Ptsd", ["history.diagnoses[9].onsetAge"] = "31",
        });
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);

        // Later, in a new session: the treatments section, sent as htmx autosave does.
        var later = await PatientClientAsync();
        var page = await later.GetStringAsync("/Portal/Intake/treatments");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var autosave = new HttpRequestMessage(HttpMethod.Post, "/Portal/Intake/treatments?handler=Save")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["medicationTrials[0].drug"] = "Sertraline", ["medicationTrials[0].dose"] = "150 mg", ["medicationTrials[0].weeks"] = "10",
                ["medicationTrials[0].doseAdequate"] = "yes", ["medicationTrials[0].response"] = "Partial",
                ["psychotherapyCourses[0].type"] = "CBT", ["psychotherapyCourses[0].sessions"] = "12", ["psychotherapyCourses[0].completed"] = "yes",
            }),
        };
        autosave.Headers.Add("HX-Request", "true");
        var fragment = await later.SendAsync(autosave);
        Assert.Contains("Saved", await fragment.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var form = await StoredFormAsync(patientId);
        Assert.Equal([DiagnosisKind.GeneralizedAnxiety, DiagnosisKind.Ptsd], form.History.Diagnoses.Select(d => d.Kind));
        Assert.Equal(24, form.History.Diagnoses[0].OnsetAge);
        Assert.Equal(DiagnosisCourse.Persistent, form.History.Diagnoses[0].Course);
        Assert.Equal(new MedicationTrialEntry("Sertraline", "150 mg", 10, YesNoUnknown.Yes, TreatmentResponse.Partial, null), form.Treatments.Medications.Single());
        Assert.Equal("CBT", form.Treatments.Psychotherapy.Single().Type);

        // Resumed: the history page shows what was saved in the first session.
        var resumed = await later.GetStringAsync("/Portal/Intake/history");
        Assert.Contains("value=\"24\"", resumed, StringComparison.Ordinal);
        var overview = await later.GetStringAsync("/Portal/Intake");
        Assert.Contains("2 of 5 sections complete", overview, StringComparison.Ordinal);
        Assert.Equal(2, (await app.AuditEntriesAsync()).Count(a => a.Action == AuditActions.IntakeSave && a.PatientId == patientId));
    }

    [Fact]
    public async Task Given_an_impossible_blood_pressure_When_the_section_is_saved_Then_it_is_refused_naming_the_field_and_nothing_in_it_changes()
    {
        var (staff, patientId) = await PortalPatientAsync();
        var baseUrl = $"/Patients/{patientId}/Intake";
        await SaveAsync(staff, baseUrl, "medical", new() { ["systolicMmHg"] = "128", ["diastolicMmHg"] = "82", ["weightKg"] = "68.5" });

        var refused = await SaveAsync(staff, baseUrl, "medical", new() { ["systolicMmHg"] = "400", ["diastolicMmHg"] = "20", ["weightKg"] = "0" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Nothing was saved in this section", html, StringComparison.Ordinal);
        Assert.Contains("400 mmHg is not a possible systolic pressure", html, StringComparison.Ordinal);
        Assert.Contains("not a possible adult weight", html, StringComparison.Ordinal);
        var stored = (await StoredFormAsync(patientId)).Medical;
        Assert.Equal((128, 82, 68.5m), (stored.SystolicMmHg, stored.DiastolicMmHg, stored.WeightKg));
    }

    [Fact]
    public async Task Given_a_complete_intake_When_the_prescriber_opens_eligibility_Then_the_form_holds_the_intake_facts()
    {
        var (staff, patientId) = await PortalPatientAsync();
        var baseUrl = $"/Patients/{patientId}/Intake";
        var no = new[]
        {
            "ischaemicHeartDisease", "cerebrovascularDisease", "aneurysmalVascularDisease", "arteriovenousMalformation", "intracerebralHaemorrhageHistory",
            "liverDisease", "pregnant", "breastfeeding", "psychoticDisorderHistory", "bipolarDisorder", "substanceUseDisorder", "seizures",
            "takesBenzodiazepine", "takesOpioid", "takesMaoi", "takesPsychostimulant", "takesLamotrigine",
        }.ToDictionary(k => k, _ => "no");
        no["systolicMmHg"] = "146"; no["diastolicMmHg"] = "88"; no["weightKg"] = "72"; no["heightCm"] = "168";
        no["medical.currentMedications[0].name"] = "Klonopin"; no["medical.currentMedications[0].dose"] = "0.5 mg at night";
        no["medical.noKnownAllergies"] = "true";
        await SaveAsync(staff, baseUrl, "medical", no);

        var page = await staff.GetStringAsync($"/Patients/{patientId}/Eligibility");

        Assert.Contains("From the intake saved", page, StringComparison.Ordinal);
        Assert.Contains("value=\"146\"", page, StringComparison.Ordinal);
        // Klonopin is a benzodiazepine: the listed drug wins over the "no" (and the form says so).
        Assert.Matches("name=\"Facts.TakesBenzodiazepine\">(\\s*<option[^>]*>[a-z]+</option>)*\\s*<option value=\"yes\" selected", page);
        Assert.Contains("Klonopin is a benzodiazepine", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_incomplete_intake_When_it_is_sent_Then_it_is_refused_and_once_complete_it_is_sent_and_audited()
    {
        var (staff, patientId) = await PortalPatientAsync();
        var patient = await PatientClientAsync();

        var early = await KapCareTestApp.PostFormAsync(patient, "/Portal/Intake?handler=Submit", [], formPage: "/Portal/Intake");
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);

        var form = Complete();
        await app.WithServicesAsync(async services =>
        {
            var intakes = services.GetRequiredService<IntakeService>();
            var user = Someone();
            foreach (var section in Enum.GetValues<IntakeSectionId>()) await intakes.SaveSectionAsync(patientId, section, form, user);
            return 0;
        });

        var sent = await KapCareTestApp.PostFormAsync(patient, "/Portal/Intake?handler=Submit", [], formPage: "/Portal/Intake");

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("sent to your care team", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.PatientIntakes.SingleAsync(i => i.PatientId == patientId));
        Assert.Equal(IntakeStatus.Submitted, stored.Status);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.IntakeSubmit && a.PatientId == patientId);
    }

    [Fact]
    public async Task Given_every_section_saved_at_the_same_moment_Then_none_is_lost()
    {
        var (_, patientId) = await PortalPatientAsync();
        var user = Someone();
        var form = Complete();

        // Autosave and the page's buttons can race: each save replaces only its own section of the latest stored form.
        var results = await Task.WhenAll(Enum.GetValues<IntakeSectionId>().Select(section => app.WithServicesAsync(services =>
            services.GetRequiredService<IntakeService>().SaveSectionAsync(patientId, section, form, user))));

        Assert.All(results, r => Assert.IsType<IntakeSaveResult.Saved>(r));
        var stored = await StoredFormAsync(patientId);
        Assert.All(Enum.GetValues<IntakeSectionId>(), section => Assert.True(stored.IsComplete(section), $"{section} was lost"));
        Assert.Equal(1, await app.WithDbAsync(db => db.PatientIntakes.CountAsync(i => i.PatientId == patientId)));
    }

    [Fact]
    public async Task An_unknown_patient_or_section_is_not_found()
    {
        var staff = await app.SignedInClientAsync(Roles.Nurse);

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/Patients/{Guid.NewGuid()}/Intake")).StatusCode);
        var (_, patientId) = await PortalPatientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/Patients/{patientId}/Intake/nonsense")).StatusCode);
    }

    private static System.Security.Claims.ClaimsPrincipal Someone() =>
        new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(KapCareClaimsFactory.DisplayNameClaim, "test")], "test"));

    private static IntakeForm Complete() => new()
    {
        History = new() { Diagnoses = [new DiagnosisEntry(DiagnosisKind.GeneralizedAnxiety, 24, DiagnosisCourse.Persistent)] },
        Presentation = new()
        {
            Items = PresentationProfile.Items.ToDictionary(i => i.Id, _ => 2),
            LinkedToPastExperiences = YesNoUnknown.No,
            IntrusiveImagery = YesNoUnknown.No,
        },
        Treatments = new() { NoneTried = true },
        Medical = new()
        {
            SystolicMmHg = 120, DiastolicMmHg = 80, WeightKg = 70m, HeightCm = 170m,
            IschaemicHeartDisease = YesNoUnknown.No, CerebrovascularDisease = YesNoUnknown.No, AneurysmalVascularDisease = YesNoUnknown.No,
            ArteriovenousMalformation = YesNoUnknown.No, IntracerebralHaemorrhageHistory = YesNoUnknown.No, LiverDisease = YesNoUnknown.No,
            Pregnant = YesNoUnknown.No, Breastfeeding = YesNoUnknown.No, PsychoticDisorderHistory = YesNoUnknown.No, BipolarDisorder = YesNoUnknown.No,
            SubstanceUseDisorder = YesNoUnknown.No, Seizures = YesNoUnknown.No, TakesBenzodiazepine = YesNoUnknown.No, TakesOpioid = YesNoUnknown.No,
            TakesMaoi = YesNoUnknown.No, TakesPsychostimulant = YesNoUnknown.No, TakesLamotrigine = YesNoUnknown.No, NoKnownAllergies = true,
        },
        Support = new() { HasSupportPerson = YesNoUnknown.Yes, TransportHome = YesNoUnknown.Yes },
    };
}
