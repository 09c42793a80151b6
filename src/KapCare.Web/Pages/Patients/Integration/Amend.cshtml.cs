using KapCare.Web.Data;
using KapCare.Web.Features.Integration;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Patients.Integration;

/// <summary>Adds an amendment to a signed note (the note stays as signed); a refusal shows the note again with the reason (400).</summary>
[RequiresPermission(Permissions.TherapyNotes)]
public sealed class AmendModel(KapCareDbContext db, TherapyNotes notes) : PageModel
{
    public NoteView? View { get; private set; }

    public IActionResult OnGet(Guid id, Guid noteId) => Redirect($"/Patients/{id}/Integration/{noteId}");

    public async Task<IActionResult> OnPostAsync(Guid id, Guid noteId, string? amendment, CancellationToken ct)
    {
        switch (await notes.AmendAsync(id, noteId, amendment, User, ct))
        {
            case TherapyNoteResult.Signed:
                TempData["Flash"] = "Amendment added; the original stays as it was signed.";
                return Redirect($"/Patients/{id}/Integration/{noteId}");
            case TherapyNoteResult.Refused refused:
                View = await NoteView.LoadAsync(db, id, noteId, canAmend: true, refused.Problems[0].Message, ct);
                if (View is null) return NotFound();
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return NotFound();
        }
    }
}
