using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Instruments;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using QuestionnaireResponseResource = KapCare.Web.Fhir.Models.QuestionnaireResponse;

namespace KapCare.Web.Fhir;

/// <summary>
/// QuestionnaireResponse create, read and search. A submitted form is scored at once by <see cref="SubmitResponse"/>,
/// which stores the response, its score Observations and any safety alert (Flag) together.
/// </summary>
public static class QuestionnaireResponseApi
{
    private const string Type = "QuestionnaireResponse";

    public static async Task<IResult> CreateAsync(HttpRequest request, KapCareDbContext db, SubmitResponse submit, AuditTrail audit, ClinicClock clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var (resource, error) = await FhirRequest.ReadResourceAsync<QuestionnaireResponseResource>(request, Type);
        if (error is not null) return await RefusedAsync(audit, null, error, ct);

        var (input, issues) = QuestionnaireResponseMapping.FromFhir(resource!, FhirRequest.BaseUrl(request), clock.Zone, clock.UtcNow);
        // A clinician-rated scale (HAM-A, CADSS: the rater is not the patient) is rated by a trained clinician; the web
        // form refuses it to anyone else, and so does the API (issue 9, finding 5: a front-desk token submitted a HAM-A).
        if (input is not null && input.Instrument.Rater != Rater.Patient && !request.HttpContext.User.Has(Permissions.MeasureEnterClinicianRated))
        {
            var refusal = $"{input.Instrument.ShortName} is rated by a clinician: the token's user lacks the permission {Permissions.MeasureEnterClinicianRated}; see docs/decisions/0015-permissions.md.";
            await audit.RecordAsync(AuditActions.AccessDenied, AuditOutcome.Denied, Type, null, input.PatientId, $"FHIR POST {request.Path}: {refusal}", ct);
            return FhirResults.Outcome(StatusCodes.Status403Forbidden, "forbidden", refusal);
        }
        if (input is not null)
        {
            var patient = await db.Patients.AsNoTracking().Where(p => p.Id == input.PatientId).Select(p => new { p.ArchivedAt }).FirstOrDefaultAsync(ct);
            if (patient is null) issues.Add(UnknownPatient(input.PatientId));
            else if (patient.ArchivedAt is not null)
                issues.Add(OperationOutcomeIssue.Error("business-rule",
                    "QuestionnaireResponse.subject: this patient's record is archived; a user with an archiving role can restore it in KapCare first.", "QuestionnaireResponse.subject"));
        }
        if (input is null || issues.Count > 0) return await RefusedAsync(audit, input?.PatientId, new FhirError(StatusCodes.Status400BadRequest, new OperationOutcome { Issue = issues }), ct);

        // A form is complete when every item that is asked is answered; the instrument decides (REFERENCE.md §1).
        ScoreResult score;
        try
        {
            score = input.Instrument.Score(input.Answers);
        }
        catch (ArgumentException e)
        {
            return await RefusedAsync(audit, input.PatientId, FhirError.Of(StatusCodes.Status400BadRequest, "value", $"{input.PathOf(e.ParamName)}: {e.Message}", input.PathOf(e.ParamName)), ct);
        }
        if (input.Total is { } sent && (!score.Valid || score.Total != sent.Value))
            return await RefusedAsync(audit, input.PatientId, FhirError.Of(StatusCodes.Status400BadRequest, "value", score.Valid
                ? $"{sent.Path}: the total sent in item '{sent.LinkId}' ({sent.Value.ToString(CultureInfo.InvariantCulture)}) is not the sum of the answers "
                    + $"({score.Total?.ToString(CultureInfo.InvariantCulture)}); nothing was stored. Check the answers, or leave the total out: KapCare scores the form itself."
                : $"{sent.Path}: a total was sent in item '{sent.LinkId}' for a form with questions unanswered ({string.Join(", ", score.MissingLinkIds)}); "
                    + "an incomplete form has no total (REFERENCE.md §1). Leave the total out.",
                sent.Path), ct);
        if (input.InProgress && score.Valid)
            return await RefusedAsync(audit, input.PatientId, FhirError.Of(StatusCodes.Status400BadRequest, "business-rule",
                $"QuestionnaireResponse.status: the response is in-progress, but every question of {input.Instrument.ShortName} is answered. KapCare stores a form once, "
                + "and scores it when it is complete: send it as completed when the patient has finished.", "QuestionnaireResponse.status"), ct);

        var userId = request.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var submission = new ResponseSubmission(input.PatientId, input.Instrument, input.Answers, ResponseSource.Api, input.AuthoredUtc, userId, PatientVerified: true);
        return await submit.HandleAsync(submission, ct) switch
        {
            SubmissionResult.Stored stored => Current(stored.Response, StatusCodes.Status201Created,
                $"{FhirRequest.BaseUrl(request)}/{Type}/{stored.Response.Id}/_history/{stored.Response.Version}"),
            SubmissionResult.Invalid invalid => await RefusedAsync(audit, input.PatientId,
                FhirError.Of(StatusCodes.Status400BadRequest, "value", $"{input.PathOf(invalid.LinkId)}: {invalid.Message}", input.PathOf(invalid.LinkId)), ct),
            SubmissionResult.PatientNotFound => await RefusedAsync(audit, input.PatientId,
                new FhirError(StatusCodes.Status400BadRequest, new OperationOutcome { Issue = [UnknownPatient(input.PatientId)] }), ct),
            var other => throw new UnreachableException($"Submitting a response does not end in {other.GetType().Name}."),
        };
    }

    public static async Task<IResult> ReadAsync(string id, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var record = await FindAsync(db, id, ct);
        if (record is null) return NotFound(id);
        await FhirReadAudit.ReadAsync(audit, Type, record.Id, record.PatientId, "FHIR read", ct);
        return Current(record);
    }

    /// <summary>vread: a response's answers never change, only its status; the current version is the one kept.</summary>
    public static async Task<IResult> ReadVersionAsync(string id, string vid, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var record = await FindAsync(db, id, ct);
        if (record is null) return NotFound(id);
        if (vid != record.Version.ToString(CultureInfo.InvariantCulture))
            return FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found",
                $"KapCare keeps only the current version of a response, which is version {record.Version}; version '{vid}' is not available.");
        await FhirReadAudit.ReadAsync(audit, Type, record.Id, record.PatientId, $"FHIR vread version {vid}", ct);
        return Current(record);
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, KapCareDbContext db, AuditTrail audit, ClinicClock clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var (search, error) = QuestionnaireResponseSearch.Parse(request.Query, FhirRequest.WantsStrictHandling(request), clock.Zone);
        if (error is not null) return FhirResults.Outcome(error);

        var matches = search!.Apply(db.QuestionnaireResponses.AsNoTracking());
        var total = await matches.CountAsync(ct);
        var rows = await search.Sorted(matches).Skip(search.Offset).Take(search.Count).ToListAsync(ct);

        await FhirReadAudit.SearchAsync(audit, db, Type, search, [.. rows.Select(r => (r.PatientId, r.Id))], total, rows.Count, ct);
        return FhirResults.Resource(search.ToBundle(request, total, rows.Select(r => (r.Id.ToString(), (object)QuestionnaireResponseMapping.ToFhir(r))), rows.Count));
    }

    private static IResult Current(QuestionnaireResponseRecord record, int statusCode = StatusCodes.Status200OK, string? location = null) =>
        FhirResults.Versioned(QuestionnaireResponseMapping.ToFhir(record), record.Version, record.RecordedAt, statusCode, location);

    private static async Task<QuestionnaireResponseRecord?> FindAsync(KapCareDbContext db, string id, CancellationToken ct) =>
        Guid.TryParse(id, out var guid) ? await db.QuestionnaireResponses.AsNoTracking().FirstOrDefaultAsync(r => r.Id == guid, ct) : null;

    private static IResult NotFound(string id) =>
        FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found", $"There is no questionnaire response with id '{id}'.");

    /// <summary>
    /// An unknown patient is a 400, not a 404: the URL (/fhir/QuestionnaireResponse) exists; what is wrong is a reference
    /// inside the body (FHIR http.html#create: a resource that cannot be processed is refused with 400 or 422).
    /// </summary>
    private static OperationOutcomeIssue UnknownPatient(Guid id) =>
        OperationOutcomeIssue.Error("not-found", $"QuestionnaireResponse.subject: there is no patient with id '{id}'; register the patient first (POST /fhir/Patient).", "QuestionnaireResponse.subject");

    /// <summary>A refused submission is recorded too: someone tried to add to a patient's record and was told no.</summary>
    private static async Task<IResult> RefusedAsync(AuditTrail audit, Guid? patientId, FhirError error, CancellationToken ct)
    {
        var where = string.Join(", ", error.Outcome.Issue.Select(i => i.Expression?.FirstOrDefault() ?? i.Code).Distinct());
        await audit.RecordAsync(AuditActions.MeasureSubmit, AuditOutcome.Failure, Type, null, patientId, $"FHIR request refused ({error.StatusCode}): {where}", ct);
        return FhirResults.Outcome(error);
    }
}
