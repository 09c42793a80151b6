using KapCare.Clinical.Plans;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Integration;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Integration;

/// <summary>The course's preparation and integration: each dose with its integration window, and the signed notes.</summary>
[RequiresPermission(Permissions.ClinicalRead)]
public sealed class IndexModel(KapCareDbContext db, TherapyNotes notes, AuditTrail audit) : PageModel
{
    public Patient Patient { get; private set; } = null!;
    public IReadOnlyList<IntegrationDue> Windows { get; private set; } = [];
    public IReadOnlyList<TherapyNoteRecord> Notes { get; private set; } = [];
    public IReadOnlyList<Modality> Accepted { get; private set; } = [];
    public bool HasPlan { get; private set; }
    public bool CanWrite => User.Has(Permissions.TherapyNotes);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return NotFound();
        Patient = patient;
        var plan = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == id && p.Status == PlanStatus.Signed, ct);
        HasPlan = plan is not null;
        Accepted = plan?.Modalities.Where(m => m.Accepted).Select(m => m.Modality).ToList() ?? [];
        Windows = await notes.WindowsAsync(id, ct);
        Notes = await notes.NotesAsync(id, ct);
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "Patient", id.ToString(), id, "integration notes", ct);
        return Page();
    }
}
