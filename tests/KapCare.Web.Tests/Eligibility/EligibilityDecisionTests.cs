using System.Net;
using KapCare.Clinical.Eligibility;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Eligibility;

/// <summary>The prescriber records the decision on the chart; going against an exclusion needs a justified, audited override.</summary>
public sealed class EligibilityDecisionTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>The typical treatment-resistant GAD patient as the form posts it (REFERENCE.md §2), with a psychotic disorder history when asked.</summary>
    internal static Dictionary<string, string> Form(bool psychosis, string decision, string? justification = null, bool overrideRule = false)
    {
        var form = new Dictionary<string, string>
        {
            ["Facts.SystolicMmHg"] = "124", ["Facts.DiastolicMmHg"] = "78", ["Facts.WeightKg"] = "70", ["Facts.HeightCm"] = "170",
            ["Facts.SuicideRisk"] = "low", ["decision"] = decision, ["note"] = "Reviewed intake and history with the patient.",
            ["Facts.MedicationTrials[0].Drug"] = "sertraline", ["Facts.MedicationTrials[0].Weeks"] = "8", ["Facts.MedicationTrials[0].DoseAdequate"] = "yes",
            ["Facts.MedicationTrials[1].Drug"] = "escitalopram", ["Facts.MedicationTrials[1].Weeks"] = "8", ["Facts.MedicationTrials[1].DoseAdequate"] = "yes",
            ["Facts.PsychotherapyCourses[0].Type"] = "CBT", ["Facts.PsychotherapyCourses[0].Sessions"] = "12", ["Facts.PsychotherapyCourses[0].Completed"] = "yes",
        };
        foreach (var finding in Pages.Patients.Eligibility.IndexModel.Findings) form["Facts." + finding] = "no";
        form["Facts.SupportPerson"] = "yes";
        form["Facts.TransportHome"] = "yes";
        if (psychosis) form["Facts.PsychoticDisorderHistory"] = "yes";
        if (justification is not null) form["justification"] = justification;
        if (overrideRule) form["overridden"] = "psychosis";
        return form;
    }

    private async Task<(HttpClient Prescriber, Guid PatientId)> PatientAsync()
    {
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber);
        var id = await KapCareTestApp.RegisterPatientAsync(prescriber, new()
        {
            ["Input.GivenName"] = "Iris", ["Input.FamilyName"] = "Lund", ["Input.BirthDate"] = "1983-04-04", ["Input.Sex"] = "Female",
        });
        return (prescriber, id);
    }

    [Fact]
    public async Task Given_the_typical_patient_When_the_prescriber_approves_Then_the_decision_is_recorded_with_its_rule_set()
    {
        var (prescriber, id) = await PatientAsync();
        var response = await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Eligibility?handler=Decide", Form(psychosis: false, "approve"), $"/Patients/{id}/Eligibility");
        Assert.Contains("Eligibility decision recorded", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var decision = await app.WithDbAsync(db => db.EligibilityDecisions.SingleAsync());
        Assert.Equal((EligibilityDecisionKind.Approve, EligibilityOutcome.Eligible, "1.0"), (decision.Kind, decision.Outcome, decision.RuleSetVersion));
        Assert.Null(decision.OverrideJustification);
    }

    [Fact]
    public async Task Given_an_exclusion_When_approving_without_then_with_a_justified_override_Then_only_the_second_is_recorded_and_audited()
    {
        var (prescriber, id) = await PatientAsync();
        var refused = await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Eligibility?handler=Decide", Form(psychosis: true, "approve"), $"/Patients/{id}/Eligibility");
        Assert.Contains("Nothing was recorded", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var tooShort = await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Eligibility?handler=Decide",
            Form(psychosis: true, "approve", "because", overrideRule: true), $"/Patients/{id}/Eligibility");
        Assert.Contains("Nothing was recorded", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.EligibilityDecisions.CountAsync()));

        const string why = "Single brief psychotic episode in 2009 during a febrile illness, none since; psychiatrist concurs.";
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Eligibility?handler=Decide", Form(psychosis: true, "approve", why, overrideRule: true), $"/Patients/{id}/Eligibility");
        var decision = await app.WithDbAsync(db => db.EligibilityDecisions.SingleAsync());
        Assert.Equal((EligibilityOutcome.NotEligible, "psychosis", why), (decision.Outcome, decision.OverriddenRuleIds, decision.OverrideJustification));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.EligibilityDecide && a.Detail!.Contains("OVERRIDE", StringComparison.Ordinal));
        Assert.Contains("Override", await prescriber.GetStringAsync($"/Patients/{id}/Eligibility"), StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            (await db.EligibilityDecisions.SingleAsync()).Note = "changed";
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Given_a_nurse_When_recording_a_decision_Then_it_is_refused()
    {
        var (_, id) = await PatientAsync();
        var nurse = await app.SignedInClientAsync(Roles.Nurse);
        var response = await KapCareTestApp.PostFormAsync(nurse, $"/Patients/{id}/Eligibility?handler=Decide", Form(psychosis: false, "approve"), $"/Patients/{id}/Eligibility");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.EligibilityDecisions.CountAsync()));
    }
}
