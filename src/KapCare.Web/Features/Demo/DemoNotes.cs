using KapCare.Clinical.Integration;
using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Integration;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// The demo's therapy notes, written through the real handler at the times a therapist would have: a preparation note two
/// days before each course's first dose, and an integration note the day after each dose, in the plan's accepted
/// modalities in turn, with the disturbance falling across the course. One dose has no integration and is overdue; a
/// dose given within the last day would still be due. Courses whose plan accepted no modality (esketamine here) have none.
/// </summary>
public sealed class DemoNotes(KapCareDbContext db, IOptions<ClinicOptions> clinic, ClinicClock clock)
{
    public async Task SeedAsync(KapCareUser therapist, KapCareUser secondTherapist, CancellationToken ct)
    {
        var plans = await db.TreatmentPlans.AsNoTracking().Where(p => p.Status == PlanStatus.Signed).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        var dosed = await (from s in db.DosingSessions.AsNoTracking()
                           join a in db.MedicationAdministrations.AsNoTracking() on s.Id equals a.SessionId
                           where s.State == SessionState.Signed || s.State == SessionState.Discharged
                           select new { s.PatientId, s.DosingNumber, End = a.StoppedAt ?? a.StartedAt }).ToListAsync(ct);
        var now = clock.UtcNow;
        var overdueLeft = false;
        for (var p = 0; p < plans.Count; p++)
        {
            var plan = plans[p];
            var accepted = plan.Modalities.Where(m => m.Accepted).Select(m => m.Modality).ToList();
            var doses = dosed.Where(d => d.PatientId == plan.PatientId).OrderBy(d => d.End).ToList();
            if (accepted.Count == 0 || doses.Count == 0) continue;
            var (by, role) = p % 2 == 0 ? (therapist, Roles.Therapist) : (secondTherapist, Roles.Therapist);
            var who = DemoTime.Principal(by, role);
            Ok(await Notes(doses[0].End.AddDays(-2).Date.AddHours(16)).SignPreparationAsync(plan.PatientId, Preparation(p), who, ct));
            for (var i = 0; i < doses.Count; i++)
            {
                var dose = doses[i];
                var written = dose.End.AddHours(20 + p % 3 * 6);
                // Not yet: the doses of the last day or so are still within their window.
                if (written > now) continue;
                // One course's third dose was never followed up: the page and the chart show it overdue.
                if (!overdueLeft && i == 2 && now - dose.End > TimeSpan.FromHours(IntegrationWindow.DefaultHours))
                {
                    overdueLeft = true;
                    continue;
                }
                var modality = accepted[i % accepted.Count];
                Ok(await Notes(written).SignIntegrationAsync(plan.PatientId, dose.DosingNumber, Measures(modality, i, p), Common(i, p), who, ct));
            }
        }
    }

    private TherapyNotes Notes(DateTime at)
    {
        var time = DemoTime.At(at, clinic);
        return new TherapyNotes(db, new AuditTrail(db, new HttpContextAccessor(), time), time);
    }

    private static void Ok(TherapyNoteResult result)
    {
        if (result is TherapyNoteResult.Refused refused)
            throw new InvalidOperationException("Demo note refused: " + string.Join(" ", refused.Problems.Select(x => $"{x.Field}: {x.Message}")));
    }

    private static readonly string[] Intentions =
    [
        "To stop the morning dread that starts before I am out of bed.",
        "To speak up at work without my heart pounding for an hour after.",
        "To sleep through the night and worry less about my children's safety.",
        "To understand why my body goes into alarm when nothing is wrong.",
    ];

    private static PreparationNote Preparation(int p) => new(
        Intentions[p % Intentions.Length], true, "Dim light, weighted blanket from home; partner drives and waits nearby.",
        p % 2 == 0 ? "Partner, mobile on the chart" : "Sister, mobile on the chart; the clinic line after hours",
        "Paced breathing 4-6 for five minutes, then call; 988 if thoughts of self-harm.",
        p % 3 == 0 ? "Ambient piano, no lyrics" : "The clinic's instrumental playlist", p % 4 != 3,
        "Went through onset, dissociation and the blood-pressure checks; agreed a hand signal for 'pause the music'.");

    private static ModalityMeasures Measures(Modality modality, int dose, int p)
    {
        // Disturbance falls across the course; belief in the balanced view grows.
        var sudBefore = Math.Max(3, 8 - dose);
        var sudAfter = Math.Max(0, sudBefore - 3 - p % 2);
        return modality switch
        {
            Modality.Emdr => new EmdrMeasures("The panic attack in the supermarket queue, 2021", "The lights and the exit too far away",
                "I am going to lose control", "I can ride out the wave; it passes", sudBefore, sudAfter, Math.Min(7, 2 + dose / 2), Math.Min(7, 4 + dose / 2),
                "Tightness in the throat eased to a faint pressure"),
            Modality.Art => new ArtMeasures("Being called on in a meeting and freezing", "Heat in the face, hands shaking", sudBefore, sudAfter,
                "The room fills with warm light; a colleague nods; the words come slowly but they come"),
            Modality.Ifs => new IfsMeasures([
                new PartMet("The planner", PartRole.Manager, "Keeps everything under control so nothing bad can happen"),
                new PartMet("The one who scrolls at 2 a.m.", PartRole.Firefighter, "Numbs the fear when it spikes"),
                new PartMet("The small one at the window", PartRole.Exile, "Carries the fear from when her father did not come home")],
                dose > 1 ? "Witnessing begun; the planner agreed to step back for part of the session" : "Getting to know the planner"),
            Modality.Cbt => new CbtMeasures(
                [new ThoughtRecord("Friend did not answer a message for a day", "She is angry with me", 80 - dose * 5,
                    "She has been busy with her new job; she replied warmly last week", "She is busy; silence is not anger", Math.Max(10, 40 - dose * 8))],
                [new BehaviouralExperiment("If I go to the café alone I will have to leave within ten minutes", "Stayed forty minutes; anxiety peaked at 6/10 then fell to 3")]),
            Modality.Somatic => new SomaticMeasures("Paced breathing 4-6 and progressive muscle relaxation",
                new HashSet<BodyRegion> { BodyRegion.Jaw, BodyRegion.Shoulders, BodyRegion.Chest }, new HashSet<BodyRegion> { BodyRegion.Shoulders },
                Math.Max(3, 8 - dose), Math.Max(1, 5 - dose)),
            _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, null),
        };
    }

    private static NoteCommon Common(int dose, int p) => new(
        dose == 0 ? "First dose: surprised by how far away the worry felt; some fear as it began, settled with the music."
            : "Brought an image from the session of standing on a hill above the town; the usual 'what if' voice was quieter for two days.",
        dose % 2 == 0 ? ["safety", "control"] : ["self-compassion", "control"],
        "Noticed the alarm is a feeling, not a fact.",
        p % 5 == 4 && dose == 1 ? RiskLevel.Low : RiskLevel.None,
        p % 5 == 4 && dose == 1 ? "Passive thoughts of not wanting to wake up on a bad night, no plan or intent; safety plan reviewed, prescriber told the same day." : null);
}
