using KapCare.Clinical.Instruments;
using KapCare.Web.Data;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Patients;
using KapCare.Web.Infrastructure;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// Scores over time for the demo clinic: most patients mid-course with GAD-7 and PHQ-9 falling the way
/// published ketamine cohorts fall (roughly 60 % respond, REFERENCE.md §7), a few not responding, and two
/// with PHQ-9 item 9 answered — one alert still open, one already resolved with a note.
/// </summary>
public sealed class DemoMeasures(SubmitResponse submit, KapCareDbContext db, ClinicClock clock, Audit.AuditTrail audit, MeasurementPlans plans)
{
    public async Task SeedAsync(IReadOnlyList<Patient> patients, string clinicianUserId, string clinicianName, CancellationToken ct)
    {
        audit.AnonymousActor = "demo seed";
        var random = new Random(3);
        var gad7 = InstrumentLibrary.Get("gad-7");
        var phq9 = InstrumentLibrary.Get("phq-9");
        var now = clock.UtcNow;

        for (var i = 0; i < Math.Min(24, patients.Count); i++)
        {
            var patient = patients[i];
            var weeks = 3 + random.Next(0, 8);
            var responder = random.NextDouble() < 0.62;
            var gadBaseline = 12 + random.Next(0, 9);
            var phqBaseline = 10 + random.Next(0, 12);
            var start = now.AddDays(-7 * weeks - random.Next(0, 4)).Date.AddHours(15 + random.Next(0, 3));
            // Two patients stopped answering three weeks ago: two closed windows in a row raise a care-team task.
            var lastWeek = i is 11 or 15 ? weeks - 3 : weeks;
            var startDay = DateOnly.FromDateTime(clock.ToLocal(start));
            db.MeasurementPlans.Add(new MeasurementPlanRecord
            {
                Id = Guid.CreateVersion7(), PatientId = patient.Id, StartDate = startDay, CourseEndDate = startDay.AddDays(7 * 8),
                RulesJson = MeasurementPlanRecord.Serialize(KapCare.Clinical.Measurement.MeasurementPlan.Default(startDay, null).Rules),
                MissedInARowThreshold = 2, UpdatedAt = now, Version = 1,
            });
            for (var week = 0; week <= lastWeek; week++)
            {
                // Responders fall steeply over the first weeks, then level off; others drift a little.
                var progress = responder ? 1 - Math.Exp(-week / 2.5) : week * 0.03;
                var gad = Math.Clamp((int)Math.Round(gadBaseline * (1 - (responder ? 0.65 : 0.25) * progress) + random.Next(-1, 2)), 0, 21);
                var phq = Math.Clamp((int)Math.Round(phqBaseline * (1 - (responder ? 0.6 : 0.2) * progress) + random.Next(-1, 2)), 0, 27);
                var at = start.AddDays(7 * week);
                await submit.HandleAsync(new ResponseSubmission(patient.Id, gad7, Spread(gad7, gad, random), week % 2 == 0 ? ResponseSource.Staff : ResponseSource.SecureLink, at), ct);
                var phqAnswers = Spread(phq9, phq, random, safetyItem: (i is 3 or 7) && week == lastWeek ? 1 : 0);
                await submit.HandleAsync(new ResponseSubmission(patient.Id, phq9, phqAnswers, ResponseSource.Staff, at.AddMinutes(3)), ct);
            }
        }

        // One of the two item-9 alerts has already been handled.
        var handled = db.SafetyAlerts.Where(a => a.PatientId == patients[7].Id).ToList();
        foreach (var alert in handled)
            alert.Resolve("Called the patient the same afternoon: passive thoughts, no plan or intent; safety plan reviewed with partner; next PHQ-9 before Thursday's session.", clinicianUserId, clinicianName, now.AddHours(-20));
        await db.SaveChangesAsync(ct);
        foreach (var patient in patients.Take(24)) await plans.RaiseTasksAsync(patient.Id, ct);
    }

    /// <summary>Item scores that add up to <paramref name="total"/>, spread across the items (item 9 kept separately).</summary>
    private static Dictionary<string, int> Spread(Instrument instrument, int total, Random random, int safetyItem = 0)
    {
        var items = instrument.Items.ToList();
        var answers = items.ToDictionary(i => i.LinkId, _ => 0);
        var safetyLinkId = instrument.Id == "phq-9" ? items[^1].LinkId : null;
        if (safetyLinkId is not null)
        {
            answers[safetyLinkId] = safetyItem;
            total = Math.Max(0, total - safetyItem);
        }
        var open = items.Where(i => i.LinkId != safetyLinkId).ToList();
        while (total > 0 && open.Any(i => answers[i.LinkId] < i.MaxScore))
        {
            var item = open[random.Next(open.Count)];
            if (answers[item.LinkId] >= item.MaxScore) continue;
            answers[item.LinkId]++;
            total--;
        }
        return answers;
    }
}
