using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Instruments;
using KapCare.Clinical.Intake;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using Route = KapCare.Clinical.Dosing.Route;

namespace KapCare.Web.Features.Sessions;

/// <summary>
/// What KapCare keeps of a session's Spravato REMS Patient Monitoring Form beyond the chart: when the patient could have
/// left without the 2-hour minimum (the nurse's judgement), and its submission to the REMS, after which it is sealed.
/// </summary>
public sealed class RemsFormRecord : IVersioned, ISealableRecord
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid PatientId { get; set; }
    public DateTime? CouldHaveLeftAt { get; set; }
    public string? CouldHaveLeftByName { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? SubmittedByUserId { get; set; }
    public string? SubmittedByName { get; set; }
    /// <summary>The REMS portal's confirmation or reference for the submitted form.</summary>
    public string? Confirmation { get; set; }
    public int Version { get; set; }

    public string? RefuseChange(EntityEntry entry) =>
        entry.State == EntityState.Deleted ? "A REMS form record is never deleted."
        : entry.OriginalValues[nameof(SubmittedAt)] is not null ? "A submitted REMS form is immutable."
        : null;
}

/// <summary>
/// The Patient Monitoring Form assembled from the session (REFERENCE.md §4 lists its fields), as data for the page, the
/// PDF and an integration: nothing on it is typed twice — only "could have left at" is the nurse's own entry.
/// </summary>
public sealed record RemsFormData(
    Guid SessionId, Guid PatientId, string PatientName, DateOnly BirthDate, string Mrn,
    IReadOnlyList<(string Class, string Medications)> Concomitant,
    string Setting, string MonitoredBy, string? SignedBy,
    DateOnly TreatmentDate, string DoseBox, decimal DoseMg, IReadOnlyList<string> Lots,
    int? TotalMinutes, DateTime FirstDeviceAt, DateTime? EndOfMonitoringAt, DateTime? CouldHaveLeftAt,
    bool VitalsAcceptableBeforeDosing, bool? VitalsAcceptableBeforeCompletion,
    VitalsReading? BpBeforeDosing, VitalsReading? BpAtFortyMinutes, VitalsReading? BpBeforeDischarge,
    bool SedationObserved, bool DissociationObserved, bool RespiratoryDepressionObserved,
    IReadOnlyList<string> SeriousAdverseEvents, RemsFormStanding Standing, RemsFormRecord? Record);

/// <summary>One esketamine session in the 7-day tracker.</summary>
public sealed record RemsTrackerRow(Guid SessionId, Guid PatientId, string PatientName, string Mrn, int DosingNumber, DateOnly TreatmentDate, SessionState State, RemsFormStanding Standing);

/// <summary>
/// The esketamine REMS paperwork (issue 10, item 7): the Patient Monitoring Form for each session, as data and a PDF, and
/// the 7-day tracker of forms due and overdue. Submitting happens in the REMS portal; KapCare records that it was done.
/// </summary>
public sealed class RemsForms(KapCareDbContext db, AuditTrail audit, ClinicClock clock, IOptions<ClinicOptions> clinic, DosingSessions sessions)
{
    /// <summary>Non-benzodiazepine sedative-hypnotics the form asks about, which the intake's drug classes do not name.</summary>
    private static readonly string[] SedativeHypnotics = ["zolpidem", "ambien", "eszopiclone", "lunesta", "zaleplon", "sonata", "suvorexant", "belsomra", "lemborexant", "dayvigo", "ramelteon", "rozerem"];

    public async Task<RemsFormData?> FormAsync(Guid sessionId, CancellationToken ct = default)
    {
        var session = await db.DosingSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        var administration = await db.MedicationAdministrations.AsNoTracking().FirstOrDefaultAsync(a => a.SessionId == sessionId, ct);
        if (session is null || administration is null || administration.Route != Route.IntranasalEsketamine) return null;
        var patient = await db.Patients.AsNoTracking().FirstAsync(p => p.Id == session.PatientId, ct);
        var vitals = await db.VitalSigns.AsNoTracking().Where(v => v.SessionId == sessionId).OrderBy(v => v.MeasuredAt).ThenBy(v => v.Id).ToListAsync(ct);
        var baseline = vitals.LastOrDefault(v => v.Phase == VitalsPhase.Baseline);
        var after = vitals.Where(v => v.Phase != VitalsPhase.Baseline).ToList();
        var events = await db.SessionAdverseEvents.AsNoTracking().Where(e => e.SessionId == sessionId).ToListAsync(ct);
        var superseded = events.Where(e => e.SupersedesId is not null).Select(e => e.SupersedesId!.Value).ToHashSet();
        var current = events.Where(e => !superseded.Contains(e.Id)).ToList();
        var lots = await db.AdministrationSupplies.AsNoTracking().Where(s => s.AdministrationId == administration.Id).Select(s => s.LotNumber).Distinct().ToListAsync(ct);
        var record = await db.RemsFormRecords.AsNoTracking().FirstOrDefaultAsync(r => r.SessionId == sessionId, ct);
        var endOfMonitoring = session.DischargedAt;
        var cadss = await db.QuestionnaireResponses.AsNoTracking().Where(r => r.PatientId == session.PatientId && r.Status == ResponseStatus.Completed
            && (r.InstrumentId == InstrumentIds.Cadss6 || r.InstrumentId == InstrumentIds.Cadss)
            && r.AuthoredAt >= administration.StartedAt && r.AuthoredAt <= (endOfMonitoring ?? clock.UtcNow)).Select(r => r.Total).ToListAsync(ct);

        // Concomitant medicines: the intake's list and this session's new medicines, by the classes the form names.
        var intake = await db.PatientIntakes.AsNoTracking().FirstOrDefaultAsync(i => i.PatientId == session.PatientId, ct);
        var names = new List<string>();
        if (intake is not null) names.AddRange(Intake.IntakeService.Read(intake).Medical.CurrentMedications.Select(m => m.Name));
        names.AddRange(await db.SessionPreChecks.AsNoTracking().Where(p => p.SessionId == sessionId && p.Item == PreCheckItem.MedicationChanges && p.Value != "")
            .Select(p => p.Value).ToListAsync(ct));
        var lines = names.SelectMany(n => n.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        string Of(Func<string, bool> test) => string.Join(", ", lines.Where(test)) is { Length: > 0 } found ? found : "none";
        var concomitant = new List<(string, string)>
        {
            ("Benzodiazepines", Of(l => DrugClasses.Of(l).Contains(DrugClass.Benzodiazepine))),
            ("Non-benzodiazepine sedative-hypnotics", Of(l => SedativeHypnotics.Any(s => l.Contains(s, StringComparison.OrdinalIgnoreCase)))),
            ("Psychostimulants", Of(l => DrugClasses.Of(l).Contains(DrugClass.Psychostimulant))),
            ("MAOIs", Of(l => DrugClasses.Of(l).Contains(DrugClass.Maoi))),
            ("Opioids", Of(l => DrugClasses.Of(l).Contains(DrugClass.Opioid))),
        };

        var hold = await sessions.HoldAsync(ct);
        var limits = VitalsLimits.Default;
        var beforeDosingOk = baseline is not null && !hold.Holds(baseline.BloodPressure) && baseline.OxygenSaturation >= limits.OxygenSaturationBelow;
        bool? beforeCompletionOk = session.State is SessionState.Discharged or SessionState.Signed ? true : null;
        var today = clock.Today;
        var treatmentDate = DateOnly.FromDateTime(clock.ToLocal(administration.StartedAt));
        return new RemsFormData(
            session.Id, patient.Id, patient.FullName, patient.BirthDate, patient.Mrn, concomitant,
            $"{clinic.Value.Name}, REMS-certified healthcare setting", session.DischargedByName ?? administration.RecordedByName, session.SignedByName,
            treatmentDate, EsketamineRems.DoseBox(administration.GivenMg ?? administration.OrderedMg), administration.GivenMg ?? administration.OrderedMg, lots,
            endOfMonitoring is { } end ? (int)Math.Floor((end - administration.StartedAt).TotalMinutes) : null, administration.StartedAt, endOfMonitoring, record?.CouldHaveLeftAt,
            beforeDosingOk, beforeCompletionOk,
            baseline?.Reading, EsketamineRems.FortyMinuteReading(administration.StartedAt, after.Select(v => v.Reading)), after.Count > 0 ? after[^1].Reading : null,
            after.Any(v => v.Sedation is < 5) || current.Any(e => e.Kind == AdverseEventKind.Sedation),
            cadss.Any(t => t > 0) || current.Any(e => e.Kind == AdverseEventKind.DissociationDistress),
            current.Any(e => e.Kind == AdverseEventKind.RespiratoryDepression) || after.Any(v => v.OxygenSaturation < limits.OxygenSaturationBelow),
            [.. current.Where(e => e.Serious).Select(e => $"{AdverseEvents.Label(e.Kind)} ({AdverseEvents.Label(e.Severity)}), {AdverseEvents.Label(e.Outcome)}: {e.ActionTaken}")],
            EsketamineRems.Standing(treatmentDate, record?.SubmittedAt, today), record);
    }

    /// <summary>Esketamine sessions of the last <paramref name="days"/> days that have a form to send, overdue first, then by due date.</summary>
    public async Task<IReadOnlyList<RemsTrackerRow>> TrackerAsync(int days = 30, CancellationToken ct = default)
    {
        var since = clock.ToUtc(clock.Today.AddDays(-days), TimeOnly.MinValue);
        var rows = await (from a in db.MedicationAdministrations.AsNoTracking()
                          join s in db.DosingSessions.AsNoTracking() on a.SessionId equals s.Id
                          join p in db.Patients.AsNoTracking() on s.PatientId equals p.Id
                          join r in db.RemsFormRecords.AsNoTracking() on s.Id equals r.SessionId into forms
                          from r in forms.DefaultIfEmpty()
                          where a.Route == Route.IntranasalEsketamine && a.StartedAt >= since
                          select new { s.Id, s.PatientId, p.GivenName, p.FamilyName, p.Mrn, s.DosingNumber, a.StartedAt, s.State, Submitted = (DateTime?)r.SubmittedAt }).ToListAsync(ct);
        var today = clock.Today;
        return [.. rows.Select(x =>
            {
                var date = DateOnly.FromDateTime(clock.ToLocal(x.StartedAt));
                return new RemsTrackerRow(x.Id, x.PatientId, $"{x.FamilyName}, {x.GivenName}", x.Mrn, x.DosingNumber, date, x.State, EsketamineRems.Standing(date, x.Submitted, today));
            })
            .OrderBy(r => r.Standing.Status switch { RemsFormStatus.Overdue => 0, RemsFormStatus.Due => 1, _ => 2 })
            .ThenBy(r => r.Standing.DueOn)];
    }

    /// <summary>The nurse's judgement for the form: when the patient could have left, had there been no 2-hour minimum.</summary>
    public async Task<SessionResult> RecordCouldHaveLeftAsync(Guid sessionId, string? time, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SessionRun)) return new SessionResult.Refused("couldHaveLeftAt", "Only a nurse or a prescriber completes the REMS form.");
        var form = await FormAsync(sessionId, ct);
        if (form is null) return new SessionResult.NotFound();
        if (form.EndOfMonitoringAt is not { } end) return new SessionResult.Refused("couldHaveLeftAt", "The patient has not been discharged yet.");
        if (!TimeOnly.TryParseExact(time?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            return new SessionResult.Refused("couldHaveLeftAt", "Give the time as HH:MM (clinic time).");
        var when = clock.ToUtc(form.TreatmentDate, at);
        if (when < form.FirstDeviceAt || when > end)
            return new SessionResult.Refused("couldHaveLeftAt", $"The time is between the first device ({clock.FormatTime(form.FirstDeviceAt)}) and discharge ({clock.FormatTime(end)}).");
        var record = await TrackedRecordAsync(form, ct);
        if (record.SubmittedAt is not null) return new SessionResult.Refused("couldHaveLeftAt", "The form was submitted: it cannot change.");
        (record.CouldHaveLeftAt, record.CouldHaveLeftByName) = (when, user.DisplayName());
        audit.Add(AuditActions.SessionRems, AuditOutcome.Success, "Encounter", sessionId.ToString(), form.PatientId, $"could have left at {clock.FormatTime(when)}");
        await db.SaveChangesAsync(ct);
        return new SessionResult.Done(await db.DosingSessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct), "Saved.");
    }

    /// <summary>Records that the form was submitted to the REMS (with the portal's confirmation); the record is then sealed.</summary>
    public async Task<SessionResult> MarkSubmittedAsync(Guid sessionId, string? confirmation, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SessionRun)) return new SessionResult.Refused("confirmation", "Only a nurse or a prescriber submits the REMS form.");
        var form = await FormAsync(sessionId, ct);
        if (form is null) return new SessionResult.NotFound();
        if (form.EndOfMonitoringAt is null) return new SessionResult.Refused("confirmation", "The form is sent after discharge.");
        if (form.CouldHaveLeftAt is null) return new SessionResult.Refused("couldHaveLeftAt", "Fill in when the patient could have left without the 2-hour minimum first.");
        if (string.IsNullOrWhiteSpace(confirmation) || confirmation.Trim().Length is < 3 or > 64)
            return new SessionResult.Refused("confirmation", "Give the REMS portal's confirmation or reference (3–64 characters).");
        var record = await TrackedRecordAsync(form, ct);
        if (record.SubmittedAt is not null) return new SessionResult.Refused("confirmation", $"Already submitted by {record.SubmittedByName}.");
        (record.SubmittedAt, record.SubmittedByUserId, record.SubmittedByName, record.Confirmation) =
            (clock.UtcNow, user.FindFirstValue(ClaimTypes.NameIdentifier), user.DisplayName(), confirmation.Trim());
        audit.Add(AuditActions.SessionRems, AuditOutcome.Success, "Encounter", sessionId.ToString(), form.PatientId, "Patient Monitoring Form submitted: " + record.Confirmation);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new SessionResult.Refused("confirmation", "Someone else recorded this form a moment ago: look at it again.");
        }
        return new SessionResult.Done(await db.DosingSessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct), "Recorded as submitted to the REMS.");
    }

    private async Task<RemsFormRecord> TrackedRecordAsync(RemsFormData form, CancellationToken ct)
    {
        var record = await db.RemsFormRecords.FirstOrDefaultAsync(r => r.SessionId == form.SessionId, ct);
        if (record is not null) return record;
        record = new RemsFormRecord { Id = Guid.CreateVersion7(), SessionId = form.SessionId, PatientId = form.PatientId };
        db.RemsFormRecords.Add(record);
        return record;
    }
}
