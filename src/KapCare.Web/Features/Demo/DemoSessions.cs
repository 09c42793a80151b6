using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// This morning at the clinic (issue 10, demo): two patients of signed IV plans are in the dosing room. One passed her
/// pre-checks and is ready to dose; the other's resting BP was 152/96, above the 140/90 hold, and waits for a
/// prescriber's decision. Both were weighed and answered a GAD-7 this morning, as the pre-checks require.
/// </summary>
public sealed class DemoSessions(KapCareDbContext db, ClinicClock clock, Measures.SubmitResponse submit)
{
    public async Task SeedAsync(KapCareUser nurse, CancellationToken ct)
    {
        var signed = await db.TreatmentPlans.AsNoTracking().Where(p => p.Status == PlanStatus.Signed && p.TemplateId == ProtocolTemplates.IvInduction)
            .OrderBy(p => p.SignedAt).ToListAsync(ct);
        var consented = await db.SignedConsents.AsNoTracking().Where(c => c.DocumentId == Consent.ConsentDocuments.Treatment.Id).Select(c => c.PatientId).Distinct().ToListAsync(ct);
        var chosen = signed.Where(p => consented.Contains(p.PatientId)).Take(2).ToList();
        var arrived = clock.ToUtc(clock.Today, new TimeOnly(8, 40));
        if (clock.UtcNow < arrived.AddMinutes(30)) arrived = clock.UtcNow.AddMinutes(-30);
        for (var i = 0; i < chosen.Count; i++)
        {
            var plan = chosen[i];
            var taken = await db.DosingSessions.Where(s => s.PatientId == plan.PatientId).Select(s => s.DosingNumber).ToListAsync(ct);
            var entry = plan.Sessions.Where(s => s.Kind == SessionKind.Dosing && !taken.Contains(s.DosingNumber ?? 0)).OrderBy(s => s.DosingNumber).First();
            var at = arrived.AddMinutes(i * 10);
            var session = new DosingSession
            {
                Id = Guid.CreateVersion7(), PatientId = plan.PatientId, PlanId = plan.Id, DosingNumber = entry.DosingNumber!.Value, PlannedDate = entry.Date,
                State = SessionState.Scheduled, OpenedAt = at, PregnancyTestRequired = false,
            };
            db.DosingSessions.Add(session);
            db.SessionEvents.Add(session.Fire(SessionTrigger.CheckIn, nurse.Id, nurse.DisplayName, at));
            db.WeightMeasurements.Add(new WeightMeasurement
            {
                Id = Guid.CreateVersion7(), PatientId = plan.PatientId, WeightKg = plan.WeightKg ?? 70m, Source = WeightSource.Measured,
                MeasuredAt = at.AddMinutes(2), RecordedByUserId = nurse.Id, RecordedByName = nurse.DisplayName,
            });
            foreach (var (item, value) in new[] { (PreCheckItem.IdentityConfirmed, "yes"), (PreCheckItem.Fasting, "yes"), (PreCheckItem.EscortAndRide, "yes"), (PreCheckItem.MedicationChanges, "") })
            {
                db.SessionPreChecks.Add(new SessionPreCheck
                {
                    Id = Guid.CreateVersion7(), SessionId = session.Id, Item = item, Value = value, RecordedAt = at.AddMinutes(4),
                    RecordedByUserId = nurse.Id, RecordedByName = nurse.DisplayName,
                });
            }
            var (systolic, diastolic) = i == 0 ? (126, 80) : (152, 96);
            db.VitalSigns.Add(new VitalSigns
            {
                Id = Guid.CreateVersion7(), SessionId = session.Id, Phase = VitalsPhase.Baseline, MeasuredAt = at.AddMinutes(6), Systolic = systolic, Diastolic = diastolic,
                HeartRate = i == 0 ? 72 : 88, OxygenSaturation = 98, RespiratoryRate = 14, RecordedByUserId = nurse.Id, RecordedByName = nurse.DisplayName,
            });
            db.SessionEvents.Add(i == 0
                ? session.Fire(SessionTrigger.PassPreChecks, nurse.Id, nurse.DisplayName, at.AddMinutes(7))
                : session.Fire(SessionTrigger.Hold, nurse.Id, nurse.DisplayName, at.AddMinutes(7), $"Resting BP {systolic}/{diastolic} mmHg is above the hold threshold 140/90 mmHg: no dose without a prescriber's decision (REFERENCE §4)."));
            db.AuditEntries.Add(new AuditEntry
            {
                OccurredAt = at.AddMinutes(7), UserId = nurse.Id, Actor = nurse.Email!, Action = AuditActions.SessionMove, ResourceType = "Encounter",
                ResourceId = session.Id.ToString(), PatientId = plan.PatientId, Channel = "web", IpAddress = "10.20.0.31", Outcome = AuditOutcome.Success,
                Detail = i == 0 ? "checked in → ready to dose" : "checked in → held for a prescriber",
            });
            await db.SaveChangesAsync(ct);
            // This morning's pre-dose GAD-7, answered on the clinic tablet.
            var gad7 = KapCare.Clinical.Instruments.InstrumentLibrary.Get(KapCare.Clinical.Instruments.InstrumentIds.Gad7);
            int[] scores = i == 0 ? [1, 1, 0, 1, 1, 0, 1] : [2, 2, 1, 2, 1, 1, 1];
            var answers = gad7.Items.Select((item, n) => (item.LinkId, Score: scores[n])).ToDictionary(a => a.LinkId, a => a.Score);
            await submit.HandleAsync(new Measures.ResponseSubmission(plan.PatientId, gad7, answers, Measures.ResponseSource.Staff, at.AddMinutes(3), nurse.Id), ct);
        }
    }
}
