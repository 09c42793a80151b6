using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace KapCare.Web.Features.Users;

/// <summary>
/// What a person may do, one permission per capability (issue 9, "Permissions, not role lists"). Roles are only names
/// for bundles of permissions (<see cref="ByRole"/>, documented in docs/decisions/0015-permissions.md); a person may
/// hold several roles and gets the union. Pages, handlers, endpoints and the domain ask for a permission, never a role,
/// so one table decides who reads and who writes what.
/// </summary>
public static class Permissions
{
    /// <summary>Name, birth date, contact details, MRN: what registration and scheduling need.</summary>
    public const string DemographicsRead = "patient.demographics.read";
    public const string DemographicsWrite = "patient.demographics.write";
    public const string PatientArchive = "patient.archive";
    /// <summary>Which consent documents a patient has signed and when — not the signed document itself.</summary>
    public const string ConsentStatusRead = "consent.status.read";
    /// <summary>The psychiatric record: intake answers, scores and item answers, safety flags, eligibility, plans, doses, signed consents.</summary>
    public const string ClinicalRead = "clinical.read";
    /// <summary>Correcting the record: intake in the clinic (vitals, weight), measurement plans, dosing weight.</summary>
    public const string ClinicalWrite = "clinical.write";
    public const string MeasureEnter = "measure.enter";
    /// <summary>Clinician-rated scales (rater is not the patient, e.g. HAM-A, MADRS): only trained clinicians rate them.</summary>
    public const string MeasureEnterClinicianRated = "measure.enter.clinician-rated";
    public const string AlertResolve = "alert.resolve";
    public const string ModalitiesChoose = "plan.modalities";
    public const string DoseOrder = "dose.order";
    /// <summary>Running a dosing session at the chair: check-in, pre-checks, vitals, administration, discharge (nurses and prescribers).</summary>
    public const string SessionRun = "session.run";
    public const string PlanSign = "plan.sign";
    /// <summary>Writing and signing preparation and integration notes, and amending them (therapists and prescribers).</summary>
    public const string TherapyNotes = "therapy.notes";
    public const string EligibilityDecide = "eligibility.decide";
    public const string ConsentWitness = "consent.witness";
    public const string RequestsManage = "requests.manage";
    public const string UsersManage = "users.manage";
    public const string SettingsManage = "settings.manage";
    public const string ProtocolsManage = "protocols.manage";
    public const string AuditRead = "audit.read";
    public const string ResearchDeidentifiedRead = "research.deidentified.read";
    /// <summary>The patient portal: the person's own record only, never another's.</summary>
    public const string PortalSelf = "portal.self";
    /// <summary>
    /// Break-glass: opening one patient's clinical record read-only, for a stated reason, for a limited time, audited and
    /// reviewed by an admin (docs/decisions/0020-emergency-access.md). Every staff role holds it; it is useful only to
    /// those who lack <see cref="ClinicalRead"/>.
    /// </summary>
    public const string EmergencyAccess = "emergency.access";

    /// <summary>The controlled-substance ledger: balances, entries, expiry warnings, the inventory report (docs/decisions/0022).</summary>
    public const string LedgerRead = "ledger.read";

    /// <summary>Recording in the controlled-substance ledger: receipts, waste (and witnessing it), transfers, returns, counts, resolving discrepancies, administrations.</summary>
    public const string LedgerRecord = "ledger.record";

    /// <summary>
    /// The claim type of a permission granted for one request only, by <see cref="EmergencyAccess"/>'s middleware
    /// (Features/EmergencyAccess/EmergencyAccessGrants.cs), on an identity of <see cref="GrantedIdentityType"/> that it
    /// adds from the database on each request. Never honoured on any other identity, so it cannot come from a cookie.
    /// </summary>
    public const string GrantedPermissionClaim = "kapcare:permission";

    /// <summary>The authentication type of the per-request identity that carries <see cref="GrantedPermissionClaim"/>.</summary>
    public const string GrantedIdentityType = "KapCare.EmergencyAccess";

    /// <summary>
    /// Not a capability: a declaration that any signed-in person may use the endpoint (their own account, the home
    /// page), so the endpoint test can tell "declared open to everyone signed in" from "forgot to declare".
    /// </summary>
    public const string SignedIn = "signed-in";

    public static readonly IReadOnlyList<string> All =
    [
        DemographicsRead, DemographicsWrite, PatientArchive, ConsentStatusRead, ClinicalRead, ClinicalWrite, MeasureEnter,
        MeasureEnterClinicianRated, AlertResolve, ModalitiesChoose, DoseOrder, SessionRun, PlanSign, TherapyNotes, EligibilityDecide, ConsentWitness,
        RequestsManage, UsersManage, SettingsManage, ProtocolsManage, AuditRead, ResearchDeidentifiedRead, PortalSelf, EmergencyAccess,
        LedgerRead, LedgerRecord,
    ];

    private static readonly string[] ClinicalReader = [DemographicsRead, ConsentStatusRead, ClinicalRead];

    /// <summary>
    /// The role → permissions table (docs/decisions/0015-permissions.md keeps the same table; a test compares them).
    /// Front desk: demographics, requests, consent status — no clinical content. Admin: users, settings, protocols,
    /// audit, and the demographics needed to archive or restore a record — no clinical content unless the person also
    /// holds a clinical role. Researcher: de-identified data only. Therapist: clinical read, measures (incl.
    /// clinician-rated scales, which therapists are trained to rate), modalities — no dosing, no signing. Nurse:
    /// clinical read and write, demographics (registering and correcting contact details, as before), measures incl.
    /// clinician-rated, the dosing weight, witnessing consent — no plan
    /// signing, no dose orders. Prescriber: everything clinical. Every staff role holds emergency access (break-glass),
    /// researchers and patients do not. Nurses and prescribers keep the controlled-substance ledger; admins read it (inventory
    /// reports, audits) but do not record in it.
    /// </summary>
    public static readonly FrozenDictionary<string, FrozenSet<string>> ByRole = new Dictionary<string, FrozenSet<string>>
    {
        [Roles.FrontDesk] = Set(DemographicsRead, DemographicsWrite, PatientArchive, ConsentStatusRead, RequestsManage, EmergencyAccess),
        [Roles.Admin] = Set(DemographicsRead, DemographicsWrite, PatientArchive, UsersManage, SettingsManage, ProtocolsManage, AuditRead, EmergencyAccess, LedgerRead),
        [Roles.Researcher] = Set(ResearchDeidentifiedRead),
        [Roles.Therapist] = Set([.. ClinicalReader, MeasureEnter, AlertResolve, ModalitiesChoose, TherapyNotes, EmergencyAccess]),
        [Roles.Nurse] = Set([.. ClinicalReader, DemographicsWrite, ClinicalWrite, MeasureEnter, MeasureEnterClinicianRated, AlertResolve, SessionRun, ConsentWitness, EmergencyAccess, LedgerRead, LedgerRecord]),
        [Roles.Prescriber] = Set([.. ClinicalReader, DemographicsWrite, PatientArchive, ClinicalWrite, MeasureEnter, MeasureEnterClinicianRated,
            AlertResolve, ModalitiesChoose, DoseOrder, SessionRun, PlanSign, TherapyNotes, EligibilityDecide, ConsentWitness, EmergencyAccess, LedgerRead, LedgerRecord]),
        [Roles.Patient] = Set(PortalSelf),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static FrozenSet<string> Set(params string[] permissions) => permissions.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The union of the roles' permissions.</summary>
    public static IReadOnlySet<string> For(IEnumerable<string> roles) =>
        roles.Where(ByRole.ContainsKey).SelectMany(r => ByRole[r]).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether the person holds the permission through any of their roles, or for this request through an emergency-access
    /// grant (<see cref="GrantedPermissionClaim"/>). <see cref="SignedIn"/> holds for anyone authenticated. Computed from
    /// the role claims, which are rebuilt from the database on every request.
    /// </summary>
    public static bool Has(this ClaimsPrincipal user, string permission) =>
        user.HasOwn(permission)
        || (user.Identity?.IsAuthenticated == true && user.Identities.Any(i => i.AuthenticationType == GrantedIdentityType
            && i.HasClaim(GrantedPermissionClaim, permission)));

    /// <summary>Whether the person holds the permission through their roles, not through an emergency-access grant.</summary>
    public static bool HasOwn(this ClaimsPrincipal user, string permission)
    {
        if (user.Identity?.IsAuthenticated != true) return false;
        if (permission == SignedIn) return true;
        foreach (var (role, permissions) in ByRole)
            if (permissions.Contains(permission) && user.IsInRole(role)) return true;
        return false;
    }

    public static bool HasAny(this ClaimsPrincipal user, params string[] permissions) => permissions.Any(user.Has);

    public const string PolicyPrefix = "permission:";

    public static string Policy(string permission) => PolicyPrefix + permission;

    /// <summary>One authorization policy per permission, named <c>permission:&lt;name&gt;</c>.</summary>
    public static void AddPolicies(AuthorizationBuilder builder)
    {
        foreach (var permission in All.Append(SignedIn))
            builder.AddPolicy(Policy(permission), p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.Has(permission)));
    }

    /// <summary>Declares and enforces the permission an endpoint (a minimal API, a FHIR interaction) needs.</summary>
    public static TBuilder RequiresPermission<TBuilder>(this TBuilder builder, string permission) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy(permission));
}

/// <summary>
/// Declares the permission a page needs (every handler of it), enforced by the authorization middleware through the
/// permission's policy. On a page handler method (or with <see cref="Handler"/> on the class) it declares what that
/// handler needs beyond the page; <see cref="HandlerPermissionFilter"/> enforces it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class RequiresPermissionAttribute(string permission) : Attribute, IAuthorizeData
{
    public string Permission { get; } = permission;
    public string? Policy { get => Permissions.Policy(Permission); set => throw new NotSupportedException(); }
    public string? Roles { get => null; set => throw new NotSupportedException(); }
    public string? AuthenticationSchemes { get; set; }
}

/// <summary>
/// What one handler of a page needs beyond the page's own permission, e.g. the Measures page is read with
/// <c>clinical.read</c> but marking a score entered in error needs <c>measure.enter</c>. <see cref="Handler"/> names the
/// handler (<c>"EnteredInError"</c> for <c>OnPostEnteredInErrorAsync</c>); <c>"*"</c> means every POST handler.
/// Attributes on handler methods cannot be used: Razor Pages does not carry method attributes to the endpoint.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class HandlerPermissionAttribute(string handler, string permission) : Attribute
{
    public const string AnyPost = "*";
    public string Handler { get; } = handler;
    public string Permission { get; } = permission;

    public bool AppliesTo(string httpMethod, string? handlerName) =>
        !HttpMethods.IsGet(httpMethod) && !HttpMethods.IsHead(httpMethod)
        && (Handler == AnyPost || string.Equals(Handler, handlerName ?? string.Empty, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Enforces <see cref="HandlerPermissionAttribute"/>: a handler the person may not use is forbidden before it runs.</summary>
public sealed class HandlerPermissionFilter : Microsoft.AspNetCore.Mvc.Filters.IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var handler = context.HandlerMethod?.Name;
        var needed = context.ActionDescriptor.EndpointMetadata.OfType<HandlerPermissionAttribute>()
            .Concat(context.HandlerInstance.GetType().GetCustomAttributes(typeof(HandlerPermissionAttribute), true).Cast<HandlerPermissionAttribute>())
            .Where(a => a.AppliesTo(http.Request.Method, handler))
            .Select(a => a.Permission).Distinct().ToList();
        if (needed.Any(p => !http.User.Has(p)))
        {
            context.Result = new Microsoft.AspNetCore.Mvc.ForbidResult();
            return;
        }
        await next();
    }
}
