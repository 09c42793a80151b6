using System.Text.Json;
using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Cli;

/// <summary>
/// <c>kapcare pk</c>, run in-process with its console captured. It needs no database: every run points --data-dir at a
/// folder that does not exist and checks that it still does not exist afterwards.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class PkCommandTests : IDisposable
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "kapcare-pk-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var result = await CliConsole.RunAsync(["--data-dir", dataDir, "pk", .. args]);
        Assert.False(Directory.Exists(dataDir), "pk must not create or open a database");
        return result;
    }

    private static JsonElement Json(string output) =>
        JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith('{'))).RootElement;

    [Fact]
    public async Task Given_half_a_mg_per_kg_IV_When_run_as_json_Then_it_prints_the_curve_with_exactly_the_agreed_fields()
    {
        var (exit, output, error) = await RunAsync("--route", "iv", "--dose-mg-per-kg", "0.5", "--weight-kg", "70", "--json");
        Assert.True(exit == 0, error);
        var root = Json(output);
        Assert.Equal(["model", "route", "doseMg", "cmaxNgPerMl", "tmaxMin", "aucNgHPerMl", "points", "assumptions"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("clements-nimmo", root.GetProperty("model").GetString());
        Assert.Equal("iv", root.GetProperty("route").GetString());
        Assert.Equal(35m, root.GetProperty("doseMg").GetDecimal());
        // Defaults: 40-minute infusion, 4 hours → 241 one-minute points, peak at the end of the infusion.
        var points = root.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 241), points.Select(p => p.GetProperty("minute").GetInt32()));
        Assert.Equal(40, root.GetProperty("tmaxMin").GetInt32());
        // Zarate 2006 (Zanos 2018): about 185 ng/mL at the end of the infusion; the default model is held to ±20 % in the clinical tests.
        Assert.InRange(points[40].GetProperty("ngPerMl").GetDouble(), 148, 222);
        Assert.Equal(points[40].GetProperty("ngPerMl").GetDouble(), root.GetProperty("cmaxNgPerMl").GetDouble());
        Assert.True(root.GetProperty("aucNgHPerMl").GetDouble() > 0);
        Assert.Contains(root.GetProperty("assumptions").EnumerateArray(), a => a.GetString()!.Contains("not a measurement", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_esketamine_When_no_model_is_named_Then_Fanta_is_used_and_the_peak_is_within_the_label_Tmax()
    {
        var (exit, output, _) = await RunAsync("--route", "esketamine", "--dose-mg", "56", "--weight-kg", "80", "--hours", "2", "--json");
        Assert.Equal(0, exit);
        var root = Json(output);
        Assert.Equal("fanta", root.GetProperty("model").GetString());
        Assert.Equal("esketamine", root.GetProperty("route").GetString());
        Assert.Equal(121, root.GetProperty("points").GetArrayLength());
        Assert.InRange(root.GetProperty("tmaxMin").GetInt32(), 20, 40);
    }

    [Fact]
    public async Task Given_a_named_model_and_a_bolus_When_run_Then_that_model_is_used_and_the_peak_is_at_minute_0()
    {
        var (exit, output, _) = await RunAsync("--route", "IV", "--dose-mg", "35", "--weight-kg", "70", "--minutes", "0", "--model", "domino", "--hours", "1", "--json");
        Assert.Equal(0, exit);
        var root = Json(output);
        Assert.Equal("domino", root.GetProperty("model").GetString());
        Assert.Equal(0, root.GetProperty("tmaxMin").GetInt32());
        // Domino's V1 is 0.063 L/kg: 35 mg / 4.41 L = 7937 ng/mL at minute 0.
        Assert.Equal(7936.5, root.GetProperty("cmaxNgPerMl").GetDouble(), 0.1);
    }

    [Fact]
    public async Task Given_no_json_flag_When_run_Then_a_short_summary_with_assumptions_and_a_ten_minute_table_is_printed()
    {
        var (exit, output, _) = await RunAsync("--route", "sublingual", "--dose-mg", "100", "--weight-kg", "70");
        Assert.Equal(0, exit);
        Assert.Contains("Cmax", output, StringComparison.Ordinal);
        Assert.Contains("AUC(0–4 h)", output, StringComparison.Ordinal);
        Assert.Contains("not a measurement", output, StringComparison.Ordinal);
        Assert.Contains("F = 0.30", output, StringComparison.Ordinal);
        Assert.Contains("Rolan", output, StringComparison.Ordinal);
        var tableMinutes = output.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("min", StringComparison.Ordinal)).Skip(1)
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 0)).Select(int.Parse).Order();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => i * 10), tableMinutes);
    }

    [Theory]
    [InlineData("unknown route", "--route", "nasal", "--dose-mg", "35", "--weight-kg", "70")]
    [InlineData("--route is required", "--dose-mg", "35", "--weight-kg", "70")]
    [InlineData("--weight-kg is required", "--route", "iv", "--dose-mg", "35")]
    [InlineData("either --dose-mg", "--route", "iv", "--weight-kg", "70")]
    [InlineData("either --dose-mg", "--route", "iv", "--dose-mg", "35", "--dose-mg-per-kg", "0.5", "--weight-kg", "70")]
    [InlineData("not a number", "--route", "iv", "--dose-mg", "lots", "--weight-kg", "70")]
    [InlineData("between 20 and 400 kg", "--route", "iv", "--dose-mg", "35", "--weight-kg", "7")]
    [InlineData("more than 0 mg", "--route", "iv", "--dose-mg", "0", "--weight-kg", "70")]
    [InlineData("sanity cap", "--route", "oral", "--dose-mg-per-kg", "20", "--weight-kg", "70")]
    [InlineData("IV infusion time", "--route", "im", "--dose-mg", "35", "--weight-kg", "70", "--minutes", "10")]
    [InlineData("cannot be negative", "--route", "iv", "--dose-mg", "35", "--weight-kg", "70", "--minutes", "-5")]
    [InlineData("at most 24", "--route", "iv", "--dose-mg", "35", "--weight-kg", "70", "--hours", "30")]
    [InlineData("at most 24", "--route", "iv", "--dose-mg", "35", "--weight-kg", "70", "--hours", "-1")]
    [InlineData("whole infusion", "--route", "iv", "--dose-mg", "35", "--weight-kg", "70", "--minutes", "300")]
    [InlineData("unknown model", "--route", "iv", "--dose-mg", "35", "--weight-kg", "70", "--model", "marsh")]
    public async Task Given_bad_input_When_run_Then_it_exits_2_with_a_message_on_stderr_and_nothing_on_stdout(string message, params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Given_pk_When_asked_for_help_Then_it_lists_its_options()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.Equal(0, exit);
        foreach (var option in new[] { "--route", "--dose-mg-per-kg", "--dose-mg", "--weight-kg", "--minutes", "--model", "--hours", "--json" })
            Assert.Contains(option, output, StringComparison.Ordinal);
    }
}
