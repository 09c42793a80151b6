using Microsoft.Playwright;

namespace KapCare.Browser.Tests.Infrastructure;

/// <summary>Runs the steps of a journey; a failing step leaves a screenshot and says where the browser was.</summary>
public sealed class Journey(IPage page)
{
    private readonly List<string> problems = [];

    /// <summary>
    /// A check that does not stop the journey: a failure is recorded (with a screenshot) and the journey goes on,
    /// so one broken detail doesn't hide the state of every later page. <see cref="AssertNoProblems"/> fails the test.
    /// </summary>
    public async Task CheckAsync(string what, Func<Task> check, bool screenshot = true)
    {
        try
        {
            await check();
        }
        catch (Exception e) when (e is PlaywrightException or Xunit.Sdk.XunitException or TimeoutException)
        {
            var shot = screenshot ? "; screenshot " + await Artifacts.ScreenshotAsync(page, "failed-check-" + problems.Count) : string.Empty;
            problems.Add($"{what} (on {page.Url}{shot}): {e.Message}");
        }
    }

    /// <summary>axe-core on the page as a <see cref="CheckAsync"/>: the page's own screenshot is taken by the step.</summary>
    public Task AxeAsync(string pageName, IPage? on = null) =>
        CheckAsync("axe-core on " + pageName, () => Axe.AssertAccessibleAsync(on ?? page, pageName), screenshot: false);

    public void AssertNoProblems() =>
        Assert.True(problems.Count == 0, "The journey went through, but these checks failed:\n- " + string.Join("\n- ", problems));

    public async Task StepAsync(string name, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is not StepFailedException)
        {
            string shot;
            try
            {
                shot = await Artifacts.ScreenshotAsync(page, "failed-" + name);
            }
            catch (PlaywrightException)
            {
                shot = "(no screenshot)";
            }
            var earlier = problems.Count == 0 ? string.Empty : "\nEarlier checks that failed:\n- " + string.Join("\n- ", problems);
            throw new StepFailedException(
                $"Step '{name}' failed on {page.Url}: {e.Message}\nScreenshot: {shot}\nThe page said:\n{await Ui.VisibleTextAsync(page)}{earlier}", e);
        }
    }
}

public sealed class StepFailedException(string message, Exception inner) : Exception(message, inner);
