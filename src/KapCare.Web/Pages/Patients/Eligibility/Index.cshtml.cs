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
    Features.Intake.IntakeService intakes, Infrastructure.ClinicClock clock, EligibilityStanding standing) : PageModel
{
    /// <summary>Where eligibility stands: the latest decision and what in the intake changed since it was made.</summary>
    public EligibilityStatus? Standing { get; private set; }
    /// <summary>The facts on the form that differ from the intake (recorded as changed facts when the decision is made).</summary>
    public IReadOnlyList<ChangedFact> DifferFromIntake { get; private set; } = [];
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

    public async Task<IActionResult> OnPostDecideAsync(Guid id, string? decision, string? note, List<string>? overridden, string? justification, string? changeReason, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanDecide) return Forbid();
        var facts = Evaluate(await rules.CurrentAsync(ct));
        if (facts is null) return Page();
        if (decision is not ("approve" or "decline")) { DecisionError = "Choose approve or decline."; return Page(); }
        var outcome = await record.HandleAsync(id, facts, JsonSerializer.Serialize(Trimmed(Copy(Facts)), JsonSerializerOptions.Web), decision == "approve", note,
            overridden ?? [], justification, User, changeReason, ct);
        if (outcome is DecisionResult.Refused refused)
        {
            DecisionError = refused.Message + " Nothing was recorded.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Flash"] = "Eligibility decision recorded.";
        return Redirect($"/Patients/{id}/Eligibility");
    }

    private IntakeFacts? Evaluate(RuleSet ruleSet)
    {
        var (facts, errors) = Trimmed(Copy(Facts)).ToFacts();
        Errors = errors;
        // The same evaluation the decision will be recorded under: the intake's exclusions stay whatever the form says.
        Result = facts is null ? null : BasisFacts is { } basis ? EligibilityEngine.EvaluateAgainstIntake(facts, basis, ruleSet) : EligibilityEngine.Evaluate(facts, ruleSet);
        if (facts is not null && BasisFacts is { } intakeFacts)
            DifferFromIntake = EligibilityStanding.Compare(IntakeFactsRequest.From(intakeFacts), IntakeFactsRequest.From(facts));
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

    /// <summary>The intake's facts today (the decision's basis), or null when there is no intake.</summary>
    private IntakeFacts? BasisFacts { get; set; }

    /// <summary>The latest C-SSRS screener's risk, complete or not when it shows risk (REFERENCE.md §1; issue 9, item 8).</summary>
    private Task<CssrsRiskLevel> LatestSuicideRiskAsync(Guid id, CancellationToken ct) => EligibilityStanding.SuicideRiskAsync(db, id, ct);

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        Decisions = await db.EligibilityDecisions.AsNoTracking().Where(d => d.PatientId == id).OrderByDescending(d => d.DecidedAt).ToListAsync(ct);
        CanDecide = User.Has(Permissions.EligibilityDecide);
        (Intake, var form) = await intakes.GetAsync(id, ct);
        IntakeForm = Intake is null ? null : form;
        BasisFacts = await standing.IntakeFactsAsync(id, ct);
        Standing = await standing.CurrentAsync(id, ct);
        Pad(Facts);
        return true;
    }
}
