using KapCare.Clinical.Measurement;
using KapCare.Web.Data;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Measures;

/// <summary>Works out what is due and missed for a patient, and raises a task when misses run in a row.</summary>
public sealed class MeasurementPlans(KapCareDbContext db, ClinicClock clock)
{
    public sealed record Status(MeasurementPlanRecord Plan, IReadOnlyList<Occurrence> Occurrences, IReadOnlyDictionary<string, int> MissedInARow);

    public async Task<Status?> GetAsync(Guid patientId, CancellationToken ct = default)
    {
        var record = await db.MeasurementPlans.AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == patientId, ct);
        if (record is null) return null;
        var answers = await db.QuestionnaireResponses.AsNoTracking()
            .Where(r => r.PatientId == patientId && r.Status == ResponseStatus.Completed)
            .Select(r => new { r.InstrumentId, r.AuthoredAt }).ToListAsync(ct);
        var completed = answers.GroupBy(a => a.InstrumentId).ToDictionary(
            g => g.Key, g => (IReadOnlyList<DateOnly>)g.Select(a => DateOnly.FromDateTime(clock.ToLocal(a.AuthoredAt))).ToList());
        // The signed treatment plan's dosing dates carry the "before every Nth dosing session" rules; when staff have not set
        // a course end, the plan's last dosing session is the end the "weeks after the course" rules count from.
        var dosing = await Plans.SignedPlanQueries.SignedDosingDatesAsync(db, patientId, ct);
        var plan = record.ToPlan();
        if (plan.CourseEnd is null && dosing.Count > 0) plan = plan with { CourseEnd = dosing.Max() };
        var occurrences = MeasurementSchedule.Expand(plan, completed, dosing, clock.Today);
        return new Status(record, occurrences, MeasurementSchedule.MissedInARow(occurrences));
    }

    /// <summary>Raises one task per run of misses that reaches the plan's threshold; returns how many it raised.</summary>
    public async Task<int> RaiseTasksAsync(Guid patientId, CancellationToken ct = default)
    {
        var status = await GetAsync(patientId, ct);
        if (status is null) return 0;
        var raised = 0;
        foreach (var (instrument, missed) in status.MissedInARow)
        {
            if (missed < status.Plan.MissedInARowThreshold) continue;
            var first = status.Occurrences.Where(o => o.InstrumentId == instrument && o.Status == OccurrenceStatus.Missed)
                .OrderByDescending(o => o.Due).Take(missed).Last();
            var key = $"missed:{instrument}:{first.Due:yyyy-MM-dd}";
            if (await db.CareTasks.AnyAsync(t => t.PatientId == patientId && t.Key == key, ct)) continue;
            var name = Clinical.Instruments.InstrumentLibrary.Find(instrument)?.ShortName ?? instrument;
            db.CareTasks.Add(new CareTask
            {
                Id = Guid.CreateVersion7(), PatientId = patientId, Key = key, CreatedAt = clock.UtcNow, Status = CareTaskStatus.Open, Version = 1,
                Title = $"{name} missed {missed} times in a row (since {first.Due:d MMM}): contact the patient or send a link.",
            });
            try
            {
                await db.SaveChangesAsync(ct);
                raised++;
            }
            catch (DbUpdateException)
            {
                // Another instance raised the same task first (unique patient + key): nothing to do.
                db.ChangeTracker.Clear();
            }
        }
        return raised;
    }
}

/// <summary>
/// Checks every plan for runs of missed measurements every few minutes. Safe with several app instances: tasks
/// are unique per patient and occasion, so a duplicate insert fails and is ignored.
/// </summary>
public sealed class MissedMeasureSweep(IServiceScopeFactory scopes, ILogger<MissedMeasureSweep> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<KapCareDbContext>();
                var plans = scope.ServiceProvider.GetRequiredService<MeasurementPlans>();
                var patients = await db.MeasurementPlans.AsNoTracking().Select(p => p.PatientId).ToListAsync(stoppingToken);
                var raised = 0;
                foreach (var patient in patients) raised += await plans.RaiseTasksAsync(patient, stoppingToken);
                if (raised > 0) logger.LogInformation("Missed-measure sweep raised {Count} tasks", raised);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Missed-measure sweep failed: {Error}", ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
