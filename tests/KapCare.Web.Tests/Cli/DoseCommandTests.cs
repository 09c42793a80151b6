using System.Text.Json;
using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Cli;

/// <summary>
/// <c>kapcare dose</c> (issue 10, item 11), run through the real command line with its console captured and no database.
/// Every expected value is worked by hand from REFERENCE.md §3 and the shipped stock (50 mg/mL vials, a 100 mL bag,
/// ventrogluteal IM, abdominal SC, troches of 10, 25, 50, 100, 150 and 200 mg).
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class DoseCommandTests : IDisposable
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "kapcare-dose-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var result = await CliConsole.RunAsync(["--data-dir", dataDir, "dose", .. args]);
        Assert.False(Directory.Exists(dataDir), "kapcare dose must not create a database.");
        return result;
    }

    private async Task<JsonElement> JsonAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync([.. args, "--json"]);
        Assert.True(exit == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    private static decimal? Number(JsonElement json, string name) => json.TryGetProperty(name, out var v) ? v.GetDecimal() : null;

    [Fact]
    public async Task IV_half_a_mg_per_kg_for_70_kg_is_35_mg_drawn_as_0_7_mL_and_run_at_150_mL_per_hour()
    {
        // 0.5 × 70 = 35 mg; 35 ÷ 50 mg/mL = 0.70 mL; 100 mL over 40 min = 100 ÷ 40 × 60 = 150 mL/h (REFERENCE §3: 0.5 mg/kg over 40 min).
        var json = await JsonAsync("--route", "iv", "--mg-per-kg", "0.5", "--weight-kg", "70");

        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal(35m, Number(json, "doseMg"));
        Assert.Equal(0.7m, Number(json, "vialVolumeMl"));
        Assert.Equal(150m, Number(json, "pumpRateMlPerHour"));
        Assert.Null(Number(json, "devices"));
        Assert.Contains("Sanacora", json.GetProperty("messages")[0].GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IV_over_60_minutes_runs_at_100_mL_per_hour()
    {
        // 100 mL ÷ 60 min × 60 = 100 mL/h.
        Assert.Equal(100m, Number(await JsonAsync("--route", "iv", "--mg-per-kg", "0.5", "--weight-kg", "70", "--minutes", "60"), "pumpRateMlPerHour"));
    }

    [Fact]
    public async Task IM_half_a_mg_per_kg_for_70_kg_is_0_7_mL_of_the_50_mg_per_mL_vial()
    {
        var json = await JsonAsync("--route", "im", "--mg-per-kg", "0.5", "--weight-kg", "70");

        Assert.Equal(("ok", 35m, 0.7m), (json.GetProperty("status").GetString(), Number(json, "doseMg"), Number(json, "vialVolumeMl")));
        Assert.Null(Number(json, "pumpRateMlPerHour"));
    }

    [Fact]
    public async Task SC_one_mg_per_kg_is_at_the_hard_limit_so_it_warns_above_the_soft_one_without_blocking()
    {
        // 1.0 × 60 = 60 mg = 1.2 mL; SC soft 0.5, hard 1.0 mg/kg (Glue 2017's top step): above soft, not above hard.
        var json = await JsonAsync("--route", "sc", "--mg-per-kg", "1.0", "--weight-kg", "60");

        Assert.Equal(("warn", 60m, 1.2m), (json.GetProperty("status").GetString(), Number(json, "doseMg"), Number(json, "vialVolumeMl")));
        Assert.Contains(json.GetProperty("messages").EnumerateArray(), m => m.GetProperty("level").GetString() == "warn");
    }

    [Fact]
    public async Task Above_the_IV_hard_limit_the_answer_is_block_with_no_preparation()
    {
        // 1.2 × 70 = 84 mg, above 1.0 mg/kg (70 mg). A blocked dose shows why, never how to prepare it.
        var json = await JsonAsync("--route", "iv", "--mg-per-kg", "1.2", "--weight-kg", "70");

        Assert.Equal("block", json.GetProperty("status").GetString());
        Assert.Null(Number(json, "vialVolumeMl"));
        Assert.Null(Number(json, "pumpRateMlPerHour"));
        Assert.False(json.TryGetProperty("preparation", out _));
        Assert.Contains(json.GetProperty("messages").EnumerateArray(), m => m.GetProperty("level").GetString() == "block" && m.GetProperty("text").GetString()!.Contains("hard limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_infusion_faster_than_40_minutes_is_a_hard_limit()
    {
        Assert.Equal("block", (await JsonAsync("--route", "iv", "--mg-per-kg", "0.5", "--weight-kg", "70", "--minutes", "20")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("56", "40", 2, "ok")]
    [InlineData("84", "40", 3, "ok")]
    public async Task Esketamine_is_given_in_28_mg_devices(string mg, string age, int devices, string status)
    {
        var json = await JsonAsync("--route", "esketamine", "--dose-mg", mg, "--age", age);

        Assert.Equal((status, devices), (json.GetProperty("status").GetString(), (int)Number(json, "devices")!.Value));
    }

    [Fact]
    public async Task A_first_esketamine_dose_of_84_mg_at_70_is_blocked_by_the_28_mg_start_for_65_and_over()
    {
        var json = await JsonAsync("--route", "esketamine", "--dose-mg", "84", "--age", "70", "--first-dose");

        Assert.Equal("block", json.GetProperty("status").GetString());
        Assert.Contains("28 mg", json.GetProperty("messages")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sublingual_three_tenths_mg_per_kg_for_80_kg_is_two_10_mg_troches_with_a_rounding_warning()
    {
        // 0.3 × 80 = 24 mg; the largest whole-troche total not above 24 from 10/25/50/… is 20 (2 × 10): 16.7 % below.
        var json = await JsonAsync("--route", "sublingual", "--mg-per-kg", "0.3", "--weight-kg", "80");

        Assert.Equal(("warn", 20m, 24m), (json.GetProperty("status").GetString(), Number(json, "doseMg"), Number(json, "calculatedMg")));
        Assert.Contains("2 × 10 mg", json.GetProperty("preparation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_height_above_BMI_35_the_dose_by_ideal_and_adjusted_body_weight_is_shown()
    {
        // 120 kg, 165 cm: BMI 120 ÷ 1.65² = 44.1. Devine (female): 45.5 + 2.3 × (165 ÷ 2.54 − 60) = 56.9 kg → 0.5 × 56.9 = 28.5 mg;
        // adjusted 56.9 + 0.4 × (120 − 56.9) = 82.1 kg.
        var json = await JsonAsync("--route", "iv", "--mg-per-kg", "0.5", "--weight-kg", "120", "--height-cm", "165");

        Assert.Equal(("warn", 60m), (json.GetProperty("status").GetString(), Number(json, "doseMg")));
        var bmi = json.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("text").GetString()!.StartsWith("BMI", StringComparison.Ordinal));
        var text = bmi.GetProperty("text").GetString()!;
        Assert.Contains("BMI 44.1", text, StringComparison.Ordinal);
        Assert.Contains("56.9 kg", text, StringComparison.Ordinal);
        Assert.Contains("28.5 mg", text, StringComparison.Ordinal);
        Assert.Contains("82.1 kg", text, StringComparison.Ordinal);
        Assert.Contains("Devine", bmi.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--mg-per-kg", "0.5", "--weight-kg", "70" }, "route is required")]
    [InlineData(new[] { "--route", "nasal-spray", "--mg-per-kg", "0.5", "--weight-kg", "70" }, "Unknown route")]
    [InlineData(new[] { "--route", "iv", "--weight-kg", "70" }, "either in mg/kg or in mg")]
    [InlineData(new[] { "--route", "iv", "--mg-per-kg", "0.5", "--dose-mg", "35", "--weight-kg", "70" }, "either in mg/kg or in mg")]
    [InlineData(new[] { "--route", "iv", "--mg-per-kg", "0.5", "--weight-kg", "500" }, "500 kg")]
    [InlineData(new[] { "--route", "iv", "--mg-per-kg", "0.5" }, "weight")]
    [InlineData(new[] { "--route", "iv", "--mg-per-kg", "half", "--weight-kg", "70" }, "--mg-per-kg \"half\" is not a number")]
    [InlineData(new[] { "--route", "esketamine", "--dose-mg", "50", "--age", "40" }, "28 mg devices")]
    public async Task Input_that_cannot_be_calculated_is_refused_with_exit_2_and_the_reason_on_stderr(string[] args, string reason)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_refusal_in_json_says_refuse_and_names_the_field_as_given()
    {
        var (exit, output, _) = await RunAsync("--route", "iv", "--mg-per-kg", "0.5", "--weight-kg", "500", "--json");

        Assert.Equal(2, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("refuse", "weightKg"), (json.GetProperty("status").GetString(), json.GetProperty("field").GetString()));
    }
}
