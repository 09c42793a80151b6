using System.Text.Json;
using KapCare.Clinical.Eligibility;
using KapCare.Web.Data;
using KapCare.Web.Features.Eligibility;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Eligibility;

/// <summary>
/// The prescriber enters or reviews the medical-screen facts, sees the explainable evaluation, and records a decision;
/// approving against an exclusion needs an explicit, justified, audited override.
/// </summary>
[RequiresPermission(Permissions.ClinicalRead)]
[HandlerPermission("Decide", Permissions.EligibilityDecide)]
public sealed class IndexModel(KapCareDbContext db, RecordEligibilityDecision record, EligibilityRules rules,
    Features.Intake.IntakeService intakes, Infrastructure.ClinicClock clock) : PageModel
{
    public static readonly string[] Findings =
    [
        nameof(IntakeFactsRequest.PsychoticDisorderHistory), nameof(IntakeFactsRequest.BipolarDisorder), nameof(IntakeFactsRequest.OnMoodStabilizer),
        nameof(IntakeFactsRequest.SubstanceUseDisorder), nameof(IntakeFactsRequest.AneurysmalVascularDisease), nameof(IntakeFactsRequest.ArteriovenousMalformation),
        nameof(IntakeFactsRequest.IntracerebralHaemorrhageHistory), nameof(IntakeFactsRequest.IschaemicHeartDisease), nameof(IntakeFactsRequest.CerebrovascularDisease),
        nameof(IntakeFactsRequest.Pregnant), nameof(IntakeFactsRequest.Breastfeeding), nameof(IntakeFactsRequest.TakesBenzodiazepine), nameof(IntakeFactsRequest.TakesOpioid),
        nameof(IntakeFactsRequest.TakesMaoi), nameof(IntakeFactsRequest.TakesPsychostimulant), nameof(IntakeFactsRequest.SupportPerson), nameof(IntakeFactsRequest.TransportHome),
    ];

    public Patient Patient { get; private set; } = null!;
    [BindProperty] public IntakeFactsRequest Facts { get; set; } = Blank();
    public EligibilityResult? Result { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? DecisionError { get; private set; }
    public IReadOnlyList<EligibilityDecisionRecord> Decisions { get; private set; } = [];
    public bool CanDecide { get; private set; }
    /// <summary>Where the form's facts came from, said above the form ("From the intake saved …").</summary>
    public string? FactsSource { get; private set; }
    public Features.Intake.PatientIntake? Intake { get; private set; }
    public KapCare.Clinical.Intake.IntakeForm? IntakeForm { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        // The newer of the intake and the last decision fills the form: a prescriber's correction is not undone by an
        // older intake, and a newer intake answer is not hidden behind an older decision.
        if (Intake is { } intake && IntakeForm is { } form && (Decisions.Count == 0 || intake.UpdatedAt > Decisions[0].DecidedAt))
        {
            Facts = Pad(IntakeFactsRequest.From(form.ToFacts(clock.Today, await LatestSuicideRiskAsync(id, ct))));
            FactsSource = $"From the intake saved {clock.Relative(intake.UpdatedAt)} by {intake.UpdatedByName}; suicide risk from the latest C-SSRS screener. Check, correct and evaluate.";
        }
        else if (Decisions.Count > 0 && JsonSerializer.Deserialize<IntakeFactsRequest>(Decisions[0].FactsJson, JsonSerializerOptions.Web) is { } last)
        {
            Facts = Pad(last);
            FactsSource = $"From the decision of {clock.Relative(Decisions[0].DecidedAt)} by {Decisions[0].DecidedByName}.";
        }
        return Page();
    }

    public async Task<IActionResult> OnPostEvaluateAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Evaluate(await rules.CurrentAsync(ct));
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id, string? decision, string? note, List<string>? overridden, string? justification, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanDecide) return Forbid();
        var facts = Evaluate(await rules.CurrentAsync(ct));
        if (facts is null) return Page();
        if (decision is not ("approve" or "decline")) { DecisionError = "Choose approve or decline."; return Page(); }
        var outcome = await record.HandleAsync(id, facts, JsonSerializer.Serialize(Trimmed(Copy(Facts)), JsonSerializerOptions.Web), decision == "approve", note,
            overridden ?? [], justification, User, ct);
        if (outcome is DecisionResult.Refused refused)
        {
            DecisionError = refused.Message + " Nothing was recorded.";
            return Page();
        }
        TempData["Flash"] = "Eligibility decision recorded.";
        return Redirect($"/Patients/{id}/Eligibility");
    }

    private IntakeFacts? Evaluate(RuleSet ruleSet)
    {
        var (facts, errors) = Trimmed(Copy(Facts)).ToFacts();
        Errors = errors;
        Result = facts is null ? null : EligibilityEngine.Evaluate(facts, ruleSet);
        Pad(Facts); // the form keeps its empty rows for more trials
        return facts;
    }

    private static IntakeFactsRequest Copy(IntakeFactsRequest form) =>
        JsonSerializer.Deserialize<IntakeFactsRequest>(JsonSerializer.Serialize(form, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!;

    /// <summary>The form shows empty rows for new trials; only filled ones are facts.</summary>
    private static IntakeFactsRequest Trimmed(IntakeFactsRequest form)
    {
        form.MedicationTrials = (form.MedicationTrials ?? []).Where(t => !string.IsNullOrWhiteSpace(t.Drug)).ToList();
        form.PsychotherapyCourses = (form.PsychotherapyCourses ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Type)).ToList();
        return form;
    }

    private static IntakeFactsRequest Pad(IntakeFactsRequest form)
    {
        form.MedicationTrials ??= [];
        form.PsychotherapyCourses ??= [];
        while (form.MedicationTrials.Count < 3) form.MedicationTrials.Add(new MedicationTrialRequest { DoseAdequate = "unknown" });
        while (form.PsychotherapyCourses.Count < 2) form.PsychotherapyCourses.Add(new PsychotherapyCourseRequest { Completed = "unknown" });
        return form;
    }

    private static IntakeFactsRequest Blank()
    {
        var form = new IntakeFactsRequest { SuicideRisk = "unknown" };
        foreach (var name in Findings) typeof(IntakeFactsRequest).GetProperty(name)!.SetValue(form, "unknown");
        return Pad(form);
    }

    /// <summary>The risk level of the latest completed C-SSRS screener (REFERENCE.md §1), or unknown when none was done.</summary>
    private async Task<CssrsRiskLevel> LatestSuicideRiskAsync(Guid id, CancellationToken ct)
    {
        var band = await db.QuestionnaireResponses.AsNoTracking()
            .Where(r => r.PatientId == id && r.InstrumentId == KapCare.Clinical.Instruments.InstrumentIds.CssrsScreen && r.Status == Features.Measures.ResponseStatus.Completed)
            .OrderByDescending(r => r.AuthoredAt).Select(r => r.BandCode).FirstOrDefaultAsync(ct);
        return band switch
        {
            "low" => CssrsRiskLevel.Low,
            "moderate" => CssrsRiskLevel.Moderate,
            "high" => CssrsRiskLevel.High,
            _ => CssrsRiskLevel.Unknown,
        };
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        Decisions = await db.EligibilityDecisions.AsNoTracking().Where(d => d.PatientId == id).OrderByDescending(d => d.DecidedAt).ToListAsync(ct);
        CanDecide = User.Has(Permissions.EligibilityDecide);
        (Intake, var form) = await intakes.GetAsync(id, ct);
        IntakeForm = Intake is null ? null : form;
        Pad(Facts);
        return true;
    }
}
