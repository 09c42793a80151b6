using System.Text.RegularExpressions;
using KapCare.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>
/// A clinic's first hour with KapCare, in a real browser on an empty database: the setup page, the first
/// administrator, signing in, registering a patient with an accented name, finding them by typing the name
/// plainly, editing them, and reading the audit log that all of it left. Every main page is screenshot and
/// checked with axe-core on the way.
/// </summary>
public sealed class NewcomerJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string AdminName = "Ingrid Østergaard";
    private const string AdminEmail = "ingrid.ostergaard@clinic.test";
    private const string FirstName = "Zoë";
    private const string LastName = "Ñúñez-Łukasz";
    private const string NewPhone = "(737) 555-0123";

    [Fact]
    public async Task Given_an_empty_database_When_a_newcomer_sets_up_and_registers_a_patient_Then_every_step_works_and_is_audited()
    {
        var page = await app.NewPageAsync();
        var journey = new Journey(page);
        string patientPath = string.Empty;

        await journey.StepAsync("first-visit-leads-to-setup", async () =>
        {
            await page.GotoAsync("/Patients");
            Assert.Equal("/Setup", Ui.PathOf(page), ignoreCase: true);
            await Artifacts.ScreenshotAsync(page, "01-setup");
            await journey.AxeAsync("setup");
        });

        await journey.StepAsync("create-administrator", async () =>
        {
            await Ui.Field(page, "Your full name").FillAsync(AdminName);
            await Ui.Field(page, "Email").FillAsync(AdminEmail);
            await Ui.Field(page, "Password").FillAsync(KapCarePages.Password);
            await Ui.Field(page, "Confirm password").FillAsync(KapCarePages.Password);
            await Ui.SubmitAsync(page, Ui.Button(page, "Create administrator account"));
            await Ui.WaitForPageAsync(page, uri => !uri.AbsolutePath.StartsWith("/Setup", StringComparison.OrdinalIgnoreCase));
        });

        await journey.StepAsync("enrol-two-factor", async () =>
        {
            // An administrator must sign in with two factors (issue 9): setup leads straight to enrolment.
            if (!Ui.PathOf(page).Equals("/Account/Manage/Security", StringComparison.OrdinalIgnoreCase)) return;
            await Expect(page.GetByText("Your role requires two-factor authentication")).ToBeVisibleAsync();
            await Artifacts.ScreenshotAsync(page, "01b-enrol-two-factor");
            await journey.AxeAsync("enrol-two-factor");
            await KapCarePages.EnrolTwoFactorAsync(page, AdminEmail);
        });

        await journey.StepAsync("sign-in", async () =>
        {
            if (Ui.PathOf(page).StartsWith("/Account/Login", StringComparison.OrdinalIgnoreCase))
            {
                await Expect(Ui.Field(page, "Email")).ToBeVisibleAsync();
                await Artifacts.ScreenshotAsync(page, "02-login");
                await journey.AxeAsync("login");
                await KapCarePages.SignInAsync(page, AdminEmail);
            }
            else
            {
                // Setup signed the administrator in directly; still look at the sign-in page, signed out, in a second profile.
                var signedOut = await app.NewPageAsync();
                await signedOut.GotoAsync("/Account/Login");
                await Artifacts.ScreenshotAsync(signedOut, "02-login");
                await journey.AxeAsync("login", signedOut);
                await signedOut.Context.CloseAsync();
            }
        });

        await journey.StepAsync("home", async () =>
        {
            if (Ui.PathOf(page) != "/") await page.GotoAsync("/");
            Assert.Equal("/", Ui.PathOf(page));
            await journey.CheckAsync("the sidebar shows the signed-in user's name",
                () => Expect(page.Locator(".kc-sidebar-person").GetByText(AdminName, new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 3000 }));
            await Expect(Ui.Button(page, "Sign out")).ToBeVisibleAsync();
            await Artifacts.ScreenshotAsync(page, "03-home");
            await journey.AxeAsync("home");
        });

        await journey.StepAsync("empty-patient-list", async () =>
        {
            await page.GotoAsync("/Patients");
            await Expect(Ui.Field(page, "Search patients")).ToBeVisibleAsync();
            await Expect(Ui.Link(page, "Register patient").First).ToBeVisibleAsync();
            await Artifacts.ScreenshotAsync(page, "04-patients-empty");
            await journey.AxeAsync("patients-empty");
        });

        await journey.StepAsync("open-register-form", async () =>
        {
            await Ui.Link(page, "Register patient").First.ClickAsync();
            await Ui.WaitForPageAsync(page, uri => uri.AbsolutePath.Equals("/Patients/Register", StringComparison.OrdinalIgnoreCase));
            await Expect(Ui.Field(page, "First name")).ToBeVisibleAsync();
            await Artifacts.ScreenshotAsync(page, "05-register-form");
            await journey.AxeAsync("register-form");
            await Artifacts.PhoneScreenshotAsync(page, "05b-register-form-phone");
        });

        await journey.StepAsync("register-with-a-mistake", async () =>
        {
            var future = DateTime.Today.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await KapCarePages.FillPatientFormAsync(page, new PatientForm(FirstName, LastName, future));
            await Ui.SubmitAsync(page, Ui.Button(page, "Register patient"));
            var dateOfBirth = Ui.Field(page, "Date of birth");
            await Expect(page.GetByText(new Regex("future", RegexOptions.IgnoreCase)).First).ToBeVisibleAsync();
            Assert.Contains("future", await Ui.TextAroundFieldAsync(dateOfBirth), StringComparison.OrdinalIgnoreCase);
            Assert.Equal("/Patients/Register", Ui.PathOf(page), ignoreCase: true);
            // What was typed is kept, so only the wrong field needs fixing.
            await Expect(Ui.Field(page, "First name")).ToHaveValueAsync(FirstName);
            await Expect(Ui.Field(page, "Last name")).ToHaveValueAsync(LastName);
            await Artifacts.ScreenshotAsync(page, "06-register-form-error");
            await journey.AxeAsync("register-form-error");
        });

        await journey.StepAsync("register", async () =>
        {
            await KapCarePages.FillPatientFormAsync(page, new PatientForm(FirstName, LastName, "1988-03-14", Email: "zoe.nunez@example.com"));
            await Ui.SubmitAsync(page, Ui.Button(page, "Register patient"));
            await Ui.WaitForPageAsync(page, uri => KapCarePages.PatientPath().IsMatch(uri.AbsolutePath));
            patientPath = Ui.PathOf(page);
            await Expect(page.GetByText(FirstName).First).ToBeVisibleAsync();
            await Expect(page.GetByText(LastName).First).ToBeVisibleAsync();
            await Expect(page.GetByText(KapCarePages.Mrn()).First).ToBeVisibleAsync();
            await Artifacts.ScreenshotAsync(page, "07-patient-detail");
            await journey.AxeAsync("patient-detail");
        });

        await journey.StepAsync("search-without-accents", async () =>
        {
            await page.GotoAsync("/Patients");
            var search = Ui.Field(page, "Search patients");
            await search.FillAsync("nunez");
            // The list may search as you type (htmx) or on submit; either way the address ends up with the query.
            await page.Locator("form").Filter(new LocatorFilterOptions { Has = search })
                .GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Search", Exact = true }).ClickAsync();
            await Ui.WaitForPageAsync(page, uri => uri.Query.Contains("q=nunez", StringComparison.OrdinalIgnoreCase));
            var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = LastName });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync(FirstName);
            await Expect(row).ToContainTextAsync(KapCarePages.Mrn());
            await Artifacts.ScreenshotAsync(page, "08-patients-search");
            await journey.AxeAsync("patients-search");
            await Artifacts.PhoneScreenshotAsync(page, "08b-patients-search-phone");
        });

        await journey.StepAsync("open-from-list", async () =>
        {
            var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = LastName });
            await row.GetByRole(AriaRole.Link).First.ClickAsync();
            await Ui.WaitForPageAsync(page, uri => KapCarePages.PatientPath().IsMatch(uri.AbsolutePath));
            Assert.Equal(patientPath, Ui.PathOf(page), ignoreCase: true);
        });

        await journey.StepAsync("edit-phone", async () =>
        {
            await Ui.Link(page, "Edit").First.ClickAsync();
            await Ui.WaitForPageAsync(page, uri => uri.AbsolutePath.Equals(patientPath + "/Edit", StringComparison.OrdinalIgnoreCase));
            await Expect(Ui.Field(page, "First name")).ToHaveValueAsync(FirstName);
            await Expect(Ui.Field(page, "Last name")).ToHaveValueAsync(LastName);
            await Expect(Ui.Field(page, "Date of birth")).ToHaveValueAsync("1988-03-14");
            await Artifacts.ScreenshotAsync(page, "09-patient-edit");
            await journey.AxeAsync("patient-edit");
            await Ui.Field(page, "Phone").FillAsync(NewPhone);
            await Ui.SubmitAsync(page, Ui.Button(page, "Save changes"));
            await Ui.WaitForPageAsync(page, uri => uri.AbsolutePath.Equals(patientPath, StringComparison.OrdinalIgnoreCase));
            await Expect(page.GetByText(new Regex(@"\b(saved|updated)\b", RegexOptions.IgnoreCase)).First).ToBeVisibleAsync();
            await Expect(page.GetByText(NewPhone).First).ToBeVisibleAsync();
            await Artifacts.ScreenshotAsync(page, "10-patient-detail-saved");
            await journey.AxeAsync("patient-detail-saved");
        });

        await journey.StepAsync("users-admin", async () =>
        {
            await page.GotoAsync("/Admin/Users");
            Assert.Equal("/Admin/Users", Ui.PathOf(page), ignoreCase: true);
            await Expect(page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = AdminEmail })).ToHaveCountAsync(1);
            await Expect(Ui.Link(page, "Add user").First).ToBeVisibleAsync();
            await Artifacts.ScreenshotAsync(page, "11-admin-users");
            await journey.AxeAsync("admin-users");
        });

        await journey.StepAsync("audit-log", async () =>
        {
            await page.GotoAsync("/Admin/Audit");
            Assert.Equal("/Admin/Audit", Ui.PathOf(page), ignoreCase: true);
            foreach (var column in new[] { "When", "Who", "Action", "Record", "Outcome" })
                await Expect(page.GetByRole(AriaRole.Columnheader, new PageGetByRoleOptions { Name = column, Exact = true })).ToBeVisibleAsync();
            foreach (var action in new[] { "patient.create", "patient.read", "patient.update" })
            {
                var rows = page.GetByRole(AriaRole.Row)
                    .Filter(new LocatorFilterOptions { HasText = action })
                    .Filter(new LocatorFilterOptions { HasText = AdminEmail });
                await Expect(rows.First).ToBeVisibleAsync();
            }
            await Artifacts.ScreenshotAsync(page, "12-admin-audit");
            await journey.AxeAsync("admin-audit");
        });

        await journey.StepAsync("dosing-room-settings", async () =>
        {
            await page.GotoAsync("/Admin/Settings");
            var room = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Dosing room" }) });
            await Expect(room.GetByLabel("Chairs and rooms, one per line")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Chair 1\nChair 2"));
            await room.EvaluateAsync("e => e.scrollIntoView({ block: \"start\", behavior: \"instant\" })");
            await Artifacts.ViewportScreenshotAsync(page, "13-admin-dosing-room");
            await journey.AxeAsync("admin-settings");
        });

        await journey.StepAsync("sign-out", async () =>
        {
            var signOutForm = page.Locator("form").Filter(new LocatorFilterOptions { Has = Ui.Button(page, "Sign out") });
            await journey.CheckAsync("the Sign out form carries an antiforgery token",
                () => Expect(signOutForm.Locator("input[name=__RequestVerificationToken]")).ToHaveCountAsync(1, new() { Timeout = 1000 }));
            await Ui.SubmitAsync(page, Ui.Button(page, "Sign out"));
            await Expect(Ui.Button(page, "Sign out")).ToHaveCountAsync(0);
            await page.GotoAsync(patientPath);
            Assert.StartsWith("/Account/Login", Ui.PathOf(page), StringComparison.OrdinalIgnoreCase);
        });

        await journey.StepAsync("sign-in-again", async () =>
        {
            await KapCarePages.SignInAsync(page, AdminEmail);
            await journey.CheckAsync("signing in goes back to the page that asked for it",
                () => Expect(page).ToHaveURLAsync(app.BaseUrl + patientPath, new() { Timeout = 3000 }));
        });

        journey.AssertNoProblems();
        app.AssertNoBrowserProblems();
    }
}
