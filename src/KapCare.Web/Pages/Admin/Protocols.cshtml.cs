using KapCare.Clinical.Plans;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Admin;

/// <summary>The clinic's protocol templates: an admin changes sessions, spacing, starting dose, infusion time and integration day; each save is a new version.</summary>
public sealed class ProtocolsModel(ProtocolTemplateStore store) : PageModel
{
    public IReadOnlyList<ProtocolTemplate> Templates { get; private set; } = [];
    public string? EditedId { get; private set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Templates = await store.CurrentAsync(ct);

    public async Task<IActionResult> OnPostAsync(string id, List<int>? sessions, List<int>? every, List<string>? unit, decimal? startingDose,
        int? infusionMinutes, int? integrationDaysAfter, CancellationToken ct)
    {
        var current = await store.FindAsync(id, ct);
        if (current is null) return NotFound();
        sessions ??= [];
        every ??= [];
        unit ??= [];
        if (sessions.Count != current.Phases.Count || every.Count != current.Phases.Count || unit.Count != current.Phases.Count || startingDose is null or <= 0)
        {
            Problems = ["Fill in every phase and the starting dose."];
        }
        else
        {
            var phases = sessions.Select((n, i) => new PhaseEdit(n, unit[i] == "week" ? new Spacing.TimesPerWeek(every[i]) : new Spacing.EveryNDays(every[i]))).ToList();
            var dose = current.Route == KapCare.Clinical.Dosing.Route.IntranasalEsketamine ? TemplateDose.Fixed(startingDose.Value) : TemplateDose.PerKg(startingDose.Value);
            Problems = await store.EditAsync(id, phases, dose, current.Route == KapCare.Clinical.Dosing.Route.Intravenous ? infusionMinutes : null,
                integrationDaysAfter ?? current.IntegrationDaysAfter, User.FindFirst(KapCareClaimsFactory.DisplayNameClaim)?.Value, ct);
        }
        if (Problems.Count == 0)
        {
            TempData["Flash"] = $"{current.Name} saved as version {current.Version + 1}. New plans use it; existing plans keep the version they were built from.";
            return Redirect("/Admin/Protocols#" + id);
        }
        EditedId = id;
        Templates = await store.CurrentAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
