using System.Text.Json;
using KapCare.Clinical.Dosing;
using KapCare.Clinical.Pharmacokinetics;
using Route = KapCare.Clinical.Dosing.Route;

namespace KapCare.Web.Features.Plans;

/// <summary>One curve of the plan's PK view: its label, whether it is the planned dose, and the simulation.</summary>
public sealed record PkCurve(string Label, bool Planned, PkResult Result);

/// <summary>
/// The plan's pharmacokinetic view (issue 5, item 4): the planned dose by the planned route, and the usual dose by the
/// other routes for comparison (REFERENCE.md §3 usual psychiatric doses), each a population estimate over 4 hours.
/// </summary>
public static class PlanPk
{
    public const int Hours = 4;

    /// <summary>Comparison doses: IV 0.5 mg/kg over 40 min, IM 0.5 mg/kg, sublingual 0.3 mg/kg, esketamine 56 mg (REFERENCE.md §3).</summary>
    private static readonly (Route Route, decimal? MgPerKg, decimal? Mg, int Minutes)[] Comparisons =
    [
        (Route.Intravenous, 0.5m, null, 40),
        (Route.Intramuscular, 0.5m, null, 0),
        (Route.Sublingual, 0.3m, null, 0),
        (Route.IntranasalEsketamine, null, 56m, 0),
    ];

    public static IReadOnlyList<PkCurve> Curves(Route route, decimal doseMg, decimal weightKg, int? infusionMinutes)
    {
        var curves = new List<PkCurve>();
        var planned = new PkRequest(PkModels.DefaultFor(route), route, doseMg, weightKg, route == Route.Intravenous ? infusionMinutes ?? 40 : 0, Hours * 60);
        if (PkSimulator.Problem(planned) is null)
            curves.Add(new($"Planned: {Routes.Label(route)} {doseMg.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} mg", true, PkSimulator.Simulate(planned)));
        foreach (var (other, perKg, mg, minutes) in Comparisons.Where(c => c.Route != route))
        {
            var dose = mg ?? decimal.Round(perKg!.Value * weightKg, 0, MidpointRounding.ToZero);
            var request = new PkRequest(PkModels.DefaultFor(other), other, dose, weightKg, minutes, Hours * 60);
            if (PkSimulator.Problem(request) is null)
                curves.Add(new($"{Routes.Label(other)} {(perKg is { } k ? $"{k} mg/kg" : $"{mg} mg")} ({dose} mg)", false, PkSimulator.Simulate(request)));
        }
        return curves;
    }

    /// <summary>The chart's data: every curve's points (one per minute) and the published ranges to shade.</summary>
    public static string ChartJson(IReadOnlyList<PkCurve> curves) => JsonSerializer.Serialize(new
    {
        curves = curves.Select(c => new { label = c.Label, planned = c.Planned, points = c.Result.Points.Select(p => Math.Round(p.NgPerMl, 1)) }),
        ranges = PkRanges.All.Select(r => new { name = r.Name, low = r.LowNgPerMl, high = r.HighNgPerMl }),
    }, JsonSerializerOptions.Web);
}
