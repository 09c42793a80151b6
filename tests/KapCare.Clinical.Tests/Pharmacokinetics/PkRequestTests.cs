using KapCare.Clinical.Dosing;
using KapCare.Clinical.Pharmacokinetics;

namespace KapCare.Clinical.Tests.Pharmacokinetics;

/// <summary>Implausible requests are refused with a message that says what is wrong; results carry their assumptions.</summary>
public sealed class PkRequestTests
{
    private static PkRequest Valid => new(PkModelId.ClementsNimmo, Route.Intravenous, 35m, 70m, 40, 240);

    public static TheoryData<PkRequest, string> Refused => new()
    {
        { Valid with { WeightKg = 19.9m }, "between 20 and 400 kg" },
        { Valid with { WeightKg = 400.1m }, "between 20 and 400 kg" },
        { Valid with { DoseMg = 0m }, "more than 0 mg" },
        { Valid with { DoseMg = -5m }, "more than 0 mg" },
        { Valid with { DoseMg = 1200m, WeightKg = 150m }, "1000 mg sanity cap" },
        { Valid with { DoseMg = 700m, WeightKg = 40m }, "17.5 mg/kg" },
        { Valid with { DurationMinutes = 0 }, "from 1 minute to 24 hours" },
        { Valid with { DurationMinutes = -60 }, "from 1 minute to 24 hours" },
        { Valid with { DurationMinutes = 24 * 60 + 1 }, "from 1 minute to 24 hours" },
        { Valid with { InfusionMinutes = -1 }, "cannot be negative" },
        { Valid with { InfusionMinutes = 300 }, "must cover the whole infusion" },
        { Valid with { Route = Route.Intramuscular }, "apply to IV only" },
        { Valid with { Route = Route.IntranasalEsketamine, Model = PkModelId.Fanta }, "apply to IV only" },
        { Valid with { Model = (PkModelId)42 }, "Unknown pharmacokinetic model" },
        { Valid with { Route = (Route)42, InfusionMinutes = 0 }, "Unknown route" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Given_an_implausible_request_When_simulated_Then_it_is_refused_with_a_clear_message(PkRequest request, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => PkSimulator.Simulate(request));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20, 1, 1)]
    [InlineData(400, 1000, 1440)]
    public void Given_requests_at_the_limits_When_simulated_Then_they_are_accepted(int weightKg, int doseMg, int minutes)
    {
        var result = PkSimulator.Simulate(new PkRequest(PkModelId.Domino, Route.Intravenous, doseMg, weightKg, minutes, minutes));
        Assert.Equal(minutes + 1, result.Points.Count);
        Assert.All(result.Points, p => Assert.True(double.IsFinite(p.NgPerMl) && p.NgPerMl >= 0));
    }

    [Fact]
    public void Given_sublingual_racemic_ketamine_When_simulated_Then_the_assumptions_name_the_estimate_model_F_and_ka_with_sources()
    {
        var result = PkSimulator.Simulate(new PkRequest(PkModelId.ClementsNimmo, Route.Sublingual, 20m, 70m, 0, 240));
        var text = string.Join("\n", result.Assumptions);
        Assert.Equal(PkSimulator.EstimateNotice, result.Assumptions[0]);
        Assert.Contains("not a measurement", text, StringComparison.Ordinal);
        Assert.Contains(PkModels.ClementsNimmoSource, text, StringComparison.Ordinal);
        Assert.Contains("F = 0.30", text, StringComparison.Ordinal);
        Assert.Contains("Rolan", text, StringComparison.Ordinal);
        Assert.Contains("ka = 0.024/min", text, StringComparison.Ordinal);
        Assert.Contains("Racemic ketamine is modelled with a racemic-ketamine model", text, StringComparison.Ordinal);
        Assert.Contains("trapezoid", text, StringComparison.Ordinal);
        Assert.Contains("norketamine", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_esketamine_When_simulated_with_Fanta_or_a_racemic_model_Then_the_assumptions_say_which_model_stands_for_which_drug()
    {
        var fanta = PkSimulator.Simulate(new PkRequest(PkModelId.Fanta, Route.IntranasalEsketamine, 56m, 70m, 0, 240));
        Assert.Contains(fanta.Assumptions, a => a.Contains("Esketamine (the S-enantiomer) is modelled with Fanta's S-ketamine model", StringComparison.Ordinal));
        Assert.Contains(fanta.Assumptions, a => a.Contains("Spravato", StringComparison.Ordinal) && a.Contains("0.48", StringComparison.Ordinal));

        var racemic = PkSimulator.Simulate(new PkRequest(PkModelId.ClementsNimmo, Route.IntranasalEsketamine, 56m, 70m, 0, 240));
        Assert.Contains(racemic.Assumptions, a => a.Contains("stand in for S-ketamine", StringComparison.Ordinal));

        var fantaForRacemate = PkSimulator.Simulate(new PkRequest(PkModelId.Fanta, Route.Intravenous, 35m, 70m, 40, 240));
        Assert.Contains(fantaForRacemate.Assumptions, a => a.Contains("as if the whole dose were S-ketamine", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_the_models_When_described_Then_each_says_what_it_models_and_its_source()
    {
        Assert.Equal(3, PkModels.All.Count);
        foreach (var id in Enum.GetValues<PkModelId>())
        {
            var info = PkModels.Describe(id);
            Assert.Equal(id, info.Id);
            Assert.Equal(id, PkModels.FromCode(info.Code));
            Assert.False(string.IsNullOrWhiteSpace(info.Source));
        }
        Assert.Equal(PkDrug.Esketamine, PkModels.Describe(PkModelId.Fanta).Drug);
        Assert.Equal(PkDrug.RacemicKetamine, PkModels.Describe(PkModelId.Domino).Drug);
        Assert.Equal(PkModelId.Fanta, PkModels.DefaultFor(Route.IntranasalEsketamine));
        Assert.Null(PkModels.FromCode("marsh"));
    }

    [Fact]
    public void Given_the_published_ranges_When_read_Then_they_are_REFERENCEs_bands_with_a_source()
    {
        Assert.Equal((100, 250), (PkRanges.Dissociative.LowNgPerMl, PkRanges.Dissociative.HighNgPerMl));
        Assert.Equal((1200, 2400), (PkRanges.Anaesthetic.LowNgPerMl, PkRanges.Anaesthetic.HighNgPerMl));
        Assert.All(PkRanges.All, r => Assert.Contains("Zanos", r.Source, StringComparison.Ordinal));
    }
}
