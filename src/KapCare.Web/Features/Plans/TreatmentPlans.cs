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
    /// <summary>Not signed: the planned doses above the hard limit now wait in the co-signature queue.</summary>
    public sealed record AwaitingCoSignature(IReadOnlyList<DoseCoSignature> Requests) : PlanResult;
    public sealed record NotFound : PlanResult;
}

/// <summary>
/// Builds, adjusts, signs and revises treatment plans. Only a patient whose latest eligibility decision is an approval
/// gets a plan; only a prescriber signs; a signed plan is never edited — a revision is a new version, signed in turn,
/// which supersedes the old one.
/// </summary>
public sealed class TreatmentPlans(KapCareDbContext db, AuditTrail audit, ClinicClock clock, IntakeService intakes, ProtocolTemplateStore templates,
    PlanDosing dosing, DoseCoSigning coSigning, Eligibility.EligibilityStanding standing)
{
    public async Task<PlanDraft> PreviewAsync(Guid patientId, ProtocolTemplate template, PlanAdjustments adjustments, CancellationToken ct = default)
    {
        var patient = await db.Patients.AsNoTracking().FirstAsync(p => p.Id == patientId, ct);
        return PlanBuilder.Build(template, adjustments, PatientDemographics.AgeOn(patient.BirthDate, adjustments.FirstDosingDate));
    }

    /// <summary>
    /// Why no plan can be built, signed or revised for the patient now, or null when the latest decision approves and the
    /// intake has not changed since it (issue 9, items 3 and 8: eligibility is re-checked at signing and every revision).
    /// </summary>
    public async Task<string?> NotApprovedAsync(Guid patientId, CancellationToken ct = default)
    {
        var status = await standing.CurrentAsync(patientId, ct);
        return status.Decision?.Kind switch
        {
            null => "No eligibility decision yet: a prescriber approves the patient on the Eligibility page before a plan is built.",
            EligibilityDecisionKind.Decline => "The latest eligibility decision is a decline: no plan can be built.",
            _ when status.NeedsReview => "Facts changed since the eligibility decision (" + string.Join("; ", status.ChangedSinceDecision)
                + "): a prescriber reviews them and decides again on the Eligibility page first.",
            _ => null,
        };
    }

    public async Task<PlanResult> CreateDraftAsync(Guid patientId, string templateId, PlanAdjustments adjustments, ClaimsPrincipal user, CancellationToken ct = default)
    {
        // A draft carries doses: only a prescriber writes them (issue 9, item 1); a therapist chooses modalities only.
        if (!user.Has(Permissions.DoseOrder)) return new PlanResult.Refused("Only a prescriber drafts a plan's dosing.");
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
            WeightKg = await dosing.WeightAsync(patientId, ct),
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

    /// <summary>
    /// A prescriber signs a draft; the previously signed version, if any, is superseded in the same commit. Signing re-runs
    /// the dose calculator on every planned dose (issue 9, item 1): a dose that cannot be calculated (no dosing weight, say)
    /// stops the signing; soft-limit warnings must be acknowledged; a dose above a hard limit needs a second prescriber's
    /// co-signature — from the queue, or at this screen with their own password and code.
    /// </summary>
    public async Task<PlanResult> SignAsync(Guid planId, ClaimsPrincipal user, bool acknowledged, PlanDosing.CoSignInput coSign, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.PlanSign)) return new PlanResult.Refused("Only a prescriber signs a treatment plan.");
        var plan = await db.TreatmentPlans.FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return new PlanResult.NotFound();
        if (plan.Status != PlanStatus.Draft) return new PlanResult.Refused("This plan version is already signed.");
        if (await NotApprovedAsync(plan.PatientId, ct) is { } notApproved) return new PlanResult.Refused(notApproved);

        var checks = await dosing.PlannedDosesAsync(plan, ct);
        if (await UncalculableAsync(plan, checks, ct) is { } uncalculable) return new PlanResult.Refused(uncalculable);
        var warnings = checks.SelectMany(c => c.Calculation!.WarningsToAcknowledge).Distinct().ToList();
        if (warnings.Count > 0 && !acknowledged)
            return new PlanResult.Refused("Read and acknowledge the planned doses' warnings first: " + string.Join(" ", warnings));

        var existing = await db.DoseCoSignatures.Where(c => c.PlanId == plan.Id && c.Kind == CoSignatureKind.PlannedDose).ToListAsync(ct);
        var (stop, coSigned) = await CoSignBlockedDosesAsync(plan, checks, existing, coSign, user, ct);
        if (stop is not null) return stop;

        var now = clock.UtcNow;
        foreach (var previous in await db.TreatmentPlans.Where(p => p.PatientId == plan.PatientId && p.Status == PlanStatus.Signed).ToListAsync(ct))
        {
            previous.Status = PlanStatus.Superseded;
            previous.SupersededAt = now;
        }
        plan.Status = PlanStatus.Signed;
        plan.SignedAt = now;
        plan.SignedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        plan.SignedByName = user.DisplayName();
        plan.AcknowledgedWarnings = warnings.Count == 0 ? null : string.Join("\n", warnings);
        var doses = string.Join("; ", checks.Select(c => $"{c.Dose} = {c.Calculation!.Dose} ({c.Calculation.Limit.Status})"));
        var coSignedBy = existing.Where(e => e.Status == CoSignatureStatus.CoSigned).Concat(coSigned).Select(e => $"{e.Dose} co-signed by {e.CoSignedByName}").Distinct().ToList();
        audit.Add(AuditActions.PlanSign, AuditOutcome.Success, "CarePlan", plan.Id.ToString(), plan.PatientId,
            $"v{plan.PlanVersion} signed; doses {doses}" + (warnings.Count > 0 ? "; warnings acknowledged" : string.Empty)
            + (coSignedBy.Count > 0 ? "; " + string.Join("; ", coSignedBy) : string.Empty));
        await db.SaveChangesAsync(ct);
        return new PlanResult.Done(plan);
    }

    /// <summary>Why some planned dose cannot be calculated (no dosing weight is said once, with what to do), or null.</summary>
    private async Task<string?> UncalculableAsync(TreatmentPlanRecord plan, IReadOnlyList<PlanDosing.PlannedDoseCheck> checks, CancellationToken ct)
    {
        var refused = checks.Select(c => (Check: c, Refused: c.Result as KapCare.Clinical.Dosing.DoseRefused)).Where(c => c.Refused is not null).ToList();
        if (refused.Count == 0) return null;
        const string weight = nameof(KapCare.Clinical.Dosing.DoseRequest.Weight);
        var noWeight = refused.Any(c => c.Refused!.Field == weight)
            ? (await dosing.DosingWeightAsync(plan.PatientId, ct)).Problem ?? "Today's weight is needed for a mg/kg dose." : null;
        var others = refused.Where(c => c.Refused!.Field != weight)
            .Select(c => $"Dosing session {string.Join(", ", c.Check.DosingNumbers)} ({c.Check.Dose}): {c.Refused!.Message}");
        return "The plan cannot be signed: " + string.Join(" ", new[] { noWeight }.Concat(others).Where(m => m is not null));
    }

    /// <summary>
    /// The planned doses above a hard limit that no co-signature covers yet: sent to the queue (signing stops, waiting),
    /// co-signed here by the second prescriber's own password and code, or — with neither — signing is refused and audited.
    /// One co-signature per distinct dose: the first session and the later ones may share it. Returns the result to stop
    /// with, or the co-signatures made here.
    /// </summary>
    private async Task<(PlanResult? Stop, IReadOnlyList<DoseCoSignature> CoSigned)> CoSignBlockedDosesAsync(TreatmentPlanRecord plan,
        IReadOnlyList<PlanDosing.PlannedDoseCheck> checks, IReadOnlyList<DoseCoSignature> existing, PlanDosing.CoSignInput coSign, ClaimsPrincipal user, CancellationToken ct)
    {
        var blocked = checks.Where(c => c.Calculation!.RequiresCoSignature && !existing.Any(e => e.Covers(c.Dose, c.Calculation.Dose.Value)))
            .GroupBy(c => (c.Dose, c.Calculation!.Dose.Value)).Select(g => g.First() with { DosingNumbers = [.. g.SelectMany(c => c.DosingNumbers).Order()] }).ToList();
        if (blocked.Count == 0) return (null, []);

        var byId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        var why = string.Join(" ", blocked.Select(b => $"Dosing session {string.Join(", ", b.DosingNumbers)}: {b.Calculation!.Limit.Message}"));
        var reason = coSign.RequestReason?.Trim() ?? string.Empty;
        if (coSign.Mode != PlanDosing.CoSignMode.None && reason.Length < KapCare.Clinical.Dosing.DoseChange.MinimumReasonLength)
            return (new PlanResult.Refused($"{why} Say why the plan needs this dose (at least {KapCare.Clinical.Dosing.DoseChange.MinimumReasonLength} characters)."), []);
        switch (coSign.Mode)
        {
            case PlanDosing.CoSignMode.Queue:
                var requests = blocked.Where(b => !existing.Any(e => e.Status == CoSignatureStatus.Pending && e.Dose == b.Dose && e.CalculatedMg == b.Calculation!.Dose.Value))
                    .Select(b => dosing.NewRequest(plan, CoSignatureKind.PlannedDose, b.Dose, b.Calculation!, reason, byId, user.DisplayName())).ToList();
                db.DoseCoSignatures.AddRange(requests);
                foreach (var r in requests)
                    audit.Add(AuditActions.CoSignRequest, AuditOutcome.Success, "CarePlan", plan.Id.ToString(), plan.PatientId, $"planned dose {r.Dose} waits for co-signature: {r.LimitMessage}");
                await db.SaveChangesAsync(ct);
                return (new PlanResult.AwaitingCoSignature(requests), []);
            case PlanDosing.CoSignMode.AtScreen:
                var (coSigner, problem) = await coSigning.VerifyAsync(coSign.Credentials ?? new(null, null, null), byId, plan.PatientId, ct);
                if (coSigner is null) return (new PlanResult.Refused(problem!), []);
                var coSigned = new List<DoseCoSignature>();
                try
                {
                    foreach (var b in blocked)
                    {
                        var request = dosing.NewRequest(plan, CoSignatureKind.PlannedDose, b.Dose, b.Calculation!, reason, byId, user.DisplayName());
                        coSigning.Apply(request, coSigner, coSign.Reason ?? string.Empty, CoSignatureMethod.AtRequestersScreen);
                        db.DoseCoSignatures.Add(request);
                        coSigned.Add(request);
                    }
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    db.ChangeTracker.Clear();
                    return (new PlanResult.Refused(ex.ForPeople()), []);
                }
                return (null, coSigned);
            default:
                await audit.RecordAsync(AuditActions.PlanSign, AuditOutcome.Failure, "CarePlan", plan.Id.ToString(), plan.PatientId, "refused: " + why, ct);
                return (new PlanResult.Refused($"{why} Send the plan to the co-signature queue, or have the second prescriber co-sign here with their own password and code."), []);
        }
    }

    /// <summary>Starts a new draft version from a signed plan (same protocol, sessions and modalities) for the prescriber to change and sign.</summary>
    public async Task<PlanResult> ReviseAsync(Guid planId, PlanAdjustments adjustments, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var signed = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (signed is null) return new PlanResult.NotFound();
        if (signed.Status != PlanStatus.Signed) return new PlanResult.Refused("Only the current signed plan can be revised.");
        if (!user.Has(Permissions.DoseOrder)) return new PlanResult.Refused("Only a prescriber revises a plan's dosing.");
        if (await NotApprovedAsync(signed.PatientId, ct) is { } notApproved) return new PlanResult.Refused(notApproved);
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
