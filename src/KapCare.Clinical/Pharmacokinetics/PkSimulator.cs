using System.Globalization;
using KapCare.Clinical.Dosing;

namespace KapCare.Clinical.Pharmacokinetics;

/// <summary>
/// One simulated dose. <paramref name="InfusionMinutes"/> is the IV infusion time (0 = bolus) and must be 0 for every
/// other route; <paramref name="DurationMinutes"/> is how far the curve runs (1 min to 24 h).
/// </summary>
public sealed record PkRequest(PkModelId Model, Route Route, decimal DoseMg, decimal WeightKg, int InfusionMinutes, int DurationMinutes);

/// <summary>The plasma concentration at a whole minute after the start of dosing.</summary>
public sealed record PkPoint(int Minute, double NgPerMl);

/// <summary>
/// A simulated plasma curve: one point per minute from 0 to the duration, the peak (first minute it is reached), and
/// the area under the curve by the trapezoid rule over those points (0 to the duration, not extrapolated).
/// </summary>
public sealed record PkResult(PkModelId Model, Route Route, decimal DoseMg, decimal WeightKg, double Bioavailability, double? AbsorptionRatePerMinute,
    IReadOnlyList<string> Assumptions, IReadOnlyList<PkPoint> Points, double CmaxNgPerMl, int TmaxMinutes, double AucNgHourPerMl);

/// <summary>
/// Plasma ketamine concentration after one dose, from a published population model (REFERENCE.md §3), exact at each
/// minute (see <see cref="CompartmentSystem"/>). An estimate for teaching and planning: it is never a measurement.
/// </summary>
public static class PkSimulator
{
    public const decimal MinWeightKg = 20;
    public const decimal MaxWeightKg = 400;

    /// <summary>
    /// Sanity caps, not dosing limits (those belong to the dose calculator): the largest ketamine doses in the literature
    /// are IM anaesthesia at 4–11 mg/kg and oral sedation up to 500 mg (Zanos et al. 2018, Table 1), so a request above
    /// 15 mg/kg or 1000 mg is a typo (a total entered as mg/kg, grams for milligrams), not a plan.
    /// </summary>
    public const decimal MaxDoseMg = 1000;
    public const decimal MaxDoseMgPerKg = 15;

    public const int MaxDurationMinutes = 24 * 60;

    public const string EstimateNotice = "Population estimate for education and planning, not a measurement: one person's concentrations can differ several-fold from the model's.";

    public static PkResult Simulate(PkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);

        var k = PkModels.MicroConstants(request.Model, (double)request.WeightKg);
        var input = PkAbsorption.For(request.Route);
        var system = CompartmentSystem.Create(k, input.AbsorptionRatePerMinute);

        var duration = request.DurationMinutes;
        var points = new PkPoint[duration + 1];
        var (cmax, tmax, aucNgMinPerMl) = Run(system, k, input, request, points, amounts: null);

        return new PkResult(request.Model, request.Route, request.DoseMg, request.WeightKg, input.Bioavailability, input.AbsorptionRatePerMinute,
            Assumptions(request, k, input), points, cmax, tmax, aucNgMinPerMl / 60);
    }

    /// <summary>Every compartment's amount (mg) at each minute, for the mass-balance tests.</summary>
    internal static double[][] SimulateAmounts(PkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var k = PkModels.MicroConstants(request.Model, (double)request.WeightKg);
        var input = PkAbsorption.For(request.Route);
        var system = CompartmentSystem.Create(k, input.AbsorptionRatePerMinute);
        var amounts = new double[request.DurationMinutes + 1][];
        Run(system, k, input, request, new PkPoint[request.DurationMinutes + 1], amounts);
        return amounts;
    }

    private static (double Cmax, int Tmax, double AucNgMinPerMl) Run(
        CompartmentSystem system, PkMicroConstants k, PkRouteInput input, PkRequest request, PkPoint[] points, double[][]? amounts)
    {
        var dose = (double)request.DoseMg;
        Span<double> x = stackalloc double[system.Size];
        Span<double> scratch = stackalloc double[system.Size];
        x.Clear();
        var infusionMinutes = request.InfusionMinutes;
        var rate = 0.0;
        if (system.Depot is int depot) x[depot] = input.Bioavailability * dose;
        else if (infusionMinutes == 0) x[CompartmentSystem.Central] = dose;
        else rate = dose / infusionMinutes;

        // ng/mL = mg / L × 1000 (REFERENCE.md §3).
        var toNgPerMl = 1000 / k.V1Litres;
        var previous = x[CompartmentSystem.Central] * toNgPerMl;
        points[0] = new PkPoint(0, previous);
        amounts?[0] = x.ToArray();
        double cmax = previous, auc = 0;
        var tmax = 0;
        for (var minute = 1; minute < points.Length; minute++)
        {
            system.Step(x, scratch, minute <= infusionMinutes ? rate : 0);
            var c = x[CompartmentSystem.Central] * toNgPerMl;
            points[minute] = new PkPoint(minute, c);
            amounts?[minute] = x.ToArray();
            auc += (previous + c) / 2;
            if (c > cmax)
            {
                cmax = c;
                tmax = minute;
            }
            previous = c;
        }
        return (cmax, tmax, auc);
    }

    /// <summary>
    /// What is wrong with a request, in words fit for the person who typed it, or null when it can be simulated.
    /// <see cref="Simulate"/> throws <see cref="ArgumentOutOfRangeException"/> with this message; forms and the command
    /// line call this first to show it as it is.
    /// </summary>
    public static string? Problem(PkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Enum.IsDefined(request.Model))
            return $"Unknown pharmacokinetic model ({(int)request.Model}).";
        if (!Enum.IsDefined(request.Route))
            return $"Unknown route ({(int)request.Route}).";
        if (request.WeightKg < MinWeightKg || request.WeightKg > MaxWeightKg)
            return $"Weight must be between {MinWeightKg} and {MaxWeightKg} kg (the models were fitted in adults); got {request.WeightKg} kg.";
        if (request.DoseMg <= 0)
            return $"Dose must be more than 0 mg; got {request.DoseMg} mg.";
        if (request.DoseMg > MaxDoseMg)
            return $"A dose of {request.DoseMg} mg is above the {MaxDoseMg} mg sanity cap: check the units (mg, not µg; total, not per kg).";
        var perKg = request.DoseMg / request.WeightKg;
        if (perKg > MaxDoseMgPerKg)
            return string.Format(CultureInfo.InvariantCulture, "{0} mg for {1} kg is {2:0.##} mg/kg, above the {3} mg/kg sanity cap: check the dose and weight.",
                request.DoseMg, request.WeightKg, perKg, MaxDoseMgPerKg);
        if (request.DurationMinutes < 1 || request.DurationMinutes > MaxDurationMinutes)
            return $"Duration must be from 1 minute to 24 hours ({MaxDurationMinutes} min); got {request.DurationMinutes} min.";
        if (request.Route != Route.Intravenous && request.InfusionMinutes != 0)
            return $"Infusion minutes apply to IV only; {Routes.Label(request.Route)} is given at once (use 0).";
        if (request.InfusionMinutes < 0)
            return $"Infusion minutes cannot be negative (0 is a bolus); got {request.InfusionMinutes}.";
        if (request.InfusionMinutes > request.DurationMinutes)
            return $"The simulation ({request.DurationMinutes} min) must cover the whole infusion ({request.InfusionMinutes} min).";
        return null;
    }

    private static void Validate(PkRequest request)
    {
        if (Problem(request) is { } problem)
            throw new ArgumentOutOfRangeException(nameof(request), request, problem);
    }

    private static List<string> Assumptions(PkRequest request, PkMicroConstants k, PkRouteInput input)
    {
        var inv = CultureInfo.InvariantCulture;
        var model = PkModels.Describe(request.Model);
        var drug = PkModels.DrugFor(request.Route);
        var list = new List<string>
        {
            EstimateNotice,
            string.Format(inv, "Model: {0} ({1}, {2}, {3} compartments; {4}), {5}. At {6} kg: V1 {7:0.#} L, k10 {8:0.#####}/min, clearance {9:0.#} L/h.",
                model.Name, model.Drug == PkDrug.Esketamine ? "S-ketamine" : "racemic ketamine", model.Population, model.Compartments,
                model.Parameters, model.Source, request.WeightKg, k.V1Litres, k.K10, k.ClearanceLitresPerMinute * 60),
        };

        list.Add((drug, model.Drug) switch
        {
            (PkDrug.Esketamine, PkDrug.Esketamine) => "Esketamine (the S-enantiomer) is modelled with Fanta's S-ketamine model.",
            (PkDrug.RacemicKetamine, PkDrug.RacemicKetamine) => "Racemic ketamine is modelled with a racemic-ketamine model (the default for racemic routes is Clements & Nimmo).",
            (PkDrug.Esketamine, PkDrug.RacemicKetamine) => $"Esketamine modelled with a racemic-ketamine model ({model.Name}): the racemate's parameters stand in for S-ketamine's; the default for esketamine is Fanta's S-ketamine model.",
            (PkDrug.RacemicKetamine, PkDrug.Esketamine) => "Racemic ketamine modelled with Fanta's S-ketamine model, as if the whole dose were S-ketamine (S-ketamine is cleared faster than R-ketamine, so this tends to underestimate); the default for racemic routes is Clements & Nimmo.",
        });

        if (request.Route == Route.Intravenous)
        {
            list.Add(request.InfusionMinutes == 0
                ? "IV bolus: the whole dose enters the central compartment at minute 0 (mixing is instantaneous in the model, so minute 0 is its highest point)."
                : string.Format(inv, "IV infusion at a constant rate over {0} min ({1:0.###} mg/min); F = 1.", request.InfusionMinutes, (double)request.DoseMg / request.InfusionMinutes));
        }
        else
        {
            list.Add(string.Format(inv, "Bioavailability F = {0:0.00} ({1}).", input.Bioavailability, input.BioavailabilitySource));
            list.Add(string.Format(inv, "First-order absorption into the central compartment, ka = {0:0.###}/min (absorption half-life {1:0.#} min), chosen so the default model peaks near the published Tmax of {2} ({3}). The whole dose is taken at minute 0.",
                input.AbsorptionRatePerMinute, input.AbsorptionHalfLifeMinutes, input.PublishedTmax, input.AbsorptionSource));
        }
        if (request.Route == Route.IntranasalEsketamine)
            list.Add("The devices of one session (5 minutes apart) are modelled as one dose at minute 0; the label's Tmax is counted from the last spray.");
        if (request.Route is Route.Oral or Route.Sublingual)
            list.Add("Parent drug only: after swallowed or sublingual doses norketamine exceeds ketamine in plasma (Chong et al. 2006) and is not modelled.");
        list.Add("Solved exactly at each minute (matrix exponential of the compartment model), not by step-wise approximation. AUC by the trapezoid rule over the one-minute points, from 0 to the end of the curve, not extrapolated.");
        return list;
    }
}
