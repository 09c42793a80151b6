using KapCare.Web.Features.Users;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Patients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients;

[RequiresPermission(Permissions.DemographicsWrite)]
public sealed class EditModel(KapCareDbContext db, AuditTrail audit, UpdatePatient update) : PageModel
{
    [BindProperty] public PatientForm Input { get; set; } = new();
    /// <summary>The version the editor started from: the optimistic-concurrency check compares it on save.</summary>
    [BindProperty] public int Version { get; set; }
    public Patient Patient { get; private set; } = null!;
    public string? ConflictMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return NotFound();
        if (patient.IsArchived) return Redirect($"/Patients/{id}");
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "Patient", id.ToString(), id, "opened for editing", ct);
        Patient = patient;
        Input = PatientForm.From(patient.ToDemographics());
        Version = patient.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var current = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (current is null) return NotFound();
        Patient = current;
        if (!Input.TryToDemographics(ModelState, nameof(Input), out var demographics))
        {
            PatientForm.AddErrors(ModelState, nameof(Input), demographics.Normalized().Validate(DateOnly.MaxValue));
            return Page();
        }

        switch (await update.HandleAsync(id, Version, demographics, ct))
        {
            case PatientWriteResult.Saved:
                TempData["Flash"] = "Changes saved.";
                return Redirect($"/Patients/{id}");
            case PatientWriteResult.Invalid invalid:
                PatientForm.AddErrors(ModelState, nameof(Input), invalid.Errors);
                return Page();
            case PatientWriteResult.Conflict conflict:
                Patient = conflict.Current;
                var theirs = conflict.Current.ToDemographics();
                var differing = UpdatePatient.ChangedFields(theirs, demographics.Normalized());
                foreach (var field in differing)
                    ModelState.AddModelError($"{nameof(Input)}.{field}", "Now saved as: " + (typeof(Clinical.Patients.PatientDemographics).GetProperty(field)!.GetValue(theirs)?.ToString() ?? "(empty)"));
                ConflictMessage = $"It is now at version {conflict.Current.Version}; you started from version {Version}.";
                // Saving again means "I have seen their version": compare against it next time.
                Version = conflict.Current.Version;
                ModelState.Remove(nameof(Version));
                return Page();
            case PatientWriteResult.Archived:
                TempData["Flash"] = "This record was archived while you were editing; nothing was saved.";
                return Redirect($"/Patients/{id}");
            case PatientWriteResult.NotFound:
                return NotFound();
            default:
                throw new InvalidOperationException("Update ended in an unexpected state.");
        }
    }
}
