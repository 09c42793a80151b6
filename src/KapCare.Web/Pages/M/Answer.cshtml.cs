using System.Globalization;
using KapCare.Clinical.Instruments;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.M;

/// <summary>
/// A patient answers on their phone through a single-use, expiring link, without signing in. Answers are
/// validated before the link is spent; a safety answer shows crisis resources at once (REFERENCE.md §1).
/// </summary>
public sealed class AnswerModel(KapCareDbContext db, MeasureLinkService links, SubmitResponse submit, AuditTrail audit, ClinicClock clock) : PageModel
{
    public enum LinkState
    {
        Open = 0,
        Unknown = 1,
        Used = 2,
        Expired = 3,
        Done = 4,
    }

    private Dictionary<string, Dictionary<string, int>> answers = [];

    public LinkState State { get; private set; }
    public string GivenName { get; private set; } = string.Empty;
    public IReadOnlyList<Instrument> Instruments { get; private set; } = [];
    public string ExpiresText { get; private set; } = string.Empty;
    public string? Error { get; private set; }
    public bool ShowCrisisResources { get; private set; }

    public IReadOnlyDictionary<string, int> AnswersFor(string instrumentId) => answers.GetValueOrDefault(instrumentId) ?? [];

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var link = await LoadAsync(token, ct);
        if (link is not null && State == LinkState.Open)
            await audit.RecordAsync(AuditActions.MeasureLinkOpen, AuditOutcome.Success, "MeasureLink", link.Id.ToString(), link.PatientId, cancellationToken: ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var link = await LoadAsync(token, ct);
        if (link is null || State != LinkState.Open) return Page();

        answers = ReadAnswers();
        // Score everything first: a bad value must not spend the link.
        foreach (var instrument in Instruments)
        {
            try
            {
                instrument.Score(AnswersFor(instrument.Id));
            }
            catch (ArgumentException)
            {
                Error = "Some answers could not be read. Please choose them again.";
                return Page();
            }
        }
        if (!await links.TryRedeemAsync(link.Id, ct))
        {
            State = LinkState.Used;
            return Page();
        }
        foreach (var instrument in Instruments)
        {
            var result = await submit.HandleAsync(new ResponseSubmission(link.PatientId, instrument, AnswersFor(instrument.Id), ResponseSource.SecureLink), ct);
            if (result is SubmissionResult.Stored { Alerts.Count: > 0 }) ShowCrisisResources = true;
        }
        State = LinkState.Done;
        return Page();
    }

    private Dictionary<string, Dictionary<string, int>> ReadAnswers()
    {
        var result = new Dictionary<string, Dictionary<string, int>>();
        foreach (var instrument in Instruments)
        {
            var prefix = $"a-{instrument.Id}[";
            var given = new Dictionary<string, int>();
            foreach (var (key, value) in Request.Form)
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal) || !key.EndsWith(']')) continue;
                var linkId = key[prefix.Length..^1];
                if (int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var score)) given[linkId] = score;
                else given[linkId] = int.MinValue; // unreadable: the instrument refuses it
            }
            result[instrument.Id] = given;
        }
        return result;
    }

    private async Task<MeasureLink?> LoadAsync(string token, CancellationToken ct)
    {
        audit.AnonymousActor = "patient via link";
        var link = await links.FindAsync(token, ct);
        if (link is null) { State = LinkState.Unknown; return null; }
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == link.PatientId, ct);
        if (patient is null || patient.IsArchived) { State = LinkState.Unknown; return null; }
        GivenName = patient.GivenName;
        State = link.UsedAt is not null ? LinkState.Used : link.ExpiresAt <= clock.UtcNow ? LinkState.Expired : LinkState.Open;
        Instruments = link.Instruments.Select(InstrumentLibrary.Find).OfType<Instrument>().ToList();
        ExpiresText = clock.ToLocal(link.ExpiresAt).ToString("dddd d MMMM, h:mm tt", CultureInfo.InvariantCulture);
        return link;
    }
}
