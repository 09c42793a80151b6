using System.Globalization;
using KapCare.Clinical.Dosing;

namespace KapCare.Clinical.Plans;

/// <summary>How often dosing sessions of a phase fall: every N days, or K sessions in each week.</summary>
[System.Text.Json.Serialization.JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(EveryNDays), "every-n-days")]
[System.Text.Json.Serialization.JsonDerivedType(typeof(TimesPerWeek), "times-per-week")]
public abstract record Spacing
{
    private Spacing() { }

    public sealed record EveryNDays(int Days) : Spacing
    {
        public override string ToString() => Days switch
        {
            7 => "weekly",
            14 => "every 2 weeks",
            _ when Days % 7 == 0 => $"every {(Days / 7).ToString(CultureInfo.InvariantCulture)} weeks",
            _ => $"every {Days.ToString(CultureInfo.InvariantCulture)} days",
        };
    }

    /// <summary>K sessions in each 7-day week (2–5), on fixed weekdays so sessions are never on consecutive days when K ≤ 3.</summary>
    public sealed record TimesPerWeek(int Times) : Spacing
    {
        public override string ToString() => Times == 2 ? "twice a week" : $"{Times.ToString(CultureInfo.InvariantCulture)} a week";
    }

    /// <summary>Day offsets within a week for <see cref="TimesPerWeek"/>: Mon/Thu, Mon/Wed/Fri, Mon/Tue/Thu/Fri, Mon–Fri.</summary>
    public static IReadOnlyList<int> WeekDays(int times) => times switch
    {
        2 => [0, 3],
        3 => [0, 2, 4],
        4 => [0, 1, 3, 4],
        5 => [0, 1, 2, 3, 4],
        _ => throw new ArgumentOutOfRangeException(nameof(times), times, "2 to 5 sessions a week."),
    };
}

/// <summary>The dose a template orders: per kg (racemic routes) or fixed mg (esketamine devices).</summary>
public sealed record TemplateDose(decimal? MgPerKg, decimal? FixedMg)
{
    public static TemplateDose PerKg(decimal mgPerKg) => new(mgPerKg, null);
    public static TemplateDose Fixed(decimal mg) => new(null, mg);

    public override string ToString() => MgPerKg is { } perKg
        ? $"{perKg.ToString("0.###", CultureInfo.InvariantCulture)} mg/kg"
        : $"{FixedMg!.Value.ToString("0.###", CultureInfo.InvariantCulture)} mg";
}

/// <summary>A run of dosing sessions with one spacing, and the dose of each (ascending protocols change it per session).</summary>
public sealed record DosingPhase(string Name, int Sessions, Spacing Spacing, IReadOnlyList<TemplateDose> Doses)
{
    /// <summary>The dose of the phase's n-th session (0-based): the last listed dose repeats.</summary>
    public TemplateDose DoseFor(int index) => Doses[Math.Min(index, Doses.Count - 1)];
}

/// <summary>A rule for when to stop or continue: after N dosing sessions, compare the measure with its baseline.</summary>
public sealed record StopContinueRule(int AfterDosingSessions, string InstrumentId, decimal MinimumImprovementPercent, string IfNotMet, string Source);

/// <summary>
/// A treatment protocol as data (issue 5, item 1): route, dose rule and titration, the dosing sessions and their spacing,
/// the preparation session, an integration session after every dosing session, the measurement plan, follow-ups and
/// stop/continue criteria — each protocol with the sources it follows.
/// </summary>
public sealed record ProtocolTemplate
{
    public required string Id { get; init; }
    public required int Version { get; init; }
    public required string Name { get; init; }
    public required string Summary { get; init; }
    public required Route Route { get; init; }
    /// <summary>IV only: the infusion time in minutes.</summary>
    public int? InfusionMinutes { get; init; }
    public required IReadOnlyList<DosingPhase> Phases { get; init; }
    /// <summary>The dose steps titration may move between (REFERENCE.md §3), lowest first.</summary>
    public required IReadOnlyList<TemplateDose> TitrationSteps { get; init; }
    public required string TitrationRule { get; init; }
    public bool PreparationSession { get; init; } = true;
    /// <summary>Days after each dosing session the integration session falls (REFERENCE.md §5: one after every dosing session).</summary>
    public int IntegrationDaysAfter { get; init; } = 1;
    /// <summary>Follow-ups after the last dosing session, in days (REFERENCE.md §5: 24 h, 72 h, 1 week, 2 weeks, 1 month, 3 months).</summary>
    public IReadOnlyList<int> FollowUpDays { get; init; } = [1, 3, 7, 14, 30, 90];
    public required IReadOnlyList<string> MeasurementPlan { get; init; }
    public required IReadOnlyList<StopContinueRule> StopContinue { get; init; }
    public required string Source { get; init; }

    public int DosingSessionCount => Phases.Sum(p => p.Sessions);

    /// <summary>Problems that make a template unusable (an admin's edit is refused with these).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Phases.Count == 0) problems.Add("A protocol needs at least one dosing phase.");
        foreach (var phase in Phases)
        {
            if (phase.Sessions is < 1 or > 52) problems.Add($"{phase.Name}: 1 to 52 dosing sessions.");
            if (phase.Doses.Count == 0) problems.Add($"{phase.Name}: no dose.");
            switch (phase.Spacing)
            {
                case Spacing.EveryNDays { Days: < 1 or > 180 }: problems.Add($"{phase.Name}: spacing must be 1 to 180 days."); break;
                case Spacing.TimesPerWeek { Times: < 2 or > 5 }: problems.Add($"{phase.Name}: 2 to 5 sessions a week."); break;
            }
            foreach (var dose in phase.Doses)
            {
                if (Route == Route.IntranasalEsketamine ? dose.FixedMg is null : dose.MgPerKg is null)
                    problems.Add($"{phase.Name}: {(Route == Route.IntranasalEsketamine ? "esketamine is dosed in mg (28 mg devices)" : "racemic ketamine is dosed in mg/kg")}.");
                if (dose.MgPerKg is <= 0 or > 2m) problems.Add($"{phase.Name}: {dose} is outside 0–2 mg/kg.");
                if (Route == Route.IntranasalEsketamine && dose.FixedMg is { } mg && (mg % 28 != 0 || mg is < 28 or > 84))
                    problems.Add($"{phase.Name}: esketamine is 28, 56 or 84 mg (28 mg devices).");
            }
        }
        if (Route == Route.Intravenous && InfusionMinutes is not (>= 10 and <= 240)) problems.Add("IV infusion time must be 10 to 240 minutes.");
        if (Route != Route.Intravenous && InfusionMinutes is not null) problems.Add("Only IV protocols have an infusion time.");
        if (IntegrationDaysAfter is < 0 or > 7) problems.Add("The integration session falls 0 to 7 days after each dosing session.");
        return problems;
    }
}
