using KapCare.Clinical.Dosing;
using Route = KapCare.Clinical.Dosing.Route;

namespace KapCare.Web.Features.Plans;

/// <summary>
/// One dose to check, as <c>kapcare dose</c> and <c>POST /api/dosing/calculate</c> take it (issue 10, item 11). What is
/// not given comes from the clinic's shipped stock (<see cref="DosingStock.Default"/>: 50 mg/mL vials, a 100 mL bag,
/// ventrogluteal IM and abdominal SC sites, the stocked troches) and IV's 40-minute infusion (REFERENCE.md §3).
/// </summary>
public sealed record DoseCheckInput(
    string? Route, decimal? MgPerKg, decimal? DoseMg, decimal? WeightKg, decimal? HeightCm = null, int? Age = null, bool FirstDose = false,
    decimal? Minutes = null, decimal? VialMgPerMl = null, string? Sex = null, decimal? BmiWarningAbove = null);

public static class DoseCheck
{
    public const decimal DefaultInfusionMinutes = 40m;

    /// <summary>The BMI above which the ideal and adjusted body weights are shown when a height is given (WHO obesity class II).</summary>
    public const decimal DefaultBmiWarningAbove = DosingWeights.DefaultBmiWarningAbove;

    public static string RouteCodes => string.Join(", ", Enum.GetValues<Route>().Select(Routes.Code));

    /// <summary>The calculator's answer; a problem with the input itself (no route, both or neither dose) is a <c>refuse</c> naming the field.</summary>
    public static DoseReport Run(DoseCheckInput input, DosingStock? stock = null)
    {
        var (request, field, problem) = ToRequest(input, stock ?? DosingStock.Default);
        return request is null
            ? new DoseReport(DoseReport.Refuse, null, null, null, null, null, null, [new DoseReportMessage(DoseReport.Refuse, problem!, "input: " + field)], field)
            : WithInputNames(DoseReport.From(DoseCalculator.Calculate(request)));
    }

    /// <summary>A refusal names the field as the caller sent it (<c>weightKg</c>), not the calculator's property (<c>Weight</c>).</summary>
    private static DoseReport WithInputNames(DoseReport report) => report.Field is not { } field ? report : report with
    {
        Field = field switch
        {
            nameof(DoseRequest.Weight) => "weightKg",
            nameof(DoseRequest.AgeYears) => "age",
            nameof(DoseRequest.Concentration) => "vialMgPerMl",
            nameof(DoseRequest.InfusionDuration) => "minutes",
            nameof(DoseRequest.HeightCm) => "heightCm",
            nameof(DoseRequest.FinalVolume) or nameof(DoseRequest.Site) or nameof(DoseRequest.LozengeStrengths) => "stock",
            _ => "dose",
        },
    };

    private static (DoseRequest? Request, string? Field, string? Problem) ToRequest(DoseCheckInput input, DosingStock stock)
    {
        if (string.IsNullOrWhiteSpace(input.Route)) return (null, "route", $"The route is required: one of {RouteCodes}.");
        if (Routes.FromCode(input.Route) is not Route route) return (null, "route", $"Unknown route \"{input.Route}\". Known: {RouteCodes}.");
        if ((input.MgPerKg is null) == (input.DoseMg is null)) return (null, "dose", "Give the dose either in mg/kg or in mg, not both or neither.");
        KapCare.Clinical.Patients.AdministrativeSex? sex = null;
        if (input.Sex is { } text)
        {
            if (!Enum.TryParse<KapCare.Clinical.Patients.AdministrativeSex>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return (null, "sex", $"Sex \"{text}\" is not one of female, male, other, unknown.");
            sex = parsed;
        }
        // Each typed value is checked by its own type (a weight of 20–400 kg, a vial of 10–100 mg/mL, …); one out of range
        // is the refusal, named by its field.
        try
        {
            var rule = input.MgPerKg is { } perKg ? DoseRule.MgPerKg(perKg) : DoseRule.FixedMg(input.DoseMg!.Value);
            var weight = input.WeightKg is { } kg ? new Kilograms(kg) : (Kilograms?)null;
            var concentration = route is Route.Intravenous or Route.Intramuscular or Route.Subcutaneous or Route.Oral
                ? new MilligramsPerMillilitre(input.VialMgPerMl ?? stock.VialMgPerMl) : (MilligramsPerMillilitre?)null;
            var minutes = route == Route.Intravenous ? new Minutes(input.Minutes ?? DefaultInfusionMinutes) : (Minutes?)null;
            return (new DoseRequest
            {
                Route = route,
                Rule = rule,
                Weight = weight,
                Concentration = concentration,
                FinalVolume = route == Route.Intravenous ? new Millilitres(stock.BagMl) : null,
                InfusionDuration = minutes,
                Site = route switch { Route.Intramuscular => stock.ImSite, Route.Subcutaneous => stock.ScSite, _ => null },
                LozengeStrengths = route == Route.Sublingual ? stock.TrocheStrengthsMg.Select(t => new Milligrams(t)).ToList() : null,
                AgeYears = input.Age,
                FirstDoseOfCourse = input.FirstDose,
                HeightCm = input.HeightCm,
                Sex = sex,
                BmiWarningAbove = input.HeightCm is null ? null : input.BmiWarningAbove ?? DefaultBmiWarningAbove,
            }, null, null);

        }
        catch (ArgumentException ex)
        {
            return (null, FieldOf(input), ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <summary>Which input an out-of-range value came from: the typed values are checked again by their own rules.</summary>
    private static string FieldOf(DoseCheckInput input) =>
        input.WeightKg is { } kg && Kilograms.Problem(kg) is not null ? "weightKg"
        : input.VialMgPerMl is { } c && MilligramsPerMillilitre.Problem(c) is not null ? "vialMgPerMl"
        : input.Minutes is { } m && KapCare.Clinical.Dosing.Minutes.Problem(m) is not null ? "minutes"
        : "dose";
}
