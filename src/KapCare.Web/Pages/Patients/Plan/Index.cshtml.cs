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
public sealed class IndexModel(KapCareDbContext db, TreatmentPlans plans, AuditTrail audit, PlanDosing dosing,
    Microsoft.AspNetCore.Identity.UserManager<KapCareUser> users, DosingStockSettings stockSettings) : PageModel
{
    public DosingStock Stock { get; private set; } = DosingStock.Default;
    public TemplateDose? CurrentDose { get; private set; }
    public IReadOnlyList<DoseChangeRecord> DoseHistory { get; private set; } = [];
    public KapCare.Clinical.Dosing.DoseResult? Calculation { get; private set; }
    public decimal? WeightKg { get; private set; }
    public IReadOnlyList<KapCareUser> CoSigners { get; private set; } = [];
    public string? DoseError { get; private set; }
    public IReadOnlyList<PkCurve> PkCurves { get; private set; } = [];
    public string? DoseErrorField { get; private set; }

    public Patient Patient { get; private set; } = null!;
    public IReadOnlyList<TreatmentPlanRecord> Versions { get; private set; } = [];
    public TreatmentPlanRecord? Plan { get; private set; }
    public string? Error { get; private set; }
    public bool CanSign => User.IsInRole(Roles.Prescriber);
    public bool CanChooseModalities => User.IsInRole(Roles.Prescriber) || User.IsInRole(Roles.Therapist);

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

    public async Task<IActionResult> OnPostSignAsync(Guid id, Guid planId, CancellationToken ct)
    {
        if (!CanSign) return Forbid();
        return await AfterAsync(id, planId, await plans.SignAsync(planId, User, ct), "Plan signed. It can now change only by a new signed version.", ct);
    }

    public async Task<IActionResult> OnPostReviseAsync(Guid id, Guid planId, CancellationToken ct)
    {
        if (!CanSign) return Forbid();
        var signed = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId && p.PatientId == id, ct);
        if (signed is null) return NotFound();
        var result = await plans.ReviseAsync(planId, new PlanAdjustments(signed.FirstDosingDate), User, ct);
        return await AfterAsync(id, result is PlanResult.Done d ? d.Plan.Id : planId, result, "Draft revision started: change it, then sign it.", ct);
    }

    public async Task<IActionResult> OnPostChangeDoseAsync(Guid id, Guid planId, decimal? newDose, string? reason, string? coSigner, string? coSignReason, CancellationToken ct)
    {
        if (!CanSign) return Forbid();
        switch (await dosing.ChangeAsync(planId, newDose, reason, coSigner, coSignReason, User, ct))
        {
            case DoseChangeResult.Changed changed:
                TempData["Flash"] = $"Dose changed to {changed.Change.To}: {changed.Calculation.Dose} for {changed.Calculation.Weight}.";
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
        WeightKg = await dosing.WeightAsync(Plan.PatientId, ct);
        Stock = await stockSettings.CurrentAsync(ct);
        Calculation = KapCare.Clinical.Dosing.DoseCalculator.Calculate(PlanDosing.Request(Plan.Protocol, dose, WeightKg, Plan.AgeYears, firstDoseOfCourse: DoseHistory.Count == 0, Stock));
        // The PK view simulates the dose actually prepared (after rounding), for the same weight.
        if (Calculation is KapCare.Clinical.Dosing.DoseCalculation calculation && WeightKg is { } weight)
            PkCurves = PlanPk.Curves(Plan.Protocol.Route, calculation.Dose.Value, weight, Plan.Protocol.InfusionMinutes);
        if (CanSign)
        {
            var me = User.FindFirstValue(System.Security.Claims.ClaimTypes.NameIdentifier);
            CoSigners = (await users.GetUsersInRoleAsync(Roles.Prescriber)).Where(u => u.IsActive && u.Id != me).OrderBy(u => u.DisplayName, StringComparer.Ordinal).ToList();
        }
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
