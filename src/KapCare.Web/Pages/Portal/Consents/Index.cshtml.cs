using KapCare.Web.Features.Consent;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Portal.Consents;

public sealed class IndexModel(ConsentService consents) : PageModel
{
    public IReadOnlyList<ConsentStatus> Statuses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Statuses = await consents.StatusAsync(PortalPatient.Id(User), ct);
}
