using System.Globalization;
using System.Text;
using KapCare.Web.Features.Consent;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace KapCare.Web.Features.Ledger;

/// <summary>
/// The inventory as files (21 CFR 1304.11: registrant, date, opening or close of business; for each substance its name,
/// finished form, strength, container size and count — exact for unopened containers, an estimated measure for an opened
/// one in Schedule III). CSV for a spreadsheet or the auditor, PDF to sign and keep for two years.
/// </summary>
public static class InventoryReport
{
    public static readonly string[] CsvColumns =
    [
        "registrant", "dea_registration", "inventory_date", "taken_at", "product_code", "product", "schedule", "form", "strength",
        "container_size", "lot", "expiry", "quantity", "unit", "unopened_containers", "opened_container_estimate", "note",
    ];

    public static string Csv(Inventory inventory)
    {
        var text = new StringBuilder();
        Row(text, CsvColumns);
        foreach (var line in inventory.Lines)
        {
            var p = line.Product;
            Row(text,
            [
                inventory.Registrant, inventory.DeaRegistration ?? string.Empty, inventory.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), inventory.AsOfLocal,
                p.Code, p.Name, p.Schedule, p.FormLabel, p.Strength, ContainerSize(p), line.LotNumber ?? string.Empty,
                line.Expiry?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
                (line.Balance / 100m).ToString(p.Unit == CountUnit.Millilitre ? "0.##" : "0", CultureInfo.InvariantCulture), p.UnitLabel,
                line.Containers.Unopened.ToString(CultureInfo.InvariantCulture),
                line.Containers.OpenedHundredths > 0 ? LedgerQuantity.Format(line.Containers.OpenedHundredths, p) : string.Empty,
                line.Note,
            ]);
        }
        return text.ToString();
    }

    private static string ContainerSize(ControlledProduct p) =>
        p.Unit == CountUnit.Millilitre ? string.Create(CultureInfo.InvariantCulture, $"{p.ContainerMl:0.##} mL") : "1 unit";

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; lines end in CRLF.</summary>
    private static void Row(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            var f = fields[i];
            // A leading =, +, - or @ would be a formula in a spreadsheet (CSV injection): prefix with a quote mark.
            if (f.Length > 0 && "=+-@".Contains(f[0], StringComparison.Ordinal)) f = "'" + f;
            text.Append(f.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f);
        }
        text.Append("\r\n");
    }

    private const double Margin = 48;
    private const string Family = "DejaVu Sans";

    public static byte[] Pdf(Inventory inventory)
    {
        DejaVuFontResolver.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = $"Controlled substance inventory {inventory.Date:yyyy-MM-dd}";
        document.Info.Author = inventory.Registrant;
        var title = new XFont(Family, 15, XFontStyleEx.Bold);
        var body = new XFont(Family, 9.5);
        var bold = new XFont(Family, 9.5, XFontStyleEx.Bold);
        var small = new XFont(Family, 8);
        var page = NewPage(document, out var g);
        var y = Margin;
        void Text(string s, XFont font, double x = Margin)
        {
            if (y + font.Height * 1.3 > page.Height.Point - Margin)
            {
                g.Dispose();
                page = NewPage(document, out g);
                y = Margin;
            }
            g.DrawString(s, font, XBrushes.Black, new XPoint(x, y + font.Height * 0.8));
            y += font.Height * 1.3;
        }
        Text("Controlled substance inventory", title);
        Text($"Registrant: {inventory.Registrant}", body);
        Text($"DEA registration: {inventory.DeaRegistration ?? "not configured (Clinic:DeaRegistration)"}", body);
        Text($"Inventory date: {inventory.AsOfLocal}", body);
        Text($"Prepared from the ledger by {inventory.PreparedBy}, {inventory.PreparedAtUtc:yyyy-MM-dd HH:mm} UTC", body);
        y += 8;
        foreach (var group in inventory.Lines.GroupBy(l => l.Product))
        {
            var p = group.Key;
            Text($"{p.Name} — {p.Strength}, {p.FormLabel} ({p.Schedule})", bold);
            foreach (var line in group)
            {
                Text(line.LotNumber is null
                    ? "    None on hand: 0"
                    : $"    Lot {line.LotNumber}, exp {line.Expiry:yyyy-MM-dd}: {LedgerQuantity.Format(line.Balance, p)} = {line.Containers.Describe(p)} ({line.Note})", body);
            }
            y += 4;
        }
        y += 10;
        Text("Unopened containers are an exact count; an opened vial is an estimated measure (21 CFR 1304.11(e)(3)).", small);
        Text("Balances are the ledger's running balance after its last entry before the inventory's moment.", small);
        y += 24;
        Text("Signature of the person taking the inventory: ______________________________   Date: ____________", body);
        g.Dispose();
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static PdfPage NewPage(PdfDocument document, out XGraphics graphics)
    {
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.Letter;
        graphics = XGraphics.FromPdfPage(page);
        return page;
    }
}
