using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Alerts;

/// <summary>The care team's safety-alert inbox: open alerts oldest first, so none waits longest.</summary>
public sealed class IndexModel(KapCareDbContext db, AuditTrail audit) : PageModel
{
    public sealed record AlertRow(SafetyAlert Alert, string PatientName, string Mrn);

    [BindProperty(SupportsGet = true, Name = "resolved")] public bool ShowResolved { get; set; }
    public IReadOnlyList<AlertRow> Alerts { get; private set; } = [];
    public int OpenCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        OpenCount = await db.SafetyAlerts.CountAsync(a => a.Status == AlertStatus.Open, ct);
        var status = ShowResolved ? AlertStatus.Resolved : AlertStatus.Open;
        var query = from a in db.SafetyAlerts.AsNoTracking()
                    join p in db.Patients.AsNoTracking() on a.PatientId equals p.Id
                    where a.Status == status
                    select new { a, p.FamilyName, p.GivenName, p.Mrn };
        var rows = ShowResolved
            ? await query.OrderByDescending(x => x.a.ResolvedAt).Take(200).ToListAsync(ct)
            : await query.OrderBy(x => x.a.RaisedAt).ToListAsync(ct);
        Alerts = rows.Select(x => new AlertRow(x.a, $"{x.FamilyName}, {x.GivenName}", Clinical.Patients.MedicalRecordNumber.TryParse(x.Mrn, out var m) ? m.Value.ToString() : x.Mrn)).ToList();
        // The inbox shows each patient's alert messages (scores, safety items): a read of each of their records.
        await audit.RecordReadsAsync("SafetyAlert", Alerts.Select(a => a.Alert.PatientId), ShowResolved ? "resolved alerts list" : "open alerts list", ct);
    }
}
