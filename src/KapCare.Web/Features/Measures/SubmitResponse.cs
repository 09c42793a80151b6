using System.Text.Json;
using KapCare.Clinical.Instruments;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Measures;

public sealed record ResponseSubmission(
    Guid PatientId,
    Instrument Instrument,
    IReadOnlyDictionary<string, int> Answers,
    ResponseSource Source,
    DateTime? AuthoredAt = null,
    string? EnteredByUserId = null,
    Guid? Replaces = null,
    bool PatientVerified = false);

public abstract record SubmissionResult
{
    private SubmissionResult() { }
    public sealed record Stored(QuestionnaireResponseRecord Response, ScoreResult Score, IReadOnlyList<ScoreObservation> Observations, IReadOnlyList<SafetyAlert> Alerts) : SubmissionResult;
    public sealed record Invalid(string Message, string? LinkId) : SubmissionResult;
    public sealed record PatientNotFound : SubmissionResult;
}

/// <summary>
/// Scores a questionnaire at once and stores, in one transaction, the response, an Observation for the total
/// and each subscale, a safety alert for every alerting answer, and the audit entry. An incomplete form is
/// stored as in-progress and not scored; its safety answers still raise alerts.
/// </summary>
public sealed class SubmitResponse(KapCareDbContext db, AuditTrail audit, ClinicClock clock, SubmissionWriter writer)
{
    public async Task<SubmissionResult> HandleAsync(ResponseSubmission submission, CancellationToken ct = default)
    {
        // The FHIR API has already checked the patient to report every problem at once; the foreign key still guards existence.
        if (!submission.PatientVerified && !await db.Patients.AnyAsync(p => p.Id == submission.PatientId && p.ArchivedAt == null, ct))
            return new SubmissionResult.PatientNotFound();

        ScoreResult score;
        try
        {
            score = submission.Instrument.Score(submission.Answers);
        }
        catch (ArgumentException ex)
        {
            var linkId = ex.ParamName is { Length: > 0 } p && submission.Instrument.FindItem(p) is not null ? p : null;
            return new SubmissionResult.Invalid(ex.Message, linkId);
        }

        var now = clock.UtcNow;
        var authored = submission.AuthoredAt ?? now;
        if (authored > now.AddMinutes(5)) return new SubmissionResult.Invalid("The response cannot be authored in the future.", null);

        var response = new QuestionnaireResponseRecord
        {
            Id = Guid.CreateVersion7(),
            PatientId = submission.PatientId,
            InstrumentId = submission.Instrument.Id,
            Status = score.Valid ? ResponseStatus.Completed : ResponseStatus.InProgress,
            Source = submission.Source,
            AuthoredAt = authored,
            RecordedAt = now,
            EnteredByUserId = submission.EnteredByUserId,
            AnswersJson = JsonSerializer.Serialize(submission.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary()),
            Total = score.Total,
            BandCode = score.Band?.Code,
            BandLabel = score.Band?.Label,
            Version = 1,
        };
        if (submission.Replaces is Guid replacedId)
        {
            // The correction for an entry marked entered-in-error: link them so the chart shows which replaced which.
            var replaced = await db.QuestionnaireResponses.FirstOrDefaultAsync(r => r.Id == replacedId && r.PatientId == submission.PatientId
                && r.InstrumentId == submission.Instrument.Id && r.Status == ResponseStatus.EnteredInError && r.ReplacedById == null, ct);
            if (replaced is not null) replaced.ReplacedById = response.Id;
        }
        var rows = new List<object> { response };

        var observations = new List<ScoreObservation>();
        if (score.Valid)
        {
            var instrument = submission.Instrument;
            if (score.Total is not null || score.Band is not null)
                observations.Add(NewObservation(response, instrument.TotalCode, null, score.Total, score.Band));
            foreach (var (key, value) in score.Subscales)
                observations.Add(NewObservation(response, new CodeRef(CodeRef.Local, $"{instrument.Id}-{key}", $"{instrument.ShortName} {key}"), key, value, null));
            rows.AddRange(observations);
        }

        var alerts = score.Flags.Where(f => f.Level == SafetyLevel.Alert).Select(f => new SafetyAlert
        {
            Id = Guid.CreateVersion7(),
            PatientId = submission.PatientId,
            ResponseId = response.Id,
            Code = f.Code,
            Message = f.Message,
            Source = f.Source,
            RaisedAt = now,
            Status = AlertStatus.Open,
            Version = 1,
        }).ToList();
        rows.AddRange(alerts);

        rows.Add(audit.Create(AuditActions.MeasureSubmit, AuditOutcome.Success, "QuestionnaireResponse", response.Id.ToString(), submission.PatientId,
            $"{submission.Instrument.ShortName} {(score.Valid ? "completed" : "incomplete")} via {submission.Source}" + (alerts.Count > 0 ? $"; {alerts.Count} safety alert(s)" : string.Empty)));

        if (submission.Replaces is null && db.Database.CurrentTransaction is null)
        {
            // The common path: group-committed with concurrent submissions (one durable commit for many).
            await writer.WriteAsync(rows, ct);
        }
        else
        {
            // A correction also updates the entry it replaces: one transaction of its own. A caller's open transaction
            // (a consultation request converted to a patient) is joined, so its rows and these commit together.
            db.AddRange(rows);
            await db.SaveChangesAsync(ct);
        }
        return new SubmissionResult.Stored(response, score, observations, alerts);
    }

    private static ScoreObservation NewObservation(QuestionnaireResponseRecord response, CodeRef code, string? subscale, int? value, SeverityBand? band) => new()
    {
        Id = Guid.CreateVersion7(),
        PatientId = response.PatientId,
        ResponseId = response.Id,
        InstrumentId = response.InstrumentId,
        CodeSystem = code.System,
        Code = code.Code,
        Display = code.Display,
        Subscale = subscale,
        Value = value,
        BandCode = band?.Code,
        BandLabel = band?.Label,
        EffectiveAt = response.AuthoredAt,
        Status = ObservationStatus.Final,
    };
}

/// <summary>A wrong entry is never edited: it is marked entered-in-error with a reason, and its scores with it.</summary>
public sealed class MarkResponseEnteredInError(KapCareDbContext db, AuditTrail audit)
{
    public async Task<bool> HandleAsync(Guid responseId, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("Say why the entry is wrong.", nameof(reason));
        var response = await db.QuestionnaireResponses.FirstOrDefaultAsync(r => r.Id == responseId, ct);
        if (response is null) return false;
        if (response.Status == ResponseStatus.EnteredInError) throw new InvalidOperationException("This response is already marked entered in error.");
        response.Status = ResponseStatus.EnteredInError;
        response.ErrorReason = reason.Trim();
        await db.ScoreObservations.Where(o => o.ResponseId == responseId).ForEachAsync(o => o.Status = ObservationStatus.EnteredInError, ct);
        audit.Add(AuditActions.MeasureEnteredInError, AuditOutcome.Success, "QuestionnaireResponse", responseId.ToString(), response.PatientId, "reason: " + reason.Trim());
        await db.SaveChangesAsync(ct);
        return true;
    }
}
