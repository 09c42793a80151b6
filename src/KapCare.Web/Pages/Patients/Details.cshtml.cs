using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients;

[HandlerPermission("Archive", Permissions.PatientArchive)]
[HandlerPermission("Restore", Permissions.PatientArchive)]
public sealed class DetailsModel(KapCareDbContext db, AuditTrail audit, ArchivePatient archive, ChartOverview overview) : PageModel
{
    public sealed record LatestScore(string Name, int? Total, string? Band, DateTime At);

    public Patient Patient { get; private set; } = null!;
    public IReadOnlyList<LatestScore> LatestScores { get; private set; } = [];
    public string? ArchiveReason { get; private set; }
    public string? ArchiveError { get; private set; }
    public ChartSummary Summary { get; private set; } = null!;
    public bool CanReadClinical { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return NotFound();
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "Patient", id.ToString(), id, cancellationToken: ct);
        Patient = patient;
        CanReadClinical = User.Has(Permissions.ClinicalRead);
        if (!CanReadClinical) return Page();
        var completed = await db.QuestionnaireResponses.AsNoTracking()
            .Where(r => r.PatientId == id && r.Status == Features.Measures.ResponseStatus.Completed)
            .OrderByDescending(r => r.AuthoredAt).Take(50).ToListAsync(ct);
        LatestScores = completed.GroupBy(r => r.InstrumentId).Select(g => g.First())
            .Select(r => new LatestScore(Clinical.Instruments.InstrumentLibrary.Find(r.InstrumentId)?.ShortName ?? r.InstrumentId, r.Total, r.BandLabel, r.AuthoredAt))
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Summary = await overview.LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid id, int version, string? reason, CancellationToken ct)
    {
        switch (await archive.ArchiveAsync(id, version, reason ?? string.Empty, ct))
        {
            case PatientWriteResult.Saved:
                TempData["Flash"] = "The record is archived.";
                return Redirect($"/Patients/{id}");
            case PatientWriteResult.Invalid invalid:
                ArchiveReason = reason;
                ArchiveError = invalid.Errors.Values.First();
                return await OnGetAsync(id, ct);
            case PatientWriteResult.Conflict:
                TempData["Flash"] = "Someone changed this record while you were looking at it. Check the details below and archive again if still right.";
                return Redirect($"/Patients/{id}");
            case PatientWriteResult.NotFound:
                return NotFound();
            default:
                return Redirect($"/Patients/{id}");
        }
    }

    public async Task<IActionResult> OnPostRestoreAsync(Guid id, CancellationToken ct)
    {
        var result = await archive.RestoreAsync(id, ct);
        if (result is PatientWriteResult.NotFound) return NotFound();
        TempData["Flash"] = "The record is restored.";
        return Redirect($"/Patients/{id}");
    }
}
