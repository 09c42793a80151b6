using System.Globalization;
using KapCare.Clinical.Dosing;

namespace KapCare.Clinical.Tests.Dosing;

/// <summary>Builders for dose requests, so each test states only what it is about.</summary>
internal static class Requests
{
    public static decimal D(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);

    public static DoseRequest Iv(string mgPerKg, string kg, string vialMgPerMl, string finalMl = "100", string minutes = "40") => new()
    {
        Route = Route.Intravenous,
        Rule = DoseRule.MgPerKg(D(mgPerKg)),
        Weight = new Kilograms(D(kg)),
        Concentration = new MilligramsPerMillilitre(D(vialMgPerMl)),
        FinalVolume = new Millilitres(D(finalMl)),
        InfusionDuration = new Minutes(D(minutes)),
    };

    public static DoseRequest Injection(Route route, string mgPerKg, string kg, string mgPerMl, InjectionSite site) => new()
    {
        Route = route,
        Rule = DoseRule.MgPerKg(D(mgPerKg)),
        Weight = new Kilograms(D(kg)),
        Concentration = new MilligramsPerMillilitre(D(mgPerMl)),
        Site = site,
    };

    public static DoseRequest Esketamine(decimal mg, int age, bool firstDose = false) => new()
    {
        Route = Route.IntranasalEsketamine,
        Rule = DoseRule.FixedMg(mg),
        AgeYears = age,
        FirstDoseOfCourse = firstDose,
    };

    public static DoseCalculation Calculated(DoseRequest request)
    {
        var result = DoseCalculator.Calculate(request);
        return Assert.IsType<DoseCalculation>(result);
    }

    public static DoseRefused Refused(DoseRequest request)
    {
        var result = DoseCalculator.Calculate(request);
        return Assert.IsType<DoseRefused>(result);
    }
}
