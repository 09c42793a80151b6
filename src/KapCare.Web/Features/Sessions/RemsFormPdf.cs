using System.Globalization;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Consent;
using KapCare.Web.Infrastructure;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace KapCare.Web.Features.Sessions;

/// <summary>
/// The Patient Monitoring Form as a PDF (Letter), every field of REFERENCE.md §4 in the form's order, for the record and
/// for a clinic that files the form by fax or upload. The text is real PDF text, so it can be read back and searched.
/// </summary>
public static class RemsFormPdf
{
    private const double Margin = 48;
    private const string Family = "DejaVu Sans";

    public static byte[] Pdf(RemsFormData form, ClinicClock clock)
    {
        DejaVuFontResolver.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = $"SPRAVATO REMS Patient Monitoring Form {form.TreatmentDate:yyyy-MM-dd}";
        var title = new XFont(Family, 14, XFontStyleEx.Bold);
        var head = new XFont(Family, 10.5, XFontStyleEx.Bold);
        var body = new XFont(Family, 9.5);
        var small = new XFont(Family, 8);
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.Letter;
        var g = XGraphics.FromPdfPage(page);
        var y = Margin;
        void Text(string s, XFont font, double indent = 0)
        {
            if (y + font.Height * 1.35 > page.Height.Point - Margin)
            {
                g.Dispose();
                page = document.AddPage();
                page.Size = PdfSharp.PageSize.Letter;
                g = XGraphics.FromPdfPage(page);
                y = Margin;
            }
            g.DrawString(s, font, XBrushes.Black, new XPoint(Margin + indent, y + font.Height * 0.8));
            y += font.Height * 1.35;
        }
        void Field(string label, string value) => Text($"{label}: {value}", body, 12);
        static string YesNo(bool value) => value ? "Yes" : "No";
        string Bp(VitalsReading? r) => r is null ? "not recorded" : $"{r.BloodPressure.Systolic}/{r.BloodPressure.Diastolic} mmHg at {clock.FormatTime(r.At)}";

        Text("SPRAVATO® REMS — Patient Monitoring Form", title);
        Text($"Assembled by KapCare from the dosing session chart, {clock.Format(clock.UtcNow)}. Submit it in the REMS portal within {EsketamineRems.FormDueDays} days of treatment.", small);
        y += 6;
        Text("Patient", head);
        Field("Name", form.PatientName);
        Field("Date of birth", form.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Field("Medical record number", form.Mrn);
        Text("Concomitant medications", head);
        foreach (var (drugClass, medications) in form.Concomitant) Field(drugClass, medications);
        Text("Monitoring", head);
        Field("Healthcare setting", form.Setting);
        Field("Monitored by", form.MonitoredBy + (form.SignedBy is null ? string.Empty : $"; co-signed by {form.SignedBy}"));
        Field("Treatment date", form.TreatmentDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Field("Dose", form.DoseBox);
        Field("Lot number", form.Lots.Count == 0 ? "not recorded" : string.Join(", ", form.Lots));
        Field("First device", clock.FormatTime(form.FirstDeviceAt));
        Field("End of monitoring", form.EndOfMonitoringAt is { } end ? clock.FormatTime(end) : "not yet");
        Field("Total minutes from first device to end of monitoring", form.TotalMinutes?.ToString(CultureInfo.InvariantCulture) ?? "not yet");
        Field("When the patient could have left without the 2-hour minimum", form.CouldHaveLeftAt is { } left ? clock.FormatTime(left) : "not recorded");
        Text("Vital signs", head);
        Field("Vital signs acceptable before dosing", YesNo(form.VitalsAcceptableBeforeDosing));
        Field("Vital signs acceptable before completion of monitoring", form.VitalsAcceptableBeforeCompletion is { } ok ? YesNo(ok) : "not yet");
        Field("Blood pressure before dosing", Bp(form.BpBeforeDosing));
        Field("Blood pressure at about 40 minutes", Bp(form.BpAtFortyMinutes));
        Field("Blood pressure before discharge", Bp(form.BpBeforeDischarge));
        Text("Observed during monitoring", head);
        Field("Sedation", YesNo(form.SedationObserved));
        Field("Dissociation", YesNo(form.DissociationObserved));
        Field("Respiratory depression", YesNo(form.RespiratoryDepressionObserved));
        Field("Serious adverse events", form.SeriousAdverseEvents.Count == 0 ? "None" : string.Join("; ", form.SeriousAdverseEvents));
        y += 8;
        Text(form.Record?.SubmittedAt is { } submitted
            ? $"Submitted to the REMS {clock.Format(submitted)} by {form.Record.SubmittedByName}, confirmation {form.Record.Confirmation}."
            : $"Not yet submitted: {form.Standing.Text} (due {form.Standing.DueOn:yyyy-MM-dd}).", body);
        g.Dispose();
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}
