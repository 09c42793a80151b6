using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Clinical.Dosing;
using Route = KapCare.Clinical.Dosing.Route;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Sessions;

/// <summary>
/// The dosing session chart a nurse runs beside the chair (issue 10): check-in, the pre-check list, the BP hold and the
/// prescriber's decision. Read with clinical.read; every act needs session.run, the hold decision dose.order (both are
/// checked again in <see cref="DosingSessions"/>).
/// </summary>
[RequiresPermission(Permissions.ClinicalRead)]
[HandlerPermission(HandlerPermissionAttribute.AnyPost, Permissions.SessionRun)]
[HandlerPermission("Decide", Permissions.DoseOrder)]
[HandlerPermission("Sign", Permissions.DoseOrder)]
public sealed class IndexModel(KapCareDbContext db, DosingSessions sessions, SessionAdministrations administrations, SessionMonitoring monitoring,
    SessionDischarge discharge, LedgerQueries ledgerQueries, AuditTrail audit, ClinicClock clock, KapCare.Web.Features.Integration.TherapyNotes therapyNotes) : PageModel
{
    public Patient Patient { get; private set; } = null!;
    /// <summary>The course's preparation note: the patient's intentions, safety plan, music and eyeshade, for the nurse at the chair (issue 11, item 1).</summary>
    public KapCare.Clinical.Integration.PreparationNote? Preparation { get; private set; }
    public KapCare.Web.Features.Integration.TherapyNoteRecord? PreparationRecord { get; private set; }
    /// <summary>After the dose: the integration session expected within the window (issue 11, item 3).</summary>
    public KapCare.Web.Features.Integration.IntegrationDue? Integration { get; private set; }
    public TreatmentPlanRecord Plan { get; private set; } = null!;
    public PlannedSession Entry { get; private set; } = null!;
    public DosingSession? Session { get; private set; }
    public PreCheckState? PreChecks { get; private set; }
    public IReadOnlyList<SessionEvent> History { get; private set; } = [];
    public PlannedAdministration? Planned { get; private set; }
    public MedicationAdministration? Administration { get; private set; }
    public IReadOnlyList<AdministrationSupply> Supplies { get; private set; } = [];
    public IReadOnlyList<AdministrationEvent> AdministrationEvents { get; private set; } = [];
    public Flowsheet? Flowsheet { get; private set; }
    public IReadOnlyList<SessionAdverseEvent> AdverseEvents { get; private set; } = [];
    public DischargeState? Discharge { get; private set; }
    public IReadOnlyList<SessionAmendment> Amendments { get; private set; } = [];
    public IReadOnlyList<LotBalance> DeviceLots { get; private set; } = [];
    public IReadOnlyList<string> Chairs { get; private set; } = [];
    /// <summary>The clinic's time now, "HH:mm", for the time fields' defaults.</summary>
    public string NowText => clock.ToLocal(clock.UtcNow).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    public bool InfusionPaused => AdministrationEvents.LastOrDefault(e => e.Kind is AdministrationEventKind.Paused or AdministrationEventKind.Resumed)?.Kind == AdministrationEventKind.Paused;
    public bool CanSign => User.Has(Permissions.DoseOrder) && Session?.DischargedByUserId != System.Security.Claims.PrincipalExtensions.FindFirstValue(User, System.Security.Claims.ClaimTypes.NameIdentifier);
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }
    public bool CanRun => User.Has(Permissions.SessionRun);
    public bool CanDecide => User.Has(Permissions.DoseOrder);
    public SessionState State => Session?.State ?? SessionState.Scheduled;

    public async Task<IActionResult> OnGetAsync(Guid id, int dosingNumber, CancellationToken ct)
    {
        if (!await LoadAsync(id, dosingNumber, ct)) return NotFound();
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "Encounter", Session?.Id.ToString(), id, $"dosing session {dosingNumber} chart", ct);
        return Page();
    }

    public Task<IActionResult> OnPostCheckInAsync(Guid id, int dosingNumber, string? chair, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => sessions.CheckInAsync(session.Id, chair, User, ct), ct);

    public Task<IActionResult> OnPostDidNotAttendAsync(Guid id, int dosingNumber, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => sessions.DidNotAttendAsync(session.Id, User, ct), ct);

    public Task<IActionResult> OnPostCancelAsync(Guid id, int dosingNumber, string? reason, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => sessions.CancelAsync(session.Id, reason, User, ct), ct);

    public Task<IActionResult> OnPostDecideAsync(Guid id, int dosingNumber, HoldDecision? decision, string? reason, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => decision is { } d && Enum.IsDefined(d)
            ? sessions.DecideHoldAsync(session.Id, d, reason, User, ct)
            : Task.FromResult<SessionResult>(new SessionResult.Refused("decision", "Choose a decision: measure again, proceed or cancel.")), ct);

    public Task<IActionResult> OnPostPreChecksAsync(Guid id, int dosingNumber, string? identity, string? fasting, string? escort, string? pregnancy,
        string? medications, string? newMedications, int? systolic, int? diastolic, int? heartRate, int? spo2, int? respiratoryRate, CancellationToken ct)
    {
        static bool? YesNo(string? v) => v switch { "yes" => true, "no" => false, _ => null };
        var input = new PreCheckInput(YesNo(identity), YesNo(fasting), YesNo(escort),
            pregnancy switch { "negative" => PregnancyTestResult.Negative, "positive" => PregnancyTestResult.Positive, _ => null },
            medications == "none" ? true : null, medications == "new" ? newMedications : null, systolic, diastolic, heartRate, spo2, respiratoryRate);
        return ActAsync(id, dosingNumber, session => sessions.RecordPreChecksAsync(session.Id, input, User, ct), ct);
    }

    public Task<IActionResult> OnPostStartAsync(Guid id, int dosingNumber, decimal? givenMg, string? reason, bool acknowledge, string? startedAt,
        string? coSignEmail, string? coSignPassword, string? coSignCode, string? coSignReason, CancellationToken ct)
    {
        // One lot per ledger product the dose draws from: fields named lot:{product code}.
        var lots = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (key, value) in Request.Form)
            if (key.StartsWith("lot:", StringComparison.Ordinal) && Guid.TryParse(value, out var lotId)) lots[key[4..]] = lotId;
        var input = new StartDoseInput(givenMg, reason, acknowledge, lots, startedAt,
            new CoSignerCredentials(coSignEmail, coSignPassword, coSignCode), coSignReason);
        return ActAsync(id, dosingNumber, session => administrations.StartAsync(session.Id, input, User, ct), ct);
    }

    public Task<IActionResult> OnPostPauseAsync(Guid id, int dosingNumber, string? reason, string? at, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => administrations.PauseOrResumeAsync(session.Id, pause: true, reason, at, User, ct), ct);

    public Task<IActionResult> OnPostResumeAsync(Guid id, int dosingNumber, string? at, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => administrations.PauseOrResumeAsync(session.Id, pause: false, null, at, User, ct), ct);

    public Task<IActionResult> OnPostDeviceAsync(Guid id, int dosingNumber, Guid lotId, string? at, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => administrations.NextDeviceAsync(session.Id, lotId, at, User, ct), ct);

    public Task<IActionResult> OnPostFinishAsync(Guid id, int dosingNumber, string? stoppedAt, decimal? givenMg, string? reason, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => administrations.FinishAsync(session.Id, stoppedAt, givenMg, reason, User, ct), ct);

    public Task<IActionResult> OnPostVitalsAsync(Guid id, int dosingNumber, int? systolic, int? diastolic, int? heartRate, int? spo2, int? respiratoryRate,
        int? sedation, NauseaLevel? nausea, string? at, CancellationToken ct) =>
        ActAsync(id, dosingNumber, async session => (await monitoring.RecordVitalsAsync(session.Id,
            new VitalsInput(systolic, diastolic, heartRate, spo2, respiratoryRate, sedation, nausea, at), User, ct)).Result, ct);

    public Task<IActionResult> OnPostAdverseEventAsync(Guid id, int dosingNumber, AdverseEventKind? kind, AdverseEventSeverity? severity, bool serious,
        string? onsetAt, string? actionTaken, AdverseEventOutcome? outcome, Guid? updates, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => monitoring.RecordAdverseEventAsync(session.Id,
            new AdverseEventInput(kind, severity, serious, onsetAt, actionTaken, outcome), updates, User, ct), ct);

    public Task<IActionResult> OnPostDischargeChecksAsync(Guid id, int dosingNumber, string? alert, string? effects, string? escort, string? instructions, CancellationToken ct)
    {
        static bool? YesNo(string? v) => v switch { "yes" => true, "no" => false, _ => null };
        var input = new DischargeChecksInput(YesNo(alert), YesNo(effects), YesNo(escort), YesNo(instructions));
        return ActAsync(id, dosingNumber, session => discharge.RecordChecksAsync(session.Id, input, User, ct), ct);
    }

    public Task<IActionResult> OnPostDischargeAsync(Guid id, int dosingNumber, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => discharge.DischargeAsync(session.Id, User, ct), ct);

    public Task<IActionResult> OnPostSignAsync(Guid id, int dosingNumber, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => discharge.SignAsync(session.Id, User, ct), ct);

    public Task<IActionResult> OnPostAmendAsync(Guid id, int dosingNumber, string? amendment, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => discharge.AmendAsync(session.Id, amendment, User, ct), ct);

    /// <summary>Opens the session on first use, acts, and answers PRG on success or the page with a 400 saying what was refused.</summary>
    private async Task<IActionResult> ActAsync(Guid id, int dosingNumber, Func<DosingSession, Task<SessionResult>> act, CancellationToken ct)
    {
        var opened = await sessions.OpenAsync(id, dosingNumber, User, ct);
        var result = opened is SessionResult.Done { Session: var session } ? await act(session) : opened;
        switch (result)
        {
            case SessionResult.Done done:
                TempData["Flash"] = done.Message;
                return RedirectToPage(new { id, dosingNumber });
            case SessionResult.Refused refused:
                db.ChangeTracker.Clear();
                if (!await LoadAsync(id, dosingNumber, ct)) return NotFound();
                (Error, ErrorField) = (refused.Message, refused.Field);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(Guid id, int dosingNumber, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        Session = await db.DosingSessions.AsNoTracking().FirstOrDefaultAsync(s => s.PatientId == id && s.DosingNumber == dosingNumber && s.State != SessionState.Cancelled, ct)
            ?? await db.DosingSessions.AsNoTracking().Where(s => s.PatientId == id && s.DosingNumber == dosingNumber).OrderByDescending(s => s.OpenedAt).FirstOrDefaultAsync(ct);
        var plan = Session is not null
            ? await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == Session.PlanId, ct)
            : await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == id && p.Status == PlanStatus.Signed, ct);
        var entry = plan?.Sessions.FirstOrDefault(s => s.Kind == SessionKind.Dosing && s.DosingNumber == dosingNumber);
        if (plan is null || entry is null) return false;
        (Plan, Entry) = (plan, entry);
        if (Session is null || Session.State == SessionState.Scheduled) Chairs = await new SessionSettings(db).ChairsAsync(ct);
        if (await therapyNotes.PreparationAsync(id, ct) is { } preparation) (PreparationRecord, Preparation) = preparation;
        if (Session is { State: SessionState.Discharged or SessionState.Signed })
            Integration = (await therapyNotes.WindowsAsync(id, ct)).FirstOrDefault(w => w.Session.Id == Session.Id);
        if (Session is not null)
        {
            History = await db.SessionEvents.AsNoTracking().Where(e => e.SessionId == Session.Id).OrderBy(e => e.At).ToListAsync(ct);
            if (Session.State is SessionState.CheckedIn or SessionState.Held or SessionState.PreChecksPassed) PreChecks = await sessions.PreChecksAsync(Session, ct);
            if (Session.State == SessionState.PreChecksPassed) Planned = await administrations.PlanAsync(Session, ct);
            Administration = await administrations.CurrentAsync(Session.Id, ct);
            if (Administration is not null)
            {
                Supplies = await db.AdministrationSupplies.AsNoTracking().Where(s => s.AdministrationId == Administration.Id).OrderBy(s => s.At).ToListAsync(ct);
                AdministrationEvents = await db.AdministrationEvents.AsNoTracking().Where(e => e.AdministrationId == Administration.Id).OrderBy(e => e.At).ToListAsync(ct);
                if (Session.State == SessionState.Dosing && Administration.Route == KapCare.Clinical.Dosing.Route.IntranasalEsketamine)
                    DeviceLots = [.. (await ledgerQueries.BalancesAsync(ct)).Where(b => b.Lot.ProductCode == Administration.ProductCode && b.Balance > 0 && b.Expiry != KapCare.Web.Features.Ledger.ExpiryState.Expired)];
                Flowsheet = await monitoring.FlowsheetAsync(Session, Administration.Route, ct);
                AdverseEvents = await monitoring.AdverseEventsAsync(Session.Id, ct);
            }
            if (Session.State is SessionState.Monitoring or SessionState.ReadyForDischarge or SessionState.Discharged or SessionState.Signed)
                Discharge = await discharge.StateAsync(Session, ct);
            if (Session.State == SessionState.Signed)
                Amendments = await db.SessionAmendments.AsNoTracking().Where(a => a.SessionId == Session.Id).OrderBy(a => a.At).ToListAsync(ct);
        }
        return true;
    }
}
