using KapCare.Clinical.Dosing;
using KapCare.Clinical.Pharmacokinetics;

namespace KapCare.Clinical.Tests.Pharmacokinetics;

/// <summary>
/// Mass balance: what is in the compartments, the absorption site and the "eliminated" sink together is exactly what
/// has been given so far (F × dose for an extravascular route; the infused amount for IV). A swapped rate constant, a
/// flow counted on one side only, or a leaky step breaks it. Tolerance 1e-9 of the dose: rounding only.
/// </summary>
public sealed class MassBalanceTests
{
    public static TheoryData<PkModelId, Route, int> Cases => new()
    {
        { PkModelId.ClementsNimmo, Route.Intravenous, 0 },
        { PkModelId.ClementsNimmo, Route.Intravenous, 40 },
        { PkModelId.Domino, Route.Intravenous, 0 },
        { PkModelId.Domino, Route.Intravenous, 60 },
        { PkModelId.Fanta, Route.Intravenous, 40 },
        { PkModelId.ClementsNimmo, Route.Intramuscular, 0 },
        { PkModelId.ClementsNimmo, Route.Oral, 0 },
        { PkModelId.Domino, Route.Sublingual, 0 },
        { PkModelId.Fanta, Route.IntranasalEsketamine, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_a_dose_When_simulated_for_a_day_Then_every_minute_accounts_for_all_of_the_drug_given(PkModelId model, Route route, int infusionMinutes)
    {
        const double dose = 56;
        var f = PkAbsorption.For(route).Bioavailability;
        var amounts = PkSimulator.SimulateAmounts(new PkRequest(model, route, (decimal)dose, 80m, infusionMinutes, 24 * 60));
        for (var minute = 0; minute < amounts.Length; minute++)
        {
            var given = infusionMinutes == 0 ? f * dose : dose * Math.Min(minute, infusionMinutes) / infusionMinutes;
            Assert.True(Math.Abs(amounts[minute].Sum() - given) <= 1e-9 * dose, $"minute {minute}: {amounts[minute].Sum():R} mg in the system, {given:R} mg given");
            Assert.All(amounts[minute], a => Assert.True(a >= -1e-12 * dose, $"minute {minute}: a negative amount {a}"));
        }
        // By the end of a day almost everything has been eliminated: the sink (last state) holds most of the dose.
        Assert.True(amounts[^1][^1] > 0.9 * f * dose);
    }
}
