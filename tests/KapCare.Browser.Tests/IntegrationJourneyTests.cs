using KapCare.Browser.Tests.Infrastructure;
using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Demo;
using KapCare.Web.Features.Integration;
using KapCare.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>
/// Issue 11's first browser test, on the demo clinic and a tablet's window (1024×768): after a dosing session, a therapist
/// opens the patient's preparation and integration page (the dose's integration is open, here overdue), writes an EMDR integration note — a SUD out of range is refused
/// with the field marked, then corrected — and signs it; the page shows the note as signed with its SUD and VOC change.
/// </summary>
public sealed class IntegrationJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string TherapistEmail = "therapist.morgan@demo.kapcare.test";

    [Fact]
    public async Task Given_a_dose_without_integration_When_a_therapist_writes_an_EMDR_note_on_a_tablet_Then_it_is_signed_with_its_measures()
    {
        await app.SeedDemoAsync();
        // A dose whose integration is still open, on a plan that accepted EMDR.
        var (patientId, number) = await app.WithDbAsync(async db =>
        {
            var plans = (await db.TreatmentPlans.Where(p => p.Status == PlanStatus.Signed).ToListAsync())
                .Where(p => p.Modalities.Any(m => m.Accepted && m.Modality == Modality.Emdr)).Select(p => p.PatientId).ToList();
            var noted = await db.TherapyNotes.Where(n => n.Kind == TherapyNoteKind.Integration).Select(n => n.DosingSessionId).ToListAsync();
            var open = await db.DosingSessions.Where(s => (s.State == SessionState.Signed || s.State == SessionState.Discharged) && !noted.Contains(s.Id))
                .OrderByDescending(s => s.DischargedAt).Select(s => new { s.PatientId, s.DosingNumber }).ToListAsync();
            var session = open.First(s => plans.Contains(s.PatientId));
            return (session.PatientId, session.DosingNumber);
        });
        KapCarePages.RememberAuthenticatorKey(TherapistEmail, DemoClinic.TwoFactorKey);
        var page = await app.NewTabletPageAsync();
        await KapCarePages.SignInAsync(page, TherapistEmail, DemoClinic.Password);
        var journey = new Journey(page);

        await journey.StepAsync("the patient's preparation and integration page", async () =>
        {
            await page.GotoAsync($"/Patients/{patientId}/Integration");
            var row = page.Locator($"[data-integration-window='{number}']");
            await Expect(row).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Due by|Overdue since"));
            await Artifacts.ViewportScreenshotAsync(page, "79-integration-page-tablet");
            await journey.AxeAsync("integration-page");
            await row.GetByRole(AriaRole.Link, new() { Name = "EMDR note" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"EMDR integration note · after dosing session {number}" })).ToBeVisibleAsync();
        });
        await journey.StepAsync("write the note; an out-of-range SUD is refused", async () =>
        {
            await Ui.Field(page, "Target memory").FillAsync("The panic attack on the train, 2022");
            await Ui.Field(page, "Image (the worst part)").FillAsync("Doors closing");
            await Ui.Field(page, "Negative cognition").FillAsync("I am trapped");
            await Ui.Field(page, "Positive cognition").FillAsync("I can leave; I am safe now");
            await page.GetByLabel("SUD before").FillAsync("8");
            await page.GetByLabel("SUD after").FillAsync("12");
            await page.GetByLabel("VOC before").FillAsync("2");
            await page.GetByLabel("VOC after").FillAsync("6");
            await Ui.Field(page, "What the patient brought").FillAsync("Felt the train from far above during the dose; less fear of the doors.");
            await Ui.Field(page, "Themes (comma-separated tags)").FillAsync("safety, escape");
            await page.GetByRole(AriaRole.Radio, new() { Name = "none", Exact = true }).CheckAsync();
            await Artifacts.ViewportScreenshotAsync(page, "80-integration-emdr-form-tablet");
            await Ui.SubmitAsync(page, Ui.Button(page, "Sign the note"));
            await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Not signed");
            await Expect(page.GetByLabel("SUD after")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.GetByText("SUD after is 0–10; 12 is outside it.")).ToBeVisibleAsync();
            await journey.AxeAsync("integration-form-refused");
        });
        await journey.StepAsync("correct and sign", async () =>
        {
            await page.GetByLabel("SUD after").FillAsync("2");
            await Ui.SubmitAsync(page, Ui.Button(page, "Sign the note"));
            await Expect(page.Locator("[data-signed]")).ToContainTextAsync("Alex Morgan");
            await Expect(page.Locator("[data-measure='sud']")).ToHaveTextAsync("8 → 2");
            await Expect(page.Locator("[data-measure='voc']")).ToHaveTextAsync("2 → 6");
            await Artifacts.ViewportScreenshotAsync(page, "81-integration-emdr-signed-tablet");
            await journey.AxeAsync("integration-note-signed");
        });
        journey.AssertNoProblems();
        app.AssertNoBrowserProblems();
    }
}
