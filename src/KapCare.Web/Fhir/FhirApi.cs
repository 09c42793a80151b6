using System.Security.Claims;
using KapCare.Clinical.Instruments;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using KapCare.Web.Fhir.Models;
using KapCare.Web.Infrastructure;

namespace KapCare.Web.Fhir;

/// <summary>The FHIR R4 endpoints under /fhir.</summary>
public static class FhirApi
{
    /// <summary>Bearer tokens only: a browser's cookie does not open the API, and a refusal is a 401, never a redirect to the login page.</summary>
    public const string Policy = "fhir";

    /// <summary>The resource types served, as the CapabilityStatement lists them.</summary>
    public static readonly IReadOnlyList<string> Resources =
        ["Patient", "Questionnaire", "QuestionnaireResponse", "Observation", "Flag", "Consent", "CarePlan", "Encounter", "MedicationAdministration", "AdverseEvent"];

    public static void AddServices(IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(BearerTokenHandler.SchemeName).RequireAuthenticatedUser());
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        // FHIR describes itself in /fhir/metadata (a CapabilityStatement), not in the REST API's OpenAPI document.
        var fhir = app.MapGroup("/fhir").AddEndpointFilter(AnswerFailuresInFhir).ExcludeFromDescription();
        fhir.MapGet("/metadata", Metadata).AllowAnonymous();

        // Each interaction needs its permission (docs/decisions/0015-permissions.md) and the token's scope for it:
        // the scopes only narrow what the user's permissions allow, never widen it.
        var patients = fhir.MapGroup("/Patient").RequireAuthorization(Policy).AddEndpointFilter(RequireScope("Patient"));
        patients.MapGet("", PatientApi.SearchAsync).RequiresPermission(Permissions.DemographicsRead);
        patients.MapPost("", PatientApi.CreateAsync).RequiresPermission(Permissions.DemographicsWrite);
        patients.MapGet("/{id}", PatientApi.ReadAsync).RequiresPermission(Permissions.DemographicsRead);
        patients.MapGet("/{id}/_history/{vid}", PatientApi.ReadVersionAsync).RequiresPermission(Permissions.DemographicsRead);
        patients.MapPut("/{id}", PatientApi.UpdateAsync).RequiresPermission(Permissions.DemographicsWrite);

        // Generated from the instrument library: no patient data, so anyone signed in may read them with the scope.
        var questionnaires = fhir.MapGroup("/Questionnaire").RequireAuthorization(Policy).RequiresPermission(Permissions.SignedIn).AddEndpointFilter(RequireScope("Questionnaire"));
        questionnaires.MapGet("", QuestionnaireApi.Search);
        questionnaires.MapGet("/{id}", QuestionnaireApi.Read);

        var responses = fhir.MapGroup("/QuestionnaireResponse").RequireAuthorization(Policy).AddEndpointFilter(RequireScope("QuestionnaireResponse"));
        responses.MapGet("", QuestionnaireResponseApi.SearchAsync).RequiresPermission(Permissions.ClinicalRead);
        // A clinician-rated instrument further needs measure.enter.clinician-rated (checked in CreateAsync, once the instrument is known).
        responses.MapPost("", QuestionnaireResponseApi.CreateAsync).RequiresPermission(Permissions.MeasureEnter);
        responses.MapGet("/{id}", QuestionnaireResponseApi.ReadAsync).RequiresPermission(Permissions.ClinicalRead);
        responses.MapGet("/{id}/_history/{vid}", QuestionnaireResponseApi.ReadVersionAsync).RequiresPermission(Permissions.ClinicalRead);

        var observations = fhir.MapGroup("/Observation").RequireAuthorization(Policy).RequiresPermission(Permissions.ClinicalRead).AddEndpointFilter(RequireScope("Observation"));
        observations.MapGet("", ObservationApi.SearchAsync);
        observations.MapGet("/{id}", ObservationApi.ReadAsync);

        var flags = fhir.MapGroup("/Flag").RequireAuthorization(Policy).RequiresPermission(Permissions.ClinicalRead).AddEndpointFilter(RequireScope("Flag"));
        flags.MapGet("", FlagApi.SearchAsync);
        flags.MapGet("/{id}", FlagApi.ReadAsync);

        // FHIR Consent carries which document was signed, when and its status, not the document's text.
        var consents = fhir.MapGroup("/Consent").RequireAuthorization(Policy).RequiresPermission(Permissions.ConsentStatusRead).AddEndpointFilter(RequireScope("Consent"));
        consents.MapGet("", ConsentApi.SearchAsync);
        consents.MapGet("/{id}", ConsentApi.ReadAsync);

        var carePlans = fhir.MapGroup("/CarePlan").RequireAuthorization(Policy).RequiresPermission(Permissions.ClinicalRead).AddEndpointFilter(RequireScope("CarePlan"));
        carePlans.MapGet("", CarePlanApi.SearchAsync);
        carePlans.MapGet("/{id}", CarePlanApi.ReadAsync);

        // Dosing sessions (issue 10, item 12): the session, its doses and its adverse events; its vital signs are Observations.
        var encounters = fhir.MapGroup("/Encounter").RequireAuthorization(Policy).RequiresPermission(Permissions.ClinicalRead).AddEndpointFilter(RequireScope("Encounter"));
        encounters.MapGet("", EncounterApi.SearchAsync);
        encounters.MapGet("/{id}", EncounterApi.ReadAsync);

        var administrations = fhir.MapGroup("/MedicationAdministration").RequireAuthorization(Policy).RequiresPermission(Permissions.ClinicalRead)
            .AddEndpointFilter(RequireScope("MedicationAdministration"));
        administrations.MapGet("", MedicationAdministrationApi.SearchAsync);
        administrations.MapGet("/{id}", MedicationAdministrationApi.ReadAsync);

        var adverseEvents = fhir.MapGroup("/AdverseEvent").RequireAuthorization(Policy).RequiresPermission(Permissions.ClinicalRead).AddEndpointFilter(RequireScope("AdverseEvent"));
        adverseEvents.MapGet("", AdverseEventApi.SearchAsync);
        adverseEvents.MapGet("/{id}", AdverseEventApi.ReadAsync);

        // Anything else under /fhir gets a FHIR answer too, not the web app's HTML error page.
        fhir.Map("/{**rest}", NotSupported).AllowAnonymous();
    }

    private static IResult Metadata(HttpRequest request, ClinicClock clock)
    {
        var baseUrl = FhirRequest.BaseUrl(request);
        var statement = new CapabilityStatement
        {
            Name = "KapCareFhirServer",
            Title = "KapCare FHIR R4 API",
            Date = PatientMapping.Instant(clock.UtcNow),
            Publisher = "KapCare",
            Kind = "instance",
            Software = new CapabilityStatementSoftware { Name = "KapCare", Version = typeof(FhirApi).Assembly.GetName().Version?.ToString() },
            Implementation = new CapabilityStatementImplementation { Description = "KapCare clinic system: patient demographics, measurement-based care (questionnaires, scores, safety flags), treatment plans and dosing sessions over FHIR R4", Url = baseUrl },
            FhirVersion = "4.0.1",
            Format = ["json"],
            Rest =
            [
                new CapabilityStatementRest
                {
                    Mode = "server",
                    Security = new CapabilityStatementSecurity
                    {
                        Cors = false,
                        Description = "Send an API token as 'Authorization: Bearer <token>' (create one in KapCare or with 'kapcare token create'). "
                            + "Tokens carry SMART v1 style scopes per resource: e.g. user/Patient.read for read and search, user/Patient.write for create and update, "
                            + "user/QuestionnaireResponse.write to submit forms (user/*.read and user/*.* also work). For Patient, QuestionnaireResponse, Observation, "
                            + "Flag, Consent, CarePlan, Encounter, MedicationAdministration and AdverseEvent the token's user must hold a clinical role (Admin, Prescriber, Nurse, Therapist, FrontDesk); Questionnaires hold no patient "
                            + "data and need only the scope. Every read, search and write of patient data is recorded in the audit log.",
                    },
                    Resource =
                    [
                        new CapabilityStatementResource
                        {
                            Type = "Patient",
                            Profile = "http://hl7.org/fhir/StructureDefinition/Patient",
                            Documentation = "The medical record number is assigned by KapCare (identifier system " + PatientMapping.MrnSystem
                                + "). One name, phone, email, address, emergency contact and preferred language are recorded; pronouns use the individual-pronouns extension. "
                                + "Only the current version is kept. Updates take If-Match: W/\"<version>\".",
                            Interaction = [new() { Code = "read" }, new() { Code = "create" }, new() { Code = "update" }, new() { Code = "search-type" }],
                            Versioning = "versioned-update",
                            SearchParam = [.. PatientSearch.Parameters.Select(p => new CapabilityStatementSearchParam
                            {
                                Name = p.Name,
                                Definition = p.Definition,
                                Type = p.Type,
                                Documentation = p.Documentation,
                            })],
                        },
                        new CapabilityStatementResource
                        {
                            Type = "Questionnaire",
                            Profile = "http://hl7.org/fhir/StructureDefinition/Questionnaire",
                            Documentation = "The validated scales KapCare scores (GAD-7, PHQ-9, PCL-5, …), generated from its instrument library; id = instrument id, url = "
                                + InstrumentLibrary.CanonicalBase + "/{id}. Questions carry their LOINC code in item.code where one exists and each answer its score "
                                + "as the ordinalValue extension. Read-only; no patient data (scope user/Questionnaire.read, any role).",
                            Interaction = [new() { Code = "read" }, new() { Code = "search-type" }],
                            Versioning = "no-version",
                            SearchParam = SearchParams(QuestionnaireSearch.Supported),
                        },
                        new CapabilityStatementResource
                        {
                            Type = "QuestionnaireResponse",
                            Profile = "http://hl7.org/fhir/StructureDefinition/QuestionnaireResponse",
                            Documentation = "Create a completed form and KapCare scores it at once: the total (and subscales) become Observations derived from it, and a "
                                + "safety answer (e.g. PHQ-9 item 9 ≥ 1) raises an active Flag. questionnaire is KapCare's canonical ({url}|version allowed) or LOINC's "
                                + "http://loinc.org/q/{panel}; subject is Patient/{id}; items are matched by KapCare's linkId or the item's LOINC code (with or without a "
                                + "leading '/'), groups are read through; answers are valueCoding (LOINC LA codes or KapCare's answer codes) or valueInteger (the score). "
                                + "A form with questions unanswered is stored as in-progress and not scored (send in-progress only for such a form). "
                                + "Any problem is a 400 OperationOutcome whose expression names the item, and nothing is stored. Responses are never updated: a wrong "
                                + "one is marked entered-in-error in KapCare. Read back, items use KapCare's linkIds and answers are valueCoding with the ordinalValue score.",
                            Interaction = [new() { Code = "read" }, new() { Code = "create" }, new() { Code = "search-type" }],
                            Versioning = "versioned",
                            SearchParam = SearchParams(QuestionnaireResponseSearch.Supported),
                        },
                        new CapabilityStatementResource
                        {
                            Type = "Observation",
                            Profile = "http://hl7.org/fhir/StructureDefinition/Observation",
                            Documentation = "Questionnaire scores, derived by KapCare from a QuestionnaireResponse (derivedFrom): category survey, code = the LOINC total "
                                + "(e.g. 70274-6 GAD-7, 44261-6 PHQ-9) or a local code in " + CodeRef.Local + ", valueQuantity in {score}, the severity band as "
                                + "interpretation.text; a result that is a category (C-SSRS screener risk level) is valueCodeableConcept. "
                                + "And the vital signs of dosing sessions, one Observation per sign and reading in the R4 vital signs profiles (meta.profile): "
                                + "category vital-signs, encounter = the session; blood pressure is the panel 85354-9 with components 8480-6 systolic and 8462-4 "
                                + "diastolic in mm[Hg]; heart rate 8867-4 and respiratory rate 9279-1 in /min; SpO₂ 2708-6 with 59408-5 (pulse oximetry) in %. "
                                + "Their ids are vs-bp-, vs-hr-, vs-spo2- or vs-rr- and the reading's id. Readings are never changed (a correction is a new reading), "
                                + "so all are final. Read-only.",
                            Interaction = [new() { Code = "read" }, new() { Code = "search-type" }],
                            Versioning = "no-version",
                            SearchParam = SearchParams(ObservationSearch.Supported),
                        },
                        new CapabilityStatementResource
                        {
                            Type = "Flag",
                            Profile = "http://hl7.org/fhir/StructureDefinition/Flag",
                            Documentation = "Safety alerts raised by answers: category safety, code.text = the alert, status active until a clinician resolves it in "
                                + "KapCare (then inactive, with period.end). The flag-detail extension points to the QuestionnaireResponse that raised it. Read-only.",
                            Interaction = [new() { Code = "read" }, new() { Code = "search-type" }],
                            Versioning = "versioned",
                            SearchParam = SearchParams(FlagSearch.Supported),
                        },
                        new CapabilityStatementResource
                        {
                            Type = "Consent",
                            Profile = "http://hl7.org/fhir/StructureDefinition/Consent",
                            Documentation = "Consents the patient signed in KapCare (portal, or in clinic with a staff witness): status active, scope treatment or research, "
                                + "category LOINC 59284-0, the patient as performer, and sourceAttachment linking the PDF with the exact text signed (its SHA-256 in the title). "
                                + "Signed consents are immutable; a new wording is signed as a new version. Read-only.",
                            Interaction = [new() { Code = "read" }, new() { Code = "search-type" }],
                            Versioning = "no-version",
                            SearchParam = SearchParams(ConsentSearch.Supported),
                        },
                        new CapabilityStatementResource
                        {
                            Type = "CarePlan",
                            Profile = "http://hl7.org/fhir/StructureDefinition/CarePlan",
                            Documentation = "Treatment plans, one CarePlan per plan version, intent plan, category text \"" + CarePlanMapping.Category + "\": status draft "
                                + "(being built), active (signed by a prescriber, who is the author) or revoked (superseded by a newer signed version, which names it in "
                                + "replaces; R4 has no superseded status). title = protocol and plan version; description = summary, route and dose. Each planned session "
                                + "(preparation, dosing, integration, follow-up) is an activity.detail of kind Appointment on its date (scheduledPeriod), with status "
                                + "not-started in a draft, scheduled while ahead in an active plan, cancelled while ahead in a revoked one, and unknown once past (session "
                                + "records are not linked yet); dosing sessions carry the product (Ketamine or Esketamine) and, for fixed-mg doses, dailyAmount in mg "
                                + "(a mg/kg dose stays in the description). Accepted adjunct modalities (EMDR, ART, IFS, CBT, somatic) are activities of kind "
                                + "ServiceRequest over the integration sessions. Stop/continue criteria, the measurement plan, titration and sources are notes. "
                                + "Plans are built and signed in KapCare; a signed version is immutable. Read-only.",
                            Interaction = [new() { Code = "read" }, new() { Code = "search-type" }],
                            Versioning = "versioned",
                            SearchParam = SearchParams(CarePlanSearch.Supported),
                        },
                        new CapabilityStatementResource
                        {
                            Type = "Encounter",
                            Profile = "http://hl7.org/fhir/StructureDefinition/Encounter",
                            Documentation = "Dosing sessions, class AMB (ambulatory). status follows the session: planned (opened), arrived (checked in), in-progress "
                                + "(pre-checks, a hold on them, dosing, monitoring), finished (discharged; co-signed), cancelled (cancelled, or did not attend: R4 has no "
                                + "no-show for an encounter; the narrative says which and why). period runs from check-in to discharge; before arrival it is the planned "
                                + "day. type names the session and its route (" + EncounterMapping.RouteSystem + "); the CarePlan version it delivers is in the R5 "
                                + "basedOn extension " + EncounterMapping.BasedOnExtension + " (R4 basedOn takes only a ServiceRequest). Participants (the discharging "
                                + "nurse DIS, the co-signing prescriber ATND) and the chair are names only: KapCare serves no Practitioner or Location. Read-only.",
                            Interaction = [new() { Code = "read" }, new() { Code = "search-type" }],
                            Versioning = "versioned",
                            SearchParam = SearchParams(EncounterSearch.Supported),
                        },
                        new CapabilityStatementResource
                        {
                            Type = "MedicationAdministration",
                            Profile = "http://hl7.org/fhir/StructureDefinition/MedicationAdministration",
                            Documentation = "Doses given at dosing sessions (context = the Encounter). The product is a contained Medication #med coded in RxNorm "
                                + "(ketamine 6130; esketamine nasal spray 2201623) with the ledger lot in batch.lotNumber and batch.expirationDate; a dose drawn from "
                                + "several lots lists one contained Medication per lot as ingredients. status in-progress (on-hold while an infusion is paused), "
                                + "completed, or stopped (less than prepared, statusReason saying why). dosage.dose in mg, dosage.route in SNOMED CT, dosage.rateQuantity "
                                + "in mL/h for an infusion; effectivePeriod from the start to the end of the dose. Read-only.",
                            Interaction = [new() { Code = "read" }, new() { Code = "search-type" }],
                            Versioning = "versioned",
                            SearchParam = SearchParams(MedicationAdministrationSearch.Supported),
                        },
                        new CapabilityStatementResource
                        {
                            Type = "AdverseEvent",
                            Profile = "http://hl7.org/fhir/StructureDefinition/AdverseEvent",
                            Documentation = "Adverse events at dosing sessions, actuality actual, as they stand now: an update of an event (its outcome, its severity) "
                                + "is a new version of the same resource, never a second event. event carries KapCare's code (" + AdverseEventMapping.LocalSystem
                                + ") and SNOMED CT where the concept is plain (nausea, vomiting, hypertension, tachycardia, dizziness, headache, blurred vision); "
                                + "seriousness, severity and outcome use the R4 adverse-event code systems; suspectEntity is the session's MedicationAdministration. "
                                + "The action taken is in the narrative. Read-only.",
                            Interaction = [new() { Code = "read" }, new() { Code = "search-type" }],
                            Versioning = "versioned",
                            SearchParam = SearchParams(AdverseEventSearch.Supported),
                        },
                    ],
                },
            ],
        };
        return FhirResults.Resource(statement);
    }

    private static IResult NotSupported(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var knownPath = path.Equals("/fhir/metadata", StringComparison.Ordinal)
            || (segments.Length is 2 or 3 && segments[0] == "fhir" && Resources.Contains(segments[1]));
        return knownPath
            ? FhirResults.Outcome(StatusCodes.Status405MethodNotAllowed, "not-supported", $"{request.Method} is not supported on {path}; see /fhir/metadata for what is.")
            : FhirResults.Outcome(StatusCodes.Status404NotFound, "not-supported",
                $"{request.Method} {path} is not part of KapCare's FHIR API, which offers {string.Join(", ", Resources)}; see /fhir/metadata.");
    }

    private static List<CapabilityStatementSearchParam> SearchParams(IEnumerable<SearchParameter> parameters) =>
        [.. parameters.Select(p => new CapabilityStatementSearchParam { Name = p.Name, Definition = p.Definition, Type = p.Type, Documentation = p.Documentation })];

    /// <summary>
    /// The token's scopes must allow the access (read for GET, write otherwise). The user's permission for the
    /// interaction was already checked by its policy (PermissionRefusals answers that refusal); a scope can only narrow
    /// it. A refusal is answered 403 and recorded, since a denied attempt on patient data is itself a security event.
    /// </summary>
    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> RequireScope(string resource) =>
        async (context, next) =>
        {
            var http = context.HttpContext;
            var write = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
            var scopes = http.User.FindAll(BearerTokenHandler.ScopeClaim).Select(c => c.Value).ToList();
            if (Scopes.Allows(scopes, resource, write)) return await next(context);

            var refusal = $"The token lacks the scope user/{resource}.{(write ? "write" : "read")} (it has: {string.Join(" ", scopes.DefaultIfEmpty("none"))}). Create a token with that scope.";
            var id = http.GetRouteValue("id") as string;
            // Only a Patient's own id names the patient; other ids name a response, a score or a flag.
            Guid? patientId = resource == "Patient" && Guid.TryParse(id, out var parsed) ? parsed : null;
            var audit = http.RequestServices.GetRequiredService<AuditTrail>();
            await audit.RecordAsync(AuditActions.AccessDenied, AuditOutcome.Denied, resource, id, patientId,
                $"FHIR {http.Request.Method} {http.Request.Path}: {refusal}", http.RequestAborted);
            return FhirResults.Outcome(StatusCodes.Status403Forbidden, "forbidden", refusal);
        };

    /// <summary>An unexpected failure still answers in FHIR, with no detail that could carry patient data.</summary>
    private static async ValueTask<object?> AnswerFailuresInFhir(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FhirApi));
            logger.LogError(e, "FHIR {Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return FhirResults.Outcome(StatusCodes.Status500InternalServerError, "exception",
                $"KapCare could not complete the request (trace {context.HttpContext.TraceIdentifier}). Try again; if it keeps failing, tell the clinic's KapCare administrator with the trace.");
        }
    }
}
