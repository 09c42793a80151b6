using System.Globalization;

namespace KapCare.Clinical.Sessions;

public enum RemsFormStatus { Submitted, Due, Overdue }

/// <summary>Where a session's Patient Monitoring Form stands: submitted, due in N days, or N days overdue.</summary>
public sealed record RemsFormStanding(RemsFormStatus Status, DateOnly DueOn, int Days)
{
    public string Text => Status switch
    {
        RemsFormStatus.Submitted => "submitted",
        RemsFormStatus.Overdue => Days == 1 ? "1 day overdue" : $"{Days.ToString(CultureInfo.InvariantCulture)} days overdue",
        _ => Days == 0 ? "due today" : Days == 1 ? "due tomorrow" : $"due in {Days.ToString(CultureInfo.InvariantCulture)} days",
    };
}

/// <summary>
/// The Spravato REMS at the chair (REFERENCE.md §4; Spravato REMS, Patient Monitoring Form): BP before dosing, at about
/// 40 minutes and before discharge; monitoring at least 120 minutes from the first device; a Patient Monitoring Form
/// after every session, due within 7 calendar days.
/// </summary>
public static class EsketamineRems
{
    public const int FormDueDays = 7;
    /// <summary>"At about 40 minutes": KapCare accepts a reading 30–50 minutes after the first device.</summary>
    public const int FortyMinuteFrom = 30, FortyMinuteTo = 50;

    /// <summary>The reading nearest 40 minutes after the first device within 30–50 minutes, or null.</summary>
    public static VitalsReading? FortyMinuteReading(DateTime firstDeviceAt, IEnumerable<VitalsReading> readings) =>
        readings.Select(r => (Reading: r, Minutes: (r.At - firstDeviceAt).TotalMinutes))
            .Where(x => x.Minutes >= FortyMinuteFrom && x.Minutes <= FortyMinuteTo)
            .OrderBy(x => Math.Abs(x.Minutes - 40)).Select(x => x.Reading).FirstOrDefault();

    public static RemsFormStanding Standing(DateOnly treatmentDate, DateTime? submittedAt, DateOnly today)
    {
        var due = treatmentDate.AddDays(FormDueDays);
        if (submittedAt is not null) return new RemsFormStanding(RemsFormStatus.Submitted, due, 0);
        var left = due.DayNumber - today.DayNumber;
        return left < 0 ? new RemsFormStanding(RemsFormStatus.Overdue, due, -left) : new RemsFormStanding(RemsFormStatus.Due, due, left);
    }

    /// <summary>The form's dose box: 56 mg, 84 mg, or other (with the amount).</summary>
    public static string DoseBox(decimal mg) => mg switch
    {
        56m => "56 mg",
        84m => "84 mg",
        _ => string.Create(CultureInfo.InvariantCulture, $"Other: {mg:0.##} mg"),
    };
}
