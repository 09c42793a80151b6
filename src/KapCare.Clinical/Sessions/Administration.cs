using System.Globalization;
using KapCare.Clinical.Dosing;

namespace KapCare.Clinical.Sessions;

/// <summary>
/// The rules of the administration record (issue 10, item 3) that need no database: times that are not in the future and
/// follow each other, esketamine devices five minutes apart (Spravato label, REFERENCE.md §3), and a reason for a dose
/// given other than the plan's.
/// </summary>
public static class AdministrationRules
{
    /// <summary>A time may be this far ahead of the server's clock (a tablet's clock a little fast) and still count as now.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(1);
    public const int MinimumReasonLength = 10;

    /// <summary>Why <paramref name="at"/> cannot be the time of <paramref name="what"/>, or null.</summary>
    /// <remarks>Times are typed to the minute: a time in the same minute as <paramref name="notBefore"/> is not before it.</remarks>
    public static string? TimeProblem(DateTime at, DateTime now, DateTime notBefore, string what, string notBeforeWhat)
    {
        if (at > now + ClockTolerance) return $"The {what} time is in the future: record it when it happens.";
        if (at < new DateTime(notBefore.Ticks - notBefore.Ticks % TimeSpan.TicksPerMinute, notBefore.Kind)) return $"The {what} time is before {notBeforeWhat}.";
        return null;
    }

    /// <summary>The next esketamine device no sooner than five minutes after the previous one (Spravato label).</summary>
    public static string? DeviceSpacingProblem(DateTime previousDeviceAt, DateTime at)
    {
        var gap = at - previousDeviceAt;
        if (gap < TimeSpan.FromMinutes(EsketaminePreparation.MinutesBetweenDevices))
        {
            var wait = (int)Math.Ceiling((TimeSpan.FromMinutes(EsketaminePreparation.MinutesBetweenDevices) - gap).TotalMinutes);
            return $"Wait {EsketaminePreparation.MinutesBetweenDevices} minutes between devices (Spravato label): {wait} min to go.";
        }
        return null;
    }

    /// <summary>A dose given other than the plan's needs a reason of at least ten characters; the plan's dose needs none.</summary>
    public static string? ReasonProblem(decimal plannedMg, decimal givenMg, string? reason) =>
        plannedMg == givenMg || (reason?.Trim().Length ?? 0) >= MinimumReasonLength
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"{givenMg:0.##} mg differs from the plan's {plannedMg:0.##} mg: say why (at least {MinimumReasonLength} characters).");
}

/// <summary>The adverse effects KapCare codes (REFERENCE.md §4: "common adverse effects to code").</summary>
public enum AdverseEventKind
{
    Nausea,
    Vomiting,
    Hypertension,
    Tachycardia,
    Dizziness,
    DissociationDistress,
    Headache,
    BlurredVision,
    Sedation,
    RespiratoryDepression,
    EmergenceReaction,
}

public enum AdverseEventOutcome { Resolved, Ongoing, ResolvedWithSequelae, Transferred }

public static class AdverseEvents
{
    public static string Label(AdverseEventKind kind) => kind switch
    {
        AdverseEventKind.Nausea => "Nausea",
        AdverseEventKind.Vomiting => "Vomiting",
        AdverseEventKind.Hypertension => "Hypertension",
        AdverseEventKind.Tachycardia => "Tachycardia",
        AdverseEventKind.Dizziness => "Dizziness",
        AdverseEventKind.DissociationDistress => "Dissociation-related distress",
        AdverseEventKind.Headache => "Headache",
        AdverseEventKind.BlurredVision => "Blurred vision",
        AdverseEventKind.Sedation => "Sedation",
        AdverseEventKind.RespiratoryDepression => "Respiratory depression",
        AdverseEventKind.EmergenceReaction => "Emergence reaction",
    };

    public static string Label(AdverseEventSeverity severity) => severity switch
    {
        AdverseEventSeverity.None => "none",
        AdverseEventSeverity.Mild => "mild",
        AdverseEventSeverity.Moderate => "moderate",
        AdverseEventSeverity.Severe => "severe",
    };

    public static string Label(AdverseEventOutcome outcome) => outcome switch
    {
        AdverseEventOutcome.Resolved => "resolved",
        AdverseEventOutcome.Ongoing => "ongoing",
        AdverseEventOutcome.ResolvedWithSequelae => "resolved with sequelae",
        AdverseEventOutcome.Transferred => "transferred to emergency care",
    };

    /// <summary>
    /// Serious in the regulatory sense (21 CFR 312.32(a)): life-threatening, needing hospital care, or disabling. At the chair
    /// KapCare treats as serious what the nurse marks so, any respiratory depression, and any transfer to emergency care.
    /// </summary>
    public static bool IsSerious(AdverseEventKind kind, bool markedSerious, AdverseEventOutcome outcome) =>
        markedSerious || kind == AdverseEventKind.RespiratoryDepression || outcome == AdverseEventOutcome.Transferred;
}

/// <summary>MOAA/S: the Modified Observer's Assessment of Alertness/Sedation, 5 (responds readily to name) to 0 (no response to a painful stimulus).</summary>
public static class SedationScale
{
    public static string Label(int score) => score switch
    {
        5 => "5 — responds readily to name in a normal tone",
        4 => "4 — lethargic response to name in a normal tone",
        3 => "3 — responds only after name is called loudly or repeatedly",
        2 => "2 — responds only after mild prodding or shaking",
        1 => "1 — does not respond to mild prodding or shaking",
        0 => "0 — does not respond to a painful stimulus",
        _ => throw new ArgumentOutOfRangeException(nameof(score)),
    };
}

public enum NauseaLevel { None, Mild, Moderate, Severe }
