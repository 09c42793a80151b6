using System.Globalization;

namespace KapCare.Clinical.Eligibility;

/// <summary>The rules of REFERENCE.md §2, one per row (the cardiovascular row split into blood pressure and disease, so the
/// BP limits stand on their own), and the missing-information rules that make an unanswered question a review.</summary>
public static class DefaultRules
{
    public const string Psychosis = "psychosis";
    public const string SubstanceUse = "substance-use-disorder";
    public const string Vascular = "vascular-contraindication";
    public const string Hypertension = "uncontrolled-hypertension";
    public const string CardiovascularDisease = "cardiovascular-disease";
    public const string PregnancyBreastfeeding = "pregnancy-breastfeeding";
    public const string Bipolar = "bipolar-without-mood-stabilizer";
    public const string SuicideRisk = "suicide-risk";
    public const string Medications = "interacting-medications";
    public const string SupportTransport = "support-and-transport";
    public const string TreatmentResistance = "treatment-resistance";
    public const string WeightNotRecorded = "weight-not-recorded";
    public const string BloodPressureNotRecorded = "blood-pressure-not-recorded";
    public const string FindingNotRecorded = "finding-not-recorded";

    public const string SystolicLimit = "systolic-limit";
    public const string DiastolicLimit = "diastolic-limit";
    public const string MinimumMonthsAbstinent = "minimum-months-abstinent";
    public const string MinimumAdequateTrials = "minimum-adequate-trials";
    public const string MinimumWeeks = "minimum-weeks";

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Str(decimal value) => value.ToString(CultureInfo.InvariantCulture);
    private static ReasonFact Fact(string field, YesNoUnknown value) => new(field, value.ToString());
    private static RuleHit Hit(string message, params ReasonFact[] facts) => new(message, facts);

    internal static IReadOnlyList<EligibilityRule> All() =>
    [
        new(Psychosis, 1, "Psychotic disorder", EligibilitySources.ProgrammeCriteria, RuleSeverity.Exclude, RuleKind.Finding, [],
            (f, _) => f.PsychoticDisorderHistory == YesNoUnknown.Yes
                ? [Hit("Current or past psychotic disorder: not eligible.", Fact(nameof(IntakeFacts.PsychoticDisorderHistory), f.PsychoticDisorderHistory))]
                : []),

        // "Active" = abstinent for less than 12 months (REFERENCE.md §2); the months are configurable.
        new(SubstanceUse, 1, "Active substance use disorder", EligibilitySources.ProgrammeCriteria, RuleSeverity.Exclude, RuleKind.Finding,
            // Floor 12 months: REFERENCE.md §2 defines "active" as abstinent < 12 months; a clinic may only be stricter.
            [new RuleThreshold(MinimumMonthsAbstinent, 12, "months", 12, 60)],
            (f, r) => f.SubstanceUseDisorder == YesNoUnknown.Yes && f.MonthsAbstinent is { } months && months < r.Threshold(MinimumMonthsAbstinent)
                ? [Hit($"Active substance use disorder: abstinent {Str(months)} months, fewer than {Str(r.Threshold(MinimumMonthsAbstinent))}: not eligible.",
                    Fact(nameof(IntakeFacts.SubstanceUseDisorder), f.SubstanceUseDisorder),
                    new ReasonFact(nameof(IntakeFacts.MonthsAbstinent), Str(months)))]
                : []),

        // An esketamine contraindication; REFERENCE.md §2 applies it to every route.
        new(Vascular, 1, "Aneurysmal vascular disease, AVM or intracerebral haemorrhage", EligibilitySources.SpravatoContraindications,
            RuleSeverity.Exclude, RuleKind.Finding, [],
            (f, _) => YesFindings(f,
                (nameof(IntakeFacts.AneurysmalVascularDisease), f.AneurysmalVascularDisease, "Aneurysmal vascular disease (including thoracic and abdominal aorta, intracranial and peripheral arteries): not eligible."),
                (nameof(IntakeFacts.ArteriovenousMalformation), f.ArteriovenousMalformation, "Arteriovenous malformation: not eligible."),
                (nameof(IntakeFacts.IntracerebralHaemorrhageHistory), f.IntracerebralHaemorrhageHistory, "History of intracerebral haemorrhage: not eligible."))),

        // Above 140/90 mmHg by default: the esketamine label weighs the risk above 140/90, and the clinic's pre-dose hold
        // uses the same limit (REFERENCE.md §4). At exactly the limit the rule does not fire.
        new(Hypertension, 1, "Uncontrolled hypertension", EligibilitySources.BloodPressureLimit, RuleSeverity.Review, RuleKind.Finding,
            // Review above 140/90 (REFERENCE.md §4: the esketamine label weighs the risk above 140/90). A clinic may be stricter, and
            // may loosen the review to at most 160/100 (grade 2 hypertension, ESC/ESH 2018), never further.
            [new RuleThreshold(SystolicLimit, 140, "mmHg", 110, 160), new RuleThreshold(DiastolicLimit, 90, "mmHg", 70, 100)],
            (f, r) => f.SystolicMmHg is { } sys && f.DiastolicMmHg is { } dia && (sys > r.Threshold(SystolicLimit) || dia > r.Threshold(DiastolicLimit))
                ? [Hit($"BP {Str(sys)}/{Str(dia)} mmHg is above the limit of {Str(r.Threshold(SystolicLimit))}/{Str(r.Threshold(DiastolicLimit))} mmHg: uncontrolled hypertension to review.",
                    new ReasonFact(nameof(IntakeFacts.SystolicMmHg), Str(sys)),
                    new ReasonFact(nameof(IntakeFacts.DiastolicMmHg), Str(dia)))]
                : []),

        new(CardiovascularDisease, 1, "Ischaemic heart disease or cerebrovascular disease", EligibilitySources.KetamineLabelCardiovascular,
            RuleSeverity.Review, RuleKind.Finding, [],
            (f, _) => YesFindings(f,
                (nameof(IntakeFacts.IschaemicHeartDisease), f.IschaemicHeartDisease, "Ischaemic heart disease: ketamine raises blood pressure and heart rate; review."),
                (nameof(IntakeFacts.CerebrovascularDisease), f.CerebrovascularDisease, "Cerebrovascular disease: ketamine raises blood pressure; review."))),

        new(PregnancyBreastfeeding, 1, "Pregnancy or breastfeeding", EligibilitySources.KetamineLabelPregnancy, RuleSeverity.Review, RuleKind.Finding, [],
            (f, _) => YesFindings(f,
                (nameof(IntakeFacts.Pregnant), f.Pregnant, "Pregnancy: review."),
                (nameof(IntakeFacts.Breastfeeding), f.Breastfeeding, "Breastfeeding: review."))),

        new(Bipolar, 1, "Bipolar disorder without a mood stabilizer", EligibilitySources.OsmindIntake, RuleSeverity.Review, RuleKind.Finding, [],
            (f, _) => f.BipolarDisorder == YesNoUnknown.Yes && f.OnMoodStabilizer == YesNoUnknown.No
                ? [Hit("Bipolar disorder without a mood stabilizer: risk of switching to mania; review.",
                    Fact(nameof(IntakeFacts.BipolarDisorder), f.BipolarDisorder),
                    Fact(nameof(IntakeFacts.OnMoodStabilizer), f.OnMoodStabilizer))]
                : []),

        new(SuicideRisk, 1, "Severe acute suicide risk", EligibilitySources.SuicideRisk, RuleSeverity.Review, RuleKind.Finding, [],
            (f, _) => f.SuicideRisk == CssrsRiskLevel.High
                ? [Hit("C-SSRS screener high risk: the urgent safety pathway comes first; review.",
                    new ReasonFact(nameof(IntakeFacts.SuicideRisk), f.SuicideRisk.ToString()))]
                : []),

        new(Medications, 1, "Benzodiazepines, opioids, MAOIs or psychostimulants", EligibilitySources.Medications, RuleSeverity.Review, RuleKind.Finding, [],
            (f, _) => YesFindings(f,
                (nameof(IntakeFacts.TakesBenzodiazepine), f.TakesBenzodiazepine, "Takes a benzodiazepine: may reduce ketamine's effect and adds sedation; review."),
                (nameof(IntakeFacts.TakesOpioid), f.TakesOpioid, "Takes an opioid: added sedation and respiratory depression; review."),
                (nameof(IntakeFacts.TakesMaoi), f.TakesMaoi, "Takes an MAOI: blood pressure may rise further; review."),
                (nameof(IntakeFacts.TakesPsychostimulant), f.TakesPsychostimulant, "Takes a psychostimulant: blood pressure may rise further; review."))),

        new(SupportTransport, 1, "Support person and transport home", EligibilitySources.SupportAndTransport, RuleSeverity.Review, RuleKind.Finding, [],
            (f, _) => NoFindings(f,
                (nameof(IntakeFacts.SupportPerson), f.SupportPerson, "No support person: must be resolved before dosing."),
                (nameof(IntakeFacts.TransportHome), f.TransportHome, "No transport home (patients may not drive until the next day): must be resolved before dosing."))),

        // At least 2 adequate trials of 4–6 weeks each (REFERENCE.md §2); the lower end, 4 weeks, is the default.
        new(TreatmentResistance, 1, "Fewer than 2 adequate prior treatment trials", EligibilitySources.TreatmentResistance, RuleSeverity.Review, RuleKind.Finding,
            // Floors from REFERENCE.md §2 (the TRD definition): at least 2 adequate trials of at least 4 weeks; only stricter is allowed.
            [new RuleThreshold(MinimumAdequateTrials, 2, "trials", 2, 5), new RuleThreshold(MinimumWeeks, Eligibility.TreatmentResistance.DefaultMinimumWeeks, "weeks", 4, 12)],
            (f, r) => TreatmentResistanceHits(f, (int)r.Threshold(MinimumAdequateTrials), (int)r.Threshold(MinimumWeeks))),

        new(WeightNotRecorded, 1, "Weight not recorded", EligibilitySources.MissingInformation, RuleSeverity.Review, RuleKind.MissingInformation, [],
            (f, _) => f.WeightKg is null ? [Hit("Weight not recorded (needed for weight-based dosing).", new ReasonFact(nameof(IntakeFacts.WeightKg), "not recorded"))] : []),

        new(BloodPressureNotRecorded, 1, "Blood pressure not recorded", EligibilitySources.MissingInformation, RuleSeverity.Review, RuleKind.MissingInformation, [],
            (f, _) => f.SystolicMmHg is null || f.DiastolicMmHg is null
                ? [Hit("Blood pressure not recorded.",
                    new ReasonFact(nameof(IntakeFacts.SystolicMmHg), f.SystolicMmHg is { } s ? Str(s) : "not recorded"),
                    new ReasonFact(nameof(IntakeFacts.DiastolicMmHg), f.DiastolicMmHg is { } d ? Str(d) : "not recorded"))]
                : []),

        new(FindingNotRecorded, 1, "Finding not recorded", EligibilitySources.MissingInformation, RuleSeverity.Review, RuleKind.MissingInformation, [],
            (f, _) => UnknownFindings(f)),
    ];

    private static IEnumerable<RuleHit> YesFindings(IntakeFacts f, params (string Field, YesNoUnknown Value, string Message)[] findings) =>
        findings.Where(x => x.Value == YesNoUnknown.Yes).Select(x => Hit(x.Message, Fact(x.Field, x.Value)));

    private static IEnumerable<RuleHit> NoFindings(IntakeFacts f, params (string Field, YesNoUnknown Value, string Message)[] findings) =>
        findings.Where(x => x.Value == YesNoUnknown.No).Select(x => Hit(x.Message, Fact(x.Field, x.Value)));

    private static IEnumerable<RuleHit> TreatmentResistanceHits(IntakeFacts f, int minimumTrials, int minimumWeeks)
    {
        var assessment = Eligibility.TreatmentResistance.Assess(f.MedicationTrials, f.PsychotherapyCourses, minimumWeeks);
        if (assessment.AdequateTrialCount >= minimumTrials) yield break;
        var facts = new List<ReasonFact> { new("AdequateTrialCount", Str(assessment.AdequateTrialCount)) };
        facts.AddRange(assessment.Counted.Concat(assessment.NotCounted)
            .Select(t => new ReasonFact(t.Counts ? "CountedTrial" : "NotCountedTrial", $"{t.Trial}: {t.Why}")));
        yield return new RuleHit(
            $"{Str(assessment.AdequateTrialCount)} adequate prior treatment trial(s), fewer than {Str(minimumTrials)}: not treatment-resistant; review.",
            facts);
    }

    private static IEnumerable<RuleHit> UnknownFindings(IntakeFacts f)
    {
        (string Field, YesNoUnknown Value, string Label)[] findings =
        [
            (nameof(IntakeFacts.PsychoticDisorderHistory), f.PsychoticDisorderHistory, "Psychotic disorder history"),
            (nameof(IntakeFacts.BipolarDisorder), f.BipolarDisorder, "Bipolar disorder"),
            (nameof(IntakeFacts.SubstanceUseDisorder), f.SubstanceUseDisorder, "Substance use disorder"),
            (nameof(IntakeFacts.AneurysmalVascularDisease), f.AneurysmalVascularDisease, "Aneurysmal vascular disease"),
            (nameof(IntakeFacts.ArteriovenousMalformation), f.ArteriovenousMalformation, "Arteriovenous malformation"),
            (nameof(IntakeFacts.IntracerebralHaemorrhageHistory), f.IntracerebralHaemorrhageHistory, "Intracerebral haemorrhage history"),
            (nameof(IntakeFacts.IschaemicHeartDisease), f.IschaemicHeartDisease, "Ischaemic heart disease"),
            (nameof(IntakeFacts.CerebrovascularDisease), f.CerebrovascularDisease, "Cerebrovascular disease"),
            (nameof(IntakeFacts.Pregnant), f.Pregnant, "Pregnancy"),
            (nameof(IntakeFacts.Breastfeeding), f.Breastfeeding, "Breastfeeding"),
            (nameof(IntakeFacts.TakesBenzodiazepine), f.TakesBenzodiazepine, "Benzodiazepine use"),
            (nameof(IntakeFacts.TakesOpioid), f.TakesOpioid, "Opioid use"),
            (nameof(IntakeFacts.TakesMaoi), f.TakesMaoi, "MAOI use"),
            (nameof(IntakeFacts.TakesPsychostimulant), f.TakesPsychostimulant, "Psychostimulant use"),
            (nameof(IntakeFacts.SupportPerson), f.SupportPerson, "Support person"),
            (nameof(IntakeFacts.TransportHome), f.TransportHome, "Transport home"),
        ];
        foreach (var (field, value, label) in findings)
        {
            if (value == YesNoUnknown.Unknown) yield return Hit($"{label} not recorded.", Fact(field, value));
        }
        // Follow-up questions matter only when their parent answer is yes.
        if (f.BipolarDisorder == YesNoUnknown.Yes && f.OnMoodStabilizer == YesNoUnknown.Unknown)
            yield return Hit("Bipolar disorder: whether on a mood stabilizer not recorded.", Fact(nameof(IntakeFacts.OnMoodStabilizer), f.OnMoodStabilizer));
        if (f.SubstanceUseDisorder == YesNoUnknown.Yes && f.MonthsAbstinent is null)
            yield return Hit("Substance use disorder: months abstinent not recorded.", new ReasonFact(nameof(IntakeFacts.MonthsAbstinent), "not recorded"));
        if (f.SuicideRisk == CssrsRiskLevel.Unknown)
            yield return Hit("C-SSRS screener risk level not recorded.", new ReasonFact(nameof(IntakeFacts.SuicideRisk), f.SuicideRisk.ToString()));
    }
}
