using System.Globalization;

namespace KapCare.Clinical.Eligibility;

/// <summary>One prior trial as the treatment-resistance count saw it: whether it counted, and why.</summary>
public sealed record TrialAssessment(string Trial, bool Counts, string Why);

/// <summary>How many adequate prior trials a patient has had, with each trial that counted and each that did not.</summary>
public sealed record TreatmentResistanceAssessment(
    int AdequateTrialCount,
    IReadOnlyList<TrialAssessment> Counted,
    IReadOnlyList<TrialAssessment> NotCounted);

/// <summary>
/// Counts adequate prior treatment trials (REFERENCE.md §2, the TRD definition used by IV programmes: at least 2 adequate
/// trials of 4–6 weeks each). A medication trial counts when its dose was adequate and it lasted at least the minimum
/// number of weeks; a psychotherapy course counts when it was completed and had at least as many sessions as the minimum
/// weeks (a weekly course of that length; fewer sessions cannot have lasted an adequate weekly course — a one-session CBT
/// "course" is not an adequate trial, issue 9 item 8). Anything unknown does not count, and says so.
/// </summary>
public static class TreatmentResistance
{
    /// <summary>The lower end of the 4–6 weeks in the TRD definition (REFERENCE.md §2).</summary>
    public const int DefaultMinimumWeeks = 4;

    public static TreatmentResistanceAssessment Assess(
        IReadOnlyList<MedicationTrial> medicationTrials,
        IReadOnlyList<PsychotherapyCourse> psychotherapyCourses,
        int minimumWeeks = DefaultMinimumWeeks)
    {
        ArgumentNullException.ThrowIfNull(medicationTrials);
        ArgumentNullException.ThrowIfNull(psychotherapyCourses);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumWeeks, 1);

        var all = medicationTrials.Select(t => AssessMedication(t, minimumWeeks))
            .Concat(psychotherapyCourses.Select(c => AssessPsychotherapy(c, minimumWeeks)))
            .ToList();
        var counted = all.Where(a => a.Counts).ToList();
        var notCounted = all.Where(a => !a.Counts).ToList();
        return new TreatmentResistanceAssessment(counted.Count, counted, notCounted);
    }

    private static TrialAssessment AssessMedication(MedicationTrial trial, int minimumWeeks)
    {
        var min = minimumWeeks.ToString(CultureInfo.InvariantCulture);
        var weeks = trial.Weeks?.ToString(CultureInfo.InvariantCulture);
        var why = new List<string>();
        switch (trial.DoseAdequate)
        {
            case YesNoUnknown.Unknown: why.Add("dose adequacy not recorded"); break;
            case YesNoUnknown.No: why.Add("dose not adequate"); break;
            case YesNoUnknown.Yes: break;
        }
        if (trial.Weeks is null) why.Add("duration not recorded");
        else if (trial.Weeks < minimumWeeks) why.Add($"{weeks} weeks, fewer than the {min} required");

        return why.Count == 0
            ? new TrialAssessment(trial.Drug, true, $"adequate dose for {weeks} weeks (at least {min})")
            : new TrialAssessment(trial.Drug, false, string.Join("; ", why));
    }

    private static TrialAssessment AssessPsychotherapy(PsychotherapyCourse course, int minimumWeeks)
    {
        var min = minimumWeeks.ToString(CultureInfo.InvariantCulture);
        var why = new List<string>();
        switch (course.Completed)
        {
            case YesNoUnknown.No: why.Add("course not completed"); break;
            case YesNoUnknown.Unknown: why.Add("completion not recorded"); break;
            case YesNoUnknown.Yes: break;
        }
        if (course.Sessions is not { } sessions) why.Add("number of sessions not recorded");
        else if (sessions < minimumWeeks) why.Add($"{sessions.ToString(CultureInfo.InvariantCulture)} sessions, fewer than a weekly course of {min} weeks");
        return why.Count == 0
            ? new TrialAssessment(course.ToString(), true, $"course completed, {course.Sessions!.Value.ToString(CultureInfo.InvariantCulture)} sessions (at least {min} weekly)")
            : new TrialAssessment(course.ToString(), false, string.Join("; ", why));
    }
}
