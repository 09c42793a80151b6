using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Intake;
using KapCare.Web.Data;
using KapCare.Web.Features.Consent;
using KapCare.Web.Features.Eligibility;
using KapCare.Web.Features.Intake;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Patients;

/// <summary>Something the care team still has to do or find out before treatment, with where to do it.</summary>
public sealed record OutstandingItem(string Text, string Href, bool Urgent = false);

/// <summary>The assessment half of the chart: what the intake found, where eligibility and consent stand, what is outstanding.</summary>
public sealed record ChartSummary(
    PatientIntake? Intake,
    IntakeForm Form,
    PresentationProfileResult Profile,
    TreatmentResistanceAssessment Resistance,
    int MinimumAdequateTrials,
    EligibilityDecisionRecord? LatestDecision,
    IReadOnlyList<ConsentStatus> Consents,
    IReadOnlyList<OutstandingItem> Outstanding,
    Consultations.ConsultationRequest? SelfScreen,
    Plans.TreatmentPlanRecord? Plan,
    KapCare.Clinical.Plans.PlannedSession? NextSession,
    KapCare.Clinical.Plans.TemplateDose? CurrentDose);

/// <summary>Builds the chart overview from the intake, the latest eligibility decision, the consents, alerts and tasks.</summary>
public sealed class ChartOverview(KapCareDbContext db, IntakeService intakes, ConsentService consents, EligibilityRules rules, Plans.PlanDosing dosing, Infrastructure.ClinicClock clock)
{
    public async Task<ChartSummary> LoadAsync(Guid patientId, CancellationToken ct = default)
    {
        var (intake, form) = await intakes.GetAsync(patientId, ct);
        var ruleSet = await rules.CurrentAsync(ct);
        var resistanceRule = ruleSet.Rule(DefaultRules.TreatmentResistance);
        var minimumTrials = (int)resistanceRule.Threshold(DefaultRules.MinimumAdequateTrials);
        var resistance = TreatmentResistance.Assess(
            form.Treatments.Medications.Select(t => new MedicationTrial(t.Drug, t.DoseAdequate, t.Weeks)).ToList(),
            form.Treatments.Psychotherapy.Select(c => new PsychotherapyCourse(c.Type, c.Sessions, c.Completed)).ToList(),
            (int)resistanceRule.Threshold(DefaultRules.MinimumWeeks));
        var decision = await db.EligibilityDecisions.AsNoTracking().Where(d => d.PatientId == patientId)
            .OrderByDescending(d => d.DecidedAt).FirstOrDefaultAsync(ct);
        var consentStatus = await consents.StatusAsync(patientId, ct);
        var openAlerts = await db.SafetyAlerts.CountAsync(a => a.PatientId == patientId && a.Status == Measures.AlertStatus.Open, ct);
        var openTasks = await db.CareTasks.CountAsync(t => t.PatientId == patientId && t.Status == Measures.CareTaskStatus.Open, ct);

        var outstanding = new List<OutstandingItem>();
        var chart = $"/Patients/{patientId}";
        if (openAlerts > 0) outstanding.Add(new($"{openAlerts} open safety alert{(openAlerts == 1 ? "" : "s")}", "/Alerts", Urgent: true));
        if (intake is null) outstanding.Add(new("Intake not started: invite the patient to the portal or fill it in here", $"{chart}/Intake"));
        else
        {
            foreach (var section in Enum.GetValues<IntakeSectionId>().Where(s => !form.IsComplete(s)))
                outstanding.Add(new($"Intake · {IntakeForm.Title(section)}: {string.Join(", ", form.Missing(section).Take(3))}{(form.Missing(section).Count > 3 ? "…" : "")}",
                    $"{chart}/Intake/{IntakeEditor.Slug(section)}"));
        }
        if (decision is null) outstanding.Add(new("No eligibility decision yet", $"{chart}/Eligibility"));
        else if (decision.Kind == EligibilityDecisionKind.Decline) outstanding.Add(new("Eligibility declined: see the decision before planning treatment", $"{chart}/Eligibility"));
        foreach (var c in consentStatus.Where(c => c.Document.Required && c.State != ConsentState.Signed))
            outstanding.Add(new($"{c.Document.Title}: {(c.State == ConsentState.Outdated ? "signed an earlier version, needs the current one" : "not signed")}", $"{chart}/Consents"));
        if (decision?.Kind == EligibilityDecisionKind.Approve)
        {
            var plans = await db.TreatmentPlans.AsNoTracking().Where(p => p.PatientId == patientId && p.Status != Plans.PlanStatus.Superseded)
                .Select(p => new { p.Status, p.PlanVersion }).ToListAsync(ct);
            if (plans.Count == 0) outstanding.Add(new("No treatment plan yet: build one from a protocol", $"{chart}/Plan/New"));
            foreach (var draft in plans.Where(p => p.Status == Plans.PlanStatus.Draft))
                outstanding.Add(new($"Treatment plan v{draft.PlanVersion} is a draft: a prescriber signs it", $"{chart}/Plan"));
        }
        if (openTasks > 0) outstanding.Add(new($"{openTasks} open care-team task{(openTasks == 1 ? "" : "s")}", "/Tasks"));

        // The public self-screen this patient came through, if a request was converted: its answers stay readable.
        var selfScreen = await db.ConsultationRequests.AsNoTracking().Where(r => r.PatientId == patientId)
            .OrderByDescending(r => r.SubmittedAt).FirstOrDefaultAsync(ct);
        // The plan in force (or the draft being built) and what comes next on it.
        var plan = await db.TreatmentPlans.AsNoTracking().Where(p => p.PatientId == patientId && p.Status != Plans.PlanStatus.Superseded)
            .OrderByDescending(p => p.Status == Plans.PlanStatus.Signed).ThenByDescending(p => p.PlanVersion).FirstOrDefaultAsync(ct);
        var next = plan?.Sessions.FirstOrDefault(s => s.Date >= clock.Today);
        var currentDose = plan is null ? null : (await dosing.CurrentAsync(plan, ct)).Dose;
        return new ChartSummary(intake, form, form.Presentation.Profile(), resistance, minimumTrials, decision, consentStatus, outstanding, selfScreen, plan, next, currentDose);
    }
}
