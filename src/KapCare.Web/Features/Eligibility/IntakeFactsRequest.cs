using System.Text.Json;
using System.Text.Json.Serialization;
using KapCare.Clinical.Eligibility;

namespace KapCare.Web.Features.Eligibility;

/// <summary>
/// The intake facts an integration sends to <c>POST /api/eligibility/evaluate</c>. Every field must be present:
/// a fact nobody knows is sent as "unknown" (or null for a number), so that leaving a field out is a client
/// error and not a silent "no" — the engine then reasons about the unknown explicitly.
/// </summary>
public sealed class IntakeFactsRequest
{
    public int? SystolicMmHg { get; set; }
    public int? DiastolicMmHg { get; set; }
    public decimal? WeightKg { get; set; }
    public decimal? HeightCm { get; set; }
    public string? PsychoticDisorderHistory { get; set; }
    public string? BipolarDisorder { get; set; }
    public string? OnMoodStabilizer { get; set; }
    public string? SubstanceUseDisorder { get; set; }
    public int? MonthsAbstinent { get; set; }
    public string? AneurysmalVascularDisease { get; set; }
    public string? ArteriovenousMalformation { get; set; }
    public string? IntracerebralHaemorrhageHistory { get; set; }
    public string? IschaemicHeartDisease { get; set; }
    public string? CerebrovascularDisease { get; set; }
    public string? Pregnant { get; set; }
    public string? Breastfeeding { get; set; }
    public string? TakesBenzodiazepine { get; set; }
    public string? TakesOpioid { get; set; }
    public string? TakesMaoi { get; set; }
    public string? TakesPsychostimulant { get; set; }
    /// <summary>C-SSRS screener risk: low, moderate, high or unknown.</summary>
    public string? SuicideRisk { get; set; }
    public string? SupportPerson { get; set; }
    public string? TransportHome { get; set; }
    public List<MedicationTrialRequest>? MedicationTrials { get; set; }
    public List<PsychotherapyCourseRequest>? PsychotherapyCourses { get; set; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>The request that carries <paramref name="facts"/> (e.g. to prefill the prescriber's form from the intake).</summary>
    public static IntakeFactsRequest From(IntakeFacts facts)
    {
        static string Tri(YesNoUnknown v) => v.ToString().ToLowerInvariant();
        return new IntakeFactsRequest
        {
            SystolicMmHg = facts.SystolicMmHg,
            DiastolicMmHg = facts.DiastolicMmHg,
            WeightKg = facts.WeightKg,
            HeightCm = facts.HeightCm,
            PsychoticDisorderHistory = Tri(facts.PsychoticDisorderHistory),
            BipolarDisorder = Tri(facts.BipolarDisorder),
            OnMoodStabilizer = Tri(facts.OnMoodStabilizer),
            SubstanceUseDisorder = Tri(facts.SubstanceUseDisorder),
            MonthsAbstinent = facts.MonthsAbstinent,
            AneurysmalVascularDisease = Tri(facts.AneurysmalVascularDisease),
            ArteriovenousMalformation = Tri(facts.ArteriovenousMalformation),
            IntracerebralHaemorrhageHistory = Tri(facts.IntracerebralHaemorrhageHistory),
            IschaemicHeartDisease = Tri(facts.IschaemicHeartDisease),
            CerebrovascularDisease = Tri(facts.CerebrovascularDisease),
            Pregnant = Tri(facts.Pregnant),
            Breastfeeding = Tri(facts.Breastfeeding),
            TakesBenzodiazepine = Tri(facts.TakesBenzodiazepine),
            TakesOpioid = Tri(facts.TakesOpioid),
            TakesMaoi = Tri(facts.TakesMaoi),
            TakesPsychostimulant = Tri(facts.TakesPsychostimulant),
            SuicideRisk = facts.SuicideRisk.ToString().ToLowerInvariant(),
            SupportPerson = Tri(facts.SupportPerson),
            TransportHome = Tri(facts.TransportHome),
            MedicationTrials = facts.MedicationTrials.Select(t => new MedicationTrialRequest { Drug = t.Drug, DoseAdequate = Tri(t.DoseAdequate), Weeks = t.Weeks }).ToList(),
            PsychotherapyCourses = facts.PsychotherapyCourses.Select(c => new PsychotherapyCourseRequest { Type = c.Type, Sessions = c.Sessions, Completed = Tri(c.Completed) }).ToList(),
        };
    }

    /// <summary>The facts, or the problems keyed by the JSON field they belong to (for a 400 ProblemDetails).</summary>
    public (IntakeFacts? Facts, Dictionary<string, string[]> Errors) ToFacts()
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];

        YesNoUnknown Tri(string field, string? value)
        {
            switch (value?.Trim().ToLowerInvariant())
            {
                case "yes": return YesNoUnknown.Yes;
                case "no": return YesNoUnknown.No;
                case "unknown": return YesNoUnknown.Unknown;
                case null: Error(field, "Required: \"yes\", \"no\" or \"unknown\"."); return YesNoUnknown.Unknown;
                default: Error(field, $"\"{value}\" is not \"yes\", \"no\" or \"unknown\"."); return YesNoUnknown.Unknown;
            }
        }

        var risk = SuicideRisk?.Trim().ToLowerInvariant() switch
        {
            "low" => CssrsRiskLevel.Low,
            "moderate" => CssrsRiskLevel.Moderate,
            "high" => CssrsRiskLevel.High,
            "unknown" => CssrsRiskLevel.Unknown,
            null => Fail("suicideRisk", "Required: \"low\", \"moderate\", \"high\" or \"unknown\" (C-SSRS screener)."),
            _ => Fail("suicideRisk", $"\"{SuicideRisk}\" is not \"low\", \"moderate\", \"high\" or \"unknown\"."),
        };
        CssrsRiskLevel Fail(string field, string message) { Error(field, message); return CssrsRiskLevel.Unknown; }

        if (MedicationTrials is null) Error("medicationTrials", "Required: a list (empty when none).");
        if (PsychotherapyCourses is null) Error("psychotherapyCourses", "Required: a list (empty when none).");

        var trials = (MedicationTrials ?? []).Select((t, i) =>
        {
            return new MedicationTrial(t.Drug?.Trim() ?? string.Empty, Tri($"medicationTrials[{i}].doseAdequate", t.DoseAdequate), t.Weeks);
        }).ToList();
        var courses = (PsychotherapyCourses ?? []).Select((c, i) =>
        {
            return new PsychotherapyCourse(c.Type?.Trim() ?? string.Empty, c.Sessions, Tri($"psychotherapyCourses[{i}].completed", c.Completed));
        }).ToList();

        var facts = new IntakeFacts
        {
            SystolicMmHg = SystolicMmHg,
            DiastolicMmHg = DiastolicMmHg,
            WeightKg = WeightKg,
            HeightCm = HeightCm,
            PsychoticDisorderHistory = Tri("psychoticDisorderHistory", PsychoticDisorderHistory),
            BipolarDisorder = Tri("bipolarDisorder", BipolarDisorder),
            OnMoodStabilizer = Tri("onMoodStabilizer", OnMoodStabilizer),
            SubstanceUseDisorder = Tri("substanceUseDisorder", SubstanceUseDisorder),
            MonthsAbstinent = MonthsAbstinent,
            AneurysmalVascularDisease = Tri("aneurysmalVascularDisease", AneurysmalVascularDisease),
            ArteriovenousMalformation = Tri("arteriovenousMalformation", ArteriovenousMalformation),
            IntracerebralHaemorrhageHistory = Tri("intracerebralHaemorrhageHistory", IntracerebralHaemorrhageHistory),
            IschaemicHeartDisease = Tri("ischaemicHeartDisease", IschaemicHeartDisease),
            CerebrovascularDisease = Tri("cerebrovascularDisease", CerebrovascularDisease),
            Pregnant = Tri("pregnant", Pregnant),
            Breastfeeding = Tri("breastfeeding", Breastfeeding),
            TakesBenzodiazepine = Tri("takesBenzodiazepine", TakesBenzodiazepine),
            TakesOpioid = Tri("takesOpioid", TakesOpioid),
            TakesMaoi = Tri("takesMaoi", TakesMaoi),
            TakesPsychostimulant = Tri("takesPsychostimulant", TakesPsychostimulant),
            SuicideRisk = risk,
            SupportPerson = Tri("supportPerson", SupportPerson),
            TransportHome = Tri("transportHome", TransportHome),
            MedicationTrials = trials,
            PsychotherapyCourses = courses,
        };
        // Impossible values (BP 400/20, weight 0) are the facts' own rules, keyed by the same JSON field names.
        foreach (var problem in facts.Problems()) errors.TryAdd(problem.Field, [problem.Message]);
        return errors.Count == 0 ? (facts, errors) : (null, errors);
    }
}

public sealed class MedicationTrialRequest
{
    public string? Drug { get; set; }
    /// <summary>yes, no or unknown: whether the dose reached an adequate therapeutic level.</summary>
    public string? DoseAdequate { get; set; }
    public int? Weeks { get; set; }
}

public sealed class PsychotherapyCourseRequest
{
    public string? Type { get; set; }
    public int? Sessions { get; set; }
    /// <summary>yes, no or unknown: whether the full course was completed.</summary>
    public string? Completed { get; set; }
}
