using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace KapCare.Web.Features.Consent;

/// <summary>
/// Renders a signed consent as a PDF: the exact text signed, then the signature block (name typed, time, address,
/// method, witness, and the SHA-256 of the text so anyone can check it was not altered).
/// </summary>
public static class ConsentPdf
{
    private const double Margin = 56;
    private const string Family = "DejaVu Sans";

    public static byte[] Render(SignedConsent consent, string clinicName, string patientLine, string signedAtLocal)
    {
        DejaVuFontResolver.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = consent.Title;
        document.Info.Author = clinicName;
        document.Info.Subject = $"{consent.DocumentId} version {consent.DocumentVersion}";

        var writer = new PageWriter(document);
        writer.Line(clinicName, new XFont(Family, 10), XBrushes.DimGray);
        writer.Gap(6);
        writer.Paragraph(consent.Title, new XFont(Family, 16, XFontStyleEx.Bold));
        writer.Line($"Version {consent.DocumentVersion} · {patientLine}", new XFont(Family, 9), XBrushes.DimGray);
        writer.Gap(14);
        var body = new XFont(Family, 10.5);
        foreach (var paragraph in consent.Text.Split("\n\n"))
        {
            writer.Paragraph(paragraph, body);
            writer.Gap(8);
        }
        writer.Gap(12);
        writer.Paragraph("Signature", new XFont(Family, 12, XFontStyleEx.Bold));
        var small = new XFont(Family, 10);
        writer.Paragraph($"Signed by typing the name: {consent.SignedName}", small);
        writer.Paragraph($"Signed: {signedAtLocal} ({consent.SignedAt:yyyy-MM-ddTHH:mm:ssZ})", small);
        writer.Paragraph(consent.Method == SignatureMethod.Portal ? "Method: patient portal, with explicit agreement" : $"Method: in clinic, witnessed by {consent.WitnessName}", small);
        if (consent.IpAddress is not null) writer.Paragraph($"From address: {consent.IpAddress}", small);
        writer.Paragraph($"SHA-256 of the text above: {consent.TextSha256}", new XFont(Family, 8), XBrushes.DimGray);

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>Lays text out line by line, wrapping words and starting new pages as needed.</summary>
    private sealed class PageWriter(PdfDocument document)
    {
        private XGraphics? graphics;
        private PdfPage? page;
        private double y;

        public void Gap(double points) => y += points;

        public void Line(string text, XFont font, XBrush? brush = null)
        {
            var g = Ensure(font.Height);
            g.DrawString(text, font, brush ?? XBrushes.Black, new XPoint(Margin, y + font.Height * 0.8));
            y += font.Height * 1.25;
        }

        public void Paragraph(string text, XFont font, XBrush? brush = null)
        {
            var g = Ensure(font.Height);
            var width = page!.Width.Point - 2 * Margin;
            var line = string.Empty;
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (g.MeasureString(candidate, font).Width > width && line.Length > 0)
                {
                    Line(line, font, brush);
                    g = Ensure(font.Height);
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }
            if (line.Length > 0) Line(line, font, brush);
        }

        private XGraphics Ensure(double lineHeight)
        {
            if (graphics is null || y + lineHeight * 1.25 > page!.Height.Point - Margin)
            {
                graphics?.Dispose();
                page = document.AddPage();
                page.Size = PdfSharp.PageSize.Letter;
                graphics = XGraphics.FromPdfPage(page);
                y = Margin;
            }
            return graphics;
        }
    }
}

/// <summary>PDFsharp on Linux needs fonts given to it: the DejaVu fonts from Debian's fonts-dejavu-core (DESIGN.md).</summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"];
    private static readonly Lock Gate = new();
    private static bool registered;

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered) return;
            // PDFsharp 6.5 is licensed AGPL-3.0 unless a commercial key is loaded; see docs/decisions/0008.
            PdfSharp.PdfSharpLicense.SetAgplLicense();
            if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = new DejaVuFontResolver();
            registered = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        foreach (var folder in Folders)
        {
            var path = Path.Combine(folder, faceName + ".ttf");
            if (File.Exists(path)) return File.ReadAllBytes(path);
        }
        throw new FileNotFoundException($"Font {faceName}.ttf not found; install Debian's fonts-dejavu-core (./kapcare and ./test do).");
    }
}
