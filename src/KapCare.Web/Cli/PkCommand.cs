using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KapCare.Clinical.Dosing;
using Route = KapCare.Clinical.Dosing.Route;
using KapCare.Clinical.Pharmacokinetics;

namespace KapCare.Web.Cli;

/// <summary>
/// <c>kapcare pk --route ROUTE (--dose-mg-per-kg X | --dose-mg X) --weight-kg W [--minutes M] [--model NAME] [--hours H] [--json]</c>:
/// a population-model estimate of the plasma ketamine curve after one dose, for teaching and planning. Needs no database:
/// like <c>score</c>, it never builds the web host.
/// </summary>
public static class PkCommand
{
    public const int DefaultInfusionMinutes = 40;
    public const decimal DefaultHours = 4;

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string RouteCodes => string.Join(", ", Enum.GetValues<Route>().Select(Routes.Code));
    private static string ModelCodes => string.Join(", ", PkModels.All.Select(m => m.Code));

    public static Command Create()
    {
        // Numbers are read as text and parsed here, so that every bad value gets the same exit code (2) and a message
        // that names the option, rather than the parser's generic error.
        var route = new Option<string?>("--route") { Description = $"How it is given: {RouteCodes}." };
        var dosePerKg = new Option<string?>("--dose-mg-per-kg") { Description = "Dose in mg/kg (multiplied by --weight-kg). Give this or --dose-mg." };
        var doseMg = new Option<string?>("--dose-mg") { Description = "Total dose in mg. Give this or --dose-mg-per-kg." };
        var weight = new Option<string?>("--weight-kg") { Description = $"Body weight in kg ({PkSimulator.MinWeightKg}–{PkSimulator.MaxWeightKg}); the models scale with it." };
        var minutes = new Option<string?>("--minutes") { Description = $"IV only: infusion time in minutes (default {DefaultInfusionMinutes}; 0 = bolus)." };
        var model = new Option<string?>("--model") { Description = $"Compartment model: {ModelCodes} (default: clements-nimmo for racemic routes, fanta for esketamine)." };
        var hours = new Option<string?>("--hours") { Description = $"How long to simulate, in hours (default {DefaultHours}, at most 24)." };
        var json = new Option<bool>("--json") { Description = "Print {\"model\",\"route\",\"doseMg\",\"cmaxNgPerMl\",\"tmaxMin\",\"aucNgHPerMl\",\"points\":[{\"minute\",\"ngPerMl\"}],\"assumptions\":[...]}." };
        var command = new Command("pk", "Estimate the plasma ketamine concentration after one dose from a published population model (no database).")
        {
            route, dosePerKg, doseMg, weight, minutes, model, hours, json,
        };
        command.SetAction(r => Run(new Arguments(r.GetValue(route), r.GetValue(dosePerKg), r.GetValue(doseMg), r.GetValue(weight),
            r.GetValue(minutes), r.GetValue(model), r.GetValue(hours), r.GetValue(json))));
        return command;
    }

    public sealed record Arguments(string? Route, string? DoseMgPerKg, string? DoseMg, string? WeightKg, string? Minutes, string? Model, string? Hours, bool Json);

    public static int Run(Arguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (request, problem) = ToRequest(args);
        if (request is null)
        {
            Console.Error.WriteLine(problem);
            return 2;
        }

        var result = PkSimulator.Simulate(request);
        if (args.Json) WriteJson(result);
        else WriteSummary(result, request);
        return 0;
    }

    private static (PkRequest? Request, string Problem) ToRequest(Arguments args)
    {
        if (string.IsNullOrWhiteSpace(args.Route))
            return (null, $"--route is required: one of {RouteCodes}.");
        if (Routes.FromCode(args.Route) is not Route route)
            return (null, $"Unknown route \"{args.Route}\". Known: {RouteCodes}.");

        PkModelId modelId;
        if (args.Model is null) modelId = PkModels.DefaultFor(route);
        else if (PkModels.FromCode(args.Model) is PkModelId chosen) modelId = chosen;
        else return (null, $"Unknown model \"{args.Model}\". Known: {ModelCodes}.");

        if (args.WeightKg is null)
            return (null, "--weight-kg is required: the models scale with body weight.");
        if (!TryNumber(args.WeightKg, out var weightKg))
            return (null, $"--weight-kg \"{args.WeightKg}\" is not a number of kilograms.");

        if ((args.DoseMg is null) == (args.DoseMgPerKg is null))
            return (null, "Give the dose once: either --dose-mg (total) or --dose-mg-per-kg.");
        decimal dose;
        if (args.DoseMg is not null)
        {
            if (!TryNumber(args.DoseMg, out dose)) return (null, $"--dose-mg \"{args.DoseMg}\" is not a number of milligrams.");
        }
        else
        {
            if (!TryNumber(args.DoseMgPerKg!, out var perKg)) return (null, $"--dose-mg-per-kg \"{args.DoseMgPerKg}\" is not a number.");
            dose = perKg * weightKg;
        }

        var infusion = 0;
        if (route == Route.Intravenous)
        {
            infusion = DefaultInfusionMinutes;
            if (args.Minutes is not null && !int.TryParse(args.Minutes, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out infusion))
                return (null, $"--minutes \"{args.Minutes}\" is not a whole number of minutes.");
        }
        else if (args.Minutes is not null)
        {
            return (null, $"--minutes is the IV infusion time; {Routes.Label(route)} is given at once, so leave it out.");
        }

        var hours = DefaultHours;
        if (args.Hours is not null && !TryNumber(args.Hours, out hours))
            return (null, $"--hours \"{args.Hours}\" is not a number of hours.");
        if (hours <= 0 || hours > 24)
            return (null, $"--hours must be more than 0 and at most 24; got {args.Hours}.");

        var request = new PkRequest(modelId, route, dose, weightKg, infusion, (int)Math.Round(hours * 60, MidpointRounding.AwayFromZero));
        return PkSimulator.Problem(request) is { } problem ? (null, problem) : (request, string.Empty);
    }

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);

    private static void WriteJson(PkResult result)
    {
        // Concentrations to 0.001 ng/mL: far finer than any assay, and it keeps a 24-hour curve (1441 points) short.
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            model = PkModels.Describe(result.Model).Code,
            route = Routes.Code(result.Route),
            doseMg = result.DoseMg,
            cmaxNgPerMl = Math.Round(result.CmaxNgPerMl, 3),
            tmaxMin = result.TmaxMinutes,
            aucNgHPerMl = Math.Round(result.AucNgHourPerMl, 3),
            points = result.Points.Select(p => new { minute = p.Minute, ngPerMl = Math.Round(p.NgPerMl, 3) }),
            assumptions = result.Assumptions,
        }, JsonOptions));
    }

    private static void WriteSummary(PkResult result, PkRequest request)
    {
        var inv = CultureInfo.InvariantCulture;
        var info = PkModels.Describe(result.Model);
        var given = request.Route == Route.Intravenous
            ? request.InfusionMinutes == 0 ? "IV bolus" : $"IV over {request.InfusionMinutes} min"
            : Routes.Label(request.Route);
        var end = result.Points[^1].Minute;
        Console.WriteLine(string.Format(inv, "{0} mg ({1:0.###} mg/kg at {2} kg), {3} — {4} model ({5}).",
            result.DoseMg, result.DoseMg / result.WeightKg, result.WeightKg, given, info.Name, info.Drug == PkDrug.Esketamine ? "S-ketamine" : "racemic ketamine"));
        Console.WriteLine(string.Format(inv, "Cmax {0:0.#} ng/mL at {1} min · AUC(0–{2}) {3:0.#} ng·h/mL", result.CmaxNgPerMl, result.TmaxMinutes, Duration(end), result.AucNgHourPerMl));
        foreach (var range in PkRanges.All)
        {
            var inside = result.Points.Where(p => range.Contains(p.NgPerMl)).ToList();
            Console.WriteLine(inside.Count == 0
                ? string.Format(inv, "{0} range {1:0}–{2:0} ng/mL: not reached.", range.Name, range.LowNgPerMl, range.HighNgPerMl)
                : string.Format(inv, "{0} range {1:0}–{2:0} ng/mL: {3} min in it (first at {4} min, last at {5} min).",
                    range.Name, range.LowNgPerMl, range.HighNgPerMl, inside.Count, inside[0].Minute, inside[^1].Minute));
        }
        Console.WriteLine("Assumptions:");
        foreach (var assumption in result.Assumptions) Console.WriteLine("  - " + assumption);
        Console.WriteLine();
        Console.Write(Table(result.Points));
    }

    private static string Duration(int minutes) => minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes} min";

    /// <summary>Every 10th minute, in columns read top to bottom, so 24 hours (145 rows) fit in about 37 lines.</summary>
    private static string Table(IReadOnlyList<PkPoint> points)
    {
        var rows = points.Where(p => p.Minute % 10 == 0).ToList();
        const int columns = 4;
        var height = (rows.Count + columns - 1) / columns;
        var text = new StringBuilder();
        var line = new StringBuilder();
        for (var c = 0; c < Math.Min(columns, rows.Count); c++) line.Append(CultureInfo.InvariantCulture, $"{"min",5} {"ng/mL",8}    ");
        text.AppendLine(line.ToString().TrimEnd());
        for (var r = 0; r < height; r++)
        {
            line.Clear();
            for (var c = 0; c < columns; c++)
            {
                var i = c * height + r;
                if (i < rows.Count) line.Append(CultureInfo.InvariantCulture, $"{rows[i].Minute,5} {rows[i].NgPerMl,8:0.0}    ");
            }
            text.AppendLine(line.ToString().TrimEnd());
        }
        return text.ToString();
    }
}
