using System.Diagnostics;
using System.Globalization;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Patients;
using KapCare.Web.Fhir.Models;
using Microsoft.EntityFrameworkCore;
using PatientEntity = KapCare.Web.Features.Patients.Patient;
using PatientResource = KapCare.Web.Fhir.Models.Patient;

namespace KapCare.Web.Fhir;

/// <summary>Patient read, version read, search, create and update (http://hl7.org/fhir/R4/http.html).</summary>
public static class PatientApi
{
    public static async Task<IResult> ReadAsync(string id, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var patient = await FindAsync(db, id, request.HttpContext.RequestAborted);
        if (patient is null) return NotFound(id);
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "Patient", id, patient.Id, "FHIR read", request.HttpContext.RequestAborted);
        return Current(patient);
    }

    /// <summary>vread: KapCare keeps only the current version, so only its number finds anything.</summary>
    public static async Task<IResult> ReadVersionAsync(string id, string vid, HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var patient = await FindAsync(db, id, request.HttpContext.RequestAborted);
        if (patient is null) return NotFound(id);
        if (vid != patient.Version.ToString(CultureInfo.InvariantCulture))
            return FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found",
                $"KapCare keeps only the current version of a patient, which is version {patient.Version}; version '{vid}' is not available.");
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "Patient", id, patient.Id, $"FHIR vread version {vid}", request.HttpContext.RequestAborted);
        return Current(patient);
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, KapCareDbContext db, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var (search, error) = PatientSearch.Parse(request.Query, FhirRequest.WantsStrictHandling(request));
        if (error is not null) return FhirResults.Outcome(error);

        var matches = search!.Apply(db.Patients.AsNoTracking());
        var total = await matches.CountAsync(ct);
        var rows = await matches.OrderBy(p => p.SearchFamilyName).ThenBy(p => p.SearchGivenName).ThenBy(p => p.BirthDate).ThenBy(p => p.Id)
            .Skip(search.Offset).Take(search.Count).ToListAsync(ct);

        var baseUrl = FhirRequest.BaseUrl(request);
        string Page(int offset)
        {
            var parameters = search.UsedParameters.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)).ToList();
            parameters.Add(new("_count", search.Count.ToString(CultureInfo.InvariantCulture)));
            if (offset > 0) parameters.Add(new("_offset", offset.ToString(CultureInfo.InvariantCulture)));
            return QueryString.Create(parameters).ToUriComponent();
        }
        var links = new List<BundleLink> { new() { Relation = "self", Url = $"{baseUrl}/Patient{Page(search.Offset)}" } };
        if (search.Offset + rows.Count < total)
            links.Add(new BundleLink { Relation = "next", Url = $"{baseUrl}/Patient{Page(search.Offset + search.Count)}" });
        if (search.Offset > 0)
            links.Add(new BundleLink { Relation = "previous", Url = $"{baseUrl}/Patient{Page(Math.Max(0, search.Offset - search.Count))}" });

        await audit.RecordSearchAsync("Patient", rows.Select(p => p.Id).ToList(), $"FHIR search {Page(search.Offset)}; {total} found; {rows.Count} returned", ct);
        return FhirResults.Resource(new Bundle
        {
            Type = "searchset",
            Total = total,
            Link = links,
            Entry = [.. rows.Select(p => new BundleEntry { FullUrl = $"{baseUrl}/Patient/{p.Id}", Resource = PatientMapping.ToFhir(p), Search = new BundleEntrySearch { Mode = "match" } })],
        });
    }

    public static async Task<IResult> CreateAsync(HttpRequest request, RegisterPatient register, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var (resource, error) = await FhirRequest.ReadResourceAsync<PatientResource>(request, "Patient");
        if (error is null && resource!.Id is not null)
            error = FhirError.Of(StatusCodes.Status400BadRequest, "invalid", "Patient.id: a create must not carry an id; KapCare assigns it (to change a patient, PUT /fhir/Patient/{id}).", "Patient.id");
        if (error is not null) return await RefusedAsync(audit, AuditActions.PatientCreate, null, error, ct);

        var (input, issues) = PatientMapping.FromFhir(resource!, currentMrn: null);
        if (input is null) return await RefusedAsync(audit, AuditActions.PatientCreate, null, new FhirError(StatusCodes.Status400BadRequest, new OperationOutcome { Issue = issues }), ct);

        return await register.HandleAsync(input.Demographics, ct) switch
        {
            PatientWriteResult.Saved saved => Current(saved.Patient, StatusCodes.Status201Created,
                $"{FhirRequest.BaseUrl(request)}/Patient/{saved.Patient.Id}/_history/{saved.Patient.Version}"),
            PatientWriteResult.Invalid invalid => FhirResults.Outcome(StatusCodes.Status400BadRequest, input.Issues(invalid.Errors)),
            var other => throw new UnreachableException($"Registering a patient does not end in {other.GetType().Name}."),
        };
    }

    /// <summary>
    /// Update against a version: If-Match first, else the body's meta.versionId, else the current one
    /// (a plain overwrite). No update-as-create: KapCare assigns ids.
    /// </summary>
    public static async Task<IResult> UpdateAsync(string id, HttpRequest request, KapCareDbContext db, UpdatePatient update, AuditTrail audit)
    {
        var ct = request.HttpContext.RequestAborted;
        var (resource, error) = await FhirRequest.ReadResourceAsync<PatientResource>(request, "Patient");
        var ifMatch = FhirRequest.IfMatchVersion(request);
        error ??= ifMatch.Error;
        if (error is null && resource!.Id is null)
            error = FhirError.Of(StatusCodes.Status400BadRequest, "required", $"Patient.id is required in an update and must be the id in the URL ({id}).", "Patient.id");
        else if (error is null && resource!.Id != id)
            error = FhirError.Of(StatusCodes.Status400BadRequest, "invalid", $"Patient.id '{resource.Id}' differs from the id in the URL '{id}'; they must be the same.", "Patient.id");
        int? bodyVersion = null;
        if (error is null && resource!.Meta?.VersionId is string versionId)
        {
            if (int.TryParse(versionId, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) bodyVersion = v;
            else error = FhirError.Of(StatusCodes.Status400BadRequest, "value", $"Patient.meta.versionId '{versionId}' is not a KapCare version (a whole number).", "Patient.meta.versionId");
        }
        if (error is not null) return await RefusedAsync(audit, AuditActions.PatientUpdate, id, error, ct);

        var current = await FindAsync(db, id, ct);
        if (current is null) return NotFound(id, "; an update cannot create a patient (KapCare assigns ids): POST /fhir/Patient instead");
        if (current.IsArchived) return Archived();

        var (input, issues) = PatientMapping.FromFhir(resource!, current.Mrn);
        if (input is null) return await RefusedAsync(audit, AuditActions.PatientUpdate, id, new FhirError(StatusCodes.Status400BadRequest, new OperationOutcome { Issue = issues }), ct);

        var expected = ifMatch.Version ?? (ifMatch.Present ? current.Version : bodyVersion ?? current.Version);
        return await update.HandleAsync(current.Id, expected, input.Demographics, ct) switch
        {
            PatientWriteResult.Saved saved => Current(saved.Patient),
            PatientWriteResult.Invalid invalid => FhirResults.Outcome(StatusCodes.Status400BadRequest, input.Issues(invalid.Errors)),
            PatientWriteResult.NotFound => NotFound(id),
            PatientWriteResult.Archived => Archived(),
            // A failed If-Match is a failed precondition (RFC 9110 §13.1.1); a stale meta.versionId is a plain conflict.
            PatientWriteResult.Conflict conflict => FhirResults.Outcome(ifMatch.Present ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict, "conflict",
                $"The patient has changed since version {expected}; the current version is {conflict.Current.Version}. Nothing was saved: read it again, reapply the change and send it with If-Match: W/\"{conflict.Current.Version}\"."),
            var other => throw new UnreachableException($"Updating a patient does not end in {other.GetType().Name}."),
        };
    }

    private static IResult Current(PatientEntity patient, int statusCode = StatusCodes.Status200OK, string? location = null) =>
        FhirResults.Versioned(PatientMapping.ToFhir(patient), patient.Version, patient.UpdatedAt, statusCode, location);

    private static async Task<PatientEntity?> FindAsync(KapCareDbContext db, string id, CancellationToken ct) =>
        Guid.TryParse(id, out var guid) ? await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == guid, ct) : null;

    private static IResult NotFound(string id, string? more = null) =>
        FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found", $"There is no patient with id '{id}'{more}.");

    private static IResult Archived() =>
        FhirResults.Outcome(StatusCodes.Status409Conflict, "business-rule",
            "This patient's record is archived and cannot be changed; a user with an archiving role can restore it in KapCare first.");

    /// <summary>A refused write is recorded too: someone tried to change patient data and was told no.</summary>
    private static async Task<IResult> RefusedAsync(AuditTrail audit, string action, string? id, FhirError error, CancellationToken ct)
    {
        var codes = string.Join(", ", error.Outcome.Issue.Select(i => i.Expression?.FirstOrDefault() ?? i.Code).Distinct());
        await audit.RecordAsync(action, AuditOutcome.Failure, "Patient", id, Guid.TryParse(id, out var patientId) ? patientId : null,
            $"FHIR request refused ({error.StatusCode}): {codes}", ct);
        return FhirResults.Outcome(error);
    }
}
