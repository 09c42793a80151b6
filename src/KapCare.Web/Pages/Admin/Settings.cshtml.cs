using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Instruments;
using KapCare.Web.Features.Settings;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Admin;

public sealed class SettingsModel(ChangeConventions conventions) : PageModel
{
    public sealed record Row(string InstrumentId, string ShortName, string Current, ReliableChangeSetting Setting, string? Error);

    public List<Row> Rows { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(null, null, null, ct);

    public async Task<IActionResult> OnPostAsync(string instrument, string? method, string? sd, string? r, string? points, CancellationToken ct)
    {
        if (!ChangeConventions.Configurable.Contains(instrument)) return NotFound();
        static double? Number(string? s) => double.TryParse(s?.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        var setting = method == "jt"
            ? new ReliableChangeSetting(true, Number(sd), Number(r), null)
            : new ReliableChangeSetting(false, null, null, int.TryParse(points, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null);
        var problem = await conventions.SaveAsync(instrument, setting, User.FindFirstValue(KapCareClaimsFactory.DisplayNameClaim), ct);
        if (problem is null)
        {
            TempData["Flash"] = $"{InstrumentLibrary.Get(instrument).ShortName}: reliable change is now judged by {setting.Serialize()}.";
            return RedirectToPage();
        }
        await LoadAsync(instrument, setting, problem, ct);
        return Page();
    }

    private async Task LoadAsync(string? failed, ReliableChangeSetting? attempted, string? error, CancellationToken ct)
    {
        foreach (var id in ChangeConventions.Configurable)
        {
            var convention = (await conventions.ForAsync(id, ct))!;
            var setting = id == failed && attempted is not null ? attempted : ReliableChangeSetting.From(convention.ReliableChange);
            Rows.Add(new Row(id, InstrumentLibrary.Get(id).ShortName, convention.ReliableChange.Describe(), setting, id == failed ? error : null));
        }
    }
}
