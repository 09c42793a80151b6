using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
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
public sealed class IndexModel(KapCareDbContext db, DosingSessions sessions, AuditTrail audit) : PageModel
{
    public Patient Patient { get; private set; } = null!;
    public TreatmentPlanRecord Plan { get; private set; } = null!;
    public PlannedSession Entry { get; private set; } = null!;
    public DosingSession? Session { get; private set; }
    public PreCheckState? PreChecks { get; private set; }
    public IReadOnlyList<SessionEvent> History { get; private set; } = [];
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

    public Task<IActionResult> OnPostCheckInAsync(Guid id, int dosingNumber, CancellationToken ct) =>
        ActAsync(id, dosingNumber, session => sessions.CheckInAsync(session.Id, User, ct), ct);

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
        if (Session is not null)
        {
            History = await db.SessionEvents.AsNoTracking().Where(e => e.SessionId == Session.Id).OrderBy(e => e.At).ToListAsync(ct);
            if (Session.State is SessionState.CheckedIn or SessionState.Held or SessionState.PreChecksPassed) PreChecks = await sessions.PreChecksAsync(Session, ct);
        }
        return true;
    }
}
