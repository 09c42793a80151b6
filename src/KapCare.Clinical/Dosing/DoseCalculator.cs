namespace KapCare.Clinical.Dosing;

/// <summary>
/// The dose calculator used wherever a dose is ordered or recorded. Rounding policy (docs/decisions/0012): the rule's
/// amount is rounded DOWN to a whole mg, then to what can be measured — the graduation of the smallest syringe that holds
/// the volume, whole lozenges, whole 28 mg esketamine devices — so the dose given is never more than the dose calculated
/// and no rounding can carry a dose past a limit. Limits are checked on the dose given. Bad input is refused, never
/// guessed at; this method does not throw for any request.
/// </summary>
public static class DoseCalculator
{
    /// <summary>IV: the bag or pump syringe's final volume.</summary>
    public const decimal MinimumFinalVolume = 20m;
    public const decimal MaximumFinalVolume = 500m;

    /// <summary>IV: the fastest rate a general-purpose infusion pump is programmed to (999 mL/h).</summary>
    public const decimal MaximumPumpRate = 999m;

    /// <summary>IV pump rates are programmed to 0.1 mL/h.</summary>
    public const decimal PumpRateStep = 0.1m;

    /// <summary>IM / SC: more injections than this for one dose means the concentration is too weak.</summary>
    public const int MaximumInjections = 3;

    /// <summary>A measurable dose more than this fraction below the calculated one is flagged.</summary>
    public const decimal RoundingLossWarning = 0.05m;

    public const int MinimumAgeYears = 18;
    public const int MaximumAgeYears = 120;

    /// <summary>Spravato label: day 1 of a course is 56 mg, or 28 mg at 65 years and over.</summary>
    public const int EsketamineOlderAdultAge = 65;

    private static readonly decimal[] EsketamineDoses = [28m, 56m, 84m];

    /// <summary>
    /// IV: the shortest infusion a psychiatric protocol gives (REFERENCE.md §3: 0.5 mg/kg over 40 min, infusions 40–60 min).
    /// Faster is a hard limit: at 10 min the predicted peak is about three times the 40-minute one (issue 9, item 8).
    /// </summary>
    public const decimal MinimumPsychiatricInfusionMinutes = 40m;

    /// <summary>
    /// Weight-based doses are capped at this weight's worth of the route's per-kg limits (the absolute mg ceiling): the
    /// studied ranges (REFERENCE.md §3) come from adults of ordinary weight, and 1.0 mg/kg × 250 kg = 250 mg IV is an
    /// anaesthetic dose whatever the weight. KapCare's choice, docs/decisions/0014.
    /// </summary>
    public const decimal CeilingWeightKg = 120m;

    public static DoseResult Calculate(DoseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Validate(request) ?? CalculateValid(request);
    }

    private static DoseResult? Validate(DoseRequest request)
    {
        if (!Enum.IsDefined(request.Route)) return Refuse(nameof(DoseRequest.Route), "Choose a route.");
        if (request.Rule is null) return Refuse(nameof(DoseRequest.Rule), "Give the dose (mg/kg or mg).");

        // A struct's default value skips its constructor, so every typed input is checked again here.
        var ruleProblem = request.Rule switch
        {
            DoseRule.PerKilogram p => p.Dose.Value <= 0 ? "A dose must be more than 0 mg/kg." : MilligramsPerKilogram.Problem(p.Dose.Value),
            DoseRule.Fixed f => f.Dose.Value <= 0 ? "A dose must be more than 0 mg." : Milligrams.Problem(f.Dose.Value),
            _ => "Unknown kind of dose.",
        };
        if (ruleProblem is not null) return Refuse(nameof(DoseRequest.Rule), ruleProblem);

        if (request.Weight is { } weight && Kilograms.Problem(weight.Value) is { } weightProblem)
            return Refuse(nameof(DoseRequest.Weight), weightProblem);
        if (request.Rule.NeedsWeight && request.Weight is null)
            return Refuse(nameof(DoseRequest.Weight), "Today's weight is needed for a mg/kg dose.");

        if (request.AgeYears is { } age && age is < MinimumAgeYears or > MaximumAgeYears)
        {
            return Refuse(nameof(DoseRequest.AgeYears),
                $"An age of {age} is outside {MinimumAgeYears}–{MaximumAgeYears} years: KapCare's dose limits are for adults.");
        }

        if (request.Limits is { } limits && limits.Route != request.Route)
        {
            return Refuse(nameof(DoseRequest.Limits),
                $"The limits given are for {Routes.Label(limits.Route)}, not {Routes.Label(request.Route)}.");
        }
        return null;
    }

    private static DoseResult CalculateValid(DoseRequest request)
    {
        var limits = request.Limits ?? DoseLimits.For(request.Route);
        if (request.Route == Route.IntranasalEsketamine)
        {
            if (EsketamineProblem(request) is { } refused) return refused;
            if (request.FirstDoseOfCourse)
            {
                // Spravato label, Dosage and Administration: day 1 is 56 mg, or 28 mg for patients 65 years and over.
                var start = request.AgeYears >= EsketamineOlderAdultAge ? 28m : 56m;
                limits = limits.AtMost(new Milligrams(start),
                    $"first dose of the course at most {Units.Format(start)} mg (Spravato label{(start == 28m ? ", age ≥ 65" : string.Empty)}).");
            }
        }
        if (limits.NeedsWeight && request.Weight is null)
            return Refuse(nameof(DoseRequest.Weight), "Today's weight is needed to check the dose against the mg/kg limits.");

        var calculated = request.Rule.AmountFor(request.Weight);
        if (request.Weight is { } kg && calculated.Value > MilligramsPerKilogram.Maximum * kg.Value)
        {
            return Refuse(nameof(DoseRequest.Rule),
                $"{calculated} for {kg} is {Units.Format(Math.Round(calculated.Value / kg.Value, 1))} mg/kg, not a plausible ketamine dose " +
                $"(above {Units.Format(MilligramsPerKilogram.Maximum)} mg/kg); check the number and the unit.");
        }
        var prepared = request.Route switch
        {
            Route.Intravenous => Infusion(request, calculated),
            Route.Intramuscular or Route.Subcutaneous => Injection(request, calculated),
            Route.Sublingual => Lozenges(request, calculated),
            Route.Oral => OralSolution(request, calculated),
            Route.IntranasalEsketamine => Esketamine(calculated),
        };
        if (prepared.Refused is { } refusedPreparation) return refusedPreparation;
        var (dose, preparation, rounding) = (prepared.Dose, prepared.Preparation!, prepared.Rounding!);
        if (dose.Value <= 0) return NothingMeasurable(calculated);

        var check = limits.WithMilligramCeiling(CeilingWeightKg).Check(dose, request.Weight);
        if (request.Route == Route.Intravenous && request.InfusionDuration is { } minutes && minutes.Value < MinimumPsychiatricInfusionMinutes)
        {
            var fast = $"An infusion over {Units.Format(minutes.Value)} min is faster than the {Units.Format(MinimumPsychiatricInfusionMinutes)}-minute minimum "
                + "(REFERENCE.md §3: infusions of 40–60 min; a faster one raises the peak concentration): blocked unless a second prescriber co-signs with a reason.";
            check = new LimitCheck(LimitStatus.AboveHard, check.Status == LimitStatus.AboveHard ? $"{check.Message} {fast}" : fast);
        }
        var warnings = new List<string>();
        if (check.Status != LimitStatus.Within) warnings.Add(check.Message);
        if (BodySizeWarning(request) is { } bodySize) warnings.Add(bodySize);
        if (calculated.Value - dose.Value > calculated.Value * RoundingLossWarning)
        {
            warnings.Add(
                $"The measurable dose {dose} is {Units.Format(Math.Round((calculated.Value - dose.Value) / calculated.Value * 100m, 1))} % below " +
                $"the calculated {Units.Format(Math.Round(calculated.Value, 3))} mg; another concentration or strength may measure closer.");
        }
        return new DoseCalculation(request, limits, calculated, dose, check, preparation, rounding, warnings);
    }

    /// <summary>
    /// A mg/kg dose for a patient whose BMI is above the clinic's threshold: the dose stays on actual weight (the studies
    /// dosed so), and the prescriber sees what it would be by ideal body weight — Devine, Drug Intell Clin Pharm
    /// 1974;8:650: 50 kg (men) or 45.5 kg (women) + 2.3 kg per inch over 5 feet — and by adjusted body weight, ideal +
    /// 0.4 × (actual − ideal) (Bauer, Applied Clinical Pharmacokinetics, 2nd ed. 2008).
    /// </summary>
    private static string? BodySizeWarning(DoseRequest request)
    {
        if (request.Rule is not DoseRule.PerKilogram perKg || request.Weight is not { } weight || request.HeightCm is not { } cm
            || request.BmiWarningAbove is not { } threshold || cm is < 100m or > 250m) return null;
        var metres = cm / 100m;
        var bmi = weight.Value / (metres * metres);
        if (bmi <= threshold) return null;
        var inchesOverFiveFeet = Math.Max(0m, cm / 2.54m - 60m);
        var male = request.Sex == KapCare.Clinical.Patients.AdministrativeSex.Male;
        var ideal = (male ? 50m : 45.5m) + 2.3m * inchesOverFiveFeet;
        var adjusted = ideal + 0.4m * (weight.Value - ideal);
        string Mg(decimal kg) => Units.Format(Math.Round(perKg.Dose.Value * kg, 1));
        string Kg(decimal kg) => Units.Format(Math.Round(kg, 1));
        return $"BMI {Units.Format(Math.Round(bmi, 1))} is above {Units.Format(threshold)} (a clinic setting): the dose is by actual weight {weight}. "
            + $"By ideal body weight {Kg(ideal)} kg (Devine 1974{(male ? "" : request.Sex is null ? ", female formula: sex not recorded" : ", female formula")}) it would be {Mg(ideal)} mg; "
            + $"by adjusted body weight {Kg(adjusted)} kg (ideal + 0.4 × excess) {Mg(adjusted)} mg.";
    }

    private static DoseRefused? EsketamineProblem(DoseRequest request)
    {
        if (request.Rule is not DoseRule.Fixed fixedDose)
            return Refuse(nameof(DoseRequest.Rule), "Esketamine is dosed in 28 mg devices, not by weight: order 28, 56 or 84 mg.");
        if (!EsketamineDoses.Contains(fixedDose.Dose.Value))
        {
            return Refuse(nameof(DoseRequest.Rule),
                $"Esketamine comes only as 28 mg devices: order 28, 56 or 84 mg, not {fixedDose.Dose}.");
        }
        if (request.AgeYears is null)
            return Refuse(nameof(DoseRequest.AgeYears), "The patient's age is needed for esketamine (at 65 years and over the course starts at 28 mg).");
        return null;
    }

    private sealed record Prepared(Milligrams Dose, Preparation? Preparation, string? Rounding, DoseRefused? Refused)
    {
        public static Prepared Refusal(DoseRefused refused) => new(default, null, null, refused);
    }

    private static Prepared Infusion(DoseRequest request, Milligrams calculated)
    {
        if (StockConcentration(request) is { } refused) return Prepared.Refusal(refused);
        if (request.FinalVolume is not { } finalVolume)
            return Prepared.Refusal(Refuse(nameof(DoseRequest.FinalVolume), "Give the infusion's final volume (e.g. 50, 100 or 250 mL)."));
        if (finalVolume.Value is < MinimumFinalVolume or > MaximumFinalVolume)
        {
            return Prepared.Refusal(Refuse(nameof(DoseRequest.FinalVolume),
                $"A final volume of {finalVolume} is outside {Units.Format(MinimumFinalVolume)}–{Units.Format(MaximumFinalVolume)} mL."));
        }
        if (request.InfusionDuration is not { } duration)
            return Prepared.Refusal(Refuse(nameof(DoseRequest.InfusionDuration), "Give the infusion time in minutes (usually 40)."));
        if (Minutes.InfusionProblem(duration.Value) is { } durationProblem)
            return Prepared.Refusal(Refuse(nameof(DoseRequest.InfusionDuration), durationProblem));

        var concentration = request.Concentration!.Value;
        var measured = MeasureVolume(calculated, concentration);
        if (measured.Refused is { } tooMuch) return Prepared.Refusal(tooMuch);
        var (drawn, syringe) = (measured.Volume, measured.Syringe!);
        if (drawn > finalVolume)
        {
            return Prepared.Refusal(Refuse(nameof(DoseRequest.FinalVolume),
                $"The drawn volume {drawn} does not fit in a final volume of {finalVolume}; choose a larger bag or a stronger vial."));
        }

        var dose = drawn * concentration;
        // mL ÷ min × 60 = mL/h, rounded down: a slightly slower pump lengthens the infusion, never shortens it.
        var exactRate = finalVolume / duration;
        if (exactRate.Value > MaximumPumpRate)
        {
            return Prepared.Refusal(Refuse(nameof(DoseRequest.InfusionDuration),
                $"{finalVolume} over {duration} needs {Units.Format(Math.Round(exactRate.Value, 1))} mL/h, above a pump's {Units.Format(MaximumPumpRate)} mL/h; " +
                "give a smaller volume or a longer time."));
        }
        var rate = exactRate.RoundDownTo(PumpRateStep);
        var preparation = new InfusionPreparation(
            concentration, drawn, syringe, finalVolume - drawn, finalVolume, dose / finalVolume, duration, rate);
        return new(dose, preparation,
            $"Rounded down to a whole mg, then the drawn volume down to the {Units.Format(syringe.Graduation)} mL graduation of a " +
            $"{syringe.Capacity} syringe; the pump rate down to {Units.Format(PumpRateStep)} mL/h.", null);
    }

    private static Prepared Injection(DoseRequest request, Milligrams calculated)
    {
        if (StockConcentration(request) is { } refused) return Prepared.Refusal(refused);
        if (request.Site is not { } site || !Enum.IsDefined(site))
            return Prepared.Refusal(Refuse(nameof(DoseRequest.Site), $"Choose the {Routes.Label(request.Route)} site."));
        if (InjectionSites.RouteOf(site) != request.Route)
        {
            return Prepared.Refusal(Refuse(nameof(DoseRequest.Site),
                $"The {InjectionSites.Label(site)} is not a {Routes.Label(request.Route)} site."));
        }

        var concentration = request.Concentration!.Value;
        var maximum = InjectionSites.MaximumVolume(site);
        var wholeMg = calculated.RoundDownTo(1m);
        var volume = wholeMg / concentration;
        var injections = (int)Math.Ceiling(volume.Value / maximum.Value);
        if (injections > MaximumInjections)
        {
            return Prepared.Refusal(Refuse(nameof(DoseRequest.Concentration),
                $"{volume} at {concentration} needs {injections} injections of at most {maximum} ({InjectionSites.Label(site)}); " +
                $"use a stronger concentration (at most {MaximumInjections} injections)."));
        }
        injections = Math.Max(injections, 1);

        // Equal injections, each rounded down to its syringe's graduation: the total can only fall, never rise.
        var each = new Millilitres(volume.Value / injections);
        var syringe = Syringe.For(each)!;
        var measured = each.RoundDownTo(syringe.Graduation);
        if (measured.Value <= 0) return Prepared.Refusal(NothingMeasurable(calculated));
        var all = Enumerable.Repeat(measured, injections).ToList();
        var dose = new Millilitres(measured.Value * injections) * concentration;
        return new(dose, new InjectionPreparation(concentration, site, maximum, all, syringe),
            $"Rounded down to a whole mg, then {(injections > 1 ? $"split into {injections} equal injections (at most {maximum} each) and each " : "the volume ")}" +
            $"down to the {Units.Format(syringe.Graduation)} mL graduation of a {syringe.Capacity} syringe.", null);
    }

    private static Prepared OralSolution(DoseRequest request, Milligrams calculated)
    {
        if (StockConcentration(request) is { } refused) return Prepared.Refusal(refused);
        var concentration = request.Concentration!.Value;
        var measured = MeasureVolume(calculated, concentration);
        if (measured.Refused is { } tooMuch) return Prepared.Refusal(tooMuch);
        var syringe = measured.Syringe!;
        return new(measured.Volume * concentration, new OralSolutionPreparation(concentration, measured.Volume, syringe),
            $"Rounded down to a whole mg, then the volume down to the {Units.Format(syringe.Graduation)} mL graduation of a " +
            $"{syringe.Capacity} oral syringe.", null);
    }

    private static Prepared Lozenges(DoseRequest request, Milligrams calculated)
    {
        var stocked = request.LozengeStrengths ?? DoseRequest.DefaultLozengeStrengths;
        if (stocked.Count == 0)
            return Prepared.Refusal(Refuse(nameof(DoseRequest.LozengeStrengths), "Give at least one lozenge / troche strength in stock."));
        if (stocked.Any(s => s.Value <= 0 || s.Value > 400m || s.Value != Math.Floor(s.Value)))
        {
            return Prepared.Refusal(Refuse(nameof(DoseRequest.LozengeStrengths),
                "Lozenge / troche strengths must be whole milligrams from 1 to 400 mg."));
        }
        var strengths = stocked.Select(s => (int)s.Value).Distinct().OrderByDescending(s => s).ToList();
        var target = (int)Math.Floor(calculated.Value);
        var units = LozengeCombination.Best(target, strengths);
        if (units.Count == 0)
        {
            // Never rounded up past the order; the prescriber is told the nearest dose that can be measured instead.
            var smallest = strengths[^1];
            var perKg = request.Weight is { } w ? $" = {Units.Format(Math.Round(smallest / w.Value, 2))} mg/kg at {w}" : string.Empty;
            return Prepared.Refusal(Refuse(nameof(DoseRequest.LozengeStrengths),
                $"{calculated} is below the smallest lozenge / troche in stock ({smallest} mg); whole units only. " +
                $"Nearest measurable dose: one {smallest} mg troche{perKg} (above the order: change the dose to give it), or stock a lower strength."));
        }
        var grouped = units.GroupBy(u => u).Select(g => new LozengeUnits(new Milligrams(g.Key), g.Count())).ToList();
        var dose = new Milligrams(units.Sum());
        return new(dose, new LozengePreparation(grouped, strengths.Select(s => new Milligrams(s)).ToList()),
            "Rounded down to a whole mg, then to the largest total of whole lozenges / troches in stock not above it " +
            "(fewest units for that total).", null);
    }

    private static Prepared Esketamine(Milligrams calculated)
    {
        var devices = (int)(calculated.Value / EsketaminePreparation.MilligramsPerDevice);
        return new(calculated, new EsketaminePreparation(devices), "None: esketamine is ordered in whole 28 mg devices.", null);
    }

    private sealed record MeasuredVolume(Millilitres Volume, Syringe? Syringe, DoseRefused? Refused);

    /// <summary>mg rounded down to whole mg, ÷ concentration, rounded down to the graduation of the smallest syringe holding it.</summary>
    private static MeasuredVolume MeasureVolume(Milligrams calculated, MilligramsPerMillilitre concentration)
    {
        var volume = calculated.RoundDownTo(1m) / concentration;
        if (Syringe.For(volume) is not { } syringe)
        {
            return new(default, null, Refuse(nameof(DoseRequest.Concentration),
                $"{volume} at {concentration} is more than one 60 mL syringe; use a stronger concentration."));
        }
        var measured = volume.RoundDownTo(syringe.Graduation);
        return measured.Value > 0 ? new(measured, syringe, null) : new(default, null, NothingMeasurable(calculated));
    }

    private static DoseRefused? StockConcentration(DoseRequest request)
    {
        if (request.Concentration is not { } concentration)
            return Refuse(nameof(DoseRequest.Concentration), "Give the strength of the vial or solution (e.g. 50 or 100 mg/mL).");
        return MilligramsPerMillilitre.StockProblem(concentration.Value) is { } problem ? Refuse(nameof(DoseRequest.Concentration), problem) : null;
    }

    private static DoseRefused NothingMeasurable(Milligrams calculated) =>
        Refuse(nameof(DoseRequest.Rule), $"{calculated} rounds down to nothing measurable; check the dose.");

    private static DoseRefused Refuse(string field, string message) => new(field, message);
}

/// <summary>The combination of whole lozenges / troches closest to a dose without exceeding it.</summary>
internal static class LozengeCombination
{
    /// <summary>
    /// The largest total ≤ <paramref name="target"/> mg that whole units of <paramref name="strengths"/> make, with the fewest
    /// units for that total, largest strengths first. Empty when even the smallest strength is above the target.
    /// </summary>
    public static IReadOnlyList<int> Best(int target, IReadOnlyList<int> strengths)
    {
        if (target <= 0) return [];
        // fewest[t] = fewest units that add up to exactly t mg (int.MaxValue: t cannot be made).
        var fewest = new int[target + 1];
        Array.Fill(fewest, int.MaxValue);
        fewest[0] = 0;
        for (var t = 1; t <= target; t++)
        {
            foreach (var s in strengths)
            {
                if (s <= t && fewest[t - s] != int.MaxValue && fewest[t - s] + 1 < fewest[t]) fewest[t] = fewest[t - s] + 1;
            }
        }
        var total = target;
        while (total > 0 && fewest[total] == int.MaxValue) total--;
        var units = new List<int>();
        while (total > 0)
        {
            // Strengths are in descending order, so the first that keeps the count minimal is the largest.
            var s = strengths.First(s => s <= total && fewest[total - s] == fewest[total] - 1);
            units.Add(s);
            total -= s;
        }
        return units;
    }
}
