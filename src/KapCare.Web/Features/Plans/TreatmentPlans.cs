using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Patients;
using KapCare.Clinical.Plans;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Intake;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Plans;

public abstract record PlanResult
{
    private PlanResult() { }
    public sealed record Done(TreatmentPlanRecord Plan) : PlanResult;
    /// <summary>Nothing was written; the message says why, in words for the page.</summary>
    public sealed record Refused(string Message) : PlanResult;
    public sealed record NotFound : PlanResult;
}

/// <summary>
/// Builds, adjusts, signs and revises treatment plans. Only a patient whose latest eligibility decision is an approval
/// gets a plan; only a prescriber signs; a signed plan is never edited — a revision is a new version, signed in turn,
/// which supersedes the old one.
/// </summary>
public sealed class TreatmentPlans(KapCareDbContext db, AuditTrail audit, ClinicClock clock, IntakeService intakes, ProtocolTemplateStore templates)
{
    public async Task<PlanDraft> PreviewAsync(Guid patientId, ProtocolTemplate template, PlanAdjustments adjustments, CancellationToken ct = default)
    {
        var patient = await db.Patients.AsNoTracking().FirstAsync(p => p.Id == patientId, ct);
        return PlanBuilder.Build(template, adjustments, PatientDemographics.AgeOn(patient.BirthDate, adjustments.FirstDosingDate));
    }

    /// <summary>Why no plan can be built for the patient now (no decision, or a decline), or null when the latest decision approves.</summary>
    public async Task<string?> NotApprovedAsync(Guid patientId, CancellationToken ct = default)
    {
        var decision = await db.EligibilityDecisions.AsNoTracking().Where(d => d.PatientId == patientId).OrderByDescending(d => d.DecidedAt)
            .Select(d => (EligibilityDecisionKind?)d.Kind).FirstOrDefaultAsync(ct);
        return decision switch
        {
            null => "No eligibility decision yet: a prescriber approves the patient on the Eligibility page before a plan is built.",
            EligibilityDecisionKind.Decline => "The latest eligibility decision is a decline: no plan can be built.",
            _ => null,
        };
    }

    public async Task<PlanResult> CreateDraftAsync(Guid patientId, string templateId, PlanAdjustments adjustments, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == patientId && p.ArchivedAt == null, ct);
        if (patient is null) return new PlanResult.NotFound();
        if (await NotApprovedAsync(patientId, ct) is { } notApproved) return new PlanResult.Refused(notApproved);
        if (await templates.FindAsync(templateId, ct) is not { } template) return new PlanResult.Refused($"No protocol '{templateId}'.");
        if (adjustments.FirstDosingDate < clock.Today) return new PlanResult.Refused("The first dosing session cannot be in the past.");

        var age = PatientDemographics.AgeOn(patient.BirthDate, adjustments.FirstDosingDate);
        PlanDraft draft;
        try
        {
            draft = PlanBuilder.Build(template, adjustments, age);
        }
        catch (ArgumentException ex)
        {
            return new PlanResult.Refused(ex.ForPeople());
        }

        var (_, form) = await intakes.GetAsync(patientId, ct);
        var modalities = ModalityRecommendations.From(form).Select(r => new PlannedModality(r.Modality, true, r.Why, r.Source, Accepted: true)).ToList();
        var number = await db.TreatmentPlans.Where(p => p.PatientId == patientId).MaxAsync(p => (int?)p.PlanVersion, ct) ?? 0;
        var plan = new TreatmentPlanRecord
        {
            Id = Guid.CreateVersion7(),
            PatientId = patientId,
            PlanVersion = number + 1,
            Status = PlanStatus.Draft,
            TemplateId = template.Id,
            TemplateVersion = template.Version,
            FirstDosingDate = adjustments.FirstDosingDate,
            WeightKg = form.Medical.WeightKg,
            AgeYears = age,
            CreatedAt = clock.UtcNow,
            CreatedByName = user.DisplayName(),
        };
        Write(plan, draft, modalities);
        db.TreatmentPlans.Add(plan);
        audit.Add(AuditActions.PlanCreate, AuditOutcome.Success, "CarePlan", plan.Id.ToString(), patientId,
            $"v{plan.PlanVersion} draft from {template.Name} v{template.Version}, first dose {adjustments.FirstDosingDate:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return new PlanResult.Done(plan);
    }

    /// <summary>The therapist's (or prescriber's) choice of modalities on a draft: accept or decline each suggestion, add others.</summary>
    public async Task<PlanResult> ChooseModalitiesAsync(Guid planId, IReadOnlySet<Modality> accepted, string? note, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var plan = await db.TreatmentPlans.FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return new PlanResult.NotFound();
        if (plan.Status != PlanStatus.Draft) return new PlanResult.Refused("This plan is signed: revise it to change the modalities.");
        var current = plan.Modalities;
        var chosen = current.Select(m => m with { Accepted = accepted.Contains(m.Modality) })
            .Concat(accepted.Where(a => current.All(m => m.Modality != a))
                .Select(a => new PlannedModality(a, false, $"Added by {user.DisplayName()}", null, true)))
            .ToList();
        plan.ModalitiesJson = JsonSerializer.Serialize(chosen, TreatmentPlanRecord.Json);
        plan.ModalityNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 1000)];
        audit.Add(AuditActions.PlanUpdate, AuditOutcome.Success, "CarePlan", plan.Id.ToString(), plan.PatientId,
            "modalities: " + string.Join(", ", chosen.Where(m => m.Accepted).Select(m => m.Modality)));
        await db.SaveChangesAsync(ct);
        return new PlanResult.Done(plan);
    }

    /// <summary>A prescriber signs a draft; the previously signed version, if any, is superseded in the same commit.</summary>
    public async Task<PlanResult> SignAsync(Guid planId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.IsInRole(Roles.Prescriber)) return new PlanResult.Refused("Only a prescriber signs a treatment plan.");
        var plan = await db.TreatmentPlans.FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return new PlanResult.NotFound();
        if (plan.Status != PlanStatus.Draft) return new PlanResult.Refused("This plan version is already signed.");
        var now = clock.UtcNow;
        foreach (var previous in await db.TreatmentPlans.Where(p => p.PatientId == plan.PatientId && p.Status == PlanStatus.Signed).ToListAsync(ct))
        {
            previous.Status = PlanStatus.Superseded;
            previous.SupersededAt = now;
        }
        plan.Status = PlanStatus.Signed;
        plan.SignedAt = now;
        plan.SignedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        plan.SignedByName = user.DisplayName();
        audit.Add(AuditActions.PlanSign, AuditOutcome.Success, "CarePlan", plan.Id.ToString(), plan.PatientId, $"v{plan.PlanVersion} signed");
        await db.SaveChangesAsync(ct);
        return new PlanResult.Done(plan);
    }

    /// <summary>Starts a new draft version from a signed plan (same protocol, sessions and modalities) for the prescriber to change and sign.</summary>
    public async Task<PlanResult> ReviseAsync(Guid planId, PlanAdjustments adjustments, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var signed = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (signed is null) return new PlanResult.NotFound();
        if (signed.Status != PlanStatus.Signed) return new PlanResult.Refused("Only the current signed plan can be revised.");
        if (await db.TreatmentPlans.AnyAsync(p => p.PatientId == signed.PatientId && p.Status == PlanStatus.Draft, ct))
            return new PlanResult.Refused("A draft revision already exists: finish or sign it first.");
        PlanDraft draft;
        try
        {
            draft = PlanBuilder.Build(signed.Protocol, adjustments, signed.AgeYears);
        }
        catch (ArgumentException ex)
        {
            return new PlanResult.Refused(ex.ForPeople());
        }
        var number = await db.TreatmentPlans.Where(p => p.PatientId == signed.PatientId).MaxAsync(p => p.PlanVersion, ct);
        var plan = new TreatmentPlanRecord
        {
            Id = Guid.CreateVersion7(), PatientId = signed.PatientId, PlanVersion = number + 1, Status = PlanStatus.Draft,
            TemplateId = signed.TemplateId, TemplateVersion = signed.TemplateVersion, FirstDosingDate = adjustments.FirstDosingDate,
            WeightKg = signed.WeightKg, AgeYears = signed.AgeYears, CreatedAt = clock.UtcNow, CreatedByName = user.DisplayName(), ModalityNote = signed.ModalityNote,
        };
        Write(plan, draft, signed.Modalities);
        plan.NotesJson = JsonSerializer.Serialize(draft.Notes.Prepend($"Revision of v{signed.PlanVersion}."), TreatmentPlanRecord.Json);
        db.TreatmentPlans.Add(plan);
        audit.Add(AuditActions.PlanCreate, AuditOutcome.Success, "CarePlan", plan.Id.ToString(), plan.PatientId, $"v{plan.PlanVersion} draft revising v{signed.PlanVersion}");
        await db.SaveChangesAsync(ct);
        return new PlanResult.Done(plan);
    }

    private static void Write(TreatmentPlanRecord plan, PlanDraft draft, IReadOnlyList<PlannedModality> modalities)
    {
        plan.ProtocolJson = JsonSerializer.Serialize(draft.Protocol, TreatmentPlanRecord.Json);
        plan.SessionsJson = JsonSerializer.Serialize(draft.Sessions, TreatmentPlanRecord.Json);
        plan.NotesJson = JsonSerializer.Serialize(draft.Notes, TreatmentPlanRecord.Json);
        plan.ModalitiesJson = JsonSerializer.Serialize(modalities, TreatmentPlanRecord.Json);
    }
}
