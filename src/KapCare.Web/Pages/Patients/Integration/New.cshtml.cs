using KapCare.Clinical.Integration;
using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Integration;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Integration;

/// <summary>What the note forms post; one class for every kind, each handler reads its part.</summary>
public sealed class NoteForm
{
    public string? Intentions { get; set; }
    public bool WhatToExpect { get; set; }
    public string? SetAndSetting { get; set; }
    public string? WhoToCall { get; set; }
    public string? IfDistressed { get; set; }
    public string? Music { get; set; }
    public bool? Eyeshade { get; set; }

    public string? TargetMemory { get; set; }
    public string? Image { get; set; }
    public string? NegativeCognition { get; set; }
    public string? PositiveCognition { get; set; }
    public int? SudBefore { get; set; }
    public int? SudAfter { get; set; }
    public int? VocBefore { get; set; }
    public int? VocAfter { get; set; }
    public string? BodyScan { get; set; }

    public string? TargetScene { get; set; }
    public string? Sensations { get; set; }
    public string? RescriptedImage { get; set; }

    public List<PartRow> Parts { get; set; } = [];
    public string? Unburdening { get; set; }

    public List<ThoughtRow> ThoughtRecords { get; set; } = [];
    public List<ExperimentRow> Experiments { get; set; } = [];

    public string? Practice { get; set; }
    public List<BodyRegion> TensionBefore { get; set; } = [];
    public List<BodyRegion> TensionAfter { get; set; } = [];
    public int? ArousalBefore { get; set; }
    public int? ArousalAfter { get; set; }

    public string? Narrative { get; set; }
    public string? Themes { get; set; }
    public string? Insights { get; set; }
    public RiskLevel? Risk { get; set; }
    public string? RiskAction { get; set; }

    public sealed class PartRow { public string? Name { get; set; } public PartRole? Role { get; set; } public string? Protects { get; set; } }
    public sealed class ThoughtRow
    {
        public string? Situation { get; set; }
        public string? AutomaticThought { get; set; }
        public int? BeliefBefore { get; set; }
        public string? Evidence { get; set; }
        public string? BalancedThought { get; set; }
        public int? BeliefAfter { get; set; }
    }
    public sealed class ExperimentRow { public string? Prediction { get; set; } public string? Outcome { get; set; } }

    private static bool Blank(params string?[] values) => values.All(string.IsNullOrWhiteSpace);

    public PreparationNote Preparation() => new(Intentions, WhatToExpect, SetAndSetting, WhoToCall, IfDistressed, Music, Eyeshade, Narrative);

    /// <summary>The modality's measures; rows left entirely empty on the form are not rows.</summary>
    public ModalityMeasures Measures(Modality modality) => modality switch
    {
        Modality.Emdr => new EmdrMeasures(TargetMemory, Image, NegativeCognition, PositiveCognition, SudBefore, SudAfter, VocBefore, VocAfter, BodyScan),
        Modality.Art => new ArtMeasures(TargetScene, Sensations, SudBefore, SudAfter, RescriptedImage),
        Modality.Ifs => new IfsMeasures([.. Parts.Where(p => !(Blank(p.Name, p.Protects) && p.Role is null)).Select(p => new PartMet(p.Name, p.Role, p.Protects))], Unburdening),
        Modality.Cbt => new CbtMeasures(
            [.. ThoughtRecords.Where(t => !(Blank(t.Situation, t.AutomaticThought, t.Evidence, t.BalancedThought) && t.BeliefBefore is null && t.BeliefAfter is null))
                .Select(t => new ThoughtRecord(t.Situation, t.AutomaticThought, t.BeliefBefore, t.Evidence, t.BalancedThought, t.BeliefAfter))],
            [.. Experiments.Where(e => !Blank(e.Prediction, e.Outcome)).Select(e => new BehaviouralExperiment(e.Prediction, e.Outcome))]),
        Modality.Somatic => new SomaticMeasures(Practice, TensionBefore.ToHashSet(), TensionAfter.ToHashSet(), ArousalBefore, ArousalAfter),
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown modality."),
    };

    public NoteCommon Common() => new(Narrative,
        [.. (Themes ?? string.Empty).Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)],
        Insights, Risk, RiskAction);
}

/// <summary>Writing and signing a preparation note, or an integration note in one accepted modality after a dose.</summary>
[RequiresPermission(Permissions.TherapyNotes)]
public sealed class NewModel(KapCareDbContext db, TherapyNotes notes, AuditTrail audit) : PageModel
{
    [BindProperty] public NoteForm Form { get; set; } = new();
    public Patient Patient { get; private set; } = null!;
    public bool IsPreparation { get; private set; }
    public int? DosingNumber { get; private set; }
    public Modality? Modality { get; private set; }
    public DosingSession? Session { get; private set; }
    public IReadOnlyList<NoteProblem> Problems { get; private set; } = [];
    public string? Problem(string field) => Problems.FirstOrDefault(p => string.Equals(p.Field, field, StringComparison.OrdinalIgnoreCase))?.Message;

    /// <summary>An integration note for ?session=N&amp;modality=M; without them, the preparation note.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, string? kind, int? session, Modality? modality, CancellationToken ct)
    {
        if (!await LoadAsync(id, session is null && modality is null ? "preparation" : kind, session, modality, ct)) return NotFound();
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "Patient", id.ToString(), id, "therapy note form", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPreparationAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, "preparation", null, null, ct)) return NotFound();
        return After(id, await notes.SignPreparationAsync(id, Form.Preparation(), User, ct));
    }

    public async Task<IActionResult> OnPostIntegrationAsync(Guid id, int session, Modality modality, CancellationToken ct)
    {
        if (!Enum.IsDefined(modality) || !await LoadAsync(id, null, session, modality, ct)) return NotFound();
        return After(id, await notes.SignIntegrationAsync(id, session, Form.Measures(modality), Form.Common(), User, ct));
    }

    private IActionResult After(Guid id, TherapyNoteResult result)
    {
        switch (result)
        {
            case TherapyNoteResult.Signed signed:
                TempData["Flash"] = "Note signed.";
                return Redirect($"/Patients/{id}/Integration/{signed.Note.Id}");
            case TherapyNoteResult.Refused refused:
                Problems = refused.Problems;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(Guid id, string? kind, int? session, Modality? modality, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        if (kind == "preparation")
        {
            IsPreparation = true;
            return true;
        }
        if (session is not { } number || modality is not { } m) return false;
        (DosingNumber, Modality) = (number, m);
        Session = await db.DosingSessions.AsNoTracking().FirstOrDefaultAsync(s => s.PatientId == id && s.DosingNumber == number && s.State != SessionState.Cancelled, ct);
        return Session is not null;
    }
}
