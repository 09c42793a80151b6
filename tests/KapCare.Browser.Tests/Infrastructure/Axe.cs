using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Playwright;

namespace KapCare.Browser.Tests.Infrastructure;

/// <summary>
/// Runs axe-core (npm <c>axe-core</c>, copied next to the test assembly by the build) in the page against the
/// WCAG 2.0 and 2.1 A and AA rules, and fails on any violation of impact "serious" or "critical".
/// </summary>
public static class Axe
{
    private static readonly string ScriptPath = Path.Combine(AppContext.BaseDirectory, "axe.min.js");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string RunScript = """
        async () => {
          const results = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          });
          return JSON.stringify(results.violations.map(v => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({ target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)), summary: n.failureSummary })),
          })));
        }
        """;

    /// <summary>All violations on the page as it is now, whatever their impact.</summary>
    public static async Task<IReadOnlyList<AxeViolation>> AnalyzeAsync(IPage page)
    {
        if (!File.Exists(ScriptPath))
            throw new InvalidOperationException($"axe.min.js is missing at {ScriptPath}: the build copies it from tests/KapCare.Browser.Tests/node_modules (npm ci).");
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = ScriptPath });
        var json = await page.EvaluateAsync<string>(RunScript);
        return JsonSerializer.Deserialize<List<AxeViolation>>(json, Json) ?? [];
    }

    /// <summary>Fails with every serious or critical violation listed: rule, help text and the elements' selectors.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string pageName)
    {
        var violations = await AnalyzeAsync(page);
        Artifacts.WriteText(Path.Combine("accessibility", pageName + ".txt"),
            violations.Count == 0 ? $"No WCAG 2.0/2.1 A/AA violations on {pageName} ({page.Url})." : Describe($"All axe-core violations on {pageName} ({page.Url}):", violations));
        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, Describe($"axe-core found serious or critical accessibility violations on {pageName} ({page.Url}):", blocking));
    }

    public static string Describe(string heading, IEnumerable<AxeViolation> violations)
    {
        var text = new StringBuilder(heading);
        foreach (var v in violations)
        {
            text.AppendLine().Append("- [").Append(v.Impact).Append("] ").Append(v.Id).Append(": ").Append(v.Help).Append(" (").Append(v.HelpUrl).Append(')');
            foreach (var node in v.Nodes.Take(10))
                text.AppendLine().Append("    at ").Append(string.Join(" ", node.Target)).Append(" — ").Append(node.Summary?.ReplaceLineEndings(" "));
            if (v.Nodes.Count > 10) text.AppendLine().Append("    … and ").Append(v.Nodes.Count - 10).Append(" more");
        }
        return text.ToString();
    }
}

public sealed record AxeViolation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("impact")] string? Impact,
    [property: JsonPropertyName("help")] string Help,
    [property: JsonPropertyName("helpUrl")] string HelpUrl,
    [property: JsonPropertyName("nodes")] IReadOnlyList<AxeNode> Nodes);

public sealed record AxeNode(
    [property: JsonPropertyName("target")] IReadOnlyList<string> Target,
    [property: JsonPropertyName("summary")] string? Summary);
