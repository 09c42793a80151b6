using System.Text.RegularExpressions;
using KapCare.Browser.Tests.Infrastructure;
using KapCare.Web.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>
/// Issue 4, item 1 end to end in a real browser: a person on a phone (touch, 390×844) finds the self-screen from the
/// sign-in page, answers it, reads a plain result and sends a consultation request; the front desk finds it in the
/// queue and converts it to a patient. Every page is screenshot and checked with axe-core on the way.
/// </summary>
public sealed class SelfScreenJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string FrontDeskEmail = "jordan.ellis@clinic.test";
    private const string Name = "Noémie Laurent-Okafor";

    private const string NotAtAll = "Not at all";
    private const string SeveralDays = "Several days";
    private const string MoreThanHalf = "More than half the days";

    /// <summary>The seven GAD-7 questions (Spitzer et al., Arch Intern Med 2006;166:1092), by their opening words.</summary>
    private static readonly string[] Gad7Questions =
    [
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ];

    /// <summary>The health questions by their opening words, and the answer a person without contraindications gives.</summary>
    private static readonly (string Question, string Answer)[] HealthQuestions =
    [
        ("Have you ever been diagnosed with, or treated for, schizophrenia", "No"),
        ("Have you ever been told you have bipolar disorder", "No"),
        ("Have you ever had a brain aneurysm", "No"),
        ("Are you pregnant, trying to become pregnant, or breastfeeding", "No"),
        ("Do you have heart disease", "No"),
        ("In the past 12 months, have you had a problem with alcohol or drugs", "No"),
        ("Have you tried at least two treatments for anxiety", "Yes"),
    ];

    private const string SelfHarmQuestion = "how often have you had thoughts that you would be better off dead";

    /// <summary>Items 1–4 "more than half the days" (2 each) and 5–7 "several days" (1 each): 8 + 3 = 11, moderate (10–14, Spitzer 2006).</summary>
    private const int HandTotal = 11;

    [Fact]
    public async Task Given_a_person_on_a_phone_When_they_complete_the_self_screen_and_send_a_request_Then_the_front_desk_converts_it_to_a_patient()
    {
        await app.CreateUserAsync(FrontDeskEmail, KapCarePages.Password, "Jordan Ellis", Roles.FrontDesk);
        var phone = await app.NewPhonePageAsync();
        var onPhone = new Journey(phone);

        await onPhone.StepAsync("find-self-screen-from-sign-in", async () =>
        {
            await phone.GotoAsync("/");
            await Ui.WaitForPageAsync(phone, uri => uri.AbsolutePath.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase));
            await Ui.Link(phone, "Am I a candidate?").TapAsync();
            // Polled: the address may already have changed by the time a navigation listener would be attached.
            await Expect(phone).ToHaveURLAsync(new Regex("/screen$"));
            await Expect(phone.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { NameRegex = new Regex("^Am I a candidate") })).ToBeVisibleAsync();
            await Expect(phone.GetByText("Nothing you answer is stored")).ToBeVisibleAsync();
            await onPhone.CheckAsync("the self-screen fits the phone's width", () => AssertFitsWidthAsync(phone));
            await Artifacts.ViewportScreenshotAsync(phone, "40-self-screen-phone");
            await onPhone.AxeAsync("self-screen-phone");
        });

        await onPhone.StepAsync("answer-by-tapping", async () =>
        {
            for (var i = 0; i < Gad7Questions.Length; i++) await TapAnswerAsync(phone, Gad7Questions[i], i < 4 ? MoreThanHalf : SeveralDays);
            foreach (var (question, answer) in HealthQuestions) await TapAnswerAsync(phone, question, answer);
            await TapAnswerAsync(phone, SelfHarmQuestion, NotAtAll);
            await onPhone.CheckAsync("every answer is big enough to tap (44 px tall, WCAG 2.5.8 at least 24×24)", async () =>
            {
                var small = await phone.Locator("label:has(input[type=radio])").EvaluateAllAsync<string[]>(
                    "ls => ls.map(l => [l.innerText.trim(), l.getBoundingClientRect()]).filter(([, r]) => r.width < 24 || r.height < 44).map(([t, r]) => `${t} ${Math.round(r.width)}×${Math.round(r.height)}`)");
                Assert.True(small.Length == 0, "Answers too small to tap: " + string.Join(", ", small));
            }, screenshot: false);
            await Question(phone, HealthQuestions[4].Question).EvaluateAsync("e => e.scrollIntoView({ block: 'center' })");
            await Artifacts.ViewportScreenshotAsync(phone, "40b-self-screen-health-phone");
            await Artifacts.ScreenshotAsync(phone, "40a-self-screen-phone-full");
        });

        await onPhone.StepAsync("see-result", async () =>
        {
            await Ui.SubmitAsync(phone, Ui.Button(phone, "See my result"), tap: true);
            await Expect(phone.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "You may be a candidate — book a consultation" })).ToBeVisibleAsync();
            await Expect(phone.GetByText($"{HandTotal} out of 21, in the moderate range")).ToBeVisibleAsync();
            await Expect(phone.GetByText("This is not a diagnosis")).ToBeVisibleAsync();
            await Expect(phone.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Call 988", Exact = true })).ToHaveCountAsync(0);
            await onPhone.CheckAsync("the result fits the phone's width", () => AssertFitsWidthAsync(phone), screenshot: false);
            await onPhone.CheckAsync("the honeypot can't be reached by keyboard or screen reader", async () =>
            {
                var honeypot = phone.Locator("input[name='Input.Website']");
                await Expect(honeypot).ToHaveAttributeAsync("tabindex", "-1");
                await Expect(honeypot).ToHaveAttributeAsync("autocomplete", "off");
                await Expect(phone.Locator(".kc-hp")).ToHaveAttributeAsync("aria-hidden", "true");
                await Expect(phone.GetByRole(AriaRole.Textbox, new PageGetByRoleOptions { Name = "Website" })).ToHaveCountAsync(0);
            }, screenshot: false);
            await Artifacts.ViewportScreenshotAsync(phone, "41-self-screen-result-phone");
            await Artifacts.ScreenshotAsync(phone, "41a-self-screen-result-phone-full");
            await onPhone.AxeAsync("self-screen-result-phone");
        });

        await onPhone.StepAsync("send-request", async () =>
        {
            await Ui.Field(phone, "Your name").FillAsync(Name);
            await Ui.Field(phone, "Email").FillAsync("noemie.lo@example.com");
            await Ui.Field(phone, "Phone").FillAsync("+1 312 555 0175");
            await phone.GetByRole(AriaRole.Checkbox, new PageGetByRoleOptions { Name = "Weekday evenings" }).TapAsync();
            await phone.GetByRole(AriaRole.Checkbox, new PageGetByRoleOptions { NameRegex = new Regex("^You may keep my answers") }).TapAsync();
            await Ui.SubmitAsync(phone, Ui.Button(phone, "Send my request"), tap: true);
            Assert.Equal("/screen/sent", Ui.PathOf(phone));
            await Expect(phone.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { NameRegex = new Regex("^Thank you") })).ToBeVisibleAsync();
            await Artifacts.ViewportScreenshotAsync(phone, "42-self-screen-sent-phone");
            await onPhone.AxeAsync("self-screen-sent-phone");
        });

        var desk = await app.NewPageAsync();
        var atDesk = new Journey(desk);
        var requestPath = string.Empty;

        await atDesk.StepAsync("front-desk-queue", async () =>
        {
            await KapCarePages.SignInAsync(desk, FrontDeskEmail);
            var nav = desk.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main" }).GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { NameRegex = new Regex(@"^\s*Consultation requests\b") });
            await Expect(nav).ToHaveTextAsync(new Regex(@"^\s*Consultation requests\s*1\s*$"));
            await nav.ClickAsync();
            await Ui.WaitForPageAsync(desk, uri => uri.AbsolutePath.Equals("/Requests", StringComparison.OrdinalIgnoreCase));
            var row = desk.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = Name });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync("Likely candidate");
            await Expect(row).ToContainTextAsync($"GAD-7 {HandTotal}");
            await Expect(row).ToContainTextAsync("Weekday evenings");
            await Expect(row).ToContainTextAsync("New");
            await Artifacts.ScreenshotAsync(desk, "43-requests-queue");
            await atDesk.AxeAsync("requests-queue");
            await row.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = Name }).ClickAsync();
            await Ui.WaitForPageAsync(desk, uri => uri.AbsolutePath.StartsWith("/Requests/", StringComparison.OrdinalIgnoreCase));
            requestPath = Ui.PathOf(desk);
        });

        await atDesk.StepAsync("request-details", async () =>
        {
            await Expect(desk.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Name })).ToBeVisibleAsync();
            await Expect(desk.GetByRole(AriaRole.Main)).ToContainTextAsync("+1 312 555 0175");
            await Expect(desk.GetByRole(AriaRole.Main)).ToContainTextAsync("You have tried at least two treatments for anxiety");
            await Artifacts.ScreenshotAsync(desk, "44-request-details");
            await atDesk.AxeAsync("request-details");
            await Ui.Link(desk, "Convert to patient").ClickAsync();
            await Ui.WaitForPageAsync(desk, uri => uri.AbsolutePath.Equals(requestPath + "/Convert", StringComparison.OrdinalIgnoreCase));
        });

        await atDesk.StepAsync("convert-to-patient", async () =>
        {
            await Expect(Ui.Field(desk, "First name")).ToHaveValueAsync("Noémie");
            await Expect(Ui.Field(desk, "Last name")).ToHaveValueAsync("Laurent-Okafor");
            await Expect(Ui.Field(desk, "Email")).ToHaveValueAsync("noemie.lo@example.com");
            await Ui.Field(desk, "Date of birth").FillAsync("1993-05-30");
            await Ui.SetAsync(Ui.Field(desk, "Sex"), "Female");
            await Artifacts.ScreenshotAsync(desk, "45-request-convert");
            await atDesk.AxeAsync("request-convert");
            await Ui.SubmitAsync(desk, Ui.Button(desk, "Register patient"));
            await Ui.WaitForPageAsync(desk, uri => KapCarePages.PatientPath().IsMatch(uri.AbsolutePath));
            await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("the self-screen GAD-7 is on their measures");
            await Expect(desk.GetByRole(AriaRole.Main)).ToContainTextAsync(KapCarePages.Mrn());
            await Artifacts.ScreenshotAsync(desk, "46-request-converted-patient");
        });

        await atDesk.StepAsync("request-closed", async () =>
        {
            await desk.GotoAsync(requestPath);
            await Expect(desk.GetByRole(AriaRole.Main)).ToContainTextAsync("Converted");
            await Expect(Ui.Link(desk, "Convert to patient")).ToHaveCountAsync(0);
        });

        Assert.Multiple(onPhone.AssertNoProblems, atDesk.AssertNoProblems, app.AssertNoBrowserProblems);
    }

    [Fact]
    public async Task Given_thoughts_of_self_harm_When_a_person_sees_their_result_Then_crisis_resources_come_first_on_the_screen()
    {
        await app.CreateUserAsync("admin.crisis@clinic.test", KapCarePages.Password, "Amira Haddad", Roles.Admin);
        var phone = await app.NewPhonePageAsync();
        var onPhone = new Journey(phone);

        await onPhone.StepAsync("unanswered-then-answered", async () =>
        {
            await phone.GotoAsync("/screen");
            await Ui.SubmitAsync(phone, Ui.Button(phone, "See my result"), tap: true);
            await Expect(phone.GetByRole(AriaRole.Alert).Filter(new LocatorFilterOptions { HasText = "Please answer the 15 questions marked below" })).ToBeVisibleAsync();
            await Artifacts.ViewportScreenshotAsync(phone, "47-self-screen-unanswered-phone");
            await onPhone.AxeAsync("self-screen-unanswered-phone");
            foreach (var question in Gad7Questions) await TapAnswerAsync(phone, question, MoreThanHalf);
            foreach (var (question, _) in HealthQuestions) await TapAnswerAsync(phone, question, "Not sure");
            await TapAnswerAsync(phone, SelfHarmQuestion, SeveralDays);
            await Ui.SubmitAsync(phone, Ui.Button(phone, "See my result"), tap: true);
        });

        await onPhone.StepAsync("crisis-first", async () =>
        {
            var crisis = phone.GetByRole(AriaRole.Alert).Filter(new LocatorFilterOptions { HasText = "988" });
            await Expect(crisis).ToBeVisibleAsync();
            await Expect(crisis).ToContainTextAsync("No one at the clinic sees these answers unless you send us a request");
            await Expect(phone.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Please talk to us first" })).ToBeVisibleAsync();
            await Expect(phone.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "What else can help" })).ToBeVisibleAsync();
            await onPhone.CheckAsync("the crisis resources are on the first screen, without scrolling", async () =>
            {
                var box = await crisis.BoundingBoxAsync();
                Assert.True(box is not null && box.Y >= 0 && box.Y < 844 / 2, $"The crisis box starts at y = {box?.Y} px of an 844 px screen.");
            });
            await Artifacts.ViewportScreenshotAsync(phone, "48-self-screen-crisis-phone");
            await Artifacts.ScreenshotAsync(phone, "48a-self-screen-talk-first-phone-full");
            await onPhone.AxeAsync("self-screen-crisis-phone");
        });

        Assert.Multiple(onPhone.AssertNoProblems, app.AssertNoBrowserProblems);
    }

    /// <summary>One question of the form: a fieldset (role group) named by its legend, the question text.</summary>
    private static ILocator Question(IPage page, string question) =>
        page.GetByRole(AriaRole.Group, new PageGetByRoleOptions { NameRegex = new Regex(Regex.Escape(question)) });

    /// <summary>Taps the answer's label (the whole box, as a thumb does), then checks that its radio is the one chosen.</summary>
    private static async Task TapAnswerAsync(IPage page, string question, string answer)
    {
        var group = Question(page, question);
        await Expect(group).ToHaveCountAsync(1);
        await group.Locator("label").Filter(new LocatorFilterOptions { HasTextRegex = new Regex($@"^\s*{Regex.Escape(answer)}\s*$") }).TapAsync();
        await Expect(group.GetByRole(AriaRole.Radio, new LocatorGetByRoleOptions { Name = answer, Exact = true })).ToBeCheckedAsync();
    }

    /// <summary>No sideways scrolling on a phone.</summary>
    private static async Task AssertFitsWidthAsync(IPage page)
    {
        var (scroll, client) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => document.documentElement.clientWidth"));
        Assert.True(scroll <= client, $"The page is {scroll} px wide in a {client} px window, so it scrolls sideways.");
    }
}
