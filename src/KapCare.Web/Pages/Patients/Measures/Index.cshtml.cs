using KapCare.Web.Features.Users;
using System.Text.Json;
using KapCare.Clinical.Instruments;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Patients;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Measures;

/// <summary>Progress in the chart: per instrument a trajectory with the bands shaded, a table, change against baseline and the latest answers item by item.</summary>
[RequiresPermission(Permissions.ClinicalRead)]
[HandlerPermission("EnteredInError", Permissions.MeasureEnter)]
public sealed class IndexModel(KapCareDbContext db, AuditTrail audit, MarkResponseEnteredInError markInError, MeasurementPlans plans, Features.Settings.ChangeConventions conventions,
    Infrastructure.ClinicClock clock) : PageModel
{
    public sealed record Row(QuestionnaireResponseRecord Response, IReadOnlyDictionary<string, int> Answers);

    public sealed record Series(Instrument Instrument, IReadOnlyList<Row> Rows)
    {
        public IReadOnlyList<Row> Scored => Rows.Where(r => r.Response.Status == ResponseStatus.Completed && r.Response.Total is not null).ToList();
        public Row? Baseline => Scored.Count > 0 ? Scored[0] : null;
        public Row? Latest => Rows.LastOrDefault(r => r.Response.Status == ResponseStatus.Completed);
    }

    public Patient Patient { get; private set; } = null!;
    public IReadOnlyList<Series> AllSeries { get; private set; } = [];
    public IReadOnlyList<SafetyAlert> OpenAlerts { get; private set; } = [];
    public MeasurementPlans.Status? Schedule { get; private set; }
    public Dictionary<string, ChangeConvention> Conventions { get; } = [];
    /// <summary>The signed treatment plan's dosing sessions up to today, drawn as markers on the charts.</summary>
    public IReadOnlyList<DateOnly> DosingSessions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return NotFound();
        Patient = patient;
        var responses = await db.QuestionnaireResponses.AsNoTracking().Where(r => r.PatientId == id).OrderBy(r => r.AuthoredAt).ToListAsync(ct);
        AllSeries = responses
            .GroupBy(r => r.InstrumentId)
            .Select(g => (Instrument: InstrumentLibrary.Find(g.Key), Rows: g.Select(r => new Row(r, JsonSerializer.Deserialize<Dictionary<string, int>>(r.AnswersJson) ?? [])).ToList()))
            .Where(s => s.Instrument is not null)
            .Select(s => new Series(s.Instrument!, s.Rows))
            .OrderBy(s => InstrumentOrder(s.Instrument))
            .ToList();
        Schedule = await plans.GetAsync(id, ct);
        var today = clock.Today;
        DosingSessions = (await Features.Plans.SignedPlanQueries.SignedDosingDatesAsync(db, id, ct)).Where(d => d <= today).ToList();
        foreach (var series in AllSeries)
            if (await conventions.ForAsync(series.Instrument.Id, ct) is { } convention) Conventions[series.Instrument.Id] = convention;
        OpenAlerts = await db.SafetyAlerts.AsNoTracking().Where(a => a.PatientId == id && a.Status == AlertStatus.Open).OrderBy(a => a.RaisedAt).ToListAsync(ct);
        await audit.RecordAsync(AuditActions.MeasureRead, AuditOutcome.Success, "Patient", id.ToString(), id, $"{responses.Count} responses", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEnteredInErrorAsync(Guid id, Guid responseId, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            TempData["Flash"] = "Nothing changed: say why the entry is wrong.";
            return Redirect($"/Patients/{id}/Measures");
        }
        var response = await db.QuestionnaireResponses.AsNoTracking().FirstOrDefaultAsync(r => r.Id == responseId && r.PatientId == id, ct);
        if (response is null) return NotFound();
        if (response.Status == ResponseStatus.EnteredInError) return Redirect($"/Patients/{id}/Measures");
        await markInError.HandleAsync(responseId, reason, ct);
        TempData["Flash"] = "The entry is marked entered in error and no longer counts. Record the correct answers as a new entry.";
        return Redirect($"/Patients/{id}/Measures/New?instrument={response.InstrumentId}&replaces={responseId}");
    }

    /// <summary>Chart data for Chart.js: points, the bands to shade, the scale's range.</summary>
    public static string ChartJson(Series series, IReadOnlyList<DateOnly> dosingSessions, Infrastructure.ClinicClock clock)
    {
        var instrument = series.Instrument;
        var bands = instrument.Bands;
        var points = series.Scored.Select(r => new
        {
            date = r.Response.AuthoredAt.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture),
            day = DateOnly.FromDateTime(clock.ToLocal(r.Response.AuthoredAt)).DayNumber,
            total = r.Response.Total,
            band = r.Response.BandLabel,
        });
        return JsonSerializer.Serialize(new
        {
            label = instrument.ShortName,
            max = instrument.MaxTotal,
            points,
            bands = bands.Select(b => new { low = b.Low, high = b.High, label = b.Label, level = b.Level.ToString().ToLowerInvariant() }),
            sessions = dosingSessions.Select((d, i) => new { day = d.DayNumber, number = i + 1 }),
        });
    }

    private static int InstrumentOrder(Instrument instrument)
    {
        var index = InstrumentLibrary.All.ToList().IndexOf(instrument);
        return index < 0 ? int.MaxValue : index;
    }
}
