using System.Globalization;
using System.Text.Json;
using KapCare.Clinical.Dosing;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Settings;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Route = KapCare.Clinical.Dosing.Route;

namespace KapCare.Web.Features.Plans;

/// <summary>
/// What the clinic stocks and uses to prepare a dose: the racemic ketamine vial strength, the infusion bag, the IM and
/// SC injection sites, and the sublingual troche strengths. The dose calculator prepares every dose from these.
/// </summary>
public sealed record DosingStock(decimal VialMgPerMl, decimal BagMl, InjectionSite ImSite, InjectionSite ScSite, IReadOnlyList<decimal> TrocheStrengthsMg)
{
    /// <summary>
    /// The shipped stock. The 10 mg troche makes the shipped sublingual protocol (0.3 mg/kg, titrated 0.2–0.4) preparable
    /// for every adult weight the calculator accepts: 0.2 mg/kg × 50 kg = 10 mg (issue 9, item 8; REFERENCE.md §3 lists
    /// fixed sublingual doses from 10 mg). Without it, 0.3 mg/kg was refused below about 83 kg (25 mg smallest).
    /// </summary>
    public static DosingStock Default { get; } = new(50m, 100m, InjectionSite.Ventrogluteal, InjectionSite.AbdomenSubcutaneous, [10m, 25m, 50m, 100m, 150m, 200m]);

    /// <summary>Infusion bags in common use.</summary>
    public static readonly IReadOnlyList<decimal> BagSizes = [50m, 100m, 250m, 500m];

    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (MilligramsPerMillilitre.StockProblem(VialMgPerMl) is { } vial) problems.Add(("vial", vial));
        if (!BagSizes.Contains(BagMl)) problems.Add(("bag", $"Choose a bag of {string.Join(", ", BagSizes.Select(b => b.ToString("0", CultureInfo.InvariantCulture)))} mL."));
        if (InjectionSites.RouteOf(ImSite) != Route.Intramuscular) problems.Add(("imSite", $"{InjectionSites.Label(ImSite)} is not an IM site."));
        if (InjectionSites.RouteOf(ScSite) != Route.Subcutaneous) problems.Add(("scSite", $"{InjectionSites.Label(ScSite)} is not an SC site."));
        if (TrocheStrengthsMg.Count is 0 or > 8) problems.Add(("troches", "Give 1 to 8 troche strengths."));
        if (TrocheStrengthsMg.Any(t => t is < 5m or > 500m || decimal.Truncate(t) != t)) problems.Add(("troches", "Troche strengths are whole mg from 5 to 500."));
        return problems;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{VialMgPerMl:0.#} mg/mL vials, {BagMl:0} mL bags, {InjectionSites.Label(ImSite).ToLowerInvariant()} IM, {InjectionSites.Label(ScSite).ToLowerInvariant()} SC, {string.Join("/", TrocheStrengthsMg.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} mg troches");
}

/// <summary>The clinic's <see cref="DosingStock"/>, an admin setting; every change is audited with before and after.</summary>
public sealed class DosingStockSettings(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public const string Key = "dosing.stock";

    public async Task<DosingStock> CurrentAsync(CancellationToken ct = default)
    {
        var json = await db.ClinicSettings.AsNoTracking().Where(s => s.Key == Key).Select(s => s.Value).FirstOrDefaultAsync(ct);
        return json is null ? DosingStock.Default : JsonSerializer.Deserialize<DosingStock>(json, TreatmentPlanRecord.Json) ?? DosingStock.Default;
    }

    /// <summary>Saves the stock when it is plausible; returns the problems otherwise (nothing saved).</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> SaveAsync(DosingStock stock, string? byName, CancellationToken ct = default)
    {
        var problems = stock.Problems();
        if (problems.Count > 0) return problems;
        var before = await CurrentAsync(ct);
        await db.ClinicSettings.PutAsync(Key, JsonSerializer.Serialize(stock, TreatmentPlanRecord.Json), byName, clock.UtcNow, ct);
        audit.Add(AuditActions.SettingUpdate, AuditOutcome.Success, "ClinicSetting", Key, detail: $"{before.Describe()} → {stock.Describe()}");
        await db.SaveChangesAsync(ct);
        return [];
    }
}
