using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KapCare.Clinical.Instruments;

namespace KapCare.Web.Cli;

/// <summary>
/// <c>kapcare score INSTRUMENT ANSWER...</c>: scores a form offline, for researchers. Answers are item scores in
/// the instrument's order; "-" leaves an item unanswered. Needs no database.
/// </summary>
public static class ScoreCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var instrument = new Argument<string>("INSTRUMENT") { Description = "Instrument id: " + string.Join(", ", InstrumentLibrary.All.Select(i => i.Id)) };
        var answers = new Argument<string[]>("ANSWER") { Description = "Item scores in order (e.g. 2 1 0 3 …); \"-\" for an unanswered item.", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print {\"instrument\",\"total\",\"band\",\"valid\",\"flags\":[...],\"subscales\":{...}}." };
        var command = new Command("score", "Score a questionnaire from item scores, without a database.") { instrument, answers, json };
        command.SetAction(r => Run(r.GetValue(instrument)!, r.GetValue(answers) ?? [], r.GetValue(json)));
        return command;
    }

    public static int Run(string instrumentId, string[] answers, bool json)
    {
        var instrument = InstrumentLibrary.Find(instrumentId);
        if (instrument is null)
        {
            Console.Error.WriteLine($"Unknown instrument \"{instrumentId}\". Known: {string.Join(", ", InstrumentLibrary.All.Select(i => i.Id))}.");
            return 2;
        }
        if (answers.Length > instrument.Items.Count)
        {
            Console.Error.WriteLine($"{instrument.ShortName} has {instrument.Items.Count} items; {answers.Length} answers given.");
            return 2;
        }

        var given = new Dictionary<string, int>();
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i] == "-") continue;
            if (!int.TryParse(answers[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var score))
            {
                Console.Error.WriteLine($"Answer {i + 1} (\"{answers[i]}\") is not a number.");
                return 2;
            }
            given[instrument.Items[i].LinkId] = score;
        }

        ScoreResult result;
        try
        {
            result = instrument.Score(given);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                instrument = instrument.Id,
                total = result.Total,
                band = result.Band?.Label,
                valid = result.Valid,
                flags = result.Flags.Select(f => new { code = f.Code, level = f.Level.ToString().ToLowerInvariant(), item = f.LinkId, message = f.Message }),
                subscales = result.Subscales,
            }, JsonOptions));
        }
        else
        {
            Console.WriteLine($"{instrument.ShortName}: " + (result.Valid
                ? $"{(result.Total is int t ? t.ToString(CultureInfo.InvariantCulture) : "no total")}{(result.Band is null ? string.Empty : " — " + result.Band.Label)}"
                : $"incomplete ({result.MissingLinkIds.Count} unanswered), not scored"));
            foreach (var (key, value) in result.Subscales) Console.WriteLine($"  {key}: {value}");
            foreach (var flag in result.Flags) Console.WriteLine($"  {flag.Level.ToString().ToUpperInvariant()}: {flag.Message}");
            if (result.Interpretation is not null) Console.WriteLine($"  {result.Interpretation}");
        }
        return 0;
    }
}
