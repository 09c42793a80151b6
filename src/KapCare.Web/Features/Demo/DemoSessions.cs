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
/// The demo clinic's dosing sessions (issue 10, item 13). The past eight weeks: every planned dosing session of the
/// patients in treatment was given, monitored, discharged and co-signed through the real handlers (DemoChair) — one after
/// a BP hold a prescriber decided, one with nausea treated and resolved, the latest one still waiting for the prescriber's
/// co-signature, the esketamine sessions' REMS forms filed but one. This morning: two patients in pre-checks (one ready to dose, one held at 152/96), an infusion running,
/// a patient in monitoring after hers, and an esketamine patient in his REMS monitoring.
/// </summary>
public sealed class DemoSessions(KapCareDbContext db, ClinicClock clock, Measures.SubmitResponse submit, DemoChair chair)
{
    /// <summary>The sessions of the past eight weeks, as timed steps the ledger plays among its own events (DemoLedger).</summary>
    public async Task<IReadOnlyList<(DateTime At, Func<Task> Run)>> PastAsync(KapCareUser nurse, KapCareUser secondNurse, KapCareUser prescriber, CancellationToken ct)
    {
        var today = clock.Today;
        var plans = await TreatedPlansAsync(ct);
        // A course is given from its first session (the first dose of a course has its own limits): courses that began more
        // than eight weeks ago, before the ledger's first receipts, are left out.
        var due = plans.Where(plan => plan.FirstDosingDate >= today.AddDays(-56)).SelectMany((plan, p) => plan.Sessions
                .Where(s => s.Kind == SessionKind.Dosing && s.Date < today)
                .OrderBy(s => s.DosingNumber)
                .Take(plan.TemplateId == ProtocolTemplates.Esketamine ? 3 : 4)
                .Select((entry, e) => (Plan: plan, PlanIndex: p, Entry: entry, EntryIndex: e)))
            // Enough to show every course under way without making the demo slow to start: each course's first sessions.
            .Take(64)
            .ToList();
        var latest = due.Count == 0 ? default : due.OrderBy(d => d.Entry.Date).Last();
        var firstEsketamine = due.Where(d => d.Plan.TemplateId == ProtocolTemplates.Esketamine).Select(d => d.Plan.PatientId).FirstOrDefault();
        var steps = new List<(DateTime, Func<Task>)>();
        foreach (var day in due.GroupBy(d => d.Entry.Date))
        {
            // One arrival an hour from 8:20: a session's ledger entries (15–30 min after arrival) never straddle the ledger's
            // own events on the hour (receipts, counts, a waste), so the chain stays in time order.
            var slot = 0;
            foreach (var (plan, p, entry, e) in day.OrderBy(d => d.PlanIndex).Take(10))
            {
                var arrival = clock.ToUtc(day.Key, new TimeOnly(8, 20).AddHours(slot++));
                var story = new DemoChair.Story(
                    BpHold: p == 1 && e == 1,
                    Nausea: p == 2 && e == 0 || p == 0 && e == 2,
                    Sign: !(plan.Id == latest.Plan.Id && entry.DosingNumber == latest.Entry.DosingNumber),
                    // One esketamine course's second form was never filed: the REMS tracker shows it overdue.
                    RemsSubmitted: !(plan.PatientId == firstEsketamine && e == 1));
                var by = plan.TemplateId == ProtocolTemplates.Esketamine ? secondNurse : nurse;
                steps.Add((arrival, () => chair.RunAsync(plan.PatientId, entry.DosingNumber!.Value, arrival, by, prescriber, story, p * 7 + e, ct)));
            }
        }
        return steps;
    }

    /// <summary>This morning's dosing room: two patients in pre-checks and three whose dose is running or being monitored.</summary>
    public async Task SeedTodayAsync(KapCareUser nurse, KapCareUser secondNurse, KapCareUser prescriber, CancellationToken ct)
    {
        var plans = await TreatedPlansAsync(ct);
        var iv = plans.Where(p => p.TemplateId == ProtocolTemplates.IvInduction).ToList();
        var esketamine = plans.FirstOrDefault(p => p.TemplateId == ProtocolTemplates.Esketamine);
        var now = clock.UtcNow;
        async Task<int> NextAsync(TreatmentPlanRecord plan)
        {
            var taken = await db.DosingSessions.Where(s => s.PatientId == plan.PatientId).Select(s => s.DosingNumber).ToListAsync(ct);
            return plan.Sessions.Where(s => s.Kind == SessionKind.Dosing && !taken.Contains(s.DosingNumber ?? 0)).OrderBy(s => s.DosingNumber).First().DosingNumber!.Value;
        }
        // In order of arrival, so the ledger stays in time order: a patient monitored after her infusion, the esketamine
        // patient 70 minutes after his first device, an infusion 20 minutes in.
        if (iv.Count > 3) await chair.RunAsync(iv[3].PatientId, await NextAsync(iv[3]), now.AddMinutes(-80), nurse, prescriber, new DemoChair.Story(StopAtMinute: 80, Chair: "Chair 3"), 5, ct);
        if (esketamine is not null)
            await chair.RunAsync(esketamine.PatientId, await NextAsync(esketamine), now.AddMinutes(-86 + 7), secondNurse, prescriber, new DemoChair.Story(StopAtMinute: 79, Chair: "Chair 5"), 8, ct);
        if (iv.Count > 2) await chair.RunAsync(iv[2].PatientId, await NextAsync(iv[2]), now.AddMinutes(-36), nurse, prescriber, new DemoChair.Story(StopAtMinute: 36, Chair: "Chair 4"), 3, ct);

        var arrived = clock.ToUtc(clock.Today, new TimeOnly(8, 40));
        if (clock.UtcNow < arrived.AddMinutes(30)) arrived = clock.UtcNow.AddMinutes(-30);
        for (var i = 0; i < Math.Min(2, iv.Count); i++)
        {
            var plan = iv[i];
            var number = await NextAsync(plan);
            var entry = plan.Sessions.First(s => s.DosingNumber == number);
            var at = arrived.AddMinutes(i * 10);
            var session = new DosingSession
            {
                Id = Guid.CreateVersion7(), PatientId = plan.PatientId, PlanId = plan.Id, DosingNumber = number, PlannedDate = entry.Date,
                State = SessionState.Scheduled, OpenedAt = at, Chair = $"Chair {i + 1}",
                PregnancyTestRequired = DosingSessions.PregnancyTestRequired(
                    (await db.Patients.AsNoTracking().FirstAsync(x => x.Id == plan.PatientId, ct)).Sex, plan.AgeYears),
            };
            db.DosingSessions.Add(session);
            db.SessionEvents.Add(session.Fire(SessionTrigger.CheckIn, nurse.Id, nurse.DisplayName, at));
            db.WeightMeasurements.Add(new WeightMeasurement
            {
                Id = Guid.CreateVersion7(), PatientId = plan.PatientId, WeightKg = plan.WeightKg ?? 70m, Source = WeightSource.Measured,
                MeasuredAt = at.AddMinutes(2), RecordedByUserId = nurse.Id, RecordedByName = nurse.DisplayName,
            });
            var items = new List<(PreCheckItem, string)> { (PreCheckItem.IdentityConfirmed, "yes"), (PreCheckItem.Fasting, "yes"), (PreCheckItem.EscortAndRide, "yes"), (PreCheckItem.MedicationChanges, "") };
            if (session.PregnancyTestRequired) items.Add((PreCheckItem.PregnancyTest, "negative"));
            foreach (var (item, value) in items)
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

    /// <summary>The signed plans of patients who signed their treatment consent, in the order they were signed.</summary>
    private async Task<List<TreatmentPlanRecord>> TreatedPlansAsync(CancellationToken ct)
    {
        var consented = await db.SignedConsents.AsNoTracking().Where(c => c.DocumentId == Consent.ConsentDocuments.Treatment.Id).Select(c => c.PatientId).Distinct().ToListAsync(ct);
        return await db.TreatmentPlans.AsNoTracking().Where(p => p.Status == PlanStatus.Signed && consented.Contains(p.PatientId)).OrderBy(p => p.SignedAt).ToListAsync(ct);
    }
}
