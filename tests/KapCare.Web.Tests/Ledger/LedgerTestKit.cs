using System.Net;
using System.Security.Claims;
using System.Text;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Ledger;

/// <summary>The ledger as the tests drive it: the web forms a nurse uses, and the handler the MAR will call.</summary>
internal static class LedgerTestKit
{
    public const string Troche100 = "ketamine-troche-100mg";
    public const string Vial50 = "ketamine-hcl-50mg-ml-10ml";
    public const string Esketamine = "esketamine-28mg-device";

    /// <summary>A date counted from the clinic's today (its own time zone, as the ledger counts expiry), not UTC's: at 00:30 UTC
    /// Chicago is still on yesterday, and a lot "expired yesterday" by UTC would still be in date.</summary>
    public static string InDays(int days)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(new KapCare.Web.Infrastructure.ClinicOptions().TimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone)).AddDays(days).ToString("yyyy-MM-dd");
    }

    public static Task<HttpResponseMessage> ReceiveAsync(HttpClient client, string product, string lot, int containers, string? expiry = null) =>
        KapCareTestApp.PostFormAsync(client, "/Ledger/Receive", new()
        {
            ["ProductCode"] = product, ["LotNumber"] = lot, ["Expiry"] = expiry ?? InDays(400), ["Containers"] = containers.ToString(),
            ["Supplier"] = "Cardinal Health, DEA RC0123456", ["Invoice"] = "INV-2026-0042",
        });

    public static Task<Guid> LotIdAsync(this KapCareTestApp app, string lot) =>
        app.WithDbAsync(db => db.LedgerLots.Where(l => l.LotNumber == lot).Select(l => l.Id).SingleAsync());

    public static Task<long> BalanceAsync(this KapCareTestApp app, Guid lotId) =>
        app.WithDbAsync(db => LedgerChain.BalanceAsync(db, lotId, default));

    public static Task<int> EntryCountAsync(this KapCareTestApp app) => app.WithDbAsync(db => db.LedgerEntries.CountAsync());

    public static Task<HttpResponseMessage> WasteAsync(HttpClient client, Guid lotId, string quantity, string? witnessEmail, string? password, string? code, string reason = "remainder of a drawn dose, into the disposal container") =>
        KapCareTestApp.PostFormAsync(client, "/Ledger/Waste", new()
        {
            ["LotId"] = lotId.ToString(), ["Quantity"] = quantity, ["Reason"] = reason,
            ["WitnessEmail"] = witnessEmail ?? string.Empty, ["WitnessPassword"] = password ?? string.Empty, ["WitnessCode"] = code ?? string.Empty,
        });

    public static Task<HttpResponseMessage> CountAsync(HttpClient client, Guid lotId, string containers, string? openedMl = null) =>
        KapCareTestApp.PostFormAsync(client, "/Ledger/Count", new() { ["LotId"] = lotId.ToString(), ["Containers"] = containers, ["OpenedMl"] = openedMl ?? string.Empty });

    /// <summary>The principal a signed-in person has, for calling the ledger's handler as the MAR will.</summary>
    public static Task<ClaimsPrincipal> PrincipalAsync(this KapCareTestApp app, string email) => app.WithServicesAsync(async s =>
    {
        var users = s.GetRequiredService<UserManager<KapCareUser>>();
        var user = await users.FindByEmailAsync(email);
        return await s.GetRequiredService<IUserClaimsPrincipalFactory<KapCareUser>>().CreateAsync(user!);
    });

    public static Task<LedgerResult> AdministerAsync(this KapCareTestApp app, Guid lotId, decimal quantity, Guid patientId, ClaimsPrincipal user) =>
        app.WithServicesAsync(s => s.GetRequiredService<ControlledSubstanceLedger>().AdministerAsync(lotId, quantity, patientId, Guid.NewGuid(), "dosing session 1", user));

    public static Task<LedgerResult> ReceiveDirectAsync(this KapCareTestApp app, ClaimsPrincipal user, string product, string lot, int containers, string expiry) =>
        app.WithServicesAsync(s => s.GetRequiredService<ControlledSubstanceLedger>().ReceiveAsync(new ReceiptInput(product, lot, expiry, containers.ToString(), "Cardinal Health", "INV-1"), user));

    public static Task<Guid> PatientAsync(HttpClient nurse) => KapCareTestApp.RegisterPatientAsync(nurse, new()
    {
        ["Input.GivenName"] = "Ada", ["Input.FamilyName"] = "Quill", ["Input.BirthDate"] = "1984-02-03", ["Input.Sex"] = "Female",
    });

    public static void AssertRefused(HttpResponseMessage response, string field, string html)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
    }

    /// <summary>RFC 4180 fields, quotes and all, to read the inventory CSV back.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }
}
