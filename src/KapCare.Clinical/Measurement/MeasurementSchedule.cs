namespace KapCare.Clinical.Measurement;

public enum CadenceKind
{
    /// <summary>Once, at the start of care (the index score every change is measured against).</summary>
    Baseline = 0,
    /// <summary>Every N days from the start while the course runs ("weekly" is 7).</summary>
    EveryDays = 1,
    /// <summary>Follow-ups N weeks after the course ends (default 1, 4 and 12 weeks).</summary>
    AfterCourseWeeks = 2,
    /// <summary>Before every dosing session, or every Nth; needs the session schedule.</summary>
    BeforeDosingSessions = 3,
}

/// <summary>One line of a measurement plan: which instrument, how often.</summary>
public sealed record MeasurementRule(string InstrumentId, CadenceKind Kind, int Every = 0, IReadOnlyList<int>? Weeks = null)
{
    public static MeasurementRule Baseline(string instrument) => new(instrument, CadenceKind.Baseline);
    public static MeasurementRule EveryDays(string instrument, int days) =>
        days is >= 1 and <= 365 ? new(instrument, CadenceKind.EveryDays, days) : throw new ArgumentOutOfRangeException(nameof(days), "Between 1 and 365 days.");
    public static MeasurementRule AfterCourse(string instrument, params int[] weeks) =>
        weeks.Length > 0 && weeks.All(w => w is >= 1 and <= 104) ? new(instrument, CadenceKind.AfterCourseWeeks, 0, weeks.Order().ToArray()) : throw new ArgumentOutOfRangeException(nameof(weeks), "Between 1 and 104 weeks.");
    public static MeasurementRule BeforeDosing(string instrument, int everyNth = 1) =>
        everyNth is >= 1 and <= 10 ? new(instrument, CadenceKind.BeforeDosingSessions, everyNth) : throw new ArgumentOutOfRangeException(nameof(everyNth), "Every 1st to 10th session.");

    public string Describe() => Kind switch
    {
        CadenceKind.Baseline => "at baseline",
        CadenceKind.EveryDays => Every == 7 ? "weekly during the course" : $"every {Every} days during the course",
        CadenceKind.AfterCourseWeeks => "after the course at " + string.Join(", ", Weeks!.Select(w => w == 1 ? "1 week" : $"{w} weeks")),
        CadenceKind.BeforeDosingSessions => Every == 1 ? "before every dosing session" : $"before every {Ordinal(Every)} dosing session",
    };

    private static string Ordinal(int n) => n switch { 2 => "other", 3 => "3rd", _ => $"{n}th" };
}

/// <summary>A patient's plan: rules plus the course dates they hang from.</summary>
public sealed record MeasurementPlan(DateOnly Start, DateOnly? CourseEnd, IReadOnlyList<MeasurementRule> Rules)
{
    /// <summary>
    /// The default for a ketamine course (issue 3 / REFERENCE.md §1): GAD-7 and PHQ-9 at baseline, weekly during the
    /// course, and at 1, 4 and 12 weeks after it; both also before every dosing session once sessions are scheduled.
    /// </summary>
    public static MeasurementPlan Default(DateOnly start, DateOnly? courseEnd) => new(start, courseEnd,
    [
        MeasurementRule.Baseline("gad-7"), MeasurementRule.Baseline("phq-9"),
        MeasurementRule.EveryDays("gad-7", 7), MeasurementRule.EveryDays("phq-9", 7),
        MeasurementRule.AfterCourse("gad-7", 1, 4, 12), MeasurementRule.AfterCourse("phq-9", 1, 4, 12),
        MeasurementRule.BeforeDosing("gad-7"), MeasurementRule.BeforeDosing("phq-9"),
    ]);
}

public enum OccurrenceStatus
{
    Upcoming = 0,
    Due = 1,
    Completed = 2,
    Missed = 3,
}

/// <summary>One expected measurement: when it is due, the window in which an answer counts, and what happened.</summary>
public sealed record Occurrence(string InstrumentId, string Purpose, DateOnly Due, DateOnly WindowStart, DateOnly WindowEnd, OccurrenceStatus Status, DateOnly? CompletedOn);

/// <summary>
/// Expands a plan into dated occurrences and matches completed responses to them. An answer counts for the
/// occurrence whose window contains it (each answer once, earliest occurrence first). A window that has closed
/// without an answer is missed; consecutive misses raise a task for the care team.
/// </summary>
public static class MeasurementSchedule
{
    public static IReadOnlyList<Occurrence> Expand(MeasurementPlan plan, IReadOnlyDictionary<string, IReadOnlyList<DateOnly>> completed,
        IReadOnlyList<DateOnly> dosingSessions, DateOnly today)
    {
        var expected = new List<(string Instrument, string Purpose, DateOnly Due, DateOnly From, DateOnly To)>();
        var horizon = plan.CourseEnd ?? today.AddDays(28);
        foreach (var rule in plan.Rules)
        {
            switch (rule.Kind)
            {
                case CadenceKind.Baseline:
                    // A baseline taken up to two weeks before the start still describes the patient at the start.
                    expected.Add((rule.InstrumentId, "Baseline", plan.Start, plan.Start.AddDays(-14), plan.Start.AddDays(7)));
                    break;
                case CadenceKind.EveryDays:
                    var half = Math.Max(1, rule.Every / 2);
                    for (var due = plan.Start.AddDays(rule.Every); due <= horizon; due = due.AddDays(rule.Every))
                        expected.Add((rule.InstrumentId, rule.Every == 7 ? "Weekly" : $"Every {rule.Every} days", due, due.AddDays(-half), due.AddDays(half)));
                    break;
                case CadenceKind.AfterCourseWeeks:
                    if (plan.CourseEnd is not { } end) break;
                    foreach (var weeks in rule.Weeks!)
                    {
                        var due = end.AddDays(7 * weeks);
                        var slack = weeks <= 1 ? 3 : weeks <= 4 ? 7 : 14;
                        expected.Add((rule.InstrumentId, $"{weeks} {(weeks == 1 ? "week" : "weeks")} after the course", due, due.AddDays(-slack), due.AddDays(slack)));
                    }
                    break;
                case CadenceKind.BeforeDosingSessions:
                    var sessions = dosingSessions.Order().ToList();
                    for (var i = 0; i < sessions.Count; i += rule.Every)
                        expected.Add((rule.InstrumentId, $"Before dosing session {i + 1}", sessions[i], sessions[i].AddDays(-3), sessions[i]));
                    break;
            }
        }

        var result = new List<Occurrence>();
        foreach (var group in expected.GroupBy(e => e.Instrument))
        {
            var answers = (completed.GetValueOrDefault(group.Key) ?? []).Order().ToList();
            var used = new bool[answers.Count];
            foreach (var e in group.OrderBy(e => e.Due).ThenBy(e => e.Purpose, StringComparer.Ordinal))
            {
                var match = -1;
                for (var i = 0; i < answers.Count; i++)
                {
                    if (!used[i] && answers[i] >= e.From && answers[i] <= e.To) { match = i; break; }
                }
                OccurrenceStatus status;
                DateOnly? on = null;
                if (match >= 0) { used[match] = true; status = OccurrenceStatus.Completed; on = answers[match]; }
                else if (today > e.To) status = OccurrenceStatus.Missed;
                else if (today >= e.From) status = OccurrenceStatus.Due;
                else status = OccurrenceStatus.Upcoming;
                result.Add(new Occurrence(group.Key, e.Purpose, e.Due, e.From, e.To, status, on));
            }
        }
        return result.OrderBy(o => o.Due).ThenBy(o => o.InstrumentId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Missed occurrences in a row, counted back from the latest closed one, per instrument.</summary>
    public static IReadOnlyDictionary<string, int> MissedInARow(IEnumerable<Occurrence> occurrences) =>
        occurrences.Where(o => o.Status is OccurrenceStatus.Completed or OccurrenceStatus.Missed)
            .GroupBy(o => o.InstrumentId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(o => o.Due).TakeWhile(o => o.Status == OccurrenceStatus.Missed).Count());
}
