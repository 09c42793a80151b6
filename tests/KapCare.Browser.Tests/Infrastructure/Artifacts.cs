using Microsoft.Playwright;

namespace KapCare.Browser.Tests.Infrastructure;

/// <summary>Files the tests leave for people to look at: <c>artifacts/</c> at the repository root (git-ignored).</summary>
public static class Artifacts
{
    public static readonly string RepoRoot = FindRepoRoot();

    public static readonly string Directory = Path.Combine(RepoRoot, "artifacts");

    public static readonly string ScreenshotDirectory = Path.Combine(Directory, "screenshots");

    /// <summary>Saves a full-page PNG as <c>artifacts/screenshots/{name}.png</c>, e.g. <c>05-register-form</c>.</summary>
    public static Task<string> ScreenshotAsync(IPage page, string name) => SaveAsync(page, name, fullPage: true);

    /// <summary>Saves only what the window shows now, as scrolled (what a person on a phone sees), as <c>{name}.png</c>.</summary>
    public static Task<string> ViewportScreenshotAsync(IPage page, string name) => SaveAsync(page, name, fullPage: false);

    private static async Task<string> SaveAsync(IPage page, string name, bool fullPage)
    {
        System.IO.Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        // The pointer rests where the last click was; move it off so no hover state shows, and finish fades.
        await page.Mouse.MoveAsync(0, 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    /// <summary>The same page at a phone's width (390×844, an iPhone 12–15), then back to the desktop size.</summary>
    public static async Task<string> PhoneScreenshotAsync(IPage page, string name)
    {
        var before = page.ViewportSize;
        await page.SetViewportSizeAsync(390, 844);
        try
        {
            return await ScreenshotAsync(page, name);
        }
        finally
        {
            if (before is not null) await page.SetViewportSizeAsync(before.Width, before.Height);
        }
    }

    public static void WriteText(string relativePath, string text)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KapCare.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No KapCare.slnx above {AppContext.BaseDirectory}.");
    }
}
