using KapCare.Browser.Tests.Infrastructure;
using KapCare.Web.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>
/// An idle staff session warns a minute before it ends and then leaves the page (ONC 170.315(d)(5), issue 9): the server's
/// clock and the page's clock move together, 15 minutes in a few seconds.
/// </summary>
public sealed class IdleSessionTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Email = "nurse.idle@clinic.test";

    private async Task IdleAsync(IPage page, TimeSpan span)
    {
        app.Clock.Advance(span);
        await page.Clock.FastForwardAsync((long)span.TotalMilliseconds);
    }

    [Fact]
    public async Task Given_a_signed_in_nurse_When_idle_for_14_minutes_Then_a_warning_offers_to_stay_and_after_15_the_page_leaves_for_sign_in()
    {
        await app.CreateUserAsync(Email, KapCarePages.Password, "Camila Reyes, RN", Roles.Nurse);
        var page = await app.NewPageAsync();
        await page.Clock.InstallAsync();
        await KapCarePages.SignInAsync(page, Email);
        await page.GotoAsync("/Patients");
        var warning = page.GetByRole(AriaRole.Alertdialog);
        await Expect(warning).ToBeHiddenAsync();

        await IdleAsync(page, TimeSpan.FromSeconds(14 * 60 + 1));
        await Expect(warning).ToBeVisibleAsync();
        await Expect(warning).ToContainTextAsync("Still there?");
        await Artifacts.ScreenshotAsync(page, "40-idle-warning");
        await Axe.AssertAccessibleAsync(page, "idle-warning");

        await Ui.Button(page, "Stay signed in").ClickAsync();
        await Expect(warning).ToBeHiddenAsync();
        await IdleAsync(page, TimeSpan.FromSeconds(14 * 60 + 1));
        Assert.Equal("/Patients", Ui.PathOf(page));
        await Expect(warning).ToBeVisibleAsync();

        await IdleAsync(page, TimeSpan.FromSeconds(61));
        await Ui.WaitForPageAsync(page, uri => uri.AbsolutePath.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase));
        await Expect(page.GetByText("signed out because the session was idle")).ToBeVisibleAsync();
        await page.GotoAsync("/Patients");
        Assert.Equal("/Account/Login", Ui.PathOf(page), ignoreCase: true);
        app.AssertNoBrowserProblems();
    }
}
