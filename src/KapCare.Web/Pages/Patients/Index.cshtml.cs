using KapCare.Web.Features.Patients;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Patients;

public sealed class IndexModel(SearchPatients search) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public PatientSort Sort { get; set; } = PatientSort.Name;
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    [BindProperty(SupportsGet = true)] public bool Archived { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public PatientSearchPage Results { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!Enum.IsDefined(Sort)) Sort = PatientSort.Name;
        Results = await search.HandleAsync(Q, Archived, Sort, Desc, PageNumber, PageSize, ct);
    }
}
