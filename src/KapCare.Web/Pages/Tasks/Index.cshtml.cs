using System.Security.Claims;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Tasks;

public sealed class IndexModel(KapCareDbContext db, AuditTrail audit, ClinicClock clock) : PageModel
{
    public sealed record TaskRow(CareTask Task, string PatientName);

    public IReadOnlyList<TaskRow> Tasks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await (from t in db.CareTasks.AsNoTracking()
                          join p in db.Patients.AsNoTracking() on t.PatientId equals p.Id
                          where t.Status == CareTaskStatus.Open
                          orderby t.CreatedAt
                          select new { t, p.FamilyName, p.GivenName }).ToListAsync(ct);
        Tasks = rows.Select(r => new TaskRow(r.t, $"{r.FamilyName}, {r.GivenName}")).ToList();
        await audit.RecordReadsAsync("CareTask", Tasks.Select(t => t.Task.PatientId), "open tasks list", ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? note, CancellationToken ct)
    {
        var task = await db.CareTasks.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null) return NotFound();
        if (task.Status == CareTaskStatus.Open)
        {
            task.Status = CareTaskStatus.Done;
            task.DoneAt = clock.UtcNow;
            task.DoneByName = User.FindFirstValue(KapCareClaimsFactory.DisplayNameClaim) ?? User.Identity?.Name;
            task.DoneNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
            audit.Add(AuditActions.TaskDone, AuditOutcome.Success, "CareTask", id.ToString(), task.PatientId, task.Title);
            await db.SaveChangesAsync(ct);
            TempData["Flash"] = "Task done.";
        }
        return RedirectToPage();
    }
}
