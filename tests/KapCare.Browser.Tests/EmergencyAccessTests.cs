using System.Text.RegularExpressions;
using KapCare.Browser.Tests.Infrastructure;
using KapCare.Web.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>
/// Issue 9 item 4, emergency ("break-glass") access (docs/decisions/0020): after hours, paramedics ask the front desk for
/// a patient's medications. The front desk opens that one chart, read only, for a stated reason; the administrator finds
/// it on their home page the next morning and reviews it.
/// </summary>
public sealed class EmergencyAccessTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string DeskEmail = "ellis.desk@clinic.test";
    private const string AdminEmail = "whitfield.admin@clinic.test";
    private const string Reason = "Paramedics at her home ask for her current medications; no clinician answers the on-call phone.";

    [Fact]
    public async Task Given_front_desk_without_clinical_access_When_they_state_a_reason_Then_one_chart_opens_read_only_and_the_admin_reviews_it()
    {
        await app.CreateUserAsync(DeskEmail, KapCarePages.Password, "Jordan Ellis", Roles.FrontDesk);
        await app.CreateUserAsync(AdminEmail, KapCarePages.Password, "Dana Whitfield", Roles.Admin);
        var desk = await app.NewPageAsync();
        var journey = new Journey(desk);
        var patientPath = string.Empty;

        await journey.StepAsync("front-desk-asks-for-emergency-access", async () =>
        {
            await KapCarePages.SignInAsync(desk, DeskEmail);
            await desk.GotoAsync("/Patients/Register");
            await KapCarePages.FillPatientFormAsync(desk, new PatientForm("Marta", "Kowalczyk", "1981-02-17"));
            await Ui.SubmitAsync(desk, Ui.Button(desk, "Register patient"));
            patientPath = Ui.PathOf(desk);
            Assert.Matches(KapCarePages.PatientPath(), patientPath);

            Assert.Equal(403, (await desk.GotoAsync(patientPath + "/Intake"))!.Status);
            await desk.GotoAsync(patientPath);
            await Ui.SubmitAsync(desk, Ui.Link(desk, "Emergency access to the clinical record"));
            await Expect(desk.GetByText("read only", new() { Exact = false }).First).ToBeVisibleAsync();
            await Ui.Field(desk, "Why do you need the clinical record now?").FillAsync("Paramedics asked");
            await Ui.SubmitAsync(desk, desk.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Open the chart for") }));
            await Expect(desk.GetByText("at least 20 characters", new() { Exact = false }).First).ToBeVisibleAsync();
            await journey.AxeAsync("emergency-access-form-error");
            await Ui.Field(desk, "Why do you need the clinical record now?").FillAsync(Reason);
            await Artifacts.ScreenshotAsync(desk, "64-emergency-access-form");
            await Ui.SubmitAsync(desk, desk.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Open the chart for") }));
        });

        await journey.StepAsync("the-chart-opens-read-only-with-a-banner", async () =>
        {
            await desk.GotoAsync(patientPath + "/Intake");
            var banner = desk.Locator(".kc-emergency-banner");
            await Expect(banner).ToContainTextAsync("Emergency access");
            await Expect(banner).ToContainTextAsync("Paramedics at her home");
            await Expect(banner).ToContainTextAsync(new Regex("ends at (1[0-2]|[1-9]):[0-5][0-9] (AM|PM)"));
            await journey.AxeAsync("emergency-access-chart");
            await Artifacts.ScreenshotAsync(desk, "65-emergency-access-chart");
            // The sidebar still offers front desk only its own sections: the grant opens this chart, not the clinic's lists.
            var nav = desk.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Safety alerts" })).ToHaveCountAsync(0);
        });

        var admin = await app.NewPageAsync();
        await journey.StepAsync("the-admin-reviews-it-from-the-home-page", async () =>
        {
            await KapCarePages.SignInAsync(admin, AdminEmail);
            await admin.GotoAsync("/");
            var card = admin.Locator("section[aria-labelledby=emergency-review-title]");
            await Expect(card).ToContainTextAsync("Jordan Ellis");
            await Expect(card).ToContainTextAsync("Kowalczyk");
            await Expect(card).ToContainTextAsync("Paramedics at her home");
            await Expect(card).ToContainTextAsync("Open now");
            await Axe.AssertAccessibleAsync(admin, "emergency-access-review");
            await Artifacts.ScreenshotAsync(admin, "66-emergency-access-review");
            await card.GetByLabel("Review note", new() { Exact = false }).FillAsync("Confirmed with the ambulance crew's handover sheet.");
            await Ui.SubmitAsync(admin, card.GetByRole(AriaRole.Button, new() { Name = "Mark reviewed" }));
            await Expect(admin.Locator("section[aria-labelledby=emergency-review-title]")).ToHaveCountAsync(0);
        });

        journey.AssertNoProblems();
        app.AssertNoBrowserProblems();
    }
}
