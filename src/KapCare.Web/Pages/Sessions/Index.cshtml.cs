using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Sessions;

/// <summary>
/// The dosing room's chair board (issue 10, item 8), for the nurses and prescribers running sessions: big enough to read
/// across the room on a tablet, refreshed every 15 seconds (the refresh does not keep the sign-in alive).
/// </summary>
[RequiresPermission(Permissions.SessionRun)]
public sealed class IndexModel(ChairBoard board, AuditTrail audit) : PageModel
{
    public IReadOnlyList<ChairTile> Tiles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Tiles = await board.TodayAsync(ct);
        await audit.RecordReadsAsync("Encounter", Tiles.Where(t => t.PatientId is not null).Select(t => t.PatientId!.Value), "chair board", ct);
    }

    /// <summary>The board alone, for the page's refresh.</summary>
    public async Task<IActionResult> OnGetBoardAsync(CancellationToken ct)
    {
        Tiles = await board.TodayAsync(ct);
        return Partial("_ChairBoard", this);
    }
}
