using KapCare.Clinical.Dosing;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Measures;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Route = KapCare.Clinical.Dosing.Route;

namespace KapCare.Web.Features.Sessions;

/// <summary>One chair on the board: who is in it, where their session stands, and what needs a person now.</summary>
public sealed record ChairTile(
    string Chair, Guid? SessionId, Guid? PatientId, string? PatientName, int? DosingNumber, SessionState? State, Route? Route,
    int? MinutesSinceDose, VitalsDue? NextVitals, DateTime? EarliestDischarge, IReadOnlyList<string> Alerts)
{
    public bool NeedsPrescriber => State == SessionState.Held || Alerts.Count > 0;
}

/// <summary>
/// The dosing room's board for today (issue 10, item 8): every chair with its patient, state, minutes since the dose,
/// next vitals due, the REMS or minimum-monitoring clock and alerts (a hold, a BP surge, a serious adverse event, overdue
/// vitals). A handful of indexed queries for the day, whatever the year of sessions behind it (bench/ measures it).
/// </summary>
public sealed class ChairBoard(KapCareDbContext db, ClinicClock clock, SessionSettings settings)
{
    private static readonly SessionState[] OnBoard =
        [SessionState.CheckedIn, SessionState.Held, SessionState.PreChecksPassed, SessionState.Dosing, SessionState.Monitoring, SessionState.ReadyForDischarge];

    public async Task<IReadOnlyList<ChairTile>> TodayAsync(CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        var dayStart = clock.ToUtc(clock.Today, TimeOnly.MinValue);
        var active = await (from s in db.DosingSessions.AsNoTracking()
                            join p in db.Patients.AsNoTracking() on s.PatientId equals p.Id
                            where OnBoard.Contains(s.State) && s.CheckedInAt >= dayStart.AddHours(-12)
                            select new { Session = s, p.GivenName, p.FamilyName }).ToListAsync(ct);
        var ids = active.Select(a => a.Session.Id).ToList();
        var patientIds = active.Select(a => a.Session.PatientId).ToList();
        var administrations = await db.MedicationAdministrations.AsNoTracking().Where(a => ids.Contains(a.SessionId)).ToDictionaryAsync(a => a.SessionId, ct);
        var lastReadings = await db.VitalSigns.AsNoTracking().Where(v => ids.Contains(v.SessionId) && v.Phase != VitalsPhase.Baseline)
            .GroupBy(v => v.SessionId).Select(g => new { SessionId = g.Key, At = g.Max(v => v.MeasuredAt) }).ToDictionaryAsync(x => x.SessionId, x => x.At, ct);
        var alerts = await db.SafetyAlerts.AsNoTracking()
            .Where(a => patientIds.Contains(a.PatientId) && a.Status == AlertStatus.Open
                && (a.Code == SessionMonitoring.BpSurgeAlert || a.Code == SessionMonitoring.SeriousAdverseEventAlert) && a.RaisedAt >= dayStart.AddHours(-12))
            .Select(a => new { a.PatientId, a.Code, a.RaisedAt }).ToListAsync(ct);
        var schedule = await settings.ScheduleAsync(ct);
        var ivCounts = await db.MedicationAdministrations.AsNoTracking()
            .Where(a => patientIds.Contains(a.PatientId) && a.Route == Route.Intravenous && !ids.Contains(a.SessionId))
            .GroupBy(a => a.PatientId).Select(g => new { PatientId = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.PatientId, x => x.Count, ct);

        var tiles = new List<ChairTile>();
        foreach (var a in active)
        {
            var s = a.Session;
            administrations.TryGetValue(s.Id, out var mar);
            VitalsDue? next = null;
            DateTime? earliest = null;
            int? minutes = null;
            if (mar is not null)
            {
                minutes = (int)Math.Floor((now - mar.StartedAt).TotalMinutes);
                var interval = schedule.IntervalFor(mar.Route, mar.Route == Route.Intravenous ? ivCounts.GetValueOrDefault(s.PatientId) + 1 : 0);
                var from = lastReadings.TryGetValue(s.Id, out var last) && last >= mar.StartedAt ? last : mar.StartedAt;
                next = VitalsSchedule.Next(from, interval, now);
                if (mar.StoppedAt is { } stopped)
                    earliest = MonitoringMinimums.EarliestDischarge(mar.Route, mar.StartedAt, stopped, MonitoringMinimums.DefaultMinutesAfterDosing(mar.Route));
            }
            var since = s.CheckedInAt ?? s.OpenedAt;
            var words = new List<string>();
            if (s.State == SessionState.Held) words.Add("Held: a prescriber decides");
            if (alerts.Any(x => x.PatientId == s.PatientId && x.Code == SessionMonitoring.BpSurgeAlert && x.RaisedAt >= since)) words.Add("BP surge");
            if (alerts.Any(x => x.PatientId == s.PatientId && x.Code == SessionMonitoring.SeriousAdverseEventAlert && x.RaisedAt >= since)) words.Add("Serious adverse event");
            if (next is { Status: VitalsDueStatus.Overdue }) words.Add("Vitals " + next.Text);
            tiles.Add(new ChairTile(s.Chair ?? "No chair", s.Id, s.PatientId, $"{a.GivenName} {a.FamilyName}", s.DosingNumber, s.State, mar?.Route,
                minutes, s.State is SessionState.Dosing or SessionState.Monitoring or SessionState.ReadyForDischarge ? next : null, earliest, words));
        }
        // Every chair of the clinic, free ones too, in the clinic's order; a session without a chair at the end.
        var chairs = await settings.ChairsAsync(ct);
        var board = chairs.Select(c => tiles.FirstOrDefault(t => t.Chair == c) ?? new ChairTile(c, null, null, null, null, null, null, null, null, null, [])).ToList();
        board.AddRange(tiles.Where(t => !chairs.Contains(t.Chair)));
        return board;
    }
}

/// <summary>The chair board's periodic refresh (htmx, every 15 s): it reads, and it does not count as the person's activity.</summary>
public static class ChairBoardRefresh
{
    public const string Path = "/Sessions";
    public const string Handler = "Board";
    public const int Seconds = 15;

    public static bool Is(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase)
        && string.Equals(request.Query["handler"], Handler, StringComparison.OrdinalIgnoreCase);
}
