using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KapCare.Browser.Tests.Infrastructure;

/// <summary>
/// Finds things the way a person does, by their label or role and visible name, so markup can change
/// without breaking the tests. Labels may carry a required marker ("First name *", "Email (required)").
/// </summary>
public static class Ui
{
    public static ILocator Field(IPage page, string label) => page.GetByLabel(LabelText(label));

    public static ILocator Field(ILocator scope, string label) => scope.GetByLabel(LabelText(label));

    private static Regex LabelText(string label) =>
        new($@"^\s*{Regex.Escape(label)}\s*(\*|\((required|optional)\))?\s*$", RegexOptions.IgnoreCase);

    public static ILocator Button(IPage page, string name) =>
        page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name, Exact = true });

    public static ILocator Link(IPage page, string name) =>
        page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = name, Exact = true });

    public static string PathOf(IPage page) => new Uri(page.Url).AbsolutePath;

    /// <summary>Fills a text box, or picks the first matching option (by label, then by value) of a select.</summary>
    public static async Task SetAsync(ILocator field, params string[] candidates)
    {
        var tag = await field.EvaluateAsync<string>("e => e.tagName");
        if (!string.Equals(tag, "SELECT", StringComparison.OrdinalIgnoreCase))
        {
            await field.FillAsync(candidates[0]);
            return;
        }
        var options = await field.EvaluateAsync<string[][]>("e => [...e.options].map(o => [o.label.trim(), o.value])");
        foreach (var candidate in candidates)
        {
            var match = options.FirstOrDefault(o => string.Equals(o[0], candidate, StringComparison.OrdinalIgnoreCase))
                ?? options.FirstOrDefault(o => string.Equals(o[1], candidate, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                await field.SelectOptionAsync(new SelectOptionValue { Value = match[1] });
                return;
            }
        }
        throw new InvalidOperationException($"None of [{string.Join(", ", candidates)}] is an option of the select; it offers: "
            + string.Join(", ", options.Select(o => $"{o[0]} ({o[1]})")));
    }

    /// <summary>Waits until the address matches (after a link, a redirect or an htmx push) and the document has loaded.</summary>
    public static async Task WaitForPageAsync(IPage page, Func<Uri, bool> matches)
    {
        await page.WaitForURLAsync(url => matches(new Uri(url)), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
    }

    /// <summary>
    /// Clicks a submit button and waits until the browser shows the document the server answered with (the
    /// same form with errors, or wherever a redirect led), so the next step never acts on the old page.
    /// </summary>
    /// <param name="tap">Tap instead of click, as on a phone (the page must come from <c>BrowserApp.NewPhonePageAsync</c>).</param>
    public static async Task SubmitAsync(IPage page, ILocator button, bool tap = false)
    {
        await page.EvaluateAsync("() => { window.__kapcareBeforeSubmit = true; }");
        if (tap) await button.TapAsync();
        else await button.ClickAsync();
        // Polled in the page rather than through Playwright's load events, which can be missed across a redirect.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if (await page.EvaluateAsync<bool>("() => window.__kapcareBeforeSubmit !== true && document.readyState === 'complete'")) return;
            }
            catch (PlaywrightException)
            {
                // The old document went away mid-question: the new one is coming.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Submitting with {button} did not load a new page within 30 s (still {page.Url}).");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The text of the smallest box around <paramref name="field"/> that holds no other form field: what a
    /// person reads as "next to the field" (its label, hint and error message).
    /// </summary>
    public static Task<string> TextAroundFieldAsync(ILocator field) => field.EvaluateAsync<string>("""
        input => {
          let best = input.parentElement;
          for (let node = input.parentElement; node && node !== document.body; node = node.parentElement) {
            const fields = node.querySelectorAll('input:not([type=hidden]), select, textarea, button');
            if (fields.length > 1) break;
            best = node;
          }
          return best ? best.innerText : '';
        }
        """);

    /// <summary>The page's visible text, shortened: for failure messages.</summary>
    public static async Task<string> VisibleTextAsync(IPage page, int max = 2000)
    {
        try
        {
            var text = await page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 2000 });
            return text.Length > max ? text[..max] + " …" : text;
        }
        catch (PlaywrightException e)
        {
            return "(no text: " + e.Message + ")";
        }
    }
}
