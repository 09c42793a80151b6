using KapCare.Clinical.Integration;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Integration;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Integration;

/// <summary>A signed note as it was signed, its amendments after it, and (for those who may) the form to add one.</summary>
public sealed record NoteView(Patient Patient, TherapyNoteRecord Note, int? DosingNumber, IReadOnlyList<TherapyNoteAmendment> Amendments, bool CanAmend, string? Error)
{
    public static string Title(TherapyNoteRecord note) =>
        note.Kind == TherapyNoteKind.Preparation ? "Preparation note" : $"{ModalityNames.Label(note.Modality!.Value)} integration note";

    /// <summary>The note of this patient (another patient's note id in the address is not found), with its amendments.</summary>
    public static async Task<NoteView?> LoadAsync(KapCareDbContext db, Guid patientId, Guid noteId, bool canAmend, string? error, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == patientId, ct);
        var note = await db.TherapyNotes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noteId && n.PatientId == patientId, ct);
        if (patient is null || note is null) return null;
        var number = note.DosingSessionId is { } sessionId
            ? await db.DosingSessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => (int?)s.DosingNumber).FirstOrDefaultAsync(ct)
            : null;
        var amendments = await db.TherapyNoteAmendments.AsNoTracking().Where(a => a.NoteId == noteId).OrderBy(a => a.At).ToListAsync(ct);
        return new NoteView(patient, note, number, amendments, canAmend, error);
    }
}

[RequiresPermission(Permissions.ClinicalRead)]
public sealed class NoteModel(KapCareDbContext db, AuditTrail audit) : PageModel
{
    public NoteView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid noteId, CancellationToken ct)
    {
        if (await NoteView.LoadAsync(db, id, noteId, User.Has(Permissions.TherapyNotes), null, ct) is not { } view) return NotFound();
        View = view;
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "DocumentReference", noteId.ToString(), id, "therapy note", ct);
        return Page();
    }
}
