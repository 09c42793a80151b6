using System.Security.Claims;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Alerts;

/// <summary>A clinician resolves a safety alert with a note of the action taken (issue 3, item 5).</summary>
[HandlerPermission(HandlerPermissionAttribute.AnyPost, Permissions.AlertResolve)]
public sealed class ResolveModel(KapCareDbContext db, AuditTrail audit, ClinicClock clock) : PageModel
{
    public SafetyAlert Alert { get; private set; } = null!;
    public Patient Patient { get; private set; } = null!;
    public string? ResponseSummary { get; private set; }
    public string? Note { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, int version, string? note, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Note = note;
        if (Alert.Status == AlertStatus.Resolved) return Redirect($"/Alerts/{id}");
        if (SafetyAlert.NoteProblem(note) is { } problem)
        {
            Error = problem;
            return Page();
        }
        var tracked = await db.SafetyAlerts.FirstAsync(a => a.Id == id, ct);
        tracked.Resolve(note!, User.FindFirstValue(ClaimTypes.NameIdentifier)!, User.FindFirstValue(KapCareClaimsFactory.DisplayNameClaim) ?? User.Identity!.Name!, clock.UtcNow);
        db.Entry(tracked).Property(a => a.Version).OriginalValue = version;
        audit.Add(AuditActions.AlertResolve, AuditOutcome.Success, "SafetyAlert", id.ToString(), tracked.PatientId, "resolved with a note");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["Flash"] = "Someone else resolved this alert while you were writing. Their note is below.";
            return Redirect($"/Alerts/{id}");
        }
        TempData["Flash"] = "Alert resolved. Your note is on the patient's record.";
        return Redirect("/Alerts");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var alert = await db.SafetyAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null) return false;
        Alert = alert;
        Patient = await db.Patients.AsNoTracking().FirstAsync(p => p.Id == alert.PatientId, ct);
        if (alert.ResponseId is Guid responseId && await db.QuestionnaireResponses.AsNoTracking().FirstOrDefaultAsync(r => r.Id == responseId, ct) is { } response)
            ResponseSummary = $"{Clinical.Instruments.InstrumentLibrary.Find(response.InstrumentId)?.ShortName ?? response.InstrumentId} answered {clock.Format(response.AuthoredAt)}";
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "SafetyAlert", id.ToString(), alert.PatientId, "alert opened", ct);
        return true;
    }
}
