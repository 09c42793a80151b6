using System.Net;
using KapCare.Clinical.Plans;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Eligibility;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Plans;

/// <summary>
/// Issue 9, item 3: doses are calculated only from a weight a clinician recorded (weighed, or a patient's report they
/// confirmed) within the validity window (default 30 days) — never from the patient's own portal entry alone.
/// IV 0.5 mg/kg from 50 mg/mL vials: 70 kg → 35 mg; 184 kg → 92 mg.
/// </summary>
public sealed class DosingWeightTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(HttpClient Prescriber, Guid PatientId)> PortalPatientAsync()
    {
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber, "dr.osei@clinic.test");
        var id = await KapCareTestApp.RegisterPatientAsync(prescriber, new()
        {
            ["Input.GivenName"] = "Nadia", ["Input.FamilyName"] = "Haddad", ["Input.BirthDate"] = "1990-05-14", ["Input.Sex"] = "Female",
        });
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/PortalAccess", new() { ["email"] = "nadia@example.com", ["password"] = "nadia's long password" });
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Eligibility?handler=Decide", EligibilityDecisionTests.Form(psychosis: false, "approve"), $"/Patients/{id}/Eligibility");
        return (prescriber, id);
    }

    private async Task<HttpClient> PatientClientAsync()
    {
        var patient = app.CreateClient();
        await KapCareTestApp.PostFormAsync(patient, "/Account/Login", new() { ["Input.Email"] = "nadia@example.com", ["Input.Password"] = "nadia's long password" });
        return patient;
    }

    private static Task<HttpResponseMessage> PatientTypesWeightAsync(HttpClient patient, string kg) =>
        KapCareTestApp.PostFormAsync(patient, "/Portal/Intake/medical?handler=Save", new() { ["weightKg"] = kg }, "/Portal/Intake/medical");

    private Task<Guid> SignedIvPlanAsync(HttpClient prescriber, Guid id) =>
        app.SignedPlanAsync(prescriber, id, KapCareTestApp.PlanForm(firstDosingDate: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20))));

    [Fact]
    public async Task A_weight_the_patient_types_after_a_clinician_weighed_them_is_shown_as_reported_and_does_not_change_the_dose()
    {
        var (prescriber, id) = await PortalPatientAsync();
        var nurse = await app.SignedInClientAsync(Roles.Nurse);
        await KapCareTestApp.PostFormAsync(nurse, $"/Patients/{id}/Intake/medical?handler=Save", new() { ["weightKg"] = "70" }, $"/Patients/{id}/Intake/medical");
        var planId = await SignedIvPlanAsync(prescriber, id);

        var patient = await PatientClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await PatientTypesWeightAsync(patient, "184")).StatusCode);

        var page = await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}");
        Assert.Contains("35 mg", page, StringComparison.Ordinal);        // 0.5 × 70, the nurse's weight
        Assert.DoesNotContain("92 mg", page, StringComparison.Ordinal);  // 0.5 × 184, the patient's
        Assert.Contains("184 kg (reported)", page, StringComparison.Ordinal);
        Assert.Single(await app.WithDbAsync(db => db.WeightMeasurements.Where(w => w.PatientId == id).ToListAsync()));

        // A clinician confirms the report deliberately; only then does it become the dosing weight.
        var confirmed = await KapCareTestApp.PostFormAsync(nurse, $"/Patients/{id}/Plan/{planId}?handler=Weight", new() { ["confirmReported"] = "true" }, $"/Patients/{id}/Plan/{planId}");
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var latest = await app.WithDbAsync(db => db.WeightMeasurements.Where(w => w.PatientId == id).OrderByDescending(w => w.MeasuredAt).FirstAsync());
        Assert.Equal((184m, WeightSource.ConfirmedReport), (latest.WeightKg, latest.Source));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.WeightRecord && a.PatientId == id && a.Detail!.Contains("ConfirmedReport", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_only_the_patients_own_weight_no_dose_is_calculated_and_the_plan_cannot_be_signed()
    {
        var (prescriber, id) = await PortalPatientAsync();
        var patient = await PatientClientAsync();
        await PatientTypesWeightAsync(patient, "70");

        await KapCareTestApp.SaveDraftPlanAsync(prescriber, id, KapCareTestApp.PlanForm(firstDosingDate: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20))));
        var planId = await app.LatestPlanIdAsync(id);
        var signed = await KapCareTestApp.SignPlanAsync(prescriber, id, planId);

        Assert.Equal(HttpStatusCode.BadRequest, signed.StatusCode);
        var page = await signed.Content.ReadAsStringAsync();
        Assert.Contains("No weight recorded by a clinician", page, StringComparison.Ordinal);
        Assert.Equal(PlanStatus.Draft, await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_weight_older_than_the_validity_window_is_not_used_and_the_window_is_a_setting()
    {
        var (prescriber, id) = await PortalPatientAsync();
        var prescriberId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "dr.osei@clinic.test").Select(u => u.Id).SingleAsync());
        await app.WithDbAsync(db =>
        {
            db.WeightMeasurements.Add(new WeightMeasurement
            {
                Id = Guid.CreateVersion7(), PatientId = id, WeightKg = 70m, Source = WeightSource.Measured, MeasuredAt = DateTime.UtcNow.AddDays(-31),
                RecordedByUserId = prescriberId, RecordedByName = "Dr Osei",
            });
            return db.SaveChangesAsync();
        });
        var planId = await SignedIvPlanAsync(prescriber, id);
        Assert.Equal(PlanStatus.Draft, await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Status).SingleAsync()));
        Assert.Contains("older than 30 days", await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}"), StringComparison.Ordinal);

        await app.WithServicesAsync(s => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<DosingWeights>(s)
            .SetValidDaysAsync(45, new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.Admin)], "test"))));
        Assert.Contains("35 mg", await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}"), StringComparison.Ordinal);
        Assert.Equal("Give 1 to 90 days.", await app.WithServicesAsync(s => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<DosingWeights>(s)
            .SetValidDaysAsync(365, new System.Security.Claims.ClaimsPrincipal())));
    }

    [Fact]
    public async Task Only_a_prescriber_or_nurse_records_a_dosing_weight_and_a_patient_id_forged_in_the_form_is_refused()
    {
        var (prescriber, id) = await PortalPatientAsync();
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Intake/medical?handler=Save", new() { ["weightKg"] = "70" }, $"/Patients/{id}/Intake/medical");
        var planId = await SignedIvPlanAsync(prescriber, id);
        var other = await KapCareTestApp.RegisterPatientAsync(prescriber, new()
        {
            ["Input.GivenName"] = "Omar", ["Input.FamilyName"] = "Haddad", ["Input.BirthDate"] = "1988-02-03", ["Input.Sex"] = "Male",
        });
        var frontDesk = await app.SignedInClientAsync(Roles.FrontDesk);
        var therapist = await app.SignedInClientAsync(Roles.Therapist);

        var byFrontDesk = await frontDesk.PostAsync($"/Patients/{id}/Plan/{planId}?handler=Weight", new FormUrlEncodedContent(new Dictionary<string, string> { ["weightKg"] = "90" }));
        var byTherapist = await KapCareTestApp.PostFormAsync(therapist, $"/Patients/{id}/Plan/{planId}?handler=Weight", new() { ["weightKg"] = "90" }, $"/Patients/{id}/Plan/{planId}");
        // The other patient's address with this patient's plan id: not found, nothing written for either.
        var forged = await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{other}/Plan/{planId}?handler=Weight", new() { ["weightKg"] = "90" }, $"/Patients/{id}/Plan/{planId}");
        var implausible = await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/{planId}?handler=Weight", new() { ["weightKg"] = "1840" }, $"/Patients/{id}/Plan/{planId}");

        Assert.NotEqual(HttpStatusCode.OK, byFrontDesk.StatusCode);
        Assert.True(byTherapist.StatusCode == HttpStatusCode.Forbidden || byTherapist.RequestMessage!.RequestUri!.AbsolutePath.Contains("AccessDenied", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, implausible.StatusCode);
        Assert.Equal([70m], await app.WithDbAsync(db => db.WeightMeasurements.Select(w => w.WeightKg).ToListAsync()));
    }
}
