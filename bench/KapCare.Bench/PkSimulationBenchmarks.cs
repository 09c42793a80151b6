using BenchmarkDotNet.Attributes;
using KapCare.Clinical.Dosing;
using KapCare.Clinical.Pharmacokinetics;

namespace KapCare.Bench;

/// <summary>
/// One 24-hour pharmacokinetic simulation at one-minute resolution (1441 points, Cmax, Tmax, AUC and the assumptions),
/// as the dosing page and <c>kapcare pk</c> run it. Target: under 1 ms each, so a page can redraw curves as staff change
/// the dose, route or model.
/// Run: dotnet run -c Release --project bench/KapCare.Bench -- --filter '*PkSimulation*' --job short --inProcess --exporters markdown
/// </summary>
[MemoryDiagnoser]
public class PkSimulationBenchmarks
{
    private PkRequest request = null!;

    [Params("clements-iv-40min", "domino-iv-bolus", "fanta-esketamine")]
    public string Scenario { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup() => request = Scenario switch
    {
        "clements-iv-40min" => new PkRequest(PkModelId.ClementsNimmo, Route.Intravenous, 35m, 70m, 40, 24 * 60),
        "domino-iv-bolus" => new PkRequest(PkModelId.Domino, Route.Intravenous, 35m, 70m, 0, 24 * 60),
        "fanta-esketamine" => new PkRequest(PkModelId.Fanta, Route.IntranasalEsketamine, 84m, 70m, 0, 24 * 60),
        _ => throw new InvalidOperationException("Unknown scenario " + Scenario),
    };

    [Benchmark]
    public double Simulate24Hours() => PkSimulator.Simulate(request).AucNgHourPerMl;
}
