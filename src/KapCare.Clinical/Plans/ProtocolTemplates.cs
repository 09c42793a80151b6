using KapCare.Clinical.Dosing;

namespace KapCare.Clinical.Plans;

/// <summary>
/// The protocols KapCare ships (REFERENCE.md §3 "typical courses" and §5). A clinic's admin edits them; each edit is a new
/// version, and a plan keeps the template id and version it was built from.
/// </summary>
public static class ProtocolTemplates
{
    public const string IvInduction = "iv-induction";
    public const string ImSeries = "im-series";
    public const string ScAscending = "sc-ascending";
    public const string SublingualKap = "sublingual-kap";
    public const string IntensiveRetreat = "intensive-retreat";
    public const string Esketamine = "esketamine";
    public const string Maintenance = "maintenance";

    private const string Gad7 = "gad-7";

    private static readonly string[] RacemicMeasures =
    [
        "GAD-7 and PHQ-9 at baseline and before every 2nd dosing session",
        "CADSS after every dosing session (dissociation)",
        "C-SSRS screener at baseline",
        "GAD-7 and PHQ-9 1, 4 and 12 weeks after the last dosing session",
    ];

    public static IReadOnlyList<ProtocolTemplate> Defaults { get; } =
    [
        new()
        {
            Id = IvInduction, Version = 1, Name = "IV induction",
            Summary = "6 infusions of 0.5 mg/kg over 40 minutes, 3 a week for 2 weeks, each followed by an integration session.",
            Route = Route.Intravenous, InfusionMinutes = 40,
            Phases = [new("Induction", 6, new Spacing.TimesPerWeek(3), [TemplateDose.PerKg(0.5m)])],
            TitrationSteps = [TemplateDose.PerKg(0.5m), TemplateDose.PerKg(0.6m), TemplateDose.PerKg(0.75m)],
            TitrationRule = "Start at 0.5 mg/kg; if tolerated and GAD-7 has improved < 20 % after 3 infusions, step up (0.6, then 0.75 mg/kg — the top of the studied 0.1–0.75 mg/kg range).",
            MeasurementPlan = RacemicMeasures,
            StopContinue =
            [
                new(3, Gad7, 20m, "step the dose up one step if tolerated", "Clinic protocol; studied IV range 0.1–0.75 mg/kg (REFERENCE.md §3)"),
                new(6, Gad7, 50m, "review with the patient: up to 6 more infusions (≈ 20 % respond only at infusions 10–12, ORKA-2) or stop", "ORKA-2, J Affect Disord (REFERENCE.md §7)"),
            ],
            Source = "Sanacora et al., JAMA Psychiatry 2017; Murrough 2013; REFERENCE.md §3 (often 6 infusions, 3 a week over about 2 weeks)",
        },
        new()
        {
            Id = ImSeries, Version = 1, Name = "IM series",
            Summary = "6 intramuscular injections of 0.5 mg/kg, twice a week for 3 weeks, each followed by an integration session.",
            Route = Route.Intramuscular,
            Phases = [new("Series", 6, new Spacing.TimesPerWeek(2), [TemplateDose.PerKg(0.5m)])],
            TitrationSteps = [TemplateDose.PerKg(0.25m), TemplateDose.PerKg(0.375m), TemplateDose.PerKg(0.5m)],
            TitrationRule = "0.25–0.5 mg/kg; start lower (0.25) when dissociation is a concern, then step up if tolerated.",
            MeasurementPlan = RacemicMeasures,
            StopContinue = [new(4, Gad7, 20m, "review: step up or change route", "Clinic protocol")],
            Source = "Chilukuri et al. 2014 (IM 0.25–0.5 mg/kg); REFERENCE.md §3",
        },
        new()
        {
            Id = ScAscending, Version = 1, Name = "SC ascending dose",
            Summary = "Weekly subcutaneous doses rising 0.25 → 0.5 → 1 mg/kg, then 3 weekly doses at the highest dose tolerated.",
            Route = Route.Subcutaneous,
            Phases =
            [
                new("Ascending", 3, new Spacing.EveryNDays(7), [TemplateDose.PerKg(0.25m), TemplateDose.PerKg(0.5m), TemplateDose.PerKg(1.0m)]),
                new("Continuation", 3, new Spacing.EveryNDays(7), [TemplateDose.PerKg(1.0m)]),
            ],
            TitrationSteps = [TemplateDose.PerKg(0.25m), TemplateDose.PerKg(0.5m), TemplateDose.PerKg(1.0m)],
            TitrationRule = "Ascend one step a week while tolerated; stay at the highest tolerated step for the continuation.",
            MeasurementPlan = RacemicMeasures,
            StopContinue = [new(3, Gad7, 20m, "review after the ascending phase: continue at the tolerated dose or stop", "Glue et al., J Psychopharmacol 2017")],
            Source = "Glue et al., J Psychopharmacol 2017 (0.25 → 0.5 → 1 mg/kg SC, anxiety); KADS trial (REFERENCE.md §3)",
        },
        new()
        {
            Id = SublingualKap, Version = 1, Name = "Sublingual KAP course",
            Summary = "6 sublingual dosing sessions of 0.3 mg/kg about every 2 weeks, with integration sessions between.",
            Route = Route.Sublingual,
            Phases = [new("Course", 6, new Spacing.EveryNDays(14), [TemplateDose.PerKg(0.3m)])],
            TitrationSteps = [TemplateDose.PerKg(0.2m), TemplateDose.PerKg(0.3m), TemplateDose.PerKg(0.4m)],
            TitrationRule = "0.2–0.4 mg/kg; step up by 0.1 mg/kg when the experience was too light and tolerated.",
            MeasurementPlan = RacemicMeasures,
            StopContinue = [new(4, Gad7, 25m, "review: continue to 8 sessions, change route, or stop", "Clinic protocol; Hull et al., J Affect Disord 2022 (REFERENCE.md §7)")],
            Source = "REFERENCE.md §3: standard KAP of 6–8 dosing sessions about every 2 weeks; sublingual 0.2–0.4 mg/kg",
        },
        new()
        {
            Id = IntensiveRetreat, Version = 1, Name = "Intensive retreat",
            Summary = "8 IM dosing sessions of 0.5 mg/kg, 4 a week for 2 weeks, each with same-day integration.",
            Route = Route.Intramuscular,
            Phases = [new("Retreat", 8, new Spacing.TimesPerWeek(4), [TemplateDose.PerKg(0.5m)])],
            TitrationSteps = [TemplateDose.PerKg(0.25m), TemplateDose.PerKg(0.375m), TemplateDose.PerKg(0.5m)],
            TitrationRule = "0.25–0.5 mg/kg IM; adjust day by day from dissociation (CADSS) and blood pressure.",
            IntegrationDaysAfter = 0,
            MeasurementPlan = ["GAD-7 and PHQ-9 at baseline, mid-retreat and on the last day", "CADSS after every dosing session", "C-SSRS screener at baseline", "GAD-7 and PHQ-9 1, 4 and 12 weeks after"],
            StopContinue = [new(4, Gad7, 20m, "mid-retreat review: continue, step up, or end early", "Clinic protocol")],
            Source = "REFERENCE.md §3: intensive retreats of 3–5 dosing sessions a week for 1–2 weeks",
        },
        new()
        {
            Id = Esketamine, Version = 1, Name = "Esketamine (Spravato)",
            Summary = "56 mg intranasal (28 mg devices), twice a week for weeks 1–4, weekly for weeks 5–8, then every 2 weeks; under the REMS.",
            Route = Route.IntranasalEsketamine,
            Phases =
            [
                new("Induction (weeks 1–4)", 8, new Spacing.TimesPerWeek(2), [TemplateDose.Fixed(56m)]),
                new("Weeks 5–8", 4, new Spacing.EveryNDays(7), [TemplateDose.Fixed(56m)]),
                new("Maintenance", 4, new Spacing.EveryNDays(14), [TemplateDose.Fixed(56m)]),
            ],
            TitrationSteps = [TemplateDose.Fixed(28m), TemplateDose.Fixed(56m), TemplateDose.Fixed(84m)],
            TitrationRule = "Day 1 56 mg (28 mg at 65 years and over); then 56 or 84 mg, changed in 28 mg steps; 5 minutes between devices.",
            MeasurementPlan =
            [
                "BP before dosing, at about 40 minutes and before discharge; SpO₂ throughout (REMS)",
                "Patient Monitoring Form after every session, within 7 days (REMS)",
                "GAD-7 and PHQ-9 at baseline and every 2nd session; CADSS after every session",
            ],
            StopContinue = [new(8, "phq-9", 50m, "review continuing beyond the induction (label: evaluate evidence of therapeutic benefit at the end of induction)", "Spravato prescribing information")],
            Source = "Spravato (esketamine) prescribing information and REMS (REFERENCE.md §3, §4)",
        },
        new()
        {
            Id = Maintenance, Version = 1, Name = "Maintenance",
            Summary = "IV 0.5 mg/kg over 40 minutes every 6 weeks, spacing adjusted to response.",
            Route = Route.Intravenous, InfusionMinutes = 40,
            Phases = [new("Maintenance", 4, new Spacing.EveryNDays(42), [TemplateDose.PerKg(0.5m)])],
            TitrationSteps = [TemplateDose.PerKg(0.5m), TemplateDose.PerKg(0.6m), TemplateDose.PerKg(0.75m)],
            TitrationRule = "The dose that worked in the induction; shorten the spacing when GAD-7 climbs back.",
            MeasurementPlan = ["GAD-7 and PHQ-9 before every maintenance session", "CADSS after every dosing session"],
            StopContinue = [new(2, Gad7, 50m, "shorten the spacing to 4 weeks (improvement against the pre-course baseline lost)", "Clinic protocol; REFERENCE.md §3 (maintenance every 1–2 months or as response requires)")],
            Source = "REFERENCE.md §3: maintenance every 1–2 months or as response requires",
        },
    ];

    public static ProtocolTemplate? Find(IEnumerable<ProtocolTemplate> templates, string id) => templates.FirstOrDefault(t => t.Id == id);
}
