using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KapCare.Clinical.Dosing;
using KapCare.Web.Features.Plans;

namespace KapCare.Web.Cli;

/// <summary>
/// <c>kapcare dose --route ROUTE (--mg-per-kg X | --dose-mg X) --weight-kg W [--height-cm H] [--age Y] [--first-dose]
/// [--minutes M] [--vial-mg-per-ml C] [--sex S] [--json]</c> (issue 10, item 11): the dose calculator with the clinic's
/// shipped stock and every rule of issue 9 (limits, ceilings, infusion time, first-dose rules, BMI, rounding). Needs no
/// database. Exit 0 for ok/warn/block (the answer says which), 2 for refuse with the message on stderr.
/// </summary>
public static class DoseCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create()
    {
        var route = new Option<string?>("--route") { Description = $"How it is given: {DoseCheck.RouteCodes}." };
        var perKg = new Option<string?>("--mg-per-kg") { Description = "Dose in mg/kg. Give this or --dose-mg." };
        var doseMg = new Option<string?>("--dose-mg") { Description = "Fixed dose in mg (esketamine: 28, 56 or 84). Give this or --mg-per-kg." };
        var weight = new Option<string?>("--weight-kg") { Description = "Today's weight in kg (needed for mg/kg doses and limits)." };
        var height = new Option<string?>("--height-cm") { Description = "Height in cm: above BMI 35 the dose by ideal and adjusted body weight is shown." };
        var age = new Option<string?>("--age") { Description = "Age in years (esketamine: 65 and over start at 28 mg)." };
        var first = new Option<bool>("--first-dose") { Description = "The first dose of a course (the label's starting-dose rules)." };
        var minutes = new Option<string?>("--minutes") { Description = $"IV: infusion minutes (default {DoseCheck.DefaultInfusionMinutes}; under 40 is a hard limit)." };
        var vial = new Option<string?>("--vial-mg-per-ml") { Description = $"Vial or oral solution strength (default {DosingStock.Default.VialMgPerMl} mg/mL)." };
        var sex = new Option<string?>("--sex") { Description = "female or male, for the ideal-body-weight formula (default female, the lower)." };
        var json = new Option<bool>("--json") { Description = "Print {status, doseMg, calculatedMg, vialVolumeMl, devices, pumpRateMlPerHour, preparation, messages:[{level,text,source}]}." };
        var command = new Command("dose", "Check a ketamine or esketamine dose against KapCare's limits and work out its preparation (no database).")
        {
            route, perKg, doseMg, weight, height, age, first, minutes, vial, sex, json,
        };
        command.SetAction(r => Run(r.GetValue(route), r.GetValue(perKg), r.GetValue(doseMg), r.GetValue(weight), r.GetValue(height), r.GetValue(age),
            r.GetValue(first), r.GetValue(minutes), r.GetValue(vial), r.GetValue(sex), r.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string? route, string? perKg, string? doseMg, string? weight, string? height, string? age, bool first, string? minutes,
        string? vial, string? sex, bool json, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var numbers = new Dictionary<string, (string? Text, decimal? Value)>
        {
            ["--mg-per-kg"] = (perKg, null), ["--dose-mg"] = (doseMg, null), ["--weight-kg"] = (weight, null), ["--height-cm"] = (height, null),
            ["--age"] = (age, null), ["--minutes"] = (minutes, null), ["--vial-mg-per-ml"] = (vial, null),
        };
        foreach (var (option, (text, _)) in numbers.ToList())
        {
            if (text is null) continue;
            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                error.WriteLine($"{option} \"{text}\" is not a number.");
                return 2;
            }
            numbers[option] = (text, value);
        }
        var ageValue = numbers["--age"].Value;
        if (ageValue is { } a && decimal.Truncate(a) != a)
        {
            error.WriteLine($"--age \"{age}\" is not a whole number of years.");
            return 2;
        }
        var report = DoseCheck.Run(new DoseCheckInput(route, numbers["--mg-per-kg"].Value, numbers["--dose-mg"].Value, numbers["--weight-kg"].Value,
            numbers["--height-cm"].Value, ageValue is { } whole ? (int)whole : null, first, numbers["--minutes"].Value, numbers["--vial-mg-per-ml"].Value, sex));

        if (json) output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
        if (report.Status == DoseReport.Refuse)
        {
            error.WriteLine(string.Join(" ", report.Messages.Select(m => m.Text)));
            return 2;
        }
        if (!json) WriteSummary(report, output);
        return 0;
    }

    private static string Mg(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static void WriteSummary(DoseReport report, TextWriter output)
    {
        output.WriteLine(report.Status switch
        {
            DoseReport.Block => $"BLOCK  {Mg(report.DoseMg!.Value)} mg is above a hard limit: it needs a second prescriber's co-signature.",
            DoseReport.Warn => $"WARN   {Mg(report.DoseMg!.Value)} mg — allowed once the warnings are acknowledged.",
            _ => $"OK     {Mg(report.DoseMg!.Value)} mg",
        });
        if (report.Preparation is { } preparation) output.WriteLine("       " + preparation);
        foreach (var message in report.Messages) output.WriteLine($"{message.Level,-6} {message.Text} [{message.Source}]");
    }
}
