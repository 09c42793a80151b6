using System.Net;
using KapCare.Clinical.Plans;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Eligibility;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Plans;

/// <summary>The dose calculator on a signed IV plan for a 70 kg patient (weight from the intake).</summary>
public sealed class PlanDosingTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(HttpClient Prescriber, Guid PatientId, Guid PlanId)> SignedIvPlanAsync()
    {
        var prescriber = await app.SignedInClientAsync(Roles.Prescriber, "dr.osei@clinic.test");
        var id = await KapCareTestApp.ApprovedPatientAsync(prescriber);
        var planId = await app.SignedPlanAsync(prescriber, id, KapCareTestApp.PlanForm(firstDosingDate: new DateOnly(2027, 1, 4)));
        return (prescriber, id, planId);
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, Guid id, Guid planId, Dictionary<string, string> form) =>
        KapCareTestApp.ChangeDoseAsync(client, id, planId, form);

    [Fact]
    public async Task The_plan_page_shows_the_dose_and_IV_preparation_for_the_patients_weight()
    {
        var (prescriber, id, planId) = await SignedIvPlanAsync();

        var page = await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}");

        // 0.5 mg/kg × 70 kg = 35 mg; from a 50 mg/mL vial 35 ÷ 50 = 0.70 mL; in a 100 mL bag over 40 min: 100 × 60 ÷ 40 = 150 mL/h.
        Assert.Contains("35 mg", page, StringComparison.Ordinal);
        Assert.Contains("0.7", page, StringComparison.Ordinal);
        Assert.Contains("150", page, StringComparison.Ordinal);
        Assert.Contains("Within limits", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dose_change_within_limits_is_recorded_with_its_reason_and_becomes_the_current_dose()
    {
        var (prescriber, id, planId) = await SignedIvPlanAsync();

        var changed = await ChangeAsync(prescriber, id, planId, new() { ["newDose"] = "0.75", ["reason"] = "GAD-7 down only 10 % after 3 infusions; well tolerated." });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var change = await app.WithDbAsync(db => db.DoseChanges.SingleAsync());
        Assert.Equal((0.5m, 0.75m, (string?)null), (change.FromMgPerKg, change.ToMgPerKg, change.CoSignedByUserId));
        // 0.75 × 70 = 52.5 → 52 mg → 52 ÷ 50 mg/mL = 1.04 mL, more than a 1 mL syringe holds, so a 3 mL syringe graduated by
        // 0.1 mL: 1.0 mL = 50 mg (rounded down, never up; a loss under 5 % gives no warning).
        var page = await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}");
        Assert.Contains("50 mg", page, StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.DoseChange && a.Outcome == AuditOutcome.Success);
    }

    [Fact]
    public async Task A_change_without_a_reason_or_to_an_impossible_dose_is_refused_and_a_recorded_change_cannot_be_edited()
    {
        var (prescriber, id, planId) = await SignedIvPlanAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await ChangeAsync(prescriber, id, planId, new() { ["newDose"] = "0.6", ["reason"] = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ChangeAsync(prescriber, id, planId, new() { ["newDose"] = "40", ["reason"] = "Typed mg instead of mg/kg by mistake." })).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.DoseChanges.CountAsync()));

        await ChangeAsync(prescriber, id, planId, new() { ["newDose"] = "0.6", ["reason"] = "Mild response; tolerated well." });
        var edit = await Record.ExceptionAsync(() => app.WithDbAsync(async db =>
        {
            (await db.DoseChanges.SingleAsync()).Reason = "rewritten";
            return await db.SaveChangesAsync();
        }));
        Assert.IsType<InvalidOperationException>(edit);
    }

    [Fact]
    public async Task A_signed_plans_dosing_dates_carry_the_before_every_Nth_dosing_session_measurements()
    {
        var (prescriber, id, _) = await SignedIvPlanAsync();
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Measures/Plan", new()
        {
            ["Start"] = "2027-01-01", ["Threshold"] = "2", ["Version"] = "0",
            ["Rows[0].InstrumentId"] = "gad-7", ["Rows[0].BeforeDosingEvery"] = "2", ["Rows[0].AfterWeeks"] = "1",
        });

        var status = await app.WithServicesAsync(s => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<KapCare.Web.Features.Measures.MeasurementPlans>(s).GetAsync(id));

        // IV induction from Monday 4 January 2027, Mon/Wed/Fri: sessions 1, 3 and 5 fall on 4, 8 and 13 January; the course
        // ends with session 6 on Friday 15 January, so "1 week after the course" is due on 22 January.
        Assert.Equal(
            [("Before dosing session 1", new DateOnly(2027, 1, 4)), ("Before dosing session 3", new DateOnly(2027, 1, 8)),
             ("Before dosing session 5", new DateOnly(2027, 1, 13)), ("1 week after the course", new DateOnly(2027, 1, 22))],
            status!.Occurrences.Select(o => (o.Purpose, o.Due)));
    }

    [Fact]
    public void A_protocol_whose_titration_ends_below_the_route_soft_limit_warns_above_its_top_step()
    {
        // IV route: soft 0.75, hard 1.0 mg/kg. A protocol stepping 0.5 → 0.6 makes 0.6 its soft limit:
        // 0.7 mg/kg × 70 kg = 49 mg → 0.98 mL of 50 mg/mL, measurable on a 1 mL syringe (0.01 mL steps) → 49 mg = 0.7 mg/kg:
        // above the protocol's 0.6, within the route's 0.75.
        var protocol = ProtocolTemplates.Defaults.Single(t => t.Id == ProtocolTemplates.IvInduction) with
        {
            TitrationSteps = [TemplateDose.PerKg(0.5m), TemplateDose.PerKg(0.6m)],
        };

        var limits = KapCare.Web.Features.Plans.PlanDosing.LimitsFor(protocol);
        var result = KapCare.Clinical.Dosing.DoseCalculator.Calculate(KapCare.Web.Features.Plans.PlanDosing.Request(protocol, TemplateDose.PerKg(0.7m), 70m, 40, false, KapCare.Web.Features.Plans.DosingStock.Default));

        Assert.Equal(0.6m, limits.SoftPerKilogram!.Value.Value);
        Assert.Equal(1.0m, limits.HardPerKilogram!.Value.Value);
        var calculation = Assert.IsType<KapCare.Clinical.Dosing.DoseCalculation>(result);
        Assert.Equal(KapCare.Clinical.Dosing.LimitStatus.AboveSoft, calculation.Limit.Status);
        Assert.Equal(KapCare.Clinical.Dosing.LimitStatus.Within, KapCare.Clinical.Dosing.DoseLimits.For(KapCare.Clinical.Dosing.Route.Intravenous).Check(calculation.Dose, new KapCare.Clinical.Dosing.Kilograms(70m)).Status);
    }

    [Fact]
    public void The_shipped_sublingual_protocol_can_be_prepared_from_the_shipped_troche_stock_at_every_titration_step_and_weight()
    {
        // Issue 9, item 8: 0.3 mg/kg × 70 kg = 21 mg was refused with troches of 25 mg and up. The steps are 0.2, 0.3 and 0.4
        // mg/kg (REFERENCE.md §3, KAP 0.2–0.4 mg/kg); every weight from 50 to 150 kg must give a measurable dose not above the order.
        var protocol = ProtocolTemplates.Defaults.Single(t => t.Id == ProtocolTemplates.SublingualKap);
        foreach (var step in protocol.TitrationSteps)
            for (var kg = 50; kg <= 150; kg++)
            {
                var result = KapCare.Clinical.Dosing.DoseCalculator.Calculate(KapCare.Web.Features.Plans.PlanDosing.Request(protocol, step, kg, 40, false, KapCare.Web.Features.Plans.DosingStock.Default));
                var calculation = Assert.IsType<KapCare.Clinical.Dosing.DoseCalculation>(result);
                Assert.True(calculation.Dose.Value <= step.MgPerKg!.Value * kg, $"{step} at {kg} kg gave {calculation.Dose}");
            }
        // 0.3 mg/kg × 70 kg = 21 mg → two 10 mg troches = 20 mg.
        var at70 = Assert.IsType<KapCare.Clinical.Dosing.DoseCalculation>(KapCare.Clinical.Dosing.DoseCalculator.Calculate(
            KapCare.Web.Features.Plans.PlanDosing.Request(protocol, TemplateDose.PerKg(0.3m), 70m, 40, false, KapCare.Web.Features.Plans.DosingStock.Default)));
        Assert.Equal(20m, at70.Dose.Value);
    }

    [Fact]
    public void A_dose_below_the_smallest_troche_is_refused_with_the_nearest_measurable_dose()
    {
        // 0.2 mg/kg × 40 kg = 8 mg, below the 10 mg troche: never rounded up; the nearest measurable dose is one 10 mg troche,
        // 10 ÷ 40 = 0.25 mg/kg.
        var protocol = ProtocolTemplates.Defaults.Single(t => t.Id == ProtocolTemplates.SublingualKap);
        var result = KapCare.Clinical.Dosing.DoseCalculator.Calculate(KapCare.Web.Features.Plans.PlanDosing.Request(protocol, TemplateDose.PerKg(0.2m), 40m, 40, false, KapCare.Web.Features.Plans.DosingStock.Default));

        var refused = Assert.IsType<KapCare.Clinical.Dosing.DoseRefused>(result);
        Assert.Contains("one 10 mg troche = 0.25 mg/kg at 40 kg", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_measure_chart_data_carries_the_dosing_sessions_numbered_in_order()
    {
        var series = new KapCare.Web.Pages.Patients.Measures.IndexModel.Series(KapCare.Clinical.Instruments.InstrumentLibrary.Get("gad-7"), []);
        var clock = new KapCare.Web.Infrastructure.ClinicClock(TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new KapCare.Web.Infrastructure.ClinicOptions()));
        DateOnly[] sessions = [new(2026, 11, 2), new(2026, 11, 4)];

        using var json = System.Text.Json.JsonDocument.Parse(KapCare.Web.Pages.Patients.Measures.IndexModel.ChartJson(series, sessions, clock));

        var markers = json.RootElement.GetProperty("sessions").EnumerateArray().Select(e => (e.GetProperty("day").GetInt32(), e.GetProperty("number").GetInt32())).ToList();
        Assert.Equal([(sessions[0].DayNumber, 1), (sessions[1].DayNumber, 2)], markers);
    }

    [Fact]
    public async Task The_clinics_dosing_stock_is_an_admin_setting_the_preparation_follows()
    {
        var (prescriber, id, planId) = await SignedIvPlanAsync();
        var admin = await app.SignedInClientAsync(Roles.Admin);

        var refused = await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings?handler=Stock",
            new() { ["vial"] = "100", ["bag"] = "250", ["imSite"] = "Deltoid", ["scSite"] = "AbdomenSubcutaneous", ["troches"] = "25, 5000" }, "/Admin/Settings");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("whole mg from 5 to 500", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings?handler=Stock",
            new() { ["vial"] = "100", ["bag"] = "250", ["imSite"] = "Deltoid", ["scSite"] = "AbdomenSubcutaneous", ["troches"] = "50, 100" }, "/Admin/Settings");
        var page = await prescriber.GetStringAsync($"/Patients/{id}/Plan/{planId}");

        // 35 mg from a 100 mg/mL vial = 0.35 mL (1 mL syringe, 0.01 mL steps); a 250 mL bag over 40 min: 250 × 60 ÷ 40 = 375 mL/h.
        Assert.Contains("0.35 mL of 100 mg/mL", page, StringComparison.Ordinal);
        Assert.Contains("375 mL/h", page, StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.SettingUpdate && a.ResourceId == "dosing.stock");
    }

    [Fact]
    public async Task A_titrated_dose_carries_into_a_revision_but_never_into_a_plan_of_another_protocol()
    {
        var (prescriber, id, ivPlanId) = await SignedIvPlanAsync();
        await ChangeAsync(prescriber, id, ivPlanId, new() { ["newDose"] = "0.75", ["reason"] = "No response after 3 infusions; well tolerated." });

        // The revision keeps the titrated IV dose.
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/{ivPlanId}?handler=Revise", [], $"/Patients/{id}/Plan/{ivPlanId}");
        var revision = await app.WithDbAsync(db => db.TreatmentPlans.SingleAsync(p => p.PlanVersion == 2));
        Assert.Contains("<strong>0.75 mg/kg</strong>", await prescriber.GetStringAsync($"/Patients/{id}/Plan/{revision.Id}"), StringComparison.Ordinal);

        // A later esketamine plan starts at its own 56 mg, not at an IV mg/kg dose.
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/{revision.Id}?handler=Sign", [], $"/Patients/{id}/Plan/{revision.Id}");
        await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/New?handler=Save", new()
        {
            ["TemplateId"] = ProtocolTemplates.Esketamine, ["FirstDosingDate"] = "2027-03-01",
            ["Phases[0].Sessions"] = "8", ["Phases[0].Every"] = "2", ["Phases[0].Unit"] = "week",
            ["Phases[1].Sessions"] = "4", ["Phases[1].Every"] = "7", ["Phases[1].Unit"] = "days",
            ["Phases[2].Sessions"] = "4", ["Phases[2].Every"] = "14", ["Phases[2].Unit"] = "days", ["StartingDose"] = "56",
        }, $"/Patients/{id}/Plan/New?templateId={ProtocolTemplates.Esketamine}");
        var esketamine = await app.WithDbAsync(db => db.TreatmentPlans.SingleAsync(p => p.TemplateId == ProtocolTemplates.Esketamine));
        var page = await prescriber.GetStringAsync($"/Patients/{id}/Plan/{esketamine.Id}");

        Assert.Contains("<strong>56 mg</strong> (as planned)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Dose history", page, StringComparison.Ordinal);
    }
}
