using System.Net;
using KapCare.Clinical.Plans;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Eligibility;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Plans;

public sealed class TreatmentPlanTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(HttpClient Prescriber, Guid PatientId)> PatientAsync(bool approve)
    {
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber, "dr.osei@clinic.test");
        var id = await KapCareTestApp.RegisterPatientAsync(prescriber, new()
        {
            ["Input.GivenName"] = "Ines", ["Input.FamilyName"] = "Moreau", ["Input.BirthDate"] = "1985-06-01", ["Input.Sex"] = "Female",
        });
        // The dosing weight, recorded by the prescriber: signing re-runs the dose calculator on every planned dose.
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Intake/medical?handler=Save", new() { ["weightKg"] = "70" }, $"/Patients/{id}/Intake/medical");
        if (approve)
        {
            var decided = await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Eligibility?handler=Decide",
                EligibilityDecisionTests.Form(psychosis: false, "approve"), $"/Patients/{id}/Eligibility");
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        }
        return (prescriber, id);
    }

    private static Dictionary<string, string> RetreatForm(string firstDose = "2027-01-04") => new()
    {
        ["TemplateId"] = ProtocolTemplates.IntensiveRetreat, ["FirstDosingDate"] = firstDose,
        ["Phases[0].Sessions"] = "5", ["Phases[0].Every"] = "5", ["Phases[0].Unit"] = "week", ["StartingDose"] = "0.5",
    };

    private static Task<HttpResponseMessage> SaveDraftAsync(HttpClient client, Guid patientId, Dictionary<string, string> form) =>
        KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Plan/New?handler=Save", form, $"/Patients/{patientId}/Plan/New?templateId={form["TemplateId"]}");

    [Fact]
    public async Task Given_a_patient_not_yet_approved_When_a_plan_is_saved_Then_it_is_refused_and_nothing_is_stored()
    {
        var (prescriber, id) = await PatientAsync(approve: false);

        var page = await prescriber.GetStringAsync($"/Patients/{id}/Plan/New");
        Assert.Contains("No eligibility decision yet", page, StringComparison.Ordinal);
        var plans = app.WithServicesAsync(async services =>
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TreatmentPlans>(services)
                .CreateDraftAsync(id, ProtocolTemplates.IvInduction, new PlanAdjustments(new DateOnly(2027, 1, 4)), new System.Security.Claims.ClaimsPrincipal()));

        Assert.IsType<PlanResult.Refused>(await plans);
        Assert.Equal(0, await app.WithDbAsync(db => db.TreatmentPlans.CountAsync()));
    }

    [Fact]
    public async Task Given_an_approved_patient_When_a_retreat_plan_is_built_chosen_and_signed_Then_it_is_stored_signed_and_audited()
    {
        var (prescriber, id) = await PatientAsync(approve: true);

        var saved = await SaveDraftAsync(prescriber, id, RetreatForm());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var draft = await app.WithDbAsync(db => db.TreatmentPlans.SingleAsync());
        Assert.Equal((PlanStatus.Draft, 1, ProtocolTemplates.IntensiveRetreat, 1), (draft.Status, draft.PlanVersion, draft.TemplateId, draft.TemplateVersion));
        // Five a week for one week from Monday 4 January 2027: Mon–Fri, each with same-day integration, preparation on Sunday.
        Assert.Equal([new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 6), new DateOnly(2027, 1, 7), new DateOnly(2027, 1, 8)],
            draft.Sessions.Where(s => s.Kind == SessionKind.Dosing).Select(s => s.Date));
        Assert.Equal(1 + 5 + 5 + 6, draft.Sessions.Count);

        // A nurse may not sign; a therapist chooses the modalities; the prescriber signs.
        var nurse = await app.SignedInClientAsync(Roles.Nurse);
        var nurseSign = await KapCareTestApp.PostFormAsync(nurse, $"/Patients/{id}/Plan/{draft.Id}?handler=Sign", [], $"/Patients/{id}/Plan/{draft.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, nurseSign.StatusCode);
        var therapist = await app.SignedInClientAsync(Roles.Therapist);
        await KapCareTestApp.PostFormAsync(therapist, $"/Patients/{id}/Plan/{draft.Id}?handler=Modalities",
            new() { ["accepted"] = "Cbt", ["note"] = "CBT homework between retreat days." }, $"/Patients/{id}/Plan/{draft.Id}");
        var signedPage = await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/{draft.Id}?handler=Sign", [], $"/Patients/{id}/Plan/{draft.Id}");

        Assert.Contains("Plan signed", await signedPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var signed = await app.WithDbAsync(db => db.TreatmentPlans.SingleAsync());
        Assert.Equal(PlanStatus.Signed, signed.Status);
        Assert.NotNull(signed.SignedByUserId);
        Assert.Equal([Modality.Cbt], signed.Modalities.Where(m => m.Accepted).Select(m => m.Modality));
        Assert.Equal("CBT homework between retreat days.", signed.ModalityNote);
        var audit = await app.AuditEntriesAsync();
        Assert.Contains(audit, a => a.Action == AuditActions.PlanSign && a.PatientId == id);
        Assert.Contains(audit, a => a.Action == AuditActions.PlanCreate && a.PatientId == id);
    }

    [Fact]
    public async Task Given_a_signed_plan_When_it_is_revised_and_the_revision_signed_Then_the_old_version_is_superseded_and_cannot_be_changed()
    {
        var (prescriber, id) = await PatientAsync(approve: true);
        await SaveDraftAsync(prescriber, id, RetreatForm());
        var v1 = await app.WithDbAsync(db => db.TreatmentPlans.SingleAsync());
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/{v1.Id}?handler=Sign", [], $"/Patients/{id}/Plan/{v1.Id}");

        // Changing a signed plan in place is refused by the data layer itself.
        var tamper = await Record.ExceptionAsync(() => app.WithDbAsync(async db =>
        {
            var plan = await db.TreatmentPlans.SingleAsync();
            plan.ModalityNote = "changed after signing";
            return await db.SaveChangesAsync();
        }));
        Assert.IsType<InvalidOperationException>(tamper);

        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/{v1.Id}?handler=Revise", [], $"/Patients/{id}/Plan/{v1.Id}");
        var v2 = await app.WithDbAsync(db => db.TreatmentPlans.SingleAsync(p => p.PlanVersion == 2));
        Assert.Equal(PlanStatus.Draft, v2.Status);
        Assert.Equal(PlanStatus.Signed, (await app.WithDbAsync(db => db.TreatmentPlans.SingleAsync(p => p.PlanVersion == 1))).Status);
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/{v2.Id}?handler=Sign", [], $"/Patients/{id}/Plan/{v2.Id}");

        var versions = await app.WithDbAsync(db => db.TreatmentPlans.OrderBy(p => p.PlanVersion).Select(p => p.Status).ToListAsync());
        Assert.Equal([PlanStatus.Superseded, PlanStatus.Signed], versions);
    }

    [Fact]
    public async Task Impossible_adjustments_are_refused_with_a_400_and_nothing_saved()
    {
        var (prescriber, id) = await PatientAsync(approve: true);
        var form = RetreatForm();
        form["Phases[0].Every"] = "6";

        var refused = await SaveDraftAsync(prescriber, id, form);
        var past = await SaveDraftAsync(prescriber, id, RetreatForm(firstDose: "2020-01-06"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("2 to 5 sessions a week", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.TreatmentPlans.CountAsync()));
    }

    [Fact]
    public async Task Given_an_admin_edits_a_protocol_Then_it_gets_a_new_version_that_new_plans_record()
    {
        var (prescriber, id) = await PatientAsync(approve: true);
        var problems = await app.WithServicesAsync(services =>
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ProtocolTemplateStore>(services)
                .EditAsync(ProtocolTemplates.IvInduction, [new PhaseEdit(8, new Spacing.TimesPerWeek(2))], TemplateDose.PerKg(0.5m), 45, 1, "Admin"));
        var invalid = await app.WithServicesAsync(services =>
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ProtocolTemplateStore>(services)
                .EditAsync(ProtocolTemplates.IvInduction, [new PhaseEdit(0, new Spacing.TimesPerWeek(2))], TemplateDose.PerKg(0.5m), 45, 1, "Admin"));

        Assert.Empty(problems);
        Assert.NotEmpty(invalid);
        await SaveDraftAsync(prescriber, id, new()
        {
            ["TemplateId"] = ProtocolTemplates.IvInduction, ["FirstDosingDate"] = "2027-01-04",
            ["Phases[0].Sessions"] = "8", ["Phases[0].Every"] = "2", ["Phases[0].Unit"] = "week", ["StartingDose"] = "0.5", ["InfusionMinutes"] = "45",
        });
        var plan = await app.WithDbAsync(db => db.TreatmentPlans.SingleAsync());
        Assert.Equal(2, plan.TemplateVersion);
        Assert.Equal(45, plan.Protocol.InfusionMinutes);
        Assert.Equal(8, plan.Sessions.Count(s => s.Kind == SessionKind.Dosing));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.SettingUpdate && a.ResourceType == "ProtocolTemplate" && a.Detail!.Contains("v1 → v2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_admin_protocols_page_saves_a_valid_edit_as_a_new_version_and_refuses_an_invalid_one()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber);

        var invalid = await KapCareTestApp.PostFormAsync(admin, "/Admin/Protocols", new()
        {
            ["id"] = ProtocolTemplates.SublingualKap, ["sessions"] = "6", ["every"] = "14", ["unit"] = "days", ["startingDose"] = "3", ["integrationDaysAfter"] = "1",
        });
        var saved = await KapCareTestApp.PostFormAsync(admin, "/Admin/Protocols", new()
        {
            ["id"] = ProtocolTemplates.SublingualKap, ["sessions"] = "8", ["every"] = "14", ["unit"] = "days", ["startingDose"] = "0.25", ["integrationDaysAfter"] = "2",
        });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("outside 0–2 mg/kg", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("saved as version 2", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("v2", await admin.GetStringAsync("/Admin/Protocols"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await prescriber.GetAsync("/Admin/Protocols")).StatusCode);
    }
}
