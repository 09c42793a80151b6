using KapCare.Browser.Tests.Infrastructure;
using KapCare.Web.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>
/// Issue 9 item 9: the top bar overflowed for an admin at 1520 px (the name ran off the bar). The sidebar holds every
/// section a person with two roles may use, with their name and the clinic in view, at the widths the clinic uses: a
/// laptop (1280), a desktop (1520) and a phone (390), where it folds into a menu button that works without inline script.
/// </summary>
public sealed class NavigationTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Email = "okafor.director@clinic.test";
    private const string Name = "Dr Ines Okafor-Whitfield";

    private static readonly string[] DirectorSections =
        ["Home", "Safety alerts", "Care tasks", "Co-signatures", "Find a patient", "Register a patient", "Users", "Protocols", "Settings", "Audit log"];

    private static async Task AssertFitsAsync(IPage page, ILocator element, string what)
    {
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        var width = page.ViewportSize!.Width;
        Assert.True(box.X >= 0 && box.X + box.Width <= width + 0.5, $"{what} runs off the {width}px window: x={box.X}, width={box.Width}");
        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scroll <= width, $"the {width}px page scrolls sideways ({scroll}px)");
    }

    [Fact]
    public async Task Given_a_medical_director_who_also_administers_When_the_window_is_1280_1520_or_390_wide_Then_every_section_their_name_and_sign_out_are_in_view()
    {
        await app.CreateUserAsync(Email, KapCarePages.Password, Name, Roles.Admin);
        await app.AddRoleAsync(Email, Roles.Prescriber);
        var page = await app.NewPageAsync();
        await KapCarePages.SignInAsync(page, Email);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

        foreach (var width in new[] { 1280, 1520 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync("/Admin/Users");
            foreach (var section in DirectorSections)
                await AssertFitsAsync(page, nav.GetByRole(AriaRole.Link, new() { Name = section }), section);
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveAttributeAsync("aria-current", "page");
            var person = page.Locator(".kc-sidebar-person");
            await AssertFitsAsync(page, person.GetByText(Name, new() { Exact = true }), "the signed-in name");
            await Expect(person.GetByText("Admin, Prescriber", new() { Exact = true })).ToBeVisibleAsync();
            await AssertFitsAsync(page, Ui.Button(page, "Sign out"), "Sign out");
            await Artifacts.ScreenshotAsync(page, $"60-navigation-{width}");
        }
        await Axe.AssertAccessibleAsync(page, "navigation-desktop");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/Patients");
        var menuButton = Ui.Button(page, "Show navigation");
        await Expect(menuButton).ToBeVisibleAsync();
        await Expect(nav).ToBeHiddenAsync();
        await AssertFitsAsync(page, Ui.Button(page, "Sign out"), "Sign out on a phone");
        await Artifacts.ViewportScreenshotAsync(page, "61-navigation-390-closed");

        await menuButton.ClickAsync();
        await Expect(nav).ToBeVisibleAsync();
        await Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Find a patient" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.GetByText(Name, new() { Exact = false }).First).ToBeVisibleAsync();
        await Artifacts.ViewportScreenshotAsync(page, "62-navigation-390-open");
        await Axe.AssertAccessibleAsync(page, "navigation-phone-open");
        await Ui.SubmitAsync(page, nav.GetByRole(AriaRole.Link, new() { Name = "Audit log" }));
        Assert.Equal("/Admin/Audit", Ui.PathOf(page), ignoreCase: true);
        app.AssertNoBrowserProblems();
    }

    [Fact]
    public async Task Given_front_desk_When_signed_in_Then_the_sidebar_offers_registration_and_requests_but_no_clinical_section()
    {
        await app.CreateUserAsync("desk.nav@clinic.test", KapCarePages.Password, "Priya Natarajan", Roles.FrontDesk);
        var page = await app.NewPageAsync();
        await KapCarePages.SignInAsync(page, "desk.nav@clinic.test");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

        var links = await nav.GetByRole(AriaRole.Link).AllInnerTextsAsync();

        Assert.Equal(["Home", "Find a patient", "Register a patient", "Consultation requests"], links.Select(l => l.Trim()).Select(l => l.Split('\n')[0].Trim()).ToArray());
        await Artifacts.ScreenshotAsync(page, "63-navigation-front-desk");
        app.AssertNoBrowserProblems();
    }
}
