using System.Net;
using KapCare.Clinical.Plans;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Eligibility;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Plans;

/// <summary>
/// Issue 9, item 1: a dose above a hard limit is blocked until a second, different prescriber co-signs it in their own
/// authenticated act — in their own session from the queue, or at the first prescriber's screen with their own password and
/// current code. Limits from REFERENCE.md §3 as encoded in DoseLimits: IV soft 0.75 mg/kg, hard 1.0 mg/kg. Patient 70 kg.
/// </summary>
public sealed class CoSignatureTests : IAsyncLifetime
{
    private const string FirstEmail = "dr.osei@clinic.test";
    private const string SecondEmail = "np.lindqvist@clinic.test";
    private const string Why = "GAD-7 response only partial at 1.0 mg/kg over 6 sessions.";
    private const string CoSignWhy = "Reviewed vitals of the last six sessions; BP stable, no emergence reactions.";
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(HttpClient Prescriber, Guid PatientId)> ApprovedPatientAsync(string birthDate = "1985-06-01")
    {
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber, FirstEmail);
        return (prescriber, await KapCareTestApp.ApprovedPatientAsync(prescriber, birthDate));
    }

    private static Task<HttpResponseMessage> DraftAsync(HttpClient client, Guid id, string templateId, string startingDose, string? infusionMinutes = "40") =>
        KapCareTestApp.SaveDraftPlanAsync(client, id, KapCareTestApp.PlanForm(templateId, startingDose, infusionMinutes));

    private static Task<HttpResponseMessage> SignAsync(HttpClient client, Guid id, Guid planId, Dictionary<string, string> form) =>
        KapCareTestApp.SignPlanAsync(client, id, planId, form);

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, Guid id, Guid planId, Dictionary<string, string> form) =>
        KapCareTestApp.ChangeDoseAsync(client, id, planId, form);

    private async Task<(HttpClient Prescriber, Guid PatientId, Guid PlanId)> SignedIvPlanAsync()
    {
        var (prescriber, id) = await ApprovedPatientAsync();
        await DraftAsync(prescriber, id, ProtocolTemplates.IvInduction, "0.5");
        var planId = await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await SignAsync(prescriber, id, planId, [])).StatusCode);
        return (prescriber, id, planId);
    }

    /// <summary>The second prescriber, enrolled in two-factor sign-in as prescribers must be (the test app enrols them).</summary>
    private async Task<(KapCareUser User, string Email)> SecondPrescriberAsync()
    {
        var user = await app.CreateUserAsync(SecondEmail, Roles.Prescriber, "Maja Lindqvist, NP", enrolTwoFactor: true);
        return (user, SecondEmail);
    }

    private string Code(string email) => app.TotpCode(email);

    [Fact]
    public async Task A_co_signer_named_in_a_form_field_is_not_a_co_signature_and_nothing_is_recorded()
    {
        var (prescriber, id, planId) = await SignedIvPlanAsync();
        var (second, _) = await SecondPrescriberAsync();

        // The old form's field: the second prescriber's id and a reason typed by the first prescriber.
        var forged = await ChangeAsync(prescriber, id, planId, new() { ["newDose"] = "1.2", ["reason"] = Why, ["coSigner"] = second.Id, ["coSignReason"] = CoSignWhy });
        // Co-signing "here" without the second prescriber's password and code.
        var noProof = await ChangeAsync(prescriber, id, planId, new()
        {
            ["newDose"] = "1.2", ["reason"] = Why, ["mode"] = "here", ["coSignerEmail"] = SecondEmail, ["coSignReason"] = CoSignWhy,
        });

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noProof.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.DoseChanges.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.DoseCoSignatures.CountAsync(c => c.Status == CoSignatureStatus.CoSigned)));
        Assert.DoesNotContain(await app.AuditEntriesAsync(), a => a.UserId == second.Id && a.Outcome == AuditOutcome.Success);
    }

    [Fact]
    public async Task At_the_first_prescribers_screen_the_co_signer_proves_it_with_their_own_password_and_code_and_the_act_is_audited_under_them()
    {
        var (prescriber, id, planId) = await SignedIvPlanAsync();
        var (second, key) = await SecondPrescriberAsync();
        Dictionary<string, string> Form(string password, string code) => new()
        {
            ["newDose"] = "1.2", ["reason"] = Why, ["acknowledge"] = "true", ["mode"] = "here",
            ["coSignerEmail"] = SecondEmail, ["coSignerPassword"] = password, ["coSignerCode"] = code, ["coSignReason"] = CoSignWhy,
        };

        var wrongPassword = await ChangeAsync(prescriber, id, planId, Form("not-her-password-1", Code(key)));
        var wrongCode = await ChangeAsync(prescriber, id, planId, Form(KapCareTestApp.Password, "000000"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.DoseChanges.CountAsync()));
        // Failed proofs count towards her lockout like failed sign-ins, and are audited under her.
        Assert.Equal(2, await app.WithDbAsync(db => db.Users.Where(u => u.Id == second.Id).Select(u => u.AccessFailedCount).SingleAsync()));
        Assert.Equal(2, (await app.AuditEntriesAsync()).Count(a => a.Action == AuditActions.CoSignRefused && a.UserId == second.Id));

        var signed = await ChangeAsync(prescriber, id, planId, Form(KapCareTestApp.Password, Code(key)));

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var change = await app.WithDbAsync(db => db.DoseChanges.SingleAsync());
        var coSignature = await app.WithDbAsync(db => db.DoseCoSignatures.SingleAsync());
        Assert.Equal((1.2m, second.Id, CoSignWhy, coSignature.Id), (change.ToMgPerKg, change.CoSignedByUserId, change.CoSignReason, change.CoSignatureId));
        // 1.2 mg/kg × 70 kg = 84 mg = 1.68 mL of 50 mg/mL, measured down to the 0.1 mL graduation of a 3 mL syringe: 1.6 mL = 80 mg,
        // the exact dose co-signed.
        Assert.Equal((CoSignatureStatus.CoSigned, CoSignatureMethod.AtRequestersScreen, 80m, 70m), (coSignature.Status, coSignature.Method, coSignature.CalculatedMg, coSignature.WeightKg));
        var entry = Assert.Single(await app.AuditEntriesAsync(), a => a.Action == AuditActions.CoSign);
        Assert.Equal((second.Id, SecondEmail, AuditOutcome.Success), (entry.UserId, entry.Actor, entry.Outcome));
    }

    [Fact]
    public async Task From_the_queue_only_a_different_prescriber_co_signs_in_their_own_session_and_only_then_does_the_dose_change()
    {
        var (prescriber, id, planId) = await SignedIvPlanAsync();
        var queued = await ChangeAsync(prescriber, id, planId, new() { ["newDose"] = "1.2", ["reason"] = Why, ["acknowledge"] = "true", ["mode"] = "queue" });
        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        var request = await app.WithDbAsync(db => db.DoseCoSignatures.SingleAsync());
        Assert.Equal((CoSignatureStatus.Pending, 80m), (request.Status, request.CalculatedMg)); // 84 mg measured down to 1.6 mL = 80 mg
        Assert.Equal(0, await app.WithDbAsync(db => db.DoseChanges.CountAsync()));
        // The dose stays the planned one and the blocked dose shows no preparation.
        var planPage = await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}");
        Assert.Contains("waiting for a second prescriber", planPage, StringComparison.Ordinal);

        // The requester cannot co-sign their own request; a nurse cannot open the queue.
        var own = await KapCareTestApp.PostFormAsync(prescriber, "/CoSign", new() { ["requestId"] = request.Id.ToString(), ["reason"] = CoSignWhy });
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        var nurse = await app.SignedInClientAsync(Roles.Nurse);
        var denied = await nurse.GetAsync("/CoSign");
        Assert.True(denied.StatusCode == HttpStatusCode.Forbidden || denied.RequestMessage!.RequestUri!.AbsolutePath.Contains("AccessDenied", StringComparison.Ordinal),
            $"A nurse opened the co-signature queue: {denied.StatusCode} {denied.RequestMessage!.RequestUri}");

        await SecondPrescriberAsync();
        var second = app.CreateClient();
        await app.SignInAsync(second, SecondEmail);
        var queue = await second.GetStringAsync("/CoSign");
        Assert.Contains("Ines Moreau", queue, StringComparison.Ordinal);
        Assert.Contains("80 mg", queue, StringComparison.Ordinal);
        var tooShort = await KapCareTestApp.PostFormAsync(second, "/CoSign", new() { ["requestId"] = request.Id.ToString(), ["reason"] = "ok" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);

        var coSigned = await KapCareTestApp.PostFormAsync(second, "/CoSign", new() { ["requestId"] = request.Id.ToString(), ["reason"] = CoSignWhy });
        var again = await KapCareTestApp.PostFormAsync(second, "/CoSign", new() { ["requestId"] = request.Id.ToString(), ["reason"] = CoSignWhy });

        Assert.Equal(HttpStatusCode.OK, coSigned.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode); // a second tab or a double submit co-signs nothing twice
        var secondId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == SecondEmail).Select(u => u.Id).SingleAsync());
        var change = await app.WithDbAsync(db => db.DoseChanges.SingleAsync());
        Assert.Equal((1.2m, secondId, CoSignWhy), (change.ToMgPerKg, change.CoSignedByUserId, change.CoSignReason));
        var entry = Assert.Single(await app.AuditEntriesAsync(), a => a.Action == AuditActions.CoSign);
        Assert.Equal((secondId, SecondEmail), (entry.UserId, entry.Actor));
    }

    [Fact]
    public async Task A_front_desk_user_cannot_draft_dosing_and_a_planned_dose_above_the_hard_limit_blocks_signing_and_shows_no_preparation()
    {
        var (prescriber, id) = await ApprovedPatientAsync();
        var frontDesk = await app.SignedInClientAsync(Roles.FrontDesk);
        Assert.Equal(HttpStatusCode.Forbidden, (await frontDesk.GetAsync($"/Patients/{id}/Plan/New")).StatusCode);
        // The form posted anyway, with an antiforgery token from a page front desk may open.
        var byFrontDesk = await KapCareTestApp.PostFormAsync(frontDesk, $"/Patients/{id}/Plan/New?handler=Save", new()
        {
            ["TemplateId"] = ProtocolTemplates.IvInduction, ["FirstDosingDate"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd"), ["StartingDose"] = "2.0",
        }, $"/Patients/{id}/Edit");
        Assert.Equal(HttpStatusCode.Forbidden, byFrontDesk.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.TreatmentPlans.CountAsync()));

        // 1.5 mg/kg IV: above the 1.0 mg/kg hard limit. 1.5 × 70 = 105 mg = 2.1 mL of 50 mg/mL, measurable exactly.
        await DraftAsync(prescriber, id, ProtocolTemplates.IvInduction, "1.5");
        var planId = await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Id).SingleAsync());
        var page = await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}");
        Assert.Contains("Blocked.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("mL/h", page, StringComparison.Ordinal); // no pump rate, no drawing-up steps for a blocked dose

        var alone = await SignAsync(prescriber, id, planId, []);
        Assert.Equal(HttpStatusCode.BadRequest, alone.StatusCode);
        Assert.Equal(PlanStatus.Draft, await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Status).SingleAsync()));

        var (second, key) = await SecondPrescriberAsync();
        var coSigned = await SignAsync(prescriber, id, planId, new()
        {
            ["mode"] = "here", ["requestReason"] = "Anaesthesia-adjacent dose agreed at the case conference.", ["coSignerEmail"] = SecondEmail,
            ["coSignerPassword"] = KapCareTestApp.Password, ["coSignerCode"] = Code(key), ["coSignReason"] = CoSignWhy,
        });

        Assert.Equal(HttpStatusCode.OK, coSigned.StatusCode);
        Assert.Equal(PlanStatus.Signed, await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Status).SingleAsync()));
        var coSignature = await app.WithDbAsync(db => db.DoseCoSignatures.SingleAsync());
        Assert.Equal((CoSignatureKind.PlannedDose, 1.5m, 105m, second.Id), (coSignature.Kind, coSignature.DoseMgPerKg, coSignature.CalculatedMg, coSignature.CoSignedByUserId));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.PlanSign && a.Outcome == AuditOutcome.Success && a.Detail!.Contains("co-signed by Maja Lindqvist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_planned_dose_above_the_soft_limit_is_signed_only_with_the_warning_acknowledged_and_the_acknowledgement_is_kept()
    {
        var (prescriber, id) = await ApprovedPatientAsync();
        // 0.8 mg/kg IV: above the 0.75 soft limit, below the 1.0 hard limit. 0.8 × 70 = 56 mg.
        await DraftAsync(prescriber, id, ProtocolTemplates.IvInduction, "0.8");
        var planId = await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Id).SingleAsync());

        var unacknowledged = await SignAsync(prescriber, id, planId, []);
        Assert.Equal(HttpStatusCode.BadRequest, unacknowledged.StatusCode);
        Assert.Equal(PlanStatus.Draft, await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Status).SingleAsync()));

        var acknowledged = await SignAsync(prescriber, id, planId, new() { ["acknowledge"] = "true" });

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var plan = await app.WithDbAsync(db => db.TreatmentPlans.SingleAsync());
        Assert.Equal(PlanStatus.Signed, plan.Status);
        Assert.Contains("soft limit of 0.75 mg/kg", plan.AcknowledgedWarnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dose_change_before_the_first_session_is_the_first_dose_so_a_70_year_old_cannot_start_esketamine_at_56_mg_alone()
    {
        // Spravato label (REFERENCE.md §3): at 65 and over the course starts at 28 mg.
        var (prescriber, id) = await ApprovedPatientAsync(birthDate: "1956-03-01");
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/New?handler=Save", new()
        {
            ["TemplateId"] = ProtocolTemplates.Esketamine, ["FirstDosingDate"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd"),
        }, $"/Patients/{id}/Plan/New?templateId={ProtocolTemplates.Esketamine}");
        var planId = await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Id).SingleAsync());
        var signed = await SignAsync(prescriber, id, planId, new() { ["acknowledge"] = "true" });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(PlanStatus.Signed, await app.WithDbAsync(db => db.TreatmentPlans.Select(p => p.Status).SingleAsync()));

        var to56 = await ChangeAsync(prescriber, id, planId, new() { ["newDose"] = "56", ["reason"] = "Family asks for a faster start.", ["acknowledge"] = "true" });

        Assert.Equal(HttpStatusCode.BadRequest, to56.StatusCode);
        Assert.Contains("28 mg", await to56.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.DoseChanges.CountAsync()));
    }
}
