using System.Globalization;
using System.Text;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Pages.Ledger;

/// <summary>The inventory for a date (close of business), on screen and as PDF and CSV, as a DEA biennial inventory needs.</summary>
public sealed class InventoryModel(LedgerQueries queries, AuditTrail audit, ClinicClock clock, IOptions<ClinicOptions> clinic) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Date { get; set; }
    public Inventory? Report { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync("viewed", ct) is { } problem) return problem;
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await LoadAsync("CSV downloaded", ct) is { } problem) return problem;
        return File(Encoding.UTF8.GetBytes(InventoryReport.Csv(Report!)), "text/csv; charset=utf-8", $"controlled-substance-inventory-{Report!.Date:yyyy-MM-dd}.csv");
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct)
    {
        if (await LoadAsync("PDF downloaded", ct) is { } problem) return problem;
        return File(InventoryReport.Pdf(Report!), "application/pdf", $"controlled-substance-inventory-{Report!.Date:yyyy-MM-dd}.pdf");
    }

    /// <summary>Builds the report for the date asked (today when none); a bad date is a 400 naming the field.</summary>
    private async Task<IActionResult?> LoadAsync(string what, CancellationToken ct)
    {
        var date = clock.Today;
        if (!string.IsNullOrWhiteSpace(Date) && !DateOnly.TryParseExact(Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            Error = "date: give the inventory date as yyyy-MM-dd.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (date > clock.Today)
        {
            Error = "date: an inventory is of stock on hand: choose today or a past date.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Report = await queries.InventoryAsync(date, clinic.Value.Name, clinic.Value.DeaRegistration, User.DisplayName(), ct);
        await audit.RecordAsync(AuditActions.LedgerInventory, AuditOutcome.Success, "Ledger", null, null, $"inventory for {Date} {what}", ct);
        return null;
    }
}
