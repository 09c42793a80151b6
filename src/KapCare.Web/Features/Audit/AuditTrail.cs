using System.Security.Claims;
using KapCare.Web.Data;
using KapCare.Web.Infrastructure;

namespace KapCare.Web.Features.Audit;

/// <summary>
/// Writes audit entries. <see cref="Add"/> stages an entry in the caller's unit of work, so a write and
/// its audit entry commit together or not at all; <see cref="RecordAsync"/> saves at once (reads,
/// refusals, sign-ins).
/// </summary>
public sealed class AuditTrail(KapCareDbContext db, IHttpContextAccessor http, ClinicClock clock)
{
    public const int MaxDetailLength = 1000;

    /// <summary>Patients this unit of work (a request) already has an entry for; the page read filter adds one only where none is.</summary>
    private readonly HashSet<Guid> patientsRecorded = [];

    public bool HasEntryFor(Guid patientId) => patientsRecorded.Contains(patientId);

    /// <summary>Who acts when no one is signed in: set by the command line ("cli:user") and the patient link pages.</summary>
    public string? AnonymousActor { get; set; }

    public AuditEntry Add(string action, AuditOutcome outcome, string? resourceType = null, string? resourceId = null,
        Guid? patientId = null, string? detail = null)
    {
        var entry = Create(action, outcome, resourceType, resourceId, patientId, detail);
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>
    /// An entry whose actor is not the signed-in user but another person who has just proved who they are in this request
    /// (a co-signer entering their own password and code at a colleague's screen): the act is theirs, so is the entry.
    /// </summary>
    public AuditEntry AddAs(string userId, string email, string action, AuditOutcome outcome, string? resourceType = null, string? resourceId = null,
        Guid? patientId = null, string? detail = null)
    {
        var entry = Create(action, outcome, resourceType, resourceId, patientId, detail);
        entry.UserId = userId;
        entry.Actor = email;
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>An entry for the caller to store with its own rows (e.g. a group-committed submission).</summary>
    public AuditEntry Create(string action, AuditOutcome outcome, string? resourceType = null, string? resourceId = null,
        Guid? patientId = null, string? detail = null)
    {
        var context = http.HttpContext;
        var user = context?.User;
        // A read of the patient's record under a break-glass grant says so, naming the grant (docs/decisions/0020).
        if (patientId is { } read && Features.EmergencyAccess.EmergencyAccessGrants.For(context, read) is { } grant)
            detail = (detail is null ? string.Empty : detail + " · ") + $"under emergency access {grant.Id}";
        var entry = new AuditEntry
        {
            OccurredAt = clock.UtcNow,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            Actor = ActorOf(user),
            Action = action,
            ResourceType = resourceType,
            ResourceId = resourceId,
            PatientId = patientId,
            Channel = ChannelOf(context),
            IpAddress = context?.Connection.RemoteIpAddress?.ToString(),
            Outcome = outcome,
            Detail = detail is { Length: > MaxDetailLength } ? detail[..MaxDetailLength] : detail,
        };
        if (patientId is { } patient) patientsRecorded.Add(patient);
        return entry;
    }

    public async Task RecordAsync(string action, AuditOutcome outcome, string? resourceType = null, string? resourceId = null,
        Guid? patientId = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        Add(action, outcome, resourceType, resourceId, patientId, detail);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// A search or list that showed patients: one entry per patient shown (so each one's access history has it), or one
    /// without a patient when it showed none (issue 9, finding 5: searches did not record whom they returned).
    /// </summary>
    public async Task RecordSearchAsync(string resourceType, IReadOnlyCollection<Guid> shownPatients, string detail, CancellationToken ct = default)
    {
        if (shownPatients.Count == 0) Add(AuditActions.PatientSearch, AuditOutcome.Success, resourceType, detail: detail);
        foreach (var patient in shownPatients.Distinct())
            Add(AuditActions.PatientSearch, AuditOutcome.Success, resourceType, patient.ToString(), patient, detail);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A page that shows several patients' records (an inbox): one read entry per patient shown.</summary>
    public async Task RecordReadsAsync(string resourceType, IEnumerable<Guid> shownPatients, string detail, CancellationToken ct = default)
    {
        foreach (var patient in shownPatients.Distinct())
            Add(AuditActions.PatientRead, AuditOutcome.Success, resourceType, null, patient, detail);
        await db.SaveChangesAsync(ct);
    }

    private string ActorOf(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated == true)
            return user.FindFirstValue(ClaimTypes.Email) ?? user.Identity.Name ?? "unknown";
        return AnonymousActor ?? "anonymous";
    }

    private static string ChannelOf(HttpContext? context)
    {
        if (context is null) return "cli";
        var path = context.Request.Path;
        return path.StartsWithSegments("/fhir") || path.StartsWithSegments("/api") ? "api" : "web";
    }
}

/// <summary>The verbs the audit log uses; one place, so the filter list and the writers agree.</summary>
public static class AuditActions
{
    public const string PatientSearch = "patient.search";
    public const string PatientRead = "patient.read";
    public const string PatientCreate = "patient.create";
    public const string PatientUpdate = "patient.update";
    public const string PatientArchive = "patient.archive";
    public const string PatientRestore = "patient.restore";
    public const string UserLogin = "user.login";
    public const string UserLogout = "user.logout";
    public const string UserCreate = "user.create";
    public const string UserUpdate = "user.update";
    public const string UserTwoFactor = "user.two-factor";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string AccessDenied = "access.denied";
    public const string AuditRead = "audit.read";
    public const string SetupAdmin = "setup.admin";
    public const string MeasureSubmit = "measure.submit";
    public const string MeasureRead = "measure.read";
    public const string MeasureEnteredInError = "measure.entered-in-error";
    public const string MeasureLinkCreate = "measure-link.create";
    public const string MeasureLinkOpen = "measure-link.open";
    public const string MeasureLinkRemind = "measure-link.remind";
    public const string AlertResolve = "alert.resolve";
    public const string MeasurePlanUpdate = "measure-plan.update";
    public const string TaskDone = "task.done";
    public const string SettingUpdate = "setting.update";
    public const string EligibilityEvaluate = "eligibility.evaluate";
    public const string EligibilityDecide = "eligibility.decide";
    public const string ConsentSign = "consent.sign";
    public const string ConsentRead = "consent.read";
    public const string ConsultationSubmit = "consultation.submit";
    public const string ConsultationRead = "consultation.read";
    public const string ConsultationContacted = "consultation.contacted";
    public const string ConsultationDecline = "consultation.decline";
    public const string ConsultationConvert = "consultation.convert";
    public const string IntakeSave = "intake.save";
    public const string IntakeSubmit = "intake.submit";
    public const string PlanCreate = "plan.create";
    public const string PlanUpdate = "plan.update";
    public const string PlanSign = "plan.sign";
    public const string PlanRead = "plan.read";
    public const string DoseChange = "dose.change";
    public const string CoSignRequest = "cosign.request";
    public const string CoSign = "cosign.sign";
    public const string CoSignRefused = "cosign.refused";
    public const string CoSignWithdraw = "cosign.withdraw";
    public const string WeightRecord = "weight.record";
    public const string EmergencyAccessStart = "emergency-access.started";
    public const string EmergencyAccessReview = "emergency-access.reviewed";
    public const string LedgerRead = "ledger.read";
    public const string LedgerReceive = "ledger.receive";
    public const string LedgerAdminister = "ledger.administer";
    public const string LedgerWaste = "ledger.waste";
    public const string LedgerWitness = "ledger.witness";
    public const string LedgerWitnessRefused = "ledger.witness-refused";
    public const string LedgerTransferOut = "ledger.transfer-out";
    public const string LedgerReturn = "ledger.return";
    public const string LedgerCount = "ledger.count";
    public const string LedgerResolve = "ledger.resolve";
    public const string LedgerRefused = "ledger.refused";
    public const string LedgerInventory = "ledger.inventory";
    public const string SessionOpen = "session.open";
    public const string SessionMove = "session.move";
    public const string SessionPreChecks = "session.pre-checks";
    public const string SessionAdminister = "session.administer";
    public const string SessionVitals = "session.vitals";
    public const string SessionAdverseEvent = "session.adverse-event";
    public const string SessionDischargeChecks = "session.discharge-checks";
    public const string SessionAmend = "session.amend";
    public const string SessionRems = "session.rems";
    public const string DoseCalculate = "dose.calculate";
    public const string TitrationDecide = "titration.decide";
    public const string TherapyNoteSign = "therapy-note.sign";
    public const string TherapyNoteAmend = "therapy-note.amend";

    public static readonly IReadOnlyList<string> All =
    [
        PatientSearch, PatientRead, PatientCreate, PatientUpdate, PatientArchive, PatientRestore,
        UserLogin, UserLogout, UserCreate, UserUpdate, UserTwoFactor, TokenCreate, TokenRevoke, AccessDenied, AuditRead, SetupAdmin,
        MeasureSubmit, MeasureRead, MeasureEnteredInError, MeasureLinkCreate, MeasureLinkOpen, MeasureLinkRemind, AlertResolve, MeasurePlanUpdate, TaskDone, SettingUpdate, EligibilityEvaluate, EligibilityDecide, ConsentSign, ConsentRead,
        ConsultationSubmit, ConsultationRead, ConsultationContacted, ConsultationDecline, ConsultationConvert,
        IntakeSave, IntakeSubmit, PlanCreate, PlanUpdate, PlanSign, PlanRead, DoseChange,
        CoSignRequest, CoSign, CoSignRefused, CoSignWithdraw, WeightRecord, EmergencyAccessStart, EmergencyAccessReview,
        LedgerRead, LedgerReceive, LedgerAdminister, LedgerWaste, LedgerWitness, LedgerWitnessRefused, LedgerTransferOut, LedgerReturn,
        LedgerCount, LedgerResolve, LedgerRefused, LedgerInventory,
        SessionOpen, SessionMove, SessionPreChecks, SessionAdminister, SessionVitals, SessionAdverseEvent, SessionDischargeChecks, SessionAmend, SessionRems, DoseCalculate, TitrationDecide, TherapyNoteSign, TherapyNoteAmend,
    ];
}
