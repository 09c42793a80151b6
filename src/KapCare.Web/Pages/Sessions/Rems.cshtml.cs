using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Sessions;

/// <summary>The 7-day tracker of Spravato REMS Patient Monitoring Forms (issue 10, item 7), for the people who file them: overdue first, then by due date.</summary>
[RequiresPermission(Permissions.SessionRun)]
public sealed class RemsModel(RemsForms forms, AuditTrail audit) : PageModel
{
    public IReadOnlyList<RemsTrackerRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await forms.TrackerAsync(30, ct);
        await audit.RecordReadsAsync("Encounter", Rows.Select(r => r.PatientId), "REMS form tracker", ct);
    }
}
