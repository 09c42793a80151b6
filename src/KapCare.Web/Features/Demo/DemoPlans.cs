using System.Security.Claims;
using KapCare.Clinical.Plans;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Intake;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// Treatment plans for the demo clinic's approved patients, built and signed through the real handlers with the clock set
/// to the day of planning: mostly IV inductions, some sublingual KAP courses, esketamine and an intensive retreat; a few
/// doses titrated with their reasons; one plan revised (v1 superseded by v2); one draft waiting for the prescriber.
/// </summary>
public sealed class DemoPlans(KapCareDbContext db, AuditTrail audit, IntakeService intakes, ProtocolTemplateStore templates,
    UserManager<KapCareUser> users, IOptions<ClinicOptions> clinic, ClinicClock clock)
{
    public async Task SeedAsync(KapCareUser prescriber, CancellationToken ct)
    {
        var doctor = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, prescriber.Id), new Claim(ClaimTypes.Email, prescriber.Email!),
            new Claim(KapCareClaimsFactory.DisplayNameClaim, prescriber.DisplayName), new Claim(ClaimTypes.Role, Roles.Prescriber),
        ], "demo"));
        var approved = await db.EligibilityDecisions.AsNoTracking()
            .Where(d => d.Kind == KapCare.Clinical.Eligibility.EligibilityDecisionKind.Approve).Select(d => d.PatientId).Distinct().ToListAsync(ct);
        var measurePlans = await db.MeasurementPlans.AsNoTracking().Where(m => approved.Contains(m.PatientId)).ToDictionaryAsync(m => m.PatientId, ct);
        var order = await db.Patients.AsNoTracking().Where(p => approved.Contains(p.Id)).OrderBy(p => p.CreatedAt).Select(p => p.Id).ToListAsync(ct);

        for (var i = 0; i < order.Count; i++)
        {
            var patientId = order[i];
            var templateId = (i % 7) switch
            {
                2 => ProtocolTemplates.SublingualKap,
                4 => ProtocolTemplates.Esketamine,
                5 when i == 5 => ProtocolTemplates.IntensiveRetreat,
                _ => ProtocolTemplates.IvInduction,
            };
            // The first dose three days after the baseline measures; planned four days before that.
            var firstDose = Weekday(measurePlans.TryGetValue(patientId, out var m) ? m.StartDate.AddDays(3) : clock.Today.AddDays(5 + i));
            var plannedAt = clock.ToUtc(firstDose.AddDays(-4), new TimeOnly(16, 30));
            if (i == order.Count - 1)
            {
                // The newest approval: a draft waiting for the prescriber's signature.
                await PlansAt(clock.UtcNow.AddHours(-3)).CreateDraftAsync(patientId, ProtocolTemplates.IvInduction, new PlanAdjustments(clock.Today.AddDays(6)), doctor, ct);
                continue;
            }
            // Weighed at the planning visit: a plan is signed only with a weight a clinician recorded (issue 9, item 3).
            if ((await intakes.GetAsync(patientId, ct)).Form.Medical.WeightKg is { } kg)
                db.WeightMeasurements.Add(new WeightMeasurement
                {
                    Id = Guid.CreateVersion7(), PatientId = patientId, WeightKg = kg, Source = WeightSource.Measured, MeasuredAt = plannedAt.AddMinutes(-30),
                    RecordedByUserId = prescriber.Id, RecordedByName = prescriber.DisplayName,
                });
            var plans = PlansAt(plannedAt);
            if (await plans.CreateDraftAsync(patientId, templateId, new PlanAdjustments(firstDose), doctor, ct) is not PlanResult.Done draft)
                throw new InvalidOperationException($"Demo plan not built for patient {i}.");
            if (await PlansAt(plannedAt.AddHours(1)).SignAsync(draft.Plan.Id, doctor, acknowledged: true, PlanDosing.CoSignInput.None, ct) is not PlanResult.Done)
                throw new InvalidOperationException($"Demo plan not signed for patient {i}.");

            if (templateId == ProtocolTemplates.IvInduction && i % 3 == 0 && firstDose.AddDays(9) < clock.Today)
            {
                // Titrated after the third infusion (day 4 of the Mon/Wed/Fri pattern).
                var result = await DosingAt(clock.ToUtc(firstDose.AddDays(5), new TimeOnly(9, 15))).ChangeAsync(draft.Plan.Id, 0.75m,
                    "GAD-7 down only 2 points after 3 infusions; BP and dissociation well tolerated. Step up per protocol.", acknowledged: true, PlanDosing.CoSignInput.None, doctor, ct);
                if (result is not DoseChangeResult.Changed) throw new InvalidOperationException($"Demo dose change refused for patient {i}: {result}");
            }
            if (templateId == ProtocolTemplates.IvInduction && i == 7)
            {
                // A dose above the IV hard limit waiting in the co-signature queue for a second prescriber (issue 9, item 1).
                var asked = await DosingAt(clock.UtcNow.AddHours(-2)).ChangeAsync(draft.Plan.Id, 1.1m,
                    "Partial response only at 0.75 mg/kg after 5 infusions; tolerated well, BP stable. Case discussed with the team.",
                    acknowledged: true, new PlanDosing.CoSignInput(PlanDosing.CoSignMode.Queue, null, null), doctor, ct);
                if (asked is not DoseChangeResult.AwaitingCoSignature) throw new InvalidOperationException($"Demo co-signature request refused for patient {i}: {asked}");
            }
            if (i == 8 && await db.PatientIntakes.FirstOrDefaultAsync(x => x.PatientId == patientId, ct) is { } reported)
            {
                // The patient later typed a different weight in the portal: shown as "reported", doses stay on the clinician's.
                var form = IntakeService.Read(reported);
                if (form.Medical.WeightKg is { } typed)
                {
                    reported.FormJson = System.Text.Json.JsonSerializer.Serialize(form with { Medical = form.Medical with { WeightKg = typed + 9m } }, IntakeService.Json);
                    reported.UpdatedAt = clock.UtcNow.AddDays(-1);
                    await db.SaveChangesAsync(ct);
                }
            }
            if (i == 1)
            {
                // Revised: two more infusions added after the sixth, signed as v2.
                var sessions = draft.Plan.Protocol.Phases.Select(p => (p.Sessions + 2, p.Spacing)).ToList();
                if (await PlansAt(plannedAt.AddDays(16)).ReviseAsync(draft.Plan.Id, new PlanAdjustments(firstDose, sessions), doctor, ct) is PlanResult.Done revised)
                    await PlansAt(plannedAt.AddDays(16).AddMinutes(10)).SignAsync(revised.Plan.Id, doctor, acknowledged: true, PlanDosing.CoSignInput.None, ct);
            }
        }
    }

    /// <summary>The clinic doses on weekdays: a Saturday or Sunday moves to the Monday.</summary>
    private static DateOnly Weekday(DateOnly day) => day.DayOfWeek switch
    {
        DayOfWeek.Saturday => day.AddDays(2),
        DayOfWeek.Sunday => day.AddDays(1),
        _ => day,
    };

    private ClinicClock ClockAt(DateTime utc) => DemoTime.At(utc, clinic);

    private TreatmentPlans PlansAt(DateTime utc) => new(db, audit, ClockAt(utc), intakes, templates, DosingAt(utc), CoSigningAt(utc),
        new Eligibility.EligibilityStanding(db, intakes, ClockAt(utc)));

    private DoseCoSigning CoSigningAt(DateTime utc) => new(db, audit, ClockAt(utc), new SecondPersonVerification(db, audit, users), new HttpContextAccessor());

    private PlanDosing DosingAt(DateTime utc) => new(db, audit, ClockAt(utc), intakes, CoSigningAt(utc), new DosingStockSettings(db, audit, ClockAt(utc)),
        new DosingWeights(db, audit, ClockAt(utc)));

}
