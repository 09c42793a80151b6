using KapCare.Clinical.Plans;
using KapCare.Web.Tests.Eligibility;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Infrastructure;

/// <summary>
/// The stretch of the pathway most plan and dosing tests start from, walked through the pages as a prescriber does:
/// register a patient, weigh them in the clinic, approve eligibility, draft an IV induction plan, sign it. One place, so
/// a change to a form is mended once and the tests keep saying only what differs.
/// </summary>
public sealed partial class KapCareTestApp
{
    /// <summary>Registers Ines Moreau (or the given person), records a clinic weight and approves eligibility; returns her id.</summary>
    public static async Task<Guid> ApprovedPatientAsync(HttpClient prescriber, string birthDate = "1985-06-01", string weightKg = "70",
        string givenName = "Ines", string familyName = "Moreau")
    {
        var id = await RegisterPatientAsync(prescriber, new()
        {
            ["Input.GivenName"] = givenName, ["Input.FamilyName"] = familyName, ["Input.BirthDate"] = birthDate, ["Input.Sex"] = "Female",
        });
        await PostFormAsync(prescriber, $"/Patients/{id}/Intake/medical?handler=Save", new() { ["weightKg"] = weightKg }, $"/Patients/{id}/Intake/medical");
        await PostFormAsync(prescriber, $"/Patients/{id}/Eligibility?handler=Decide", EligibilityDecisionTests.Form(psychosis: false, "approve"), $"/Patients/{id}/Eligibility");
        return id;
    }

    /// <summary>The new-plan form for a protocol with one phase of six sessions every three a week, dosing from <paramref name="firstDosingDate"/> (default: in 30 days).</summary>
    public static Dictionary<string, string> PlanForm(string templateId = ProtocolTemplates.IvInduction, string startingDose = "0.5",
        string? infusionMinutes = "40", DateOnly? firstDosingDate = null) => new()
    {
        ["TemplateId"] = templateId,
        ["FirstDosingDate"] = (firstDosingDate ?? DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30))).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["Phases[0].Sessions"] = "6", ["Phases[0].Every"] = "3", ["Phases[0].Unit"] = "week", ["StartingDose"] = startingDose, ["InfusionMinutes"] = infusionMinutes ?? "",
    };

    public static Task<HttpResponseMessage> SaveDraftPlanAsync(HttpClient client, Guid patientId, Dictionary<string, string> form) =>
        PostFormAsync(client, $"/Patients/{patientId}/Plan/New?handler=Save", form, $"/Patients/{patientId}/Plan/New?templateId={form["TemplateId"]}");

    public static Task<HttpResponseMessage> SignPlanAsync(HttpClient client, Guid patientId, Guid planId, Dictionary<string, string>? form = null) =>
        PostFormAsync(client, $"/Patients/{patientId}/Plan/{planId}?handler=Sign", form ?? [], $"/Patients/{patientId}/Plan/{planId}");

    public static Task<HttpResponseMessage> ChangeDoseAsync(HttpClient client, Guid patientId, Guid planId, Dictionary<string, string> form) =>
        PostFormAsync(client, $"/Patients/{patientId}/Plan/{planId}?handler=ChangeDose", form, $"/Patients/{patientId}/Plan/{planId}");

    /// <summary>The patient's newest plan version.</summary>
    public Task<Guid> LatestPlanIdAsync(Guid patientId) =>
        WithDbAsync(db => db.TreatmentPlans.Where(p => p.PatientId == patientId).OrderByDescending(p => p.PlanVersion).Select(p => p.Id).FirstAsync());

    /// <summary>Drafts and signs the IV induction plan (0.5 mg/kg over 40 min unless the form says otherwise); returns the plan's id.</summary>
    public async Task<Guid> SignedPlanAsync(HttpClient prescriber, Guid patientId, Dictionary<string, string>? form = null)
    {
        await SaveDraftPlanAsync(prescriber, patientId, form ?? PlanForm());
        var planId = await LatestPlanIdAsync(patientId);
        await SignPlanAsync(prescriber, patientId, planId);
        return planId;
    }
}
