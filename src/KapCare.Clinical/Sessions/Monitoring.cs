using System.Globalization;
using KapCare.Clinical.Dosing;

namespace KapCare.Clinical.Sessions;

/// <summary>One row of vitals: BP, heart rate, SpO₂ and respiratory rate, at a time (UTC).</summary>
public sealed record VitalsReading(DateTime At, BloodPressure BloodPressure, int HeartRate, int OxygenSaturation, int RespiratoryRate)
{
    /// <summary>Why a set of numbers is not a plausible reading (a typing slip), or null: the same bounds as the pre-check form.</summary>
    public static string? Problem(int systolic, int diastolic, int heartRate, int oxygenSaturation, int respiratoryRate) =>
        BloodPressure.Problem(systolic, diastolic)
        ?? (heartRate is < 20 or > 250 ? "A heart rate outside 20–250 /min: check the reading."
        : oxygenSaturation is < 50 or > 100 ? "SpO₂ is a percentage of 50–100: check the reading."
        : respiratoryRate is < 4 or > 60 ? "A respiratory rate outside 4–60 /min: check the reading."
        : null);
}

public enum Vital { Systolic, Diastolic, HeartRate, OxygenSaturation, RespiratoryRate }

/// <summary>A value outside the clinic's limits, with the threshold it crossed, as the flowsheet shows it.</summary>
/// <param name="IsSurge">A blood-pressure surge: raises a prescriber alert on the chair board.</param>
public sealed record VitalsFlag(Vital Vital, string Message, bool IsSurge);

/// <summary>
/// The limits a reading during a session is checked against (issue 10, item 4). The BP surge has two forms, either of
/// which alerts a prescriber: a rise from the session's baseline of ≥ 40 mmHg systolic or ≥ 25 mmHg diastolic (the
/// Spravato label's definition of a clinically relevant increase, REFERENCE.md §4), or an absolute reading at or above
/// 180/110 mmHg (KapCare's default for "severe hypertension": REFERENCE.md §4 reports its rate, 0.98 % of infusions, but
/// no number, so it is a clinic setting). The other limits are KapCare's defaults for a procedural-sedation flowsheet — HR outside 50–120 /min, SpO₂ below 92 %,
/// RR outside 10–24 /min, systolic below 90 mmHg — shown with each flag; a clinic sets its own (settings
/// <c>sessions.vitals.*</c>).
/// </summary>
public sealed record VitalsLimits
{
    public int SurgeSystolicAtOrAbove { get; init; } = 180;
    public int SurgeDiastolicAtOrAbove { get; init; } = 110;
    public int SurgeSystolicRise { get; init; } = 40;
    public int SurgeDiastolicRise { get; init; } = 25;
    public int SystolicBelow { get; init; } = 90;
    public int HeartRateAbove { get; init; } = 120;
    public int HeartRateBelow { get; init; } = 50;
    public int OxygenSaturationBelow { get; init; } = 92;
    public int RespiratoryRateAbove { get; init; } = 24;
    public int RespiratoryRateBelow { get; init; } = 10;

    public static readonly VitalsLimits Default = new();

    /// <summary>Every value of <paramref name="reading"/> outside the limits; the surge is measured against <paramref name="baseline"/>.</summary>
    public IReadOnlyList<VitalsFlag> Check(VitalsReading reading, VitalsReading? baseline)
    {
        var flags = new List<VitalsFlag>();
        var bp = reading.BloodPressure;
        var absolute = bp.Systolic >= SurgeSystolicAtOrAbove || bp.Diastolic >= SurgeDiastolicAtOrAbove;
        var riseS = baseline is null ? 0 : bp.Systolic - baseline.BloodPressure.Systolic;
        var riseD = baseline is null ? 0 : bp.Diastolic - baseline.BloodPressure.Diastolic;
        var rise = baseline is not null && (riseS >= SurgeSystolicRise || riseD >= SurgeDiastolicRise);
        if (absolute || rise)
        {
            var parts = new List<string>();
            if (absolute) parts.Add($"at or above {SurgeSystolicAtOrAbove}/{SurgeDiastolicAtOrAbove}");
            if (rise) parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Signed(riseS)}/{Signed(riseD)} mmHg from baseline {baseline!.BloodPressure.Systolic}/{baseline.BloodPressure.Diastolic} (surge: +{SurgeSystolicRise} systolic or +{SurgeDiastolicRise} diastolic)"));
            flags.Add(new VitalsFlag(riseS >= SurgeSystolicRise || bp.Systolic >= SurgeSystolicAtOrAbove ? Vital.Systolic : Vital.Diastolic,
                $"BP surge {bp}: {string.Join("; ", parts)}. Tell the prescriber.", IsSurge: true));
        }
        if (bp.Systolic < SystolicBelow) flags.Add(new VitalsFlag(Vital.Systolic, $"Systolic {bp.Systolic} mmHg is below {SystolicBelow}.", false));
        if (reading.HeartRate > HeartRateAbove) flags.Add(new VitalsFlag(Vital.HeartRate, $"Heart rate {reading.HeartRate} /min is above {HeartRateAbove}.", false));
        if (reading.HeartRate < HeartRateBelow) flags.Add(new VitalsFlag(Vital.HeartRate, $"Heart rate {reading.HeartRate} /min is below {HeartRateBelow}.", false));
        if (reading.OxygenSaturation < OxygenSaturationBelow)
            flags.Add(new VitalsFlag(Vital.OxygenSaturation, $"SpO₂ {reading.OxygenSaturation} % is below {OxygenSaturationBelow} %.", false));
        if (reading.RespiratoryRate > RespiratoryRateAbove)
            flags.Add(new VitalsFlag(Vital.RespiratoryRate, $"Respiratory rate {reading.RespiratoryRate} /min is above {RespiratoryRateAbove}.", false));
        if (reading.RespiratoryRate < RespiratoryRateBelow)
            flags.Add(new VitalsFlag(Vital.RespiratoryRate, $"Respiratory rate {reading.RespiratoryRate} /min is below {RespiratoryRateBelow}.", false));
        return flags;
    }

    private static string Signed(int value) => value >= 0 ? "+" + value.ToString(CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
}

public enum VitalsDueStatus { NotYet, DueSoon, Overdue }

/// <summary>When the next reading is due and how the chart says it: "due in 4 min", "due in 2 min", "overdue by 3 min".</summary>
public sealed record VitalsDue(DateTime DueAt, VitalsDueStatus Status, int Minutes)
{
    public string Text => Status switch
    {
        VitalsDueStatus.Overdue => Minutes == 0 ? "due now" : $"overdue by {Minutes} min",
        _ => Minutes == 0 ? "due now" : $"due in {Minutes} min",
    };
}

/// <summary>
/// How often vitals are taken while the drug acts (issue 10, item 4; REFERENCE.md §4): every 15 minutes by default, every
/// 10 minutes for a patient's first three IV sessions — 43 % of the severe hypertension in the Yale series of 2,342
/// infusions fell in the first three, with BP every 10 minutes (Gen Hosp Psychiatry 2024). Both are protocol settings.
/// </summary>
public sealed record VitalsSchedule(int IntervalMinutes = VitalsSchedule.DefaultInterval, int EarlyIvIntervalMinutes = VitalsSchedule.DefaultEarlyIvInterval)
{
    public const int DefaultInterval = 15;
    public const int DefaultEarlyIvInterval = 10;
    public const int EarlyIvSessions = 3;
    /// <summary>"Due soon" from this many minutes before the reading is due.</summary>
    public const int DueSoonMinutes = 2;

    /// <param name="ivSessionNumber">1 for the patient's first IV session (counting this one); ignored for other routes.</param>
    public int IntervalFor(Route route, int ivSessionNumber) =>
        route == Route.Intravenous && ivSessionNumber <= EarlyIvSessions ? EarlyIvIntervalMinutes : IntervalMinutes;

    /// <summary>The next reading after <paramref name="lastReadingAt"/>, as it stands at <paramref name="now"/>.</summary>
    public static VitalsDue Next(DateTime lastReadingAt, int intervalMinutes, DateTime now)
    {
        var due = lastReadingAt.AddMinutes(intervalMinutes);
        var left = due - now;
        if (left < TimeSpan.Zero) return new VitalsDue(due, VitalsDueStatus.Overdue, (int)Math.Floor(-left.TotalMinutes));
        var minutes = (int)Math.Ceiling(left.TotalMinutes);
        return new VitalsDue(due, minutes <= DueSoonMinutes ? VitalsDueStatus.DueSoon : VitalsDueStatus.NotYet, minutes);
    }
}

/// <summary>
/// The least monitoring after a dose before discharge, by route (issue 10, items 6–7). Esketamine: at least 120 minutes
/// from the first device (Spravato REMS, REFERENCE.md §4) — a regulatory floor no clinic setting lowers. The racemic
/// routes have no published floor in REFERENCE.md; KapCare's defaults count from the end of dosing — IV 30 min after the
/// infusion stops, IM and SC 60 min, sublingual 60 min, oral 90 min (the slower the absorption, the longer) — and a
/// clinic may lengthen, not shorten, them. Discharge still needs the checklist, whatever the clock says.
/// </summary>
public static class MonitoringMinimums
{
    public const int EsketamineMinutesFromFirstDevice = 120;

    public static int DefaultMinutesAfterDosing(Route route) => route switch
    {
        Route.Intravenous => 30,
        Route.Intramuscular or Route.Subcutaneous => 60,
        Route.Sublingual => 60,
        Route.Oral => 90,
        Route.IntranasalEsketamine => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(route)),
    };

    /// <summary>When the patient may leave at the earliest, from the dose's first and last moments.</summary>
    public static DateTime EarliestDischarge(Route route, DateTime firstDoseAt, DateTime dosingEndedAt, int minutesAfterDosing) =>
        route == Route.IntranasalEsketamine
            ? Max(firstDoseAt.AddMinutes(EsketamineMinutesFromFirstDevice), dosingEndedAt.AddMinutes(minutesAfterDosing))
            : dosingEndedAt.AddMinutes(Math.Max(minutesAfterDosing, DefaultMinutesAfterDosing(route)));

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}

public enum DischargeItem
{
    VitalsNearBaseline,
    AlertAndOriented,
    EffectsResolved,
    EscortPresent,
    InstructionsGiven,
    MinimumMonitoring,
    AdverseEventsSettled,
    /// <summary>Esketamine: the REMS blood pressures (before dosing, at about 40 min, before discharge).</summary>
    RemsBloodPressures,
}

/// <summary>What the discharge checklist knows. Null = not recorded yet, which is never a pass.</summary>
public sealed record DischargeSheet
{
    public required Route Route { get; init; }
    public VitalsReading? Baseline { get; init; }
    /// <summary>The last reading of the session.</summary>
    public VitalsReading? Latest { get; init; }
    public bool? AlertAndOriented { get; init; }
    /// <summary>Sedation, dissociation and any respiratory effect resolved (REMS: "until … resolve"; asked for every route).</summary>
    public bool? EffectsResolved { get; init; }
    public bool? EscortPresent { get; init; }
    /// <summary>No driving until the next day after sleep; no alcohol for 24 hours (REFERENCE.md §4).</summary>
    public bool? InstructionsGiven { get; init; }
    public DateTime? FirstDoseAt { get; init; }
    public DateTime? DosingEndedAt { get; init; }
    /// <summary>Every reading after the dose began (for the REMS 40-minute BP).</summary>
    public IReadOnlyList<VitalsReading> Readings { get; init; } = [];
    /// <summary>Adverse events recorded as still ongoing with no plan for them; an ongoing serious one blocks discharge.</summary>
    public int OngoingSeriousAdverseEvents { get; init; }
}

public sealed record DischargeRequirements(int MinutesAfterDosing, BloodPressureHold Hold, VitalsLimits Limits)
{
    /// <summary>"Back near baseline": systolic at most 20 and diastolic at most 10 mmHg above the baseline, or at or below the hold threshold.</summary>
    public const int SystolicMargin = 20, DiastolicMargin = 10;
    /// <summary>The heart rate within 20 /min of the baseline.</summary>
    public const int HeartRateMargin = 20;
    /// <summary>The last reading must be this recent for the "near baseline" check.</summary>
    public const int FreshReadingMinutes = 15;
}

public sealed record DischargeFinding(DischargeItem Item, string Message);

public sealed record DischargeResult(IReadOnlyList<DischargeFinding> Unmet, DateTime? EarliestDischarge)
{
    public bool Met => Unmet.Count == 0;
}

/// <summary>
/// The discharge checklist (issue 10, item 6; REFERENCE.md §4): vitals back near baseline, alert and oriented, effects
/// resolved, a responsible adult escort present, the no-driving and no-alcohol instructions given, and the route's minimum
/// monitoring time passed. Every unmet item is named; a missing answer is unmet.
/// </summary>
public static class DischargeRules
{
    public static string NearBaselineRule(DischargeRequirements r) =>
        $"BP at most +{DischargeRequirements.SystolicMargin}/+{DischargeRequirements.DiastolicMargin} mmHg above baseline (or at or below the hold threshold {r.Hold}), "
        + $"HR within {DischargeRequirements.HeartRateMargin} /min of baseline, SpO₂ at least {r.Limits.OxygenSaturationBelow} %, "
        + $"measured in the last {DischargeRequirements.FreshReadingMinutes} min";

    public static DischargeResult Evaluate(DischargeSheet sheet, DischargeRequirements requirements, DateTime now)
    {
        var unmet = new List<DischargeFinding>();
        if (VitalsProblem(sheet, requirements, now) is { } vitals) unmet.Add(new DischargeFinding(DischargeItem.VitalsNearBaseline, vitals));
        void Ask(bool? answer, DischargeItem item, string missing, string no)
        {
            if (answer is null) unmet.Add(new DischargeFinding(item, missing));
            else if (answer == false) unmet.Add(new DischargeFinding(item, no));
        }
        Ask(sheet.AlertAndOriented, DischargeItem.AlertAndOriented, "Alert and oriented: not recorded.", "Not yet alert and oriented: keep monitoring.");
        Ask(sheet.EffectsResolved, DischargeItem.EffectsResolved, "Sedation, dissociation and breathing effects resolved: not recorded.",
            "Sedation, dissociation or breathing effects have not resolved: keep monitoring.");
        Ask(sheet.EscortPresent, DischargeItem.EscortPresent, "Responsible adult escort: not recorded.", "No responsible adult escort present: the patient cannot leave alone.");
        Ask(sheet.InstructionsGiven, DischargeItem.InstructionsGiven, "Discharge instructions (no driving until the next day after sleep, no alcohol for 24 h): not recorded.",
            "Give the discharge instructions: no driving until the next day after sleep, no alcohol for 24 h.");
        if (sheet.OngoingSeriousAdverseEvents > 0)
            unmet.Add(new DischargeFinding(DischargeItem.AdverseEventsSettled, "A serious adverse event is still ongoing: a prescriber decides the patient's care before discharge."));

        if (sheet.Route == Route.IntranasalEsketamine && sheet.FirstDoseAt is { } firstDevice && EsketamineRems.FortyMinuteReading(firstDevice, sheet.Readings) is null)
            unmet.Add(new DischargeFinding(DischargeItem.RemsBloodPressures,
                $"REMS: no blood pressure at about 40 minutes ({EsketamineRems.FortyMinuteFrom}–{EsketamineRems.FortyMinuteTo} min after the first device)."));

        DateTime? earliest = null;
        if (sheet.FirstDoseAt is not { } first || sheet.DosingEndedAt is not { } ended)
            unmet.Add(new DischargeFinding(DischargeItem.MinimumMonitoring, "The dose is not recorded as finished."));
        else
        {
            earliest = MonitoringMinimums.EarliestDischarge(sheet.Route, first, ended, requirements.MinutesAfterDosing);
            if (now < earliest)
            {
                var left = (int)Math.Ceiling((earliest.Value - now).TotalMinutes);
                unmet.Add(new DischargeFinding(DischargeItem.MinimumMonitoring, sheet.Route == Route.IntranasalEsketamine
                    ? $"REMS: at least {MonitoringMinimums.EsketamineMinutesFromFirstDevice} min of monitoring from the first device; {left} min to go."
                    : $"The minimum monitoring time after the dose has not passed; {left} min to go."));
            }
        }
        return new DischargeResult(unmet, earliest);
    }

    private static string? VitalsProblem(DischargeSheet sheet, DischargeRequirements r, DateTime now)
    {
        if (sheet.Baseline is not { } baseline) return "No baseline vitals to compare with.";
        if (sheet.Latest is not { } latest || latest.At == baseline.At) return "Take a set of vitals before discharge.";
        if ((now - latest.At).TotalMinutes > DischargeRequirements.FreshReadingMinutes)
            return $"The last vitals are more than {DischargeRequirements.FreshReadingMinutes} min old: take a set before discharge.";
        var bp = latest.BloodPressure;
        var bpNear = !r.Hold.Holds(bp)
            || (bp.Systolic - baseline.BloodPressure.Systolic <= DischargeRequirements.SystolicMargin
                && bp.Diastolic - baseline.BloodPressure.Diastolic <= DischargeRequirements.DiastolicMargin);
        if (!bpNear) return $"BP {bp} is not back near baseline {baseline.BloodPressure} (rule: {NearBaselineRule(r)}).";
        if (Math.Abs(latest.HeartRate - baseline.HeartRate) > DischargeRequirements.HeartRateMargin)
            return $"Heart rate {latest.HeartRate} /min is not back near baseline {baseline.HeartRate} (rule: {NearBaselineRule(r)}).";
        if (latest.OxygenSaturation < r.Limits.OxygenSaturationBelow)
            return $"SpO₂ {latest.OxygenSaturation} % is below {r.Limits.OxygenSaturationBelow} % (rule: {NearBaselineRule(r)}).";
        return null;
    }

    public static string Label(DischargeItem item) => item switch
    {
        DischargeItem.VitalsNearBaseline => "Vitals back near baseline",
        DischargeItem.AlertAndOriented => "Alert and oriented",
        DischargeItem.EffectsResolved => "Sedation, dissociation and breathing effects resolved",
        DischargeItem.EscortPresent => "Responsible adult escort present",
        DischargeItem.InstructionsGiven => "Instructions given: no driving until the next day after sleep, no alcohol for 24 h",
        DischargeItem.MinimumMonitoring => "Minimum monitoring time",
        DischargeItem.AdverseEventsSettled => "Adverse events settled",
        DischargeItem.RemsBloodPressures => "REMS blood pressures: before dosing, at about 40 min, before discharge",
    };
}
