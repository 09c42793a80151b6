using KapCare.Web.Data;
using KapCare.Web.Features.EmergencyAccess;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages;

/// <summary>The staff home page: counts, a search box, the patients touched most recently, and for those who read the
/// audit log every emergency access still to review (docs/decisions/0020).</summary>
[HandlerPermission("Review", Permissions.AuditRead)]
public sealed class IndexModel(KapCareDbContext db, ClinicClock clock, Features.Audit.AuditTrail audit, EmergencyAccesses emergencyAccesses) : PageModel
{
    public IReadOnlyList<EmergencyAccessToReview> ToReview { get; private set; } = [];
    /// <summary>The grant whose review failed, and why.</summary>
    public (Guid Id, string Message, string? Note)? ReviewError { get; private set; }

    public bool CanSeePatients { get; private set; }
    public int ActivePatients { get; private set; }
    public int NewPatients { get; private set; }
    /// <summary>Null for a person without clinical.read: the counts are clinical information.</summary>
    public int? OpenAlerts { get; private set; }
    public int? OpenTasks { get; private set; }
    public IReadOnlyList<Patient> Recent { get; private set; } = [];
    public string FirstName { get; private set; } = string.Empty;
    public string PartOfDay { get; private set; } = "day";

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Patients have their own portal; the staff home is not theirs.
        if (User.Has(Permissions.PortalSelf) && User.HasClaim(c => c.Type == KapCareClaimsFactory.PatientIdClaim)) return Redirect("/Portal");
        var hour = clock.ToLocal(clock.UtcNow).Hour;
        PartOfDay = hour < 12 ? "morning" : hour < 18 ? "afternoon" : "evening";
        var name = User.FindFirst("display_name")?.Value ?? User.Identity?.Name ?? string.Empty;
        FirstName = name.StartsWith("Dr. ", StringComparison.Ordinal) ? name.Split(',')[0] : name.Split(' ')[0];

        if (User.Has(Permissions.AuditRead))
        {
            ToReview = await emergencyAccesses.UnreviewedAsync(ct);
            if (ToReview.Count > 0)
                await audit.RecordSearchAsync("EmergencyAccess", ToReview.Select(r => r.Access.PatientId).ToList(), "home page: emergency access to review", ct);
        }

        CanSeePatients = User.Has(Permissions.DemographicsRead);
        if (!CanSeePatients) return Page();
        var since = clock.UtcNow.AddDays(-30);
        ActivePatients = await db.Patients.CountAsync(p => p.ArchivedAt == null, ct);
        if (User.Has(Permissions.ClinicalRead))
        {
            OpenAlerts = await db.SafetyAlerts.CountAsync(a => a.Status == Features.Measures.AlertStatus.Open, ct);
            OpenTasks = await db.CareTasks.CountAsync(t => t.Status == Features.Measures.CareTaskStatus.Open, ct);
        }
        NewPatients = await db.Patients.CountAsync(p => p.CreatedAt >= since, ct);
        Recent = await db.Patients.AsNoTracking().Where(p => p.ArchivedAt == null).OrderByDescending(p => p.UpdatedAt).Take(6).ToListAsync(ct);
        // Names and record numbers are patient data too: the list is audited as a search that showed these patients.
        await audit.RecordSearchAsync("Patient", Recent.Select(p => p.Id).ToList(), "home page: recently updated patients", ct);
        return Page();
    }

    /// <summary>Marks an emergency access reviewed (audited); it leaves the list.</summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnPostReviewAsync(Guid accessId, string? note, CancellationToken ct)
    {
        if (await emergencyAccesses.ReviewAsync(accessId, note, User, ct) is { } problem)
        {
            ModelState.AddModelError("note", problem);
            ReviewError = (accessId, problem, note);
            return await OnGetAsync(ct);
        }
        TempData["Flash"] = "Emergency access marked reviewed.";
        return RedirectToPage();
    }
}
