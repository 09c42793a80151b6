using KapCare.Clinical.Dosing;
using KapCare.Clinical.Pharmacokinetics;

namespace KapCare.Clinical.Tests.Pharmacokinetics;

/// <summary>
/// The models against the one published concentration in REFERENCE.md §3: 0.5 mg/kg IV over 40 min gives about
/// 185 ng/mL at the end of the infusion (Zarate et al. 2006, tabulated in Zanos et al., Pharmacol Rev 2018;70:621).
/// </summary>
/// <remarks>
/// How close each model comes (70 kg, 35 mg over 40 min, value at minute 40, as computed when these tests were written):
/// <list type="bullet">
/// <item>Clements &amp; Nimmo ≈ 177 ng/mL (−4 %). A racemic model from adult volunteers with a large central volume
/// (1.75 L/kg) and slow distribution, close to the study conditions: the default for racemic routes.</item>
/// <item>Domino ≈ 240 ng/mL (+30 %). Its central volume is tiny (0.063 L/kg), so a bolus starts 28 times higher than
/// with Clements &amp; Nimmo; over a 40-min infusion its fast distribution (k12, k13 ≈ 0.59/min) has mostly caught up,
/// leaving it about a third high. Fitted to anaesthetic doses in a small group, it is the outlier.</item>
/// <item>Fanta ≈ 158 ng/mL (−15 %). An S-ketamine model applied to a racemic dose: S-ketamine is cleared faster than
/// the racemate (95 L/h against about 80 L/h for Clements &amp; Nimmo at 70 kg), so it reads low, as expected.</item>
/// </list>
/// The bounds come from how compartment models are judged against measured concentrations in target-controlled infusion,
/// with the performance measures of Varvel, Donoho &amp; Shafer (J Pharmacokinet Biopharm 1992;20:63): a median prediction
/// error (bias) within about ±20 % and an absolute prediction error up to 20–40 % are the figures usually accepted as
/// clinically usable. So: every model within ±40 % of 185 ng/mL (a model outside that would be unusable here, and a unit
/// error — per kg, per hour, a missing ÷ 60 — misses by far more); the default racemic model within ±20 %, because it is
/// the one staff see. We did see the model values while writing these tests; the bounds are the convention's, not fitted
/// to them, and Domino sits close to its limit, which the decision record states.
/// </remarks>
public sealed class PublishedConcentrationTests
{
    private const double Published = PkRanges.AntidepressantInfusionEndNgPerMl;

    private static double EndOfInfusion(PkModelId model) =>
        PkSimulator.Simulate(new PkRequest(model, Route.Intravenous, 35m, 70m, 40, 240)).Points[40].NgPerMl;

    [Theory]
    [InlineData(PkModelId.ClementsNimmo)]
    [InlineData(PkModelId.Domino)]
    [InlineData(PkModelId.Fanta)]
    public void Given_half_a_mg_per_kg_over_40_minutes_When_any_model_runs_Then_the_end_of_infusion_value_is_within_40_percent_of_185(PkModelId model)
    {
        var value = EndOfInfusion(model);
        Assert.InRange(value, Published * 0.6, Published * 1.4);
    }

    [Fact]
    public void Given_half_a_mg_per_kg_over_40_minutes_When_the_default_racemic_model_runs_Then_it_is_within_20_percent_of_185_and_peaks_at_the_end()
    {
        Assert.Equal(PkModelId.ClementsNimmo, PkModels.DefaultFor(Route.Intravenous));
        var result = PkSimulator.Simulate(new PkRequest(PkModelId.ClementsNimmo, Route.Intravenous, 35m, 70m, 40, 240));
        Assert.InRange(result.Points[40].NgPerMl, Published * 0.8, Published * 1.2);
        Assert.Equal(40, result.TmaxMinutes);
        // The curve crosses the dissociative band (100–250 ng/mL, Krystal 1994) during the infusion, as the psychiatric protocol intends.
        Assert.True(PkRanges.Dissociative.Contains(result.CmaxNgPerMl));
    }

    [Fact]
    public void Given_the_three_models_When_compared_at_the_end_of_the_infusion_Then_they_rank_as_their_volumes_and_clearances_predict()
    {
        // Domino (smallest V1 and highest early levels) > Clements & Nimmo > Fanta (S-ketamine, fastest clearance).
        Assert.True(EndOfInfusion(PkModelId.Domino) > EndOfInfusion(PkModelId.ClementsNimmo));
        Assert.True(EndOfInfusion(PkModelId.ClementsNimmo) > EndOfInfusion(PkModelId.Fanta));
    }
}
