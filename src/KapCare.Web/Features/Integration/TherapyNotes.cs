using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using KapCare.Clinical.Integration;
using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Integration;

public enum TherapyNoteKind { Preparation, Integration }

/// <summary>
/// A signed preparation or integration note (issue 11, items 1–2): written and signed in one act by the therapist named,
/// immutable from then on; a correction or addition is a <see cref="TherapyNoteAmendment"/> that keeps the original.
/// An integration note follows one dosing session.
/// </summary>
[AppendOnly("A signed note is immutable: add an amendment instead.")]
public sealed class TherapyNoteRecord
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid PlanId { get; set; }
    public TherapyNoteKind Kind { get; set; }

    /// <summary>The dosing session an integration note follows.</summary>
    public Guid? DosingSessionId { get; set; }

    public Modality? Modality { get; set; }

    /// <summary>The note's content as JSON: a <see cref="PreparationNote"/>, or the modality's measures and the common part.</summary>
    public string ContentJson { get; set; } = "{}";

    public DateTime SignedAt { get; set; }
    public string SignedByUserId { get; set; } = string.Empty;
    public string SignedByName { get; set; } = string.Empty;
}

[AppendOnly("An amendment is immutable: add another.")]
public sealed class TherapyNoteAmendment
{
    public const int MinimumLength = 10, MaxLength = 4000;

    public Guid Id { get; set; }
    public Guid NoteId { get; set; }
    public string Text { get; set; } = string.Empty;
    public DateTime At { get; set; }
    public string ByUserId { get; set; } = string.Empty;
    public string ByName { get; set; } = string.Empty;
}

/// <summary>An integration note's stored content.</summary>
public sealed record IntegrationContent(JsonElement Measures, NoteCommon Common);

/// <summary>One dosing session and its integration window: the deadline, the status, and the note that answers it.</summary>
public sealed record IntegrationDue(DosingSession Session, DateTime DoseEndedAt, DateTime Deadline, IntegrationWindow.Status Status, TherapyNoteRecord? Note);

public abstract record TherapyNoteResult
{
    private TherapyNoteResult() { }
    public sealed record Signed(TherapyNoteRecord Note) : TherapyNoteResult;
    public sealed record Refused(IReadOnlyList<NoteProblem> Problems) : TherapyNoteResult
    {
        public Refused(string field, string message) : this([new NoteProblem(field, message)]) { }
    }
    public sealed record NotFound : TherapyNoteResult;
}

/// <summary>
/// Writes and reads the therapy notes of a course (docs/decisions/0026): a preparation note before the first dose and an
/// integration note after each dosing session, in a modality the plan accepted, signed by the therapist who writes it.
/// </summary>
public sealed class TherapyNotes(KapCareDbContext db, AuditTrail audit, ClinicClock clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly SessionState[] Dosed = [SessionState.Discharged, SessionState.Signed];

    public async Task<TherapyNoteResult> SignPreparationAsync(Guid patientId, PreparationNote note, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.TherapyNotes)) return new TherapyNoteResult.Refused("note", "Only a therapist or a prescriber writes therapy notes.");
        var plan = await SignedPlanAsync(patientId, ct);
        if (plan is null) return new TherapyNoteResult.Refused("plan", "There is no signed treatment plan: preparation belongs to a planned course.");
        if (note.Problems() is { Count: > 0 } problems) return new TherapyNoteResult.Refused(problems);
        return await SignAsync(new TherapyNoteRecord
        {
            Id = Guid.CreateVersion7(), PatientId = patientId, PlanId = plan.Id, Kind = TherapyNoteKind.Preparation,
            ContentJson = JsonSerializer.Serialize(note, Json),
        }, "preparation note", user, ct);
    }

    /// <summary>An integration note after dosing session <paramref name="dosingNumber"/>, which must have been given and discharged.</summary>
    public async Task<TherapyNoteResult> SignIntegrationAsync(Guid patientId, int dosingNumber, ModalityMeasures measures, NoteCommon common, ClaimsPrincipal user,
        CancellationToken ct = default)
    {
        if (!user.Has(Permissions.TherapyNotes)) return new TherapyNoteResult.Refused("note", "Only a therapist or a prescriber writes therapy notes.");
        var session = await db.DosingSessions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.PatientId == patientId && s.DosingNumber == dosingNumber && s.State != SessionState.Cancelled, ct);
        if (session is null) return new TherapyNoteResult.NotFound();
        if (!Dosed.Contains(session.State))
            return new TherapyNoteResult.Refused("session", $"Dosing session {dosingNumber} is {SessionStateMachine.Label(session.State)}: integration follows a dose given and discharged.");
        var plan = await db.TreatmentPlans.AsNoTracking().FirstAsync(p => p.Id == session.PlanId, ct);
        // The modalities accepted on the patient's current signed plan (a revision may have added one since this dose).
        var current = await SignedPlanAsync(patientId, ct) ?? plan;
        var accepted = current.Modalities.Where(m => m.Accepted).Select(m => m.Modality).ToList();
        var (note, problems) = IntegrationNote.Create(measures, common, accepted);
        if (note is null) return new TherapyNoteResult.Refused(problems);
        return await SignAsync(new TherapyNoteRecord
        {
            Id = Guid.CreateVersion7(), PatientId = patientId, PlanId = plan.Id, Kind = TherapyNoteKind.Integration, DosingSessionId = session.Id,
            Modality = note.Modality,
            ContentJson = JsonSerializer.Serialize(new { Measures = (object)note.Measures, note.Common }, Json),
        }, $"integration note ({ModalityNames.Label(note.Modality)}) after dosing session {dosingNumber}", user, ct);
    }

    public async Task<TherapyNoteResult> AmendAsync(Guid patientId, Guid noteId, string? text, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.TherapyNotes)) return new TherapyNoteResult.Refused("amendment", "Only a therapist or a prescriber amends therapy notes.");
        var note = await db.TherapyNotes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noteId && n.PatientId == patientId, ct);
        if (note is null) return new TherapyNoteResult.NotFound();
        var body = text?.Trim() ?? string.Empty;
        if (body.Length < TherapyNoteAmendment.MinimumLength)
            return new TherapyNoteResult.Refused("amendment", $"Write the amendment (at least {TherapyNoteAmendment.MinimumLength} characters).");
        if (body.Length > TherapyNoteAmendment.MaxLength)
            return new TherapyNoteResult.Refused("amendment", $"Keep the amendment to {TherapyNoteAmendment.MaxLength} characters.");
        db.TherapyNoteAmendments.Add(new TherapyNoteAmendment
        {
            Id = Guid.CreateVersion7(), NoteId = note.Id, Text = body, At = clock.UtcNow,
            ByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, ByName = user.DisplayName(),
        });
        audit.Add(AuditActions.TherapyNoteAmend, AuditOutcome.Success, "DocumentReference", note.Id.ToString(), patientId, "amendment added");
        await db.SaveChangesAsync(ct);
        return new TherapyNoteResult.Signed(note);
    }

    /// <summary>Each dose given on the patient's plans, oldest first, with its integration window (the plan's hours, default 72).</summary>
    public async Task<IReadOnlyList<IntegrationDue>> WindowsAsync(Guid patientId, CancellationToken ct = default)
    {
        var sessions = await db.DosingSessions.AsNoTracking().Where(s => s.PatientId == patientId && Dosed.Contains(s.State)).ToListAsync(ct);
        if (sessions.Count == 0) return [];
        var ids = sessions.Select(s => s.Id).ToList();
        var ends = await db.MedicationAdministrations.AsNoTracking().Where(a => ids.Contains(a.SessionId))
            .Select(a => new { a.SessionId, End = a.StoppedAt ?? a.StartedAt }).ToDictionaryAsync(a => a.SessionId, a => a.End, ct);
        var notes = (await db.TherapyNotes.AsNoTracking().Where(n => n.PatientId == patientId && n.Kind == TherapyNoteKind.Integration).ToListAsync(ct))
            .GroupBy(n => n.DosingSessionId).ToDictionary(g => g.Key!.Value, g => g.OrderBy(n => n.SignedAt).First());
        var now = clock.UtcNow;
        return [.. sessions
            .Select(s =>
            {
                var end = ends.TryGetValue(s.Id, out var e) ? e : s.DischargedAt ?? s.OpenedAt;
                var note = notes.GetValueOrDefault(s.Id);
                return new IntegrationDue(s, end, IntegrationWindow.Deadline(end), IntegrationWindow.For(end, note?.SignedAt, now), note);
            })
            .OrderBy(d => d.DoseEndedAt)];
    }

    public Task<List<TherapyNoteRecord>> NotesAsync(Guid patientId, CancellationToken ct = default) =>
        db.TherapyNotes.AsNoTracking().Where(n => n.PatientId == patientId).OrderByDescending(n => n.SignedAt).ToListAsync(ct);

    /// <summary>The latest preparation note of the patient's current course, for the nurse at the chair.</summary>
    public async Task<(TherapyNoteRecord Record, PreparationNote Note)?> PreparationAsync(Guid patientId, CancellationToken ct = default)
    {
        var record = await db.TherapyNotes.AsNoTracking().Where(n => n.PatientId == patientId && n.Kind == TherapyNoteKind.Preparation)
            .OrderByDescending(n => n.SignedAt).FirstOrDefaultAsync(ct);
        return record is null ? null : (record, ReadPreparation(record));
    }

    public static PreparationNote ReadPreparation(TherapyNoteRecord record) => JsonSerializer.Deserialize<PreparationNote>(record.ContentJson, Json)!;

    public static (ModalityMeasures Measures, NoteCommon Common) ReadIntegration(TherapyNoteRecord record)
    {
        var content = JsonSerializer.Deserialize<IntegrationContent>(record.ContentJson, Json)!;
        ModalityMeasures measures = record.Modality switch
        {
            Modality.Emdr => content.Measures.Deserialize<EmdrMeasures>(Json)!,
            Modality.Art => content.Measures.Deserialize<ArtMeasures>(Json)!,
            Modality.Ifs => content.Measures.Deserialize<IfsMeasures>(Json)!,
            Modality.Cbt => content.Measures.Deserialize<CbtMeasures>(Json)!,
            Modality.Somatic => content.Measures.Deserialize<SomaticMeasures>(Json)!,
            _ => throw new InvalidOperationException($"Integration note {record.Id} has no modality."),
        };
        return (measures, content.Common);
    }

    private async Task<TherapyNoteResult> SignAsync(TherapyNoteRecord note, string what, ClaimsPrincipal user, CancellationToken ct)
    {
        // The signature is the signed-in person's own act: their id and name from the sign-in, never from the form.
        note.SignedAt = clock.UtcNow;
        note.SignedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        note.SignedByName = user.DisplayName();
        db.TherapyNotes.Add(note);
        audit.Add(AuditActions.TherapyNoteSign, AuditOutcome.Success, "DocumentReference", note.Id.ToString(), note.PatientId, what);
        await db.SaveChangesAsync(ct);
        return new TherapyNoteResult.Signed(note);
    }

    private Task<TreatmentPlanRecord?> SignedPlanAsync(Guid patientId, CancellationToken ct) =>
        db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == patientId && p.Status == PlanStatus.Signed, ct);
}
