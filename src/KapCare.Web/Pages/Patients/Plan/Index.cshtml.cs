using KapCare.Clinical.Plans;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using System.Security.Claims;

namespace KapCare.Web.Pages.Patients.Plan;

/// <summary>The patient's treatment plan: the current (or chosen) version with its sessions, dose, modalities and criteria; sign and revise.</summary>
[RequiresPermission(Permissions.ClinicalRead)]
[HandlerPermission("Modalities", Permissions.ModalitiesChoose)]
[HandlerPermission("Sign", Permissions.PlanSign)]
[HandlerPermission("Withdraw", Permissions.DoseOrder)]
[HandlerPermission("Weight", Permissions.ClinicalWrite)]
[HandlerPermission("Revise", Permissions.DoseOrder)]
[HandlerPermission("ChangeDose", Permissions.DoseOrder)]
[HandlerPermission("Titration", Permissions.DoseOrder)]
public sealed class IndexModel(KapCareDbContext db, TreatmentPlans plans, AuditTrail audit, PlanDosing dosing, DoseCoSigning coSigning,
    DosingWeights weights, PlanTitration titration) : PageModel
{
    /// <summary>The signed plan's titration: the given doses, the proposal from the latest session and its decision.</summary>
    public TitrationReview? Titration { get; private set; }
    /// <summary>The proposed dose worked out for today (its warnings are acknowledged when accepting it).</summary>
    public KapCare.Clinical.Dosing.DoseResult? ProposedCalculation { get; private set; }
    public string? TitrationError { get; private set; }
    public string? TitrationErrorField { get; private set; }
    public bool CanDecideDose => User.Has(Permissions.DoseOrder);

    /// <summary>The weight doses are calculated from (clinician-recorded), with the patient's reported weight beside it.</summary>
    public DosingWeight? Weight { get; private set; }
    public bool CanRecordWeight => DosingWeights.CanVouch(User);
    public string? WeightError { get; private set; }
    /// <summary>The draft's planned doses as the calculator sees them today (what signing will check).</summary>
    public IReadOnlyList<PlanDosing.PlannedDoseCheck> PlannedDoses { get; private set; } = [];
    /// <summary>Co-signatures asked for or given on this plan version.</summary>
    public IReadOnlyList<DoseCoSignature> CoSignatures { get; private set; } = [];
    public string? CoSignField { get; private set; }
    public DosingStock Stock { get; private set; } = DosingStock.Default;
    public TemplateDose? CurrentDose { get; private set; }
    public IReadOnlyList<DoseChangeRecord> DoseHistory { get; private set; } = [];
    public KapCare.Clinical.Dosing.DoseResult? Calculation { get; private set; }
    public decimal? WeightKg { get; private set; }
    public string? DoseError { get; private set; }
    public IReadOnlyList<PkCurve> PkCurves { get; private set; } = [];
    public string? DoseErrorField { get; private set; }

    public Patient Patient { get; private set; } = null!;
    public IReadOnlyList<TreatmentPlanRecord> Versions { get; private set; } = [];
    public TreatmentPlanRecord? Plan { get; private set; }
    public string? Error { get; private set; }
    public bool CanSign => User.Has(Permissions.PlanSign);
    public bool CanChooseModalities => User.Has(Permissions.ModalitiesChoose);

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? planId, CancellationToken ct)
    {
        if (!await LoadAsync(id, planId, ct)) return NotFound();
        if (Plan is not null)
            await audit.RecordAsync(AuditActions.PlanRead, AuditOutcome.Success, "CarePlan", Plan.Id.ToString(), id, $"v{Plan.PlanVersion}", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostModalitiesAsync(Guid id, Guid planId, List<Modality>? accepted, string? note, CancellationToken ct)
    {
        if (!CanChooseModalities) return Forbid();
        return await AfterAsync(id, planId, await plans.ChooseModalitiesAsync(planId, (accepted ?? []).ToHashSet(), note, User, ct), "Modalities saved.", ct);
    }

    public async Task<IActionResult> OnPostSignAsync(Guid id, Guid planId, bool acknowledge, string? mode, string? coSignerEmail, string? coSignerPassword,
        string? coSignerCode, string? coSignReason, string? requestReason, CancellationToken ct)
    {
        if (!CanSign) return Forbid();
        if (!await PlanOfPatientAsync(id, planId, ct)) return NotFound();
        var result = await plans.SignAsync(planId, User, acknowledge, CoSign(mode, coSignerEmail, coSignerPassword, coSignerCode, coSignReason, requestReason), ct);
        if (result is PlanResult.AwaitingCoSignature waiting)
        {
            TempData["Flash"] = $"Not signed yet: {waiting.Requests.Count} planned dose(s) above the hard limit wait for a second prescriber's co-signature.";
            return Redirect($"/Patients/{id}/Plan/{planId}");
        }
        return await AfterAsync(id, planId, result, "Plan signed. It can now change only by a new signed version.", ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid planId, Guid requestId, CancellationToken ct)
    {
        if (!CanSign) return Forbid();
        if (!await PlanOfPatientAsync(id, planId, ct)) return NotFound();
        if (!await coSigning.WithdrawAsync(requestId, User, ct)) return NotFound();
        TempData["Flash"] = "Co-signature request withdrawn.";
        return Redirect($"/Patients/{id}/Plan/{planId}");
    }

    /// <summary>A prescriber or nurse records today's weight, or confirms the weight the patient reported.</summary>
    public async Task<IActionResult> OnPostWeightAsync(Guid id, Guid planId, decimal? weightKg, bool confirmReported, CancellationToken ct)
    {
        if (!CanRecordWeight) return Forbid();
        if (!await PlanOfPatientAsync(id, planId, ct)) return NotFound();
        decimal? kg = weightKg;
        if (confirmReported) kg = (await dosing.DosingWeightAsync(id, ct)).ReportedKg;
        var (recorded, problem) = await weights.RecordAsync(id, kg, confirmReported ? WeightSource.ConfirmedReport : WeightSource.Measured, User, ct);
        if (recorded is null)
        {
            if (!await LoadAsync(id, planId, ct)) return NotFound();
            WeightError = problem + " Nothing was recorded.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Flash"] = $"Weight {recorded.WeightKg:0.#} kg recorded; doses are calculated from it.";
        return Redirect($"/Patients/{id}/Plan/{planId}");
    }

    private static PlanDosing.CoSignInput CoSign(string? mode, string? email, string? password, string? code, string? reason, string? requestReason) => mode switch
    {
        "queue" => new(PlanDosing.CoSignMode.Queue, null, null, requestReason),
        "here" => new(PlanDosing.CoSignMode.AtScreen, new CoSignerCredentials(email, password, code), reason, requestReason),
        _ => PlanDosing.CoSignInput.None,
    };

    /// <summary>A plan id posted in a form must belong to the patient in the address: a forged id for another patient is not found.</summary>
    private Task<bool> PlanOfPatientAsync(Guid id, Guid planId, CancellationToken ct) => db.TreatmentPlans.AnyAsync(p => p.Id == planId && p.PatientId == id, ct);

    public async Task<IActionResult> OnPostReviseAsync(Guid id, Guid planId, CancellationToken ct)
    {
        if (!CanSign) return Forbid();
        var signed = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId && p.PatientId == id, ct);
        if (signed is null) return NotFound();
        var result = await plans.ReviseAsync(planId, new PlanAdjustments(signed.FirstDosingDate), User, ct);
        return await AfterAsync(id, result is PlanResult.Done d ? d.Plan.Id : planId, result, "Draft revision started: change it, then sign it.", ct);
    }

    public async Task<IActionResult> OnPostChangeDoseAsync(Guid id, Guid planId, decimal? newDose, string? reason, bool acknowledge, string? mode,
        string? coSignerEmail, string? coSignerPassword, string? coSignerCode, string? coSignReason, CancellationToken ct)
    {
        if (!CanSign) return Forbid();
        if (!await PlanOfPatientAsync(id, planId, ct)) return NotFound();
        switch (await dosing.ChangeAsync(planId, newDose, reason, acknowledge, CoSign(mode, coSignerEmail, coSignerPassword, coSignerCode, coSignReason, null), User, ct))
        {
            case DoseChangeResult.Changed changed:
                TempData["Flash"] = $"Dose changed to {changed.Change.To}: {changed.Calculation.Dose} for {changed.Calculation.Weight}"
                    + (changed.Change.CoSignedByName is { } by ? $", co-signed by {by}." : ".");
                return Redirect($"/Patients/{id}/Plan/{planId}");
            case DoseChangeResult.AwaitingCoSignature waiting:
                TempData["Flash"] = $"Not changed yet: {waiting.Request.Dose} ({waiting.Request.CalculatedMg:0.##} mg) is above the hard limit and waits in the co-signature queue.";
                return Redirect($"/Patients/{id}/Plan/{planId}");
            case DoseChangeResult.Refused refused:
                if (!await LoadAsync(id, planId, ct)) return NotFound();
                DoseError = refused.Message + " Nothing was recorded.";
                DoseErrorField = refused.Field;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>The prescriber's decision on the titration proposal: accept it, or choose another step with a reason.</summary>
    public async Task<IActionResult> OnPostTitrationAsync(Guid id, Guid planId, Guid sessionId, string? decision, decimal? dose, string? reason, bool acknowledge,
        CancellationToken ct)
    {
        if (!CanDecideDose) return Forbid();
        if (!await PlanOfPatientAsync(id, planId, ct)) return NotFound();
        switch (await titration.DecideAsync(planId, sessionId, decision == "accept", dose, reason, acknowledge, User, ct))
        {
            case TitrationDecisionResult.Decided decided:
                TempData["Flash"] = $"Next dose: {decided.Decision.DecidedDose}" + (decided.Change is null ? " (as planned; nothing to change)." : $" — dose changed from {decided.Change.From}.");
                return Redirect($"/Patients/{id}/Plan/{planId}");
            case TitrationDecisionResult.Refused refused:
                if (!await LoadAsync(id, planId, ct)) return NotFound();
                TitrationError = refused.Message + " Nothing was recorded.";
                TitrationErrorField = refused.Field;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>Above a hard limit with no co-signature covering this exact dose on this plan.</summary>
    public bool Blocked(KapCare.Clinical.Dosing.DoseCalculation calculation) =>
        calculation.RequiresCoSignature && !CoSignatures.Any(c => CurrentDose is { } d && c.Covers(d, calculation.Dose.Value))
        && !(DoseHistory.Count > 0 && DoseHistory[^1].CoSignatureId is not null && DoseHistory[^1].To == CurrentDose);

    private async Task<IActionResult> AfterAsync(Guid id, Guid planId, PlanResult result, string flash, CancellationToken ct)
    {
        switch (result)
        {
            case PlanResult.Done done:
                TempData["Flash"] = flash;
                return Redirect($"/Patients/{id}/Plan/{done.Plan.Id}");
            case PlanResult.Refused refused:
                if (!await LoadAsync(id, planId, ct)) return NotFound();
                Error = refused.Message;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>The current dose, calculated for today's weight with the clinic's stock, and the dose history.</summary>
    private async Task LoadDoseAsync(CancellationToken ct)
    {
        if (Plan is null) return;
        (var dose, DoseHistory) = await dosing.CurrentAsync(Plan, ct);
        CurrentDose = dose;
        var facts = await dosing.FactsAsync(Plan.PatientId, ct);
        Weight = facts.Weight;
        WeightKg = Weight.Kg;
        Stock = facts.Stock;
        var first = dosing.NextDoseIsFirstOfCourse(Plan, await dosing.CourseStartAsync(Plan, ct));
        Calculation = PlanDosing.Calculate(Plan, dose, first, facts);
        if (Plan.Status == PlanStatus.Draft) PlannedDoses = await dosing.PlannedDosesAsync(Plan, ct);
        if (Plan.Status == PlanStatus.Signed)
        {
            Titration = await titration.ReviewAsync(Plan, ct);
            if (Titration.ProposedDose is { } proposed && proposed != dose) ProposedCalculation = PlanDosing.Calculate(Plan, proposed, first, facts);
        }
        CoSignatures = await db.DoseCoSignatures.AsNoTracking().Where(c => c.PlanId == Plan.Id).OrderByDescending(c => c.RequestedAt).ToListAsync(ct);
        // The PK view simulates the dose actually prepared (after rounding), for the same weight.
        // A blocked dose is never simulated or prepared: only why it is blocked and what would unblock it is shown.
        if (Calculation is KapCare.Clinical.Dosing.DoseCalculation calculation && !Blocked(calculation) && WeightKg is { } weight)
            PkCurves = PlanPk.Curves(Plan.Protocol.Route, calculation.Dose.Value, weight, Plan.Protocol.InfusionMinutes);
    }

    private async Task<bool> LoadAsync(Guid id, Guid? planId, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        Versions = await db.TreatmentPlans.AsNoTracking().Where(p => p.PatientId == id).OrderByDescending(p => p.PlanVersion).ToListAsync(ct);
        if (planId is { } chosen)
        {
            Plan = Versions.FirstOrDefault(p => p.Id == chosen);
            if (Plan is null) return false;
            await LoadDoseAsync(ct);
            return true;
        }
        Plan = Versions.FirstOrDefault(p => p.Status == PlanStatus.Draft) ?? Versions.FirstOrDefault(p => p.Status == PlanStatus.Signed);
        await LoadDoseAsync(ct);
        return true;
    }
}

/// <summary>The co-signature fields of a form: <paramref name="Prefix"/> keeps ids unique when two forms are on the page.</summary>
public sealed record CoSignFieldsModel(string Prefix, bool AskRequestReason);
