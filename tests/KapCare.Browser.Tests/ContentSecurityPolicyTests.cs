using System.Text.RegularExpressions;
using KapCare.Browser.Tests.Infrastructure;
using KapCare.Web.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>
/// Issue 9, finding 6: the pages work with the Content-Security-Policy enforced (no inline script): the browser blocks nothing
/// and logs no violation on sign-in, registration, the chart, the measures chart, the questionnaire link (selected on click
/// by wwwroot/js, not an inline handler) and the intake's htmx autosave.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Email = "csp.prescriber@clinic.test";

    [Fact]
    public async Task Given_the_CSP_enforced_When_a_prescriber_goes_through_the_main_pages_Then_no_script_or_style_is_blocked()
    {
        await app.CreateUserAsync(Email, KapCarePages.Password, "Dr Ada Osei", Roles.Prescriber);
        var page = await app.NewCspEnforcedPageAsync();
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(m.Text); };

        await KapCarePages.SignInAsync(page, Email);
        await page.GotoAsync("/Patients/Register");
        await KapCarePages.FillPatientFormAsync(page, new PatientForm("Inès", "Moreau", "1985-06-01", Sex: "Female", Pronouns: "she/her"));
        await Ui.SubmitAsync(page, Ui.Button(page, "Register patient"));
        await Ui.WaitForPageAsync(page, uri => Regex.IsMatch(uri.AbsolutePath, "^/Patients/[0-9a-f-]{36}$"));
        var patientPath = Ui.PathOf(page);

        await page.GotoAsync(patientPath + "/Measures");
        await page.GotoAsync(patientPath + "/Measures/Link");
        await Ui.SubmitAsync(page, Ui.Button(page, "Create link"));
        var link = page.Locator("#link-url");
        await link.ClickAsync();
        // select-on-click.js selected the whole link: the inline onclick it replaces would have been blocked.
        Assert.True(await link.EvaluateAsync<bool>("e => e.selectionStart === 0 && e.selectionEnd === e.value.length && e.value.length > 0"), "The link was not selected on click.");

        await page.GotoAsync(patientPath + "/Intake/history");
        var saved = page.WaitForResponseAsync(r => r.Url.Contains("handler=Save", StringComparison.Ordinal));
        await page.Locator("[name='history.inOwnWords']").FillAsync("Worry most days since university.");
        await page.Locator("[name='history.inOwnWords']").BlurAsync();
        await saved;
        await Expect(page.Locator("#intake-save-status")).ToContainTextAsync("Saved");

        Assert.True(violations.Count == 0, "CSP violations:\n" + string.Join("\n", violations));
        app.AssertNoBrowserProblems();
    }
}
