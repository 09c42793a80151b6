using System.Globalization;
using System.Text.RegularExpressions;
using KapCare.Browser.Tests.Infrastructure;
using KapCare.Web.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>
/// Issue 3 end to end in a real browser: a nurse sends a patient a PHQ-9 link, the patient answers on a phone
/// (touch, 390×844) with "more than half the days" on item 9, sees crisis resources at once, and the nurse finds
/// the score on the chart and a safety alert that she resolves with a note. Every page is screenshot and checked
/// with axe-core on the way.
/// </summary>
public sealed class PhqLinkJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string AdminEmail = "amira.haddad@clinic.test";
    private const string NurseName = "Camila Reyes, RN";
    private const string NurseEmail = "camila.reyes@clinic.test";
    private const string NursePassword = "temporary-chair-7-blue";
    private const string FirstName = "Siobhán";
    private const string LastName = "Ó Briain";
    private const string ActionTaken = "Called patient at 14:10; passive thoughts, no plan or intent; safety plan reviewed; follow-up call tomorrow.";

    private const string NotAtAll = "Not at all";
    private const string SeveralDays = "Several days";
    private const string MoreThanHalf = "More than half the days";

    /// <summary>The nine PHQ-9 questions (Kroenke, Spitzer &amp; Williams, J Gen Intern Med 2001;16:606), by their opening words.</summary>
    private static readonly string[] Phq9Questions =
    [
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself",
        "Trouble concentrating on things",
        "Moving or speaking so slowly that other people could have noticed",
        "Thoughts that you would be better off dead",
    ];

    /// <summary>
    /// Items 1–8 "several days" (1 point each) and item 9 "more than half the days" (2 points): 8 + 2 = 10,
    /// "moderate" depression in Kroenke 2001 (10–14), and item 9 ≥ 1 is a safety signal whatever the total.
    /// </summary>
    private const int HandTotal = 10;

    [Fact]
    public async Task Given_a_PHQ9_link_When_the_patient_answers_item_9_on_a_phone_Then_crisis_help_shows_and_the_nurse_sees_the_score_and_resolves_the_alert()
    {
        await app.CreateUserAsync(AdminEmail, KapCarePages.Password, "Amira Haddad", Roles.Admin);
        var page = await app.NewPageAsync();
        var journey = new Journey(page);
        var patientPath = string.Empty;
        var link = string.Empty;

        await journey.StepAsync("admin-adds-nurse", async () =>
        {
            await KapCarePages.SignInAsync(page, AdminEmail);
            await page.GotoAsync("/Admin/Users/Create");
            await Ui.Field(page, "Full name").FillAsync(NurseName);
            await Ui.Field(page, "Email").FillAsync(NurseEmail);
            await page.GetByRole(AriaRole.Checkbox, new PageGetByRoleOptions { NameRegex = new Regex(@"^\s*Nurse\b") }).CheckAsync();
            await Ui.Field(page, "Temporary password").FillAsync(NursePassword);
            await Artifacts.ScreenshotAsync(page, "28-admin-add-nurse");
            await journey.AxeAsync("admin-add-user");
            await Ui.SubmitAsync(page, Ui.Button(page, "Add user"));
            Assert.Equal("/Admin/Users", Ui.PathOf(page), ignoreCase: true);
            var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = NurseEmail });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync("Nurse");
            await Ui.SubmitAsync(page, Ui.Button(page, "Sign out"));
        });

        await journey.StepAsync("nurse-signs-in-and-registers-patient", async () =>
        {
            await KapCarePages.SignInAsync(page, NurseEmail, NursePassword);
            patientPath = await RegisterPatientAsync(page, new PatientForm(FirstName, LastName, "1991-07-02", Email: "siobhan.obriain@example.com"));
            await journey.CheckAsync("a new patient has no open safety alerts",
                () => Expect(PatientBanner(page)).ToContainTextAsync("No open safety alerts", new() { Timeout = 3000 }));
        });

        await journey.StepAsync("open-measures", async () =>
        {
            await Ui.Link(page, "Open measures").ClickAsync();
            await Ui.WaitForPageAsync(page, uri => uri.AbsolutePath.Equals(patientPath + "/Measures", StringComparison.OrdinalIgnoreCase));
            await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "No measures yet" })).ToBeVisibleAsync();
        });

        await journey.StepAsync("send-phq9-link", async () =>
        {
            await Ui.Link(page, "Send questionnaire link").ClickAsync();
            await Ui.WaitForPageAsync(page, uri => uri.AbsolutePath.Equals(patientPath + "/Measures/Link", StringComparison.OrdinalIgnoreCase));
            var gad7 = Questionnaire(page, "GAD-7");
            var phq9 = Questionnaire(page, "PHQ-9");
            await Expect(gad7).ToBeCheckedAsync();
            await Expect(phq9).ToBeCheckedAsync();
            await Artifacts.ScreenshotAsync(page, "29-send-link");
            await journey.AxeAsync("send-link");
            await gad7.UncheckAsync();
            await Expect(phq9).ToBeCheckedAsync();
            await Ui.SubmitAsync(page, Ui.Button(page, "Create link"));
            await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Link ready" })).ToBeVisibleAsync();
            var field = Ui.Field(page, "Link");
            await Expect(field).Not.ToBeEditableAsync();
            link = await field.InputValueAsync();
            Assert.StartsWith(app.BaseUrl + "/m/", link, StringComparison.Ordinal);
            await journey.CheckAsync("the link is for the PHQ-9 only",
                () => Expect(page.GetByText(new Regex(@"Questionnaires:\s*PHQ-9\.?\s*$"))).ToBeVisibleAsync(new() { Timeout = 3000 }));
            await Artifacts.ScreenshotAsync(page, "29b-link-ready");
            await journey.AxeAsync("link-ready");
        });

        var phone = await app.NewPhonePageAsync();
        var onPhone = new Journey(phone);

        await onPhone.StepAsync("open-link-on-phone", async () =>
        {
            await phone.GotoAsync(link);
            await Expect(phone.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Hello " + FirstName })).ToBeVisibleAsync();
            await Expect(phone.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Patient Health Questionnaire-9" })).ToBeVisibleAsync();
            // One question per fieldset, four answers each; only the PHQ-9 was sent, so no GAD-7 questions.
            await Expect(phone.GetByRole(AriaRole.Radio, new PageGetByRoleOptions { Name = SeveralDays, Exact = true })).ToHaveCountAsync(Phq9Questions.Length);
            await Expect(phone.GetByText("Worrying too much about different things")).ToHaveCountAsync(0);
            await onPhone.CheckAsync("the form fits the phone's width", () => AssertFitsWidthAsync(phone));
            await Artifacts.ViewportScreenshotAsync(phone, "30-link-phq9-phone");
            await Artifacts.ScreenshotAsync(phone, "30a-link-phq9-phone-full");
            await onPhone.AxeAsync("link-phq9-phone");
        });

        await onPhone.StepAsync("answer-by-tapping", async () =>
        {
            for (var i = 0; i < Phq9Questions.Length; i++)
                await TapAnswerAsync(phone, Phq9Questions[i], i == 8 ? MoreThanHalf : SeveralDays);
            await onPhone.CheckAsync("every answer is big enough to tap (WCAG 2.5.8: at least 24×24 CSS px; 44 px tall is the phone norm)", async () =>
            {
                var small = await phone.Locator("label:has(input[type=radio])").EvaluateAllAsync<string[]>(
                    "ls => ls.map(l => [l.innerText.trim(), l.getBoundingClientRect()]).filter(([, r]) => r.width < 24 || r.height < 44).map(([t, r]) => `${t} ${Math.round(r.width)}×${Math.round(r.height)}`)");
                Assert.True(small.Length == 0, "Answers too small to tap: " + string.Join(", ", small));
            }, screenshot: false);
            var item9 = Question(phone, Phq9Questions[8]);
            await item9.EvaluateAsync("e => e.scrollIntoView({ block: 'center' })");
            await Artifacts.ViewportScreenshotAsync(phone, "30b-link-phq9-phone-item9");
        });

        await onPhone.StepAsync("send-answers", async () =>
        {
            await Ui.SubmitAsync(phone, Ui.Button(phone, "Send my answers"), tap: true);
            var crisis = phone.GetByRole(AriaRole.Alert).Filter(new LocatorFilterOptions { HasText = "988" });
            await Expect(crisis).ToBeVisibleAsync();
            await Expect(crisis).ToContainTextAsync("maybe not right away");
            await Expect(crisis.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Call 988", Exact = true })).ToHaveAttributeAsync("href", "tel:988");
            await Expect(phone.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { NameRegex = new Regex("^Thank you") })).ToBeVisibleAsync();
            await onPhone.CheckAsync("the crisis resources are on the first screen, without scrolling", async () =>
            {
                var box = await crisis.BoundingBoxAsync();
                Assert.True(box is not null && box.Y >= 0 && box.Y < 844 / 2,
                    $"The crisis box starts at y = {box?.Y} px of an 844 px screen.");
            });
            await onPhone.CheckAsync("the thank-you page fits the phone's width", () => AssertFitsWidthAsync(phone), screenshot: false);
            await Artifacts.ViewportScreenshotAsync(phone, "30c-link-thank-you-crisis-phone");
            await onPhone.AxeAsync("link-thank-you-crisis-phone");
        });

        await onPhone.StepAsync("reload-link", async () =>
        {
            await phone.ReloadAsync();
            await Expect(phone.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "These answers are already in" })).ToBeVisibleAsync();
            await Expect(Ui.Button(phone, "Send my answers")).ToHaveCountAsync(0);
            await Artifacts.ViewportScreenshotAsync(phone, "30d-link-already-in-phone");
        });

        await journey.StepAsync("nurse-sees-alert-and-score", async () =>
        {
            await page.GotoAsync(patientPath);
            await Expect(AlertsNavLink(page)).ToHaveTextAsync(new Regex(@"^\s*Safety alerts\s*1\s*$"));
            await Expect(PatientBanner(page)).ToContainTextAsync("1 open safety alert");
            await journey.CheckAsync("the patient page shows the latest PHQ-9 total",
                () => Expect(page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Measures", Exact = true })).ToContainTextAsync(new Regex(@"PHQ-9[\s\S]*\b10\b\s*Moderate"), new() { UseInnerText = true, Timeout = 3000 }));
        });

        await journey.StepAsync("measures-chart", async () =>
        {
            await Ui.Link(page, "Open measures").ClickAsync();
            await Ui.WaitForPageAsync(page, uri => uri.AbsolutePath.Equals(patientPath + "/Measures", StringComparison.OrdinalIgnoreCase));
            var phq9 = page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { NameRegex = new Regex(@"^PHQ-9\b") });
            await Expect(phq9).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { NameRegex = new Regex(@"^GAD-7\b") })).ToHaveCountAsync(0);
            // Playwright's text assertions skip <script> contents: read the chart's JSON directly.
            var chartJson = await page.Locator("#chart-phq-9").EvaluateAsync<string>("e => e.textContent");
            Assert.Matches(new Regex($@"""total""\s*:\s*{HandTotal}\b"), chartJson);
            // Chart.js draws on DOMContentLoaded (deferred scripts): wait for the chart, then read back what it plots.
            var canvas = phq9.Locator("canvas");
            await page.WaitForFunctionAsync("c => window.Chart && window.Chart.getChart(c)", await canvas.ElementHandleAsync());
            var plotted = await canvas.EvaluateAsync<int[]>("c => window.Chart.getChart(c).data.datasets[0].data");
            Assert.Equal(new[] { HandTotal }, plotted);
            await journey.CheckAsync("the chart's point is inside the drawn plot area", async () =>
            {
                var inside = await canvas.EvaluateAsync<bool>("""
                    c => { const ch = window.Chart.getChart(c); const p = ch.getDatasetMeta(0).data[0]; const a = ch.chartArea;
                           return !!p && p.x >= a.left && p.x <= a.right && p.y >= a.top && p.y <= a.bottom; }
                    """);
                Assert.True(inside, "The PHQ-9 point lies outside the chart area.");
            });

            await phq9.GetByText(new Regex(@"^All entries")).ClickAsync();
            var entry = phq9.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "Patient link" });
            await Expect(entry).ToHaveCountAsync(1);
            await Expect(entry.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync(HandTotal.ToString(CultureInfo.InvariantCulture));
            await Expect(entry).ToContainTextAsync("Moderate");
            await Expect(entry).ToContainTextAsync("Completed");
            await Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Review and resolve" })).ToHaveCountAsync(1);
            await Artifacts.ScreenshotAsync(page, "31-measures-chart");
            await journey.CheckAsync("no button on the measures page has its label cut off", () => AssertNoClippedButtonsAsync(page), screenshot: false);
            await journey.AxeAsync("measures-chart");
            await Artifacts.PhoneScreenshotAsync(page, "31b-measures-chart-phone");
            await page.SetViewportSizeAsync(390, 844);
            try
            {
                await journey.CheckAsync("at a phone's width the measures page fits and no button is cut off", async () =>
                {
                    await AssertFitsWidthAsync(page);
                    await AssertNoClippedButtonsAsync(page);
                }, screenshot: false);
            }
            finally
            {
                await page.SetViewportSizeAsync(1280, 900);
            }
        });

        await journey.StepAsync("alerts-inbox", async () =>
        {
            await AlertsNavLink(page).ClickAsync();
            await Ui.WaitForPageAsync(page, uri => uri.AbsolutePath.Equals("/Alerts", StringComparison.OrdinalIgnoreCase));
            var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = FirstName });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync(LastName);
            await Expect(row).ToContainTextAsync("item 9");
            await Artifacts.ScreenshotAsync(page, "32-alerts-inbox-open");
            await journey.CheckAsync("no button in the inbox has its label cut off", () => AssertNoClippedButtonsAsync(page), screenshot: false);
            await journey.AxeAsync("alerts-inbox-open");
            await row.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Review and resolve" }).ClickAsync();
            await Ui.WaitForPageAsync(page, uri => uri.AbsolutePath.StartsWith("/Alerts/", StringComparison.OrdinalIgnoreCase));
        });

        await journey.StepAsync("resolve-alert", async () =>
        {
            await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Open safety alert" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(MoreThanHalf);
            await Artifacts.ScreenshotAsync(page, "33-alert-review");
            await journey.AxeAsync("alert-review");
            await Ui.Field(page, "Action taken").FillAsync(ActionTaken);
            await Ui.SubmitAsync(page, Ui.Button(page, "Resolve alert"));
            Assert.Equal("/Alerts", Ui.PathOf(page), ignoreCase: true);
            await Expect(page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = FirstName })).ToHaveCountAsync(0);
            await Expect(page.GetByText(new Regex("No open safety alerts"))).ToBeVisibleAsync();
            await Expect(AlertsNavLink(page)).ToHaveTextAsync(new Regex(@"^\s*Safety alerts\s*$"));
            await journey.CheckAsync("a confirmation says the alert is resolved",
                () => Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("resolved", new() { Timeout = 3000 }));
            await Artifacts.ScreenshotAsync(page, "34-alerts-inbox-resolved");
            await journey.AxeAsync("alerts-inbox-resolved");
        });

        await journey.StepAsync("resolved-alert-on-record", async () =>
        {
            await page.GotoAsync("/Alerts?resolved=true");
            var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = FirstName });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync(NurseName);
            await page.GotoAsync(patientPath);
            await Expect(PatientBanner(page)).ToContainTextAsync("No open safety alerts");
        });

        // All three, so a problem on the phone is not hidden behind one on the desktop.
        Assert.Multiple(journey.AssertNoProblems, onPhone.AssertNoProblems, app.AssertNoBrowserProblems);
    }

    [Fact]
    public async Task Given_a_link_already_answered_When_opened_in_another_browser_Then_it_says_the_answers_are_in_and_an_unknown_link_does_not_work()
    {
        const string prescriber = "idris.bello@clinic.test";
        await app.CreateUserAsync(prescriber, KapCarePages.Password, "Idris Bello, MD", Roles.Prescriber);
        var page = await app.NewPageAsync();
        var journey = new Journey(page);
        var link = string.Empty;

        await journey.StepAsync("create-link", async () =>
        {
            await KapCarePages.SignInAsync(page, prescriber);
            var patientPath = await RegisterPatientAsync(page, new PatientForm("Tomás", "Lindqvist", "1979-11-23", Sex: "Male", Pronouns: "he/him", Email: "tomas.l@example.com"));
            await page.GotoAsync(patientPath + "/Measures/Link");
            await Questionnaire(page, "GAD-7").UncheckAsync();
            await Ui.SubmitAsync(page, Ui.Button(page, "Create link"));
            link = await Ui.Field(page, "Link").InputValueAsync();
            Assert.StartsWith(app.BaseUrl + "/m/", link, StringComparison.Ordinal);
        });

        var first = await app.NewPhonePageAsync();
        await new Journey(first).StepAsync("answer-on-first-phone", async () =>
        {
            await first.GotoAsync(link);
            foreach (var question in Phq9Questions) await TapAnswerAsync(first, question, NotAtAll);
            await Ui.SubmitAsync(first, Ui.Button(first, "Send my answers"), tap: true);
            await Expect(first.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { NameRegex = new Regex("^Thank you") })).ToBeVisibleAsync();
            // No answer called for one: no crisis box.
            await Expect(first.GetByText("maybe not right away")).ToHaveCountAsync(0);
        });

        var second = await app.NewPhonePageAsync();
        var onSecond = new Journey(second);
        await onSecond.StepAsync("open-again-elsewhere", async () =>
        {
            await second.GotoAsync(link);
            await Expect(second.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "These answers are already in" })).ToBeVisibleAsync();
            await Expect(second.GetByRole(AriaRole.Radio)).ToHaveCountAsync(0);
            await onSecond.AxeAsync("link-already-in-phone");
        });

        await onSecond.StepAsync("unknown-link", async () =>
        {
            await second.GotoAsync("/m/xyz");
            await Expect(second.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "This link doesn't work" })).ToBeVisibleAsync();
            await Expect(second.GetByRole(AriaRole.Radio)).ToHaveCountAsync(0);
            await Artifacts.ViewportScreenshotAsync(second, "35-link-unknown-phone");
            await onSecond.AxeAsync("link-unknown-phone");
        });

        Assert.Multiple(journey.AssertNoProblems, onSecond.AssertNoProblems, app.AssertNoBrowserProblems);
    }

    /// <summary>Registers a patient through the form and returns their page's path, <c>/Patients/{id}</c>.</summary>
    private static async Task<string> RegisterPatientAsync(IPage page, PatientForm patient)
    {
        await page.GotoAsync("/Patients/Register");
        await KapCarePages.FillPatientFormAsync(page, patient);
        await Ui.SubmitAsync(page, Ui.Button(page, "Register patient"));
        await Ui.WaitForPageAsync(page, uri => KapCarePages.PatientPath().IsMatch(uri.AbsolutePath));
        return Ui.PathOf(page).TrimEnd('/');
    }

    /// <summary>A questionnaire's checkbox on the "Send a questionnaire link" form, by its short name ("PHQ-9 — Patient Health …").</summary>
    private static ILocator Questionnaire(IPage page, string shortName) =>
        page.GetByRole(AriaRole.Checkbox, new PageGetByRoleOptions { NameRegex = new Regex($@"^\s*{Regex.Escape(shortName)}\b") });

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

    /// <summary>
    /// No sideways scrolling: nothing sticks out past the window's right edge unless a scrolling box (a wide
    /// table's) holds it. Charts redraw for a new width a moment later, so this waits up to 2 s to settle.
    /// </summary>
    private static async Task AssertFitsWidthAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth",
                null, new PageWaitForFunctionOptions { Timeout = 2000 });
            return;
        }
        catch (TimeoutException)
        {
            // Still too wide: name the culprits.
        }
        var culprits = await page.EvaluateAsync<string[]>("""
            () => {
              const width = document.documentElement.clientWidth;
              const box = e => e.getBoundingClientRect();
              const out = e => box(e).right > width + 1;
              // How far right the element or its own text reaches (text that overflows a too-narrow box counts).
              const reach = e => Math.max(box(e).right, getComputedStyle(e).overflowX === 'visible' ? box(e).left + e.scrollWidth : 0);
              // A scrolling box clips what is inside it, except absolutely positioned things whose containing block is outside it.
              const clipped = e => { for (let a = getComputedStyle(e).position === 'absolute' ? e.offsetParent : e.parentElement; a && a !== document.body; a = a.parentElement)
                                       if (getComputedStyle(a).overflowX !== 'visible' && !out(a)) return true; return false; };
              const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '')
                + (e.innerText && e.innerText.trim() ? ` "${e.innerText.trim().slice(0, 40)}"` : '');
              const wide = [...document.body.querySelectorAll('*')].filter(e => reach(e) > width + 1 && !clipped(e));
              // The innermost ones: an element, not every box around it.
              return wide.filter(e => !wide.some(o => o !== e && e.contains(o)))
                .slice(0, 8).map(e => `${name(e)} (reaches ${Math.round(reach(e))} px)`);
            }
            """);
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.Fail($"The page is {scrollWidth} px wide in a {page.ViewportSize?.Width} px window, so it scrolls sideways; sticking out: {string.Join("; ", culprits)}");
    }

    /// <summary>Every visible button shows its whole label: none is squeezed narrower than its text.</summary>
    private static async Task AssertNoClippedButtonsAsync(IPage page)
    {
        var clipped = await page.Locator(".btn:visible").EvaluateAllAsync<string[]>(
            "bs => bs.filter(b => b.scrollWidth > b.clientWidth + 1).map(b => `\"${b.innerText.trim()}\" is ${b.clientWidth} px wide but its label needs ${b.scrollWidth} px`)");
        Assert.True(clipped.Length == 0, "Buttons with their label cut off: " + string.Join("; ", clipped));
    }

    private static ILocator PatientBanner(IPage page) => page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Patient", Exact = true });

    private static ILocator AlertsNavLink(IPage page) =>
        page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main" }).GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { NameRegex = new Regex(@"^\s*Safety alerts\b") });
}
