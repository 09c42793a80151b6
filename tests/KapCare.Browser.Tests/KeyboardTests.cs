using KapCare.Browser.Tests.Infrastructure;
using KapCare.Web.Features.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests;

/// <summary>The sign-in page works from the keyboard alone, and you can see where the focus is (WCAG 2.1.1, 2.4.7).</summary>
public sealed class KeyboardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const int MaxTabs = 40;

    /// <summary>
    /// '' when the focused element shows a focus indicator (an outline, or a box-shadow ring) whose colour stands
    /// out from what is behind it by at least 3:1 (WCAG 2.1 SC 1.4.11, non-text contrast, applies to the
    /// focus indicator); otherwise what is wrong. Semi-transparent colours are blended over the background first.
    /// </summary>
    private const string FocusIndicatorProblem = """
        async e => {
          // Focus styles often fade in (CSS transitions): measure the final state.
          await Promise.all(e.getAnimations().map(a => a.finished.catch(() => null)));
          const parse = c => {
            let m = c.match(/rgba?\(([^)]+)\)/);
            if (m) { const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; }
            m = c.match(/oklab\(([^)]+)\)/);
            if (!m) return null;
            const [L, A, B, alpha] = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
            const l = (L + 0.3963377774 * A + 0.2158037573 * B) ** 3, mm = (L - 0.1055613458 * A - 0.0638541728 * B) ** 3, s3 = (L - 0.0894841775 * A - 1.2914855480 * B) ** 3;
            const lin = [4.0767416621 * l - 3.3077115913 * mm + 0.2309699292 * s3, -1.2684380046 * l + 2.6097574011 * mm - 0.3413193965 * s3, -0.0041960863 * l - 0.7034186147 * mm + 1.7076147010 * s3];
            const [r, g, b] = lin.map(v => 255 * Math.min(1, Math.max(0, v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055)));
            return { r, g, b, a: alpha === undefined || isNaN(alpha) ? 1 : alpha };
          };
          const over = (c, bg) => ({ r: c.r * c.a + bg.r * (1 - c.a), g: c.g * c.a + bg.g * (1 - c.a), b: c.b * c.a + bg.b * (1 - c.a), a: 1 });
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
          let bg = { r: 255, g: 255, b: 255, a: 1 };
          const layers = [];
          for (let n = e.parentElement; n; n = n.parentElement) { const c = parse(getComputedStyle(n).backgroundColor); if (c && c.a > 0) layers.push(c); if (c && c.a === 1) break; }
          for (const c of layers.reverse()) bg = over(c, bg);
          const s = getComputedStyle(e);
          const candidates = [];
          if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) candidates.push(['outline', parse(s.outlineColor)]);
          if (s.boxShadow && s.boxShadow !== 'none') for (const m of s.boxShadow.matchAll(/(rgba?|oklab)\([^)]+\)/g)) candidates.push(['box-shadow', parse(m[0])]);
          if (candidates.length === 0) return `no focus indicator (outline: ${s.outlineStyle} ${s.outlineWidth}; box-shadow: ${s.boxShadow})`;
          const best = candidates.filter(([, c]) => c).map(([kind, c]) => ({ kind, ratio: ratio(over(c, bg), bg) })).sort((a, b) => b.ratio - a.ratio)[0];
          return best && best.ratio >= 3 ? '' : `focus indicator too faint: best is the ${best ? best.kind : '?'} at ${best ? best.ratio.toFixed(2) : '?'}:1 against its background, under 3:1 (outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow: ${s.boxShadow})`;
        }
        """;

    [Fact]
    public async Task Given_the_login_page_When_tabbing_Then_email_password_and_sign_in_are_reached_in_order_with_a_visible_focus()
    {
        // Any account closes setup, so the login page is shown instead of /Setup.
        await app.CreateUserAsync("admin@clinic.test", KapCarePages.Password, "Ada Admin", Roles.Admin);
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        Assert.StartsWith("/Account/Login", Ui.PathOf(page), StringComparison.OrdinalIgnoreCase);

        var targets = new (string Name, ILocator Locator)[]
        {
            ("Email", Ui.Field(page, "Email")),
            ("Password", Ui.Field(page, "Password")),
            ("Sign in", Ui.Button(page, "Sign in")),
        };
        foreach (var (_, locator) in targets) await Expect(locator).ToBeVisibleAsync();

        var reachedAt = new Dictionary<string, int>();
        var focusProblems = new List<string>();
        var visited = new List<string>();
        // Press 0 is the page as loaded: the Email box may already have the focus (autofocus).
        for (var tab = 0; tab <= MaxTabs && reachedAt.Count < targets.Length; tab++)
        {
            if (tab > 0) await page.Keyboard.PressAsync("Tab");
            visited.Add(await page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} \"${(e.innerText || e.getAttribute('aria-label') || e.name || '').trim().slice(0, 30)}\"` : 'none'; }"));
            foreach (var (name, locator) in targets)
            {
                if (reachedAt.ContainsKey(name) || !await locator.EvaluateAsync<bool>("e => e === document.activeElement")) continue;
                reachedAt[name] = tab;
                var indicator = await locator.EvaluateAsync<string>(FocusIndicatorProblem);
                if (indicator.Length > 0) focusProblems.Add($"{name}: {indicator}");
                if (name == "Password") await Artifacts.ScreenshotAsync(page, "21-login-focus-password");
                if (name == "Sign in") await Artifacts.ScreenshotAsync(page, "22-login-focus-sign-in");
            }
        }

        var path = string.Join(" → ", visited);
        foreach (var (name, _) in targets)
            Assert.True(reachedAt.ContainsKey(name), $"Tab never reached {name} within {MaxTabs} presses. Focus went: {path}");
        Assert.True(reachedAt["Email"] < reachedAt["Password"] && reachedAt["Password"] < reachedAt["Sign in"],
            $"Tab order is not Email, Password, Sign in (reached at presses {reachedAt["Email"]}, {reachedAt["Password"]}, {reachedAt["Sign in"]}). Focus went: {path}");
        Assert.True(focusProblems.Count == 0, string.Join("\n", focusProblems));

        await Axe.AssertAccessibleAsync(page, "login-keyboard");
        app.AssertNoBrowserProblems();
    }
}
