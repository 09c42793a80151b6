using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Admin;

/// <summary>Admins browse and filter the audit log. Read-only by design: no page or API edits or deletes it.</summary>
public sealed class AuditModel(KapCareDbContext db, AuditTrail audit, ClinicClock clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Who { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public AuditOutcome? Outcome { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Patient { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public Dictionary<Guid, string> PatientNames { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Who)) { var who = Who.Trim().ToLowerInvariant(); query = query.Where(e => e.Actor.ToLower().Contains(who)); }
        if (!string.IsNullOrWhiteSpace(Action)) query = query.Where(e => e.Action == Action);
        if (Outcome is { } outcome) query = query.Where(e => e.Outcome == outcome);
        if (Patient is { } patient) query = query.Where(e => e.PatientId == patient);
        if (From is { } from)
        {
            var fromUtc = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), clock.Zone);
            query = query.Where(e => e.OccurredAt >= fromUtc);
        }
        if (To is { } to)
        {
            var toUtc = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), clock.Zone);
            query = query.Where(e => e.OccurredAt < toUtc);
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Entries = await query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var ids = Entries.Where(e => e.PatientId is not null).Select(e => e.PatientId!.Value).Distinct().ToList();
        PatientNames = await db.Patients.AsNoTracking().Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.FamilyName + ", " + p.GivenName, ct);

        await audit.RecordAsync(AuditActions.AuditRead, AuditOutcome.Success, detail: $"{Total} entries matched", cancellationToken: ct);
    }

    public string PageLink(int page) =>
        Url.Page("/Admin/Audit", new { who = Who, action = Action, outcome = Outcome, from = From?.ToString("yyyy-MM-dd"), to = To?.ToString("yyyy-MM-dd"), patient = Patient, p = page })!;
}
