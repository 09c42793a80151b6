using System.Globalization;
using System.Text.RegularExpressions;
using KapCare.Browser.Tests.Infrastructure;
using KapCare.Web.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>A registration the server refuses says why beside the field at fault, and saves nothing.</summary>
public sealed class PatientRegistrationValidationTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Email = "frontdesk@clinic.test";
    private const string LastName = "Futurevisitor";

    [Fact]
    public async Task Given_a_birth_date_in_the_future_When_registering_Then_the_error_is_next_to_the_field_and_no_patient_is_saved()
    {
        await app.CreateUserAsync(Email, KapCarePages.Password, "Dana Frontdesk", Roles.FrontDesk);
        var page = await app.NewPageAsync();
        var journey = new Journey(page);

        await journey.StepAsync("sign-in", () => KapCarePages.SignInAsync(page, Email));

        await journey.StepAsync("submit-future-birth-date", async () =>
        {
            await page.GotoAsync("/Patients/Register");
            var tomorrow = DateTime.Today.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await KapCarePages.FillPatientFormAsync(page, new PatientForm("Tomasz", LastName, tomorrow, Sex: "Male", Pronouns: "he/him"));
            await Ui.SubmitAsync(page, Ui.Button(page, "Register patient"));

            Assert.Equal("/Patients/Register", Ui.PathOf(page), ignoreCase: true);
            var dateOfBirth = Ui.Field(page, "Date of birth");
            await Expect(page.GetByText(new Regex("future", RegexOptions.IgnoreCase)).First).ToBeVisibleAsync();
            var besideField = await Ui.TextAroundFieldAsync(dateOfBirth);
            Assert.True(besideField.Contains("future", StringComparison.OrdinalIgnoreCase),
                $"The message about the future birth date is not next to the Date of birth field; beside it is only: \"{besideField}\"");
            await Artifacts.ScreenshotAsync(page, "20-register-future-birth-date");
        });

        await journey.StepAsync("nothing-saved", async () =>
        {
            await page.GotoAsync("/Patients");
            await Expect(Ui.Field(page, "Search patients")).ToBeVisibleAsync();
            await Expect(page.GetByText(LastName)).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "Tomasz" })).ToHaveCountAsync(0);
        });

        app.AssertNoBrowserProblems();
    }
}
