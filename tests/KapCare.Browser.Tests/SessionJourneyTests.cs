using KapCare.Browser.Tests.Infrastructure;
using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Demo;
using KapCare.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>
/// Issue 10's browser tests, on the demo clinic and a tablet's window (1024×768): a nurse runs an IV session from
/// check-in to signature, with a BP hold a prescriber decides in her own browser; and an esketamine patient's REMS
/// monitoring ends in a Patient Monitoring Form whose PDF is read back. Time at the chair passes on the app's clock; each
/// page is reloaded every few minutes, as a tablet in use would be, so the idle time-out does not end the sign-ins.
/// </summary>
public sealed class SessionJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string NurseEmail = "nurse.reyes@demo.kapcare.test";
    private const string PrescriberEmail = "dr.okafor@demo.kapcare.test";

    private async Task<IPage> SignedInTabletAsync(string email)
    {
        KapCarePages.RememberAuthenticatorKey(email, DemoClinic.TwoFactorKey);
        var page = await app.NewTabletPageAsync();
        await KapCarePages.SignInAsync(page, email, DemoClinic.Password);
        return page;
    }

    /// <summary>Minutes pass in steps of five; every page reloads between them.</summary>
    private async Task PassAsync(int minutes, params IPage[] pages)
    {
        for (var left = minutes; left > 0; left -= 5)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(Math.Min(5, left)));
            foreach (var page in pages) await page.ReloadAsync();
        }
    }

    private static async Task YesAsync(IPage page, string legend) =>
        await page.Locator("fieldset", new() { Has = page.GetByText(legend, new() { Exact = true }) }).GetByText("Yes", new() { Exact = true }).ClickAsync();

    [Fact]
    public async Task Given_the_demo_clinic_When_a_nurse_runs_an_IV_session_on_a_tablet_with_a_BP_hold_Then_it_ends_discharged_and_co_signed()
    {
        await app.SeedDemoAsync();
        // A patient of a signed IV plan, weighed in the last weeks, whose next session has not been opened.
        var (patientId, number) = await app.WithDbAsync(async db =>
        {
            var busy = await db.DosingSessions.Where(s => s.State != SessionState.Signed && s.State != SessionState.Discharged).Select(s => s.PatientId).ToListAsync();
            var recent = DateTime.UtcNow.AddDays(-20);
            var weighed = await db.WeightMeasurements.Where(w => w.MeasuredAt > recent).Select(w => w.PatientId).Distinct().ToListAsync();
            var consented = await db.SignedConsents.Where(c => c.DocumentId == KapCare.Web.Features.Consent.ConsentDocuments.Treatment.Id).Select(c => c.PatientId).ToListAsync();
            var plans = await db.TreatmentPlans.Where(p => p.Status == PlanStatus.Signed && p.TemplateId == ProtocolTemplates.IvInduction).ToListAsync();
            var plan = plans.First(p => !busy.Contains(p.PatientId) && weighed.Contains(p.PatientId) && consented.Contains(p.PatientId));
            var taken = await db.DosingSessions.Where(s => s.PatientId == plan.PatientId).Select(s => s.DosingNumber).ToListAsync();
            return (plan.PatientId, plan.Sessions.Where(s => s.Kind == SessionKind.Dosing && !taken.Contains(s.DosingNumber ?? 0)).Min(s => s.DosingNumber!.Value));
        });
        // The pre-dose GAD-7 is answered on the clinic tablet (its own form has its own browser tests).
        await app.WithServicesAsync(async s =>
        {
            var gad7 = KapCare.Clinical.Instruments.InstrumentLibrary.Get(KapCare.Clinical.Instruments.InstrumentIds.Gad7);
            return await s.GetRequiredService<KapCare.Web.Features.Measures.SubmitResponse>().HandleAsync(new KapCare.Web.Features.Measures.ResponseSubmission(
                patientId, gad7, gad7.Items.ToDictionary(i => i.LinkId, _ => 1), KapCare.Web.Features.Measures.ResponseSource.Staff, DateTime.UtcNow, null));
        });
        var chart = $"/Patients/{patientId}/Sessions/{number}";
        var nurse = await SignedInTabletAsync(NurseEmail);
        var journey = new Journey(nurse);

        await journey.StepAsync("the chair board", async () =>
        {
            await nurse.GotoAsync("/Sessions");
            await Expect(nurse.Locator("[data-chair='Chair 4']")).ToContainTextAsync("since dose");
            await Artifacts.ScreenshotAsync(nurse, "70-chair-board-tablet");
            await journey.AxeAsync("chair-board");
        });
        await journey.StepAsync("check in to chair 6", async () =>
        {
            await nurse.GotoAsync(chart);
            await nurse.GetByLabel("Chair").SelectOptionAsync("Chair 6");
            await Ui.SubmitAsync(nurse, nurse.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Check in ") }));
            await Expect(nurse.Locator("[data-session-state]")).ToHaveTextAsync("checked in");
        });
        await journey.StepAsync("pre-checks with a BP of 152/96 hold the session", async () =>
        {
            await YesAsync(nurse, "Identity confirmed (name and date of birth against ID or wristband)");
            await YesAsync(nurse, "Fasted as instructed");
            await YesAsync(nurse, "A responsible adult escort and a ride home (no driving until tomorrow)");
            if (await nurse.GetByText("Pregnancy test today").CountAsync() > 0) await nurse.GetByText("Negative", new() { Exact = true }).ClickAsync();
            await nurse.GetByText("None", new() { Exact = true }).ClickAsync();
            await nurse.GetByLabel("Systolic (mmHg)").FillAsync("152");
            await nurse.GetByLabel("Diastolic (mmHg)").FillAsync("96");
            await nurse.GetByLabel("HR (/min)").FillAsync("84");
            await nurse.GetByLabel("SpO₂ (%)").FillAsync("98");
            await nurse.GetByLabel("RR (/min)").FillAsync("14");
            await Artifacts.ScreenshotAsync(nurse, "71-session-pre-checks-tablet");
            await Ui.SubmitAsync(nurse, Ui.Button(nurse, "Save pre-checks"));
            await Expect(nurse.Locator("[data-session-state]")).ToHaveTextAsync("held for a prescriber");
            await Expect(nurse.GetByText("Ask a prescriber")).ToBeVisibleAsync();
            await Artifacts.ScreenshotAsync(nurse, "72-session-held-tablet");
        });
        var prescriber = await SignedInTabletAsync(PrescriberEmail);
        await journey.StepAsync("the prescriber decides to proceed, in her own browser", async () =>
        {
            await prescriber.GotoAsync(chart);
            await prescriber.GetByText("Proceed with dosing today").ClickAsync();
            await prescriber.GetByLabel("Reason (needed to proceed or cancel)").FillAsync("Repeat reading 146/92 after rest; home readings in the 130s. Proceed with BP every 10 min.");
            await Ui.SubmitAsync(prescriber, Ui.Button(prescriber, "Record decision"));
            await Expect(prescriber.Locator("[data-session-state]")).ToHaveTextAsync("ready to dose");
        });
        await journey.StepAsync("the nurse starts the infusion from a lot in the ledger", async () =>
        {
            await nurse.ReloadAsync();
            await Expect(nurse.GetByRole(AriaRole.Heading, new() { Name = "Give the dose" })).ToBeVisibleAsync();
            await Artifacts.ScreenshotAsync(nurse, "73-session-give-dose-tablet");
            await journey.AxeAsync("session-give-dose");
            await Ui.SubmitAsync(nurse, Ui.Button(nurse, "Start the infusion"));
            await Expect(nurse.Locator("[data-session-state]")).ToHaveTextAsync("dosing");
        });
        await journey.StepAsync("vitals during the infusion", async () =>
        {
            await PassAsync(10, nurse, prescriber);
            await nurse.GetByLabel("Systolic", new() { Exact = true }).FillAsync("160");
            await nurse.GetByLabel("Diastolic", new() { Exact = true }).FillAsync("98");
            await nurse.GetByLabel("HR", new() { Exact = true }).FillAsync("88");
            await nurse.GetByLabel("SpO₂ %", new() { Exact = true }).FillAsync("97");
            await nurse.GetByLabel("RR", new() { Exact = true }).FillAsync("14");
            await Ui.SubmitAsync(nurse, Ui.Button(nurse, "Record vitals"));
            await Expect(nurse.Locator(".kc-flowsheet tbody tr")).ToHaveCountAsync(2);
        });
        await journey.StepAsync("the infusion finishes and monitoring runs", async () =>
        {
            await PassAsync(30, nurse, prescriber);
            await Ui.SubmitAsync(nurse, Ui.Button(nurse, "Infusion finished"));
            await Expect(nurse.Locator("[data-session-state]")).ToHaveTextAsync("monitoring");
            await PassAsync(30, nurse, prescriber);
            await nurse.GetByLabel("Systolic", new() { Exact = true }).FillAsync("148");
            await nurse.GetByLabel("Diastolic", new() { Exact = true }).FillAsync("92");
            await nurse.GetByLabel("HR", new() { Exact = true }).FillAsync("80");
            await nurse.GetByLabel("SpO₂ %", new() { Exact = true }).FillAsync("98");
            await nurse.GetByLabel("RR", new() { Exact = true }).FillAsync("14");
            await Ui.SubmitAsync(nurse, Ui.Button(nurse, "Record vitals"));
            await Artifacts.ScreenshotAsync(nurse, "74-session-monitoring-tablet");
        });
        await journey.StepAsync("the discharge checklist, and the nurse discharges", async () =>
        {
            foreach (var legend in new[] { "Alert and oriented", "Sedation, dissociation and breathing effects resolved", "Responsible adult escort present",
                "Instructions given: no driving until the next day after sleep, no alcohol for 24 h" })
                await YesAsync(nurse, legend);
            await Ui.SubmitAsync(nurse, Ui.Button(nurse, "Save the checklist"));
            await Expect(nurse.Locator("[data-session-state]")).ToHaveTextAsync("ready for discharge");
            await Ui.SubmitAsync(nurse, nurse.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Discharge .* and sign$") }));
            await Expect(nurse.Locator("[data-session-state]")).ToHaveTextAsync("discharged");
            await Expect(nurse.GetByRole(AriaRole.Button, new() { Name = "Co-sign the session" })).ToHaveCountAsync(0);
        });
        await journey.StepAsync("the prescriber co-signs", async () =>
        {
            await prescriber.ReloadAsync();
            await Ui.SubmitAsync(prescriber, Ui.Button(prescriber, "Co-sign the session"));
            await Expect(prescriber.Locator("[data-session-state]")).ToHaveTextAsync("signed");
            await Expect(prescriber.Locator("[data-signed]")).ToContainTextAsync("Chidi Okafor");
            await Artifacts.ScreenshotAsync(prescriber, "75-session-signed-tablet");
            await journey.AxeAsync("session-signed", prescriber);
        });
        await journey.StepAsync("the plan proposes the next dose from the sessions", async () =>
        {
            // No GAD-7 yet since this session: the proposal stays (issue 10, item 10; a missing fact never steps up).
            await prescriber.GotoAsync($"/Patients/{patientId}/Plan");
            var titration = prescriber.Locator("#titration");
            await Expect(titration).ToContainTextAsync("Next dose: titration");
            await Expect(titration).ToContainTextAsync("its response is not known yet");
            await titration.EvaluateAsync("e => e.scrollIntoView({ block: \"start\", behavior: \"instant\" })");
            await Artifacts.ViewportScreenshotAsync(prescriber, "78-plan-titration-tablet");
            await journey.AxeAsync("plan-titration", prescriber);
        });
        journey.AssertNoProblems();
        app.AssertNoBrowserProblems();
    }

    [Fact]
    public async Task Given_the_demo_esketamine_patient_in_REMS_monitoring_When_discharged_Then_the_monitoring_form_PDF_carries_the_session()
    {
        await app.SeedDemoAsync();
        var (patientId, number, lot) = await app.WithDbAsync(async db =>
        {
            var session = await db.DosingSessions.Where(s => s.State == SessionState.Monitoring)
                .Join(db.MedicationAdministrations.Where(a => a.Route == KapCare.Clinical.Dosing.Route.IntranasalEsketamine), s => s.Id, a => a.SessionId, (s, a) => new { s.PatientId, s.DosingNumber, a.Id })
                .FirstAsync();
            var lotNumber = await db.AdministrationSupplies.Where(x => x.AdministrationId == session.Id).Select(x => x.LotNumber).FirstAsync();
            return (session.PatientId, session.DosingNumber, lotNumber);
        });
        var chart = $"/Patients/{patientId}/Sessions/{number}";
        var nurse = await SignedInTabletAsync("nurse.tanaka@demo.kapcare.test");
        await nurse.GotoAsync(chart);
        await Expect(nurse.Locator("[data-earliest-discharge]")).ToBeVisibleAsync();

        // The demo's first device was about 65 minutes ago: the REMS minimum is 120.
        await PassAsync(60, nurse);
        foreach (var (label, value) in new[] { ("Systolic", "128"), ("Diastolic", "80"), ("HR", "74"), ("SpO₂ %", "98"), ("RR", "14") })
            await nurse.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        await Ui.SubmitAsync(nurse, Ui.Button(nurse, "Record vitals"));
        foreach (var legend in new[] { "Alert and oriented", "Sedation, dissociation and breathing effects resolved", "Responsible adult escort present",
            "Instructions given: no driving until the next day after sleep, no alcohol for 24 h" })
            await YesAsync(nurse, legend);
        await Ui.SubmitAsync(nurse, Ui.Button(nurse, "Save the checklist"));
        await Ui.SubmitAsync(nurse, nurse.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Discharge .* and sign$") }));
        await Expect(nurse.Locator("[data-session-state]")).ToHaveTextAsync("discharged");

        await nurse.GetByRole(AriaRole.Link, new() { Name = "REMS Patient Monitoring Form" }).ClickAsync();
        await nurse.GetByLabel("When could the patient have left, without the 2-hour minimum?").FillAsync(
            TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-25), TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")).ToString("HH:mm"));
        await Ui.SubmitAsync(nurse, Ui.Button(nurse, "Save"));
        await Artifacts.ScreenshotAsync(nurse, "76-rems-form-tablet");
        await new Journey(nurse).AxeAsync("rems-form");

        var pdf = await nurse.Context.APIRequest.GetAsync($"{chart}/Rems?handler=Pdf");
        Assert.Equal(200, pdf.Status);
        var text = await PdfText.ReadAsync(await pdf.BodyAsync());
        Assert.Contains("SPRAVATO® REMS — Patient Monitoring Form", text, StringComparison.Ordinal);
        Assert.Contains($"Lot number: {lot}", text, StringComparison.Ordinal);
        Assert.Matches(@"Dose: (56 mg|84 mg|Other: 28 mg)", text);
        var minutes = await app.WithDbAsync(async db =>
        {
            var session = await db.DosingSessions.SingleAsync(s => s.PatientId == patientId && s.DosingNumber == number);
            var first = await db.MedicationAdministrations.Where(a => a.SessionId == session.Id).Select(a => a.StartedAt).SingleAsync();
            return (int)Math.Floor((session.DischargedAt!.Value - first).TotalMinutes);
        });
        Assert.True(minutes >= 120, $"discharged {minutes} min after the first device");
        Assert.Contains($"Total minutes from first device to end of monitoring: {minutes}", text, StringComparison.Ordinal);
        Assert.Contains("Blood pressure at about 40 minutes: ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Blood pressure at about 40 minutes: not recorded", text, StringComparison.Ordinal);

        await nurse.GotoAsync("/Sessions/Rems");
        await Artifacts.ScreenshotAsync(nurse, "77-rems-tracker-tablet");
        app.AssertNoBrowserProblems();
    }
}
