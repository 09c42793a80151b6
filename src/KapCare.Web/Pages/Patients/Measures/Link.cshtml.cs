using KapCare.Web.Features.Users;
using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Instruments;
using KapCare.Web.Data;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Patients;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Measures;

[RequiresPermission(Permissions.MeasureEnter)]
public sealed class LinkModel(KapCareDbContext db, MeasureLinkService links, ClinicClock clock, WebDeploymentSettings deployment) : PageModel
{
    public Patient Patient { get; private set; } = null!;
    public IReadOnlyList<Instrument> SelfReport { get; } = InstrumentLibrary.All.Where(i => i.Rater == Rater.Patient).ToList();
    public IReadOnlyList<Instrument> Chosen { get; private set; } = [];
    public string? CreatedUrl { get; private set; }
    public string ExpiresText { get; private set; } = string.Empty;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, List<string> instruments, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Patient.IsArchived) return Redirect($"/Patients/{id}");
        Chosen = instruments.Select(InstrumentLibrary.Find).OfType<Instrument>().Where(i => i.Rater == Rater.Patient).Distinct().ToList();
        if (Chosen.Count == 0)
        {
            Error = "Choose at least one questionnaire.";
            return Page();
        }
        var created = await links.CreateAsync(id, Chosen, User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        CreatedUrl = $"{deployment.BaseUrl(Request)}/m/{created.Token}";
        ExpiresText = clock.ToLocal(created.Link.ExpiresAt).ToString("dddd d MMMM, h:mm tt", CultureInfo.InvariantCulture);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        return true;
    }
}
