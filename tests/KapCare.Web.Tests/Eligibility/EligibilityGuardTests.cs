using System.Net;
using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Instruments;
using KapCare.Clinical.Plans;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Eligibility;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Eligibility;

/// <summary>
/// Issue 9, items 3 and 8: facts on the decision form that differ from the intake are recorded as changed facts with a
/// reason and audited; an intake exclusion is passed only by the override path; eligibility is re-checked when a plan is
/// signed; a patient's later edit marks the decision "facts changed since decision"; the latest C-SSRS screener counts,
/// complete or not, when it shows risk.
/// </summary>
public sealed class EligibilityGuardTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(HttpClient Prescriber, Guid PatientId)> PatientWithIntakeAsync(string psychosis = "no")
    {
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber, "dr.osei@clinic.test");
        var id = await KapCareTestApp.RegisterPatientAsync(prescriber, new()
        {
            ["Input.GivenName"] = "Nadia", ["Input.FamilyName"] = "Haddad", ["Input.BirthDate"] = "1990-05-14", ["Input.Sex"] = "Female",
        });
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Intake/medical?handler=Save",
            new() { ["weightKg"] = "70", ["psychoticDisorderHistory"] = psychosis }, $"/Patients/{id}/Intake/medical");
        return (prescriber, id);
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, Guid id, Dictionary<string, string> form) =>
        KapCareTestApp.PostFormAsync(client, $"/Patients/{id}/Eligibility?handler=Decide", form, $"/Patients/{id}/Eligibility");

    [Fact]
    public async Task An_intake_yes_to_psychosis_turned_into_no_on_the_form_is_a_changed_fact_and_the_exclusion_still_needs_the_override()
    {
        var (prescriber, id) = await PatientWithIntakeAsync(psychosis: "yes");

        // The form says "no" (EligibilityDecisionTests.Form sets every finding to no): without a reason it is refused.
        var silent = await DecideAsync(prescriber, id, EligibilityDecisionTests.Form(psychosis: false, "approve"));
        Assert.Equal(HttpStatusCode.BadRequest, silent.StatusCode);
        Assert.Contains("differ from the intake", await silent.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // With a reason, the exclusion the intake shows is still in force: approving needs the override.
        var withReason = EligibilityDecisionTests.Form(psychosis: false, "approve");
        withReason["changeReason"] = "Patient misread the question; no psychotic disorder in the GP record.";
        var noOverride = await DecideAsync(prescriber, id, withReason);
        Assert.Equal(HttpStatusCode.BadRequest, noOverride.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.EligibilityDecisions.CountAsync()));

        var overridden = EligibilityDecisionTests.Form(psychosis: false, "approve", "GP record and psychiatrist letter reviewed: no psychotic disorder ever.", overrideRule: true);
        overridden["changeReason"] = withReason["changeReason"];
        var recorded = await DecideAsync(prescriber, id, overridden);

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var decision = await app.WithDbAsync(db => db.EligibilityDecisions.SingleAsync());
        Assert.Equal(EligibilityDecisionKind.Approve, decision.Kind);
        Assert.Equal("psychosis", decision.OverriddenRuleIds);
        Assert.Contains(decision.ChangedFacts, c => c is { Field: "PsychoticDisorderHistory", Before: "yes", After: "no" });
        Assert.Equal(withReason["changeReason"], decision.ChangeReason);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.EligibilityDecide && a.Outcome == AuditOutcome.Success
            && a.Detail!.Contains("CHANGED FACTS", StringComparison.Ordinal) && a.Detail.Contains("PsychoticDisorderHistory: yes → no", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_decline_recorded_after_the_draft_exists_stops_the_plan_from_being_signed()
    {
        var (prescriber, id) = await PatientWithIntakeAsync();
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(prescriber, id, EligibilityDecisionTests.Form(psychosis: false, "approve"))).StatusCode);
        await KapCareTestApp.SaveDraftPlanAsync(prescriber, id, KapCareTestApp.PlanForm(firstDosingDate: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20))));
        var planId = await app.LatestPlanIdAsync(id);
        var decline = EligibilityDecisionTests.Form(psychosis: false, "decline");
        decline["note"] = "New cardiology letter: ketamine not advised.";
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(prescriber, id, decline)).StatusCode);

        var sign = await KapCareTestApp.SignPlanAsync(prescriber, id, planId);

        Assert.Equal(HttpStatusCode.BadRequest, sign.StatusCode);
        Assert.Equal(PlanStatus.Draft, await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_patients_intake_edit_after_the_decision_marks_it_facts_changed_and_blocks_signing_until_decided_again()
    {
        var (prescriber, id) = await PatientWithIntakeAsync();
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/PortalAccess", new() { ["email"] = "nadia@example.com", ["password"] = "nadia's long password" });
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(prescriber, id, EligibilityDecisionTests.Form(psychosis: false, "approve"))).StatusCode);
        await KapCareTestApp.SaveDraftPlanAsync(prescriber, id, KapCareTestApp.PlanForm(firstDosingDate: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20))));
        var planId = await app.LatestPlanIdAsync(id);

        // At home, the patient now answers "yes" to a past psychotic disorder.
        var patient = app.CreateClient();
        await KapCareTestApp.PostFormAsync(patient, "/Account/Login", new() { ["Input.Email"] = "nadia@example.com", ["Input.Password"] = "nadia's long password" });
        await KapCareTestApp.PostFormAsync(patient, "/Portal/Intake/medical?handler=Save", new() { ["weightKg"] = "70", ["psychoticDisorderHistory"] = "yes" }, "/Portal/Intake/medical");

        var page = await prescriber.GetStringAsync($"/Patients/{id}/Eligibility");
        Assert.Contains("Facts changed since decision — review.", page, StringComparison.Ordinal);
        var sign = await KapCareTestApp.SignPlanAsync(prescriber, id, planId);
        Assert.Equal(HttpStatusCode.BadRequest, sign.StatusCode);
        Assert.Contains("Facts changed since the eligibility decision", System.Net.WebUtility.HtmlDecode(await sign.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(PlanStatus.Draft, await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_newer_incomplete_C_SSRS_screener_already_showing_high_risk_counts_over_an_older_low_one()
    {
        var (_, id) = await PatientWithIntakeAsync();
        var screener = InstrumentLibrary.Get(InstrumentIds.CssrsScreen);
        var allNo = screener.Items.ToDictionary(i => i.LinkId, _ => 0);
        async Task SubmitAsync(IReadOnlyDictionary<string, int> answers, DateTime authored) => Assert.IsType<SubmissionResult.Stored>(await app.WithServicesAsync(s =>
            s.GetRequiredService<SubmitResponse>().HandleAsync(new ResponseSubmission(id, screener, answers, ResponseSource.Staff, authored))));

        await SubmitAsync(allNo, DateTime.UtcNow.AddDays(-10));
        Assert.Equal(CssrsRiskLevel.Low, await app.WithDbAsync(db => EligibilityStanding.SuicideRiskAsync(db, id)));

        // Item 5 "yes" (ideation with plan and intent, past month: high risk, C-SSRS screener), the rest not answered yet.
        await SubmitAsync(new Dictionary<string, int> { ["1"] = 1, ["2"] = 1, ["5"] = 1 }, DateTime.UtcNow.AddDays(-1));

        Assert.Equal(CssrsRiskLevel.High, await app.WithDbAsync(db => EligibilityStanding.SuicideRiskAsync(db, id)));
    }

    [Fact]
    public async Task An_admin_cannot_loosen_a_threshold_past_its_floor_and_a_stored_edit_past_it_is_not_applied()
    {
        var rules = await app.WithServicesAsync(s => Task.FromResult(s.GetRequiredService<EligibilityRules>()));
        var problem = await app.WithServicesAsync(s => s.GetRequiredService<EligibilityRules>()
            .ChangeThresholdAsync(DefaultRules.SubstanceUse, DefaultRules.MinimumMonthsAbstinent, 6, "admin"));
        Assert.NotNull(problem);

        // An edit stored before the floor existed (6 months) is skipped: the rule stays at REFERENCE.md's 12.
        await app.WithDbAsync(async db =>
        {
            await Features.Settings.ClinicSettingWrites.PutAsync(db.ClinicSettings, EligibilityRules.SettingKey,
                System.Text.Json.JsonSerializer.Serialize(new[] { new ThresholdEdit(DefaultRules.SubstanceUse, DefaultRules.MinimumMonthsAbstinent, 6, DateTime.UtcNow, "admin") },
                    System.Text.Json.JsonSerializerOptions.Web), "admin", DateTime.UtcNow, default);
            return await db.SaveChangesAsync();
        });
        var current = await app.WithServicesAsync(s => s.GetRequiredService<EligibilityRules>().CurrentAsync());
        Assert.Equal(12m, current.Rule(DefaultRules.SubstanceUse).Threshold(DefaultRules.MinimumMonthsAbstinent));
        Assert.NotNull(rules);
    }
}
