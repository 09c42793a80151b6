using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Requests;

/// <summary>
/// The front desk's queue of consultation requests from the public self-screen (issue 4, item 1): new ones first, and
/// among them any whose sender reported thoughts of self-harm, then the longest waiting.
/// </summary>
public sealed class IndexModel(KapCareDbContext db, AuditTrail audit) : PageModel
{
    /// <summary>How many closed requests the "Closed" tab shows, newest first.</summary>
    public const int ClosedShown = 100;

    public bool ShowClosed { get; private set; }
    public IReadOnlyList<ConsultationRequest> Requests { get; private set; } = [];
    public int OpenCount { get; private set; }

    public async Task OnGetAsync(string? show, CancellationToken ct)
    {
        ShowClosed = show == "closed";
        var open = await db.ConsultationRequests.AsNoTracking()
            .Where(r => r.Status == ConsultationStatus.New || r.Status == ConsultationStatus.Contacted)
            .ToListAsync(ct);
        OpenCount = open.Count;
        Requests = ShowClosed
            ? await db.ConsultationRequests.AsNoTracking()
                .Where(r => r.Status == ConsultationStatus.Converted || r.Status == ConsultationStatus.Declined)
                .OrderByDescending(r => r.ClosedAt).Take(ClosedShown).ToListAsync(ct)
            : open.OrderBy(r => r.Status).ThenByDescending(r => r.ShowedCrisisResources).ThenBy(r => r.SubmittedAt).ToList();
        await audit.RecordAsync(AuditActions.ConsultationRead, AuditOutcome.Success, nameof(ConsultationRequest), null, null,
            $"queue listed ({(ShowClosed ? "closed" : "open")}, {Requests.Count} shown)", ct);
    }
}
