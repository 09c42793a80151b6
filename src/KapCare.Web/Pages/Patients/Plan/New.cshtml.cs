using KapCare.Web.Features.Users;
using System.Globalization;
using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Plans;
using KapCare.Web.Data;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Plans;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Plan;

/// <summary>Builds a plan: pick a protocol, adjust sessions, spacing, starting dose and infusion time, preview every session, save a draft.</summary>
[RequiresPermission(Permissions.DoseOrder)]
public sealed class NewModel(KapCareDbContext db, ProtocolTemplateStore store, TreatmentPlans plans, ClinicClock clock) : PageModel
{
    public Patient Patient { get; private set; } = null!;
    public IReadOnlyList<ProtocolTemplate> Templates { get; private set; } = [];
    public ProtocolTemplate? Template { get; private set; }
    public string? Refusal { get; private set; }
    public string? Error { get; private set; }
    public PlanDraft? Preview { get; private set; }
    public decimal? WeightKg { get; private set; }

    [BindProperty(SupportsGet = true)] public string? TemplateId { get; set; }
    [BindProperty] public DateOnly FirstDosingDate { get; set; }
    [BindProperty] public List<PhaseInput> Phases { get; set; } = [];
    [BindProperty] public decimal? StartingDose { get; set; }
    [BindProperty] public int? InfusionMinutes { get; set; }

    public sealed class PhaseInput
    {
        public int Sessions { get; set; }
        /// <summary>"days" (every N days) or "week" (N a week).</summary>
        public string Unit { get; set; } = "days";
        public int Every { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Template is { } t)
        {
            FirstDosingDate = clock.Today.AddDays(7);
            Phases = t.Phases.Select(p => p.Spacing switch
            {
                Spacing.TimesPerWeek w => new PhaseInput { Sessions = p.Sessions, Unit = "week", Every = w.Times },
                Spacing.EveryNDays d => new PhaseInput { Sessions = p.Sessions, Unit = "days", Every = d.Days },
                _ => new PhaseInput { Sessions = p.Sessions },
            }).ToList();
            StartingDose = t.Phases[0].Doses[0].MgPerKg ?? t.Phases[0].Doses[0].FixedMg;
            InfusionMinutes = t.InfusionMinutes;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Template is null || Refusal is not null) return Page();
        try
        {
            Preview = await plans.PreviewAsync(id, Template, Adjustments(Template), ct);
        }
        catch (ArgumentException ex)
        {
            Error = ex.ForPeople();
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct)
    {
        if (!User.Has(Permissions.DoseOrder)) return Forbid();
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Template is null) return Page();
        switch (await plans.CreateDraftAsync(id, Template.Id, Adjustments(Template), User, ct))
        {
            case PlanResult.Done done:
                TempData["Flash"] = $"Draft plan v{done.Plan.PlanVersion} saved. Review the modalities, then a prescriber signs it.";
                return Redirect($"/Patients/{id}/Plan/{done.Plan.Id}");
            case PlanResult.Refused refused:
                Error = refused.Message + " Nothing was saved.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return NotFound();
        }
    }

    private PlanAdjustments Adjustments(ProtocolTemplate template)
    {
        var phases = Phases.Count == template.Phases.Count
            ? Phases.Select(p => (p.Sessions, p.Unit == "week" ? (Spacing)new Spacing.TimesPerWeek(p.Every) : new Spacing.EveryNDays(p.Every))).ToList()
            : null;
        TemplateDose? dose = StartingDose is { } d ? (template.Route == KapCare.Clinical.Dosing.Route.IntranasalEsketamine ? TemplateDose.Fixed(d) : TemplateDose.PerKg(d)) : null;
        return new PlanAdjustments(FirstDosingDate, phases, dose, template.Route == KapCare.Clinical.Dosing.Route.Intravenous ? InfusionMinutes : null);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        Templates = await store.CurrentAsync(ct);
        Template = TemplateId is null ? null : ProtocolTemplates.Find(Templates, TemplateId);
        Refusal = await plans.NotApprovedAsync(id, ct);
        var intake = await db.PatientIntakes.AsNoTracking().FirstOrDefaultAsync(i => i.PatientId == id, ct);
        WeightKg = intake is null ? null : Features.Intake.IntakeService.Read(intake).Medical.WeightKg;
        return true;
    }

    public static string Number(decimal? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? string.Empty;
}
