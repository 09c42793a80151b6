using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Instruments;
using KapCare.Web.Features.Settings;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Admin;

public sealed class SettingsModel(ChangeConventions conventions, KapCare.Web.Features.Eligibility.EligibilityRules eligibilityRules,
    KapCare.Web.Features.Plans.DosingStockSettings stockSettings, SignInPolicies signInPolicies,
    KapCare.Web.Features.EmergencyAccess.EmergencyAccesses emergencyAccesses, KapCare.Web.Features.Sessions.DosingRoomSettings dosingRoom) : PageModel
{
    public KapCare.Web.Features.Sessions.DosingRoom? Room { get; private set; }
    /// <summary>What the admin typed when it was refused, shown again beside the problems.</summary>
    public KapCare.Web.Features.Sessions.DosingRoomInput? RoomInput { get; private set; }
    public IReadOnlyList<(string Field, string Message)> RoomProblems { get; private set; } = [];

    /// <summary>The dosing room: chairs and rooms, the pre-dose BP hold, the vitals intervals; nothing saved when a value is wrong.</summary>
    public async Task<IActionResult> OnPostDosingRoomAsync(string? chairs, int? holdSystolic, int? holdDiastolic, int? interval, int? earlyIvInterval, CancellationToken ct)
    {
        var input = new KapCare.Web.Features.Sessions.DosingRoomInput(chairs, holdSystolic, holdDiastolic, interval, earlyIvInterval);
        RoomProblems = await dosingRoom.SaveAsync(input, User.FindFirstValue(KapCareClaimsFactory.DisplayNameClaim), ct);
        if (RoomProblems.Count == 0)
        {
            TempData["Flash"] = "Dosing room saved: it applies to the next check-in and the next reading.";
            return RedirectToPage();
        }
        await LoadAsync(null, null, null, ct);
        RoomInput = input;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public int EmergencyMinutes { get; private set; } = KapCare.Web.Features.EmergencyAccess.EmergencyAccesses.DefaultMinutes;
    public string? EmergencyError { get; private set; }

    /// <summary>How long an emergency (break-glass) access lasts (docs/decisions/0020); nothing saved when out of range.</summary>
    public async Task<IActionResult> OnPostEmergencyAsync(string? minutes, CancellationToken ct)
    {
        EmergencyError = int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            ? await emergencyAccesses.SetMinutesAsync(m, User, ct)
            : $"Give {KapCare.Web.Features.EmergencyAccess.EmergencyAccesses.MinimumMinutes} to {KapCare.Web.Features.EmergencyAccess.EmergencyAccesses.MaximumMinutes} minutes.";
        if (EmergencyError is null)
        {
            TempData["Flash"] = $"Emergency access now lasts {m} minutes, from the next one started.";
            return RedirectToPage();
        }
        await LoadAsync(null, null, null, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public SignInPolicy SignInSettings { get; private set; } = new(new HashSet<string>(), SignInPolicies.DefaultStaffIdleMinutes, SignInPolicies.DefaultPatientIdleMinutes);
    public string? SignInError { get; private set; }

    /// <summary>Which roles must use two-factor, and the idle time-outs (ONC 170.315(d)(13) and (d)(5)); nothing saved when a value is out of range.</summary>
    public async Task<IActionResult> OnPostSignInAsync(Dictionary<string, bool>? twoFactor, string? staffIdleMinutes, string? patientIdleMinutes, CancellationToken ct)
    {
        static int? Minutes(string? s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : null;
        var roles = (twoFactor ?? []).Where(r => r.Value && SignInPolicies.StaffRoles.Contains(r.Key)).Select(r => r.Key).ToList();
        SignInError = await signInPolicies.SaveAsync(roles, Minutes(staffIdleMinutes), Minutes(patientIdleMinutes), User.FindFirstValue(KapCareClaimsFactory.DisplayNameClaim), ct);
        if (SignInError is null)
        {
            TempData["Flash"] = "Sign-in security saved. It applies from each person's next request; new idle time-outs from their next sign-in.";
            return RedirectToPage();
        }
        await LoadAsync(null, null, null, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public KapCare.Web.Features.Plans.DosingStock Stock { get; private set; } = KapCare.Web.Features.Plans.DosingStock.Default;
    public IReadOnlyList<(string Field, string Message)> StockProblems { get; private set; } = [];

    /// <summary>Saves the clinic's dosing stock (vial strength, bag, sites, troches) when plausible; nothing saved otherwise.</summary>
    public async Task<IActionResult> OnPostStockAsync(decimal? vial, decimal? bag, KapCare.Clinical.Dosing.InjectionSite? imSite,
        KapCare.Clinical.Dosing.InjectionSite? scSite, string? troches, CancellationToken ct)
    {
        var strengths = (troches ?? string.Empty).Split([',', ' ', ';', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Select(t => decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1m).ToList();
        var stock = new KapCare.Web.Features.Plans.DosingStock(vial ?? 0m, bag ?? 0m,
            imSite ?? KapCare.Clinical.Dosing.InjectionSite.Ventrogluteal, scSite ?? KapCare.Clinical.Dosing.InjectionSite.AbdomenSubcutaneous, strengths);
        StockProblems = await stockSettings.SaveAsync(stock, User.FindFirstValue(KapCareClaimsFactory.DisplayNameClaim), ct);
        if (StockProblems.Count == 0)
        {
            TempData["Flash"] = $"Dosing stock saved: {stock.Describe()}.";
            return RedirectToPage();
        }
        await LoadAsync(null, null, null, ct);
        Stock = stock;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
    public sealed record Row(string InstrumentId, string ShortName, string Current, ReliableChangeSetting Setting, string? Error);

    public List<Row> Rows { get; } = [];
    public IReadOnlyList<KapCare.Clinical.Eligibility.EligibilityRule> Rules { get; private set; } = [];
    public string RuleSetVersion { get; private set; } = string.Empty;
    public string? ThresholdError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(null, null, null, ct);

    public async Task<IActionResult> OnPostThresholdAsync(string ruleId, string name, string? value, CancellationToken ct)
    {
        if (!decimal.TryParse(value?.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            ThresholdError = $"\"{value}\" is not a number.";
        else
            ThresholdError = await eligibilityRules.ChangeThresholdAsync(ruleId, name, number, User.FindFirstValue(KapCareClaimsFactory.DisplayNameClaim), ct);
        if (ThresholdError is null)
        {
            TempData["Flash"] = $"{ruleId}: {name} is now {number.ToString(CultureInfo.InvariantCulture)}; a new rule-set version is in use.";
            return RedirectToPage();
        }
        await LoadAsync(null, null, null, ct);
        return Page();
    }

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
        Stock = await stockSettings.CurrentAsync(ct);
        Room = await dosingRoom.CurrentAsync(ct);
        EmergencyMinutes = await emergencyAccesses.MinutesAsync(ct);
        SignInSettings = await signInPolicies.CurrentAsync(ct);
        var ruleSet = await eligibilityRules.CurrentAsync(ct);
        Rules = ruleSet.Rules;
        RuleSetVersion = ruleSet.Version;
        foreach (var id in ChangeConventions.Configurable)
        {
            var convention = (await conventions.ForAsync(id, ct))!;
            var setting = id == failed && attempted is not null ? attempted : ReliableChangeSetting.From(convention.ReliableChange);
            Rows.Add(new Row(id, InstrumentLibrary.Get(id).ShortName, convention.ReliableChange.Describe(), setting, id == failed ? error : null));
        }
    }
}
