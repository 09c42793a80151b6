namespace KapCare.Clinical.Dosing;

/// <summary>How the anxiety responded after a session, as judged by the prescriber from the patient's scales and report.</summary>
public enum ResponseLevel
{
    None,
    Partial,
    Good,
}

/// <summary>
/// Dissociation in the session, rated by the clinician. The CADSS has no published cut-off (REFERENCE.md §1), so the level
/// is the clinician's judgement, comparing the CADSS with this patient's other sessions; Severe means excessive:
/// distressing or impairing beyond what the session plan expects.
/// </summary>
public enum DissociationLevel
{
    None,
    Mild,
    Moderate,
    Severe,
}

/// <summary>The most severe adverse event of the session (REFERENCE.md §4 lists the common ones).</summary>
public enum AdverseEventSeverity
{
    None,
    Mild,
    Moderate,
    Severe,
}

public enum TitrationDirection
{
    StepUp,
    Stay,
    StepDown,

    /// <summary>A safety signal at the protocol's lowest step: no further dose until a prescriber reviews.</summary>
    Hold,
}

/// <summary>
/// A session's blood pressure: the pre-dose baseline, the peak during the session, and whether it went above the clinic's
/// hold limit (REFERENCE.md §4; the limit is a clinic setting, judged where the vitals are recorded).
/// </summary>
public sealed class SessionBloodPressure
{
    /// <summary>Spravato label: a rise of ≥ 40 mmHg systolic and/or ≥ 25 mmHg diastolic (REFERENCE.md §4).</summary>
    public const int SignificantSystolicRise = 40;
    public const int SignificantDiastolicRise = 25;

    public SessionBloodPressure(int baselineSystolic, int baselineDiastolic, int peakSystolic, int peakDiastolic, bool exceededHoldLimit)
    {
        Check(baselineSystolic, baselineDiastolic, "baseline");
        Check(peakSystolic, peakDiastolic, "peak");
        BaselineSystolic = baselineSystolic;
        BaselineDiastolic = baselineDiastolic;
        PeakSystolic = peakSystolic;
        PeakDiastolic = peakDiastolic;
        ExceededHoldLimit = exceededHoldLimit;
    }

    public int BaselineSystolic { get; }
    public int BaselineDiastolic { get; }
    public int PeakSystolic { get; }
    public int PeakDiastolic { get; }
    public bool ExceededHoldLimit { get; }

    public int SystolicRise => PeakSystolic - BaselineSystolic;
    public int DiastolicRise => PeakDiastolic - BaselineDiastolic;

    public bool RoseSignificantly => SystolicRise >= SignificantSystolicRise || DiastolicRise >= SignificantDiastolicRise;

    public override string ToString() => $"{BaselineSystolic}/{BaselineDiastolic} → peak {PeakSystolic}/{PeakDiastolic} mmHg";

    private static void Check(int systolic, int diastolic, string which)
    {
        if (systolic is < 50 or > 300 || diastolic is < 20 or > 200 || diastolic >= systolic)
        {
            throw new ArgumentOutOfRangeException(which,
                $"A {which} blood pressure of {systolic}/{diastolic} mmHg is impossible (systolic 50–300, diastolic 20–200, systolic above diastolic).");
        }
    }
}

/// <summary>What happened in one dosing session, as the titration reads it.</summary>
public sealed class SessionOutcome
{
    /// <summary>23 items rated 0–4 (Bremner et al. 1998).</summary>
    public const int MaximumCadssTotal = 92;

    /// <summary>6 of the CADSS items rated 0–4 (Rodrigues et al. 2021; REFERENCE.md §1).</summary>
    public const int MaximumCadss6Total = 24;

    /// <param name="response">Null when no scale was completed since the session: its response is not known yet.</param>
    public SessionOutcome(
        DateOnly date, DoseRule dose, ResponseLevel? response, DissociationLevel dissociation, SessionBloodPressure bloodPressure,
        AdverseEventSeverity adverseEvents = AdverseEventSeverity.None, int? cadssTotal = null, int? cadss6Total = null)
    {
        ArgumentNullException.ThrowIfNull(dose);
        ArgumentNullException.ThrowIfNull(bloodPressure);
        if (response is { } level && !Enum.IsDefined(level)) throw new ArgumentOutOfRangeException(nameof(response));
        if (!Enum.IsDefined(dissociation)) throw new ArgumentOutOfRangeException(nameof(dissociation));
        if (!Enum.IsDefined(adverseEvents)) throw new ArgumentOutOfRangeException(nameof(adverseEvents));
        if (cadssTotal is < 0 or > MaximumCadssTotal)
            throw new ArgumentOutOfRangeException(nameof(cadssTotal), cadssTotal, $"A CADSS total is 0–{MaximumCadssTotal}.");
        if (cadss6Total is < 0 or > MaximumCadss6Total)
            throw new ArgumentOutOfRangeException(nameof(cadss6Total), cadss6Total, $"A CADSS-6 total is 0–{MaximumCadss6Total}.");
        Date = date;
        Dose = dose;
        Response = response;
        Dissociation = dissociation;
        BloodPressure = bloodPressure;
        AdverseEvents = adverseEvents;
        CadssTotal = cadssTotal;
        Cadss6Total = cadss6Total;
    }

    public DateOnly Date { get; }

    /// <summary>The dose given in the session, as prescribed (the rule, not the rounded mg).</summary>
    public DoseRule Dose { get; }

    /// <summary>Null: not measured since the session.</summary>
    public ResponseLevel? Response { get; }

    public DissociationLevel Dissociation { get; }
    public SessionBloodPressure BloodPressure { get; }
    public AdverseEventSeverity AdverseEvents { get; }
    public int? CadssTotal { get; }
    public int? Cadss6Total { get; }
}

/// <summary>
/// The anxiety response since the start of a course, judged from the GAD-7 (REFERENCE.md §1): a fall of at least 50 % from
/// the baseline is a response (NQF 1884/1885); a smaller fall of at least the minimal clinically important difference of
/// 4 points (Toussaint et al. 2020) is partial; less is none. A baseline of 0 has nothing to fall from: unknown.
/// </summary>
public static class AnxietyResponse
{
    public const int Gad7MaximumTotal = 21;
    public const int Gad7MinimalImportantDifference = 4;

    public static ResponseLevel? FromGad7(int baseline, int latest)
    {
        if (baseline is < 0 or > Gad7MaximumTotal) throw new ArgumentOutOfRangeException(nameof(baseline), baseline, $"A GAD-7 total is 0–{Gad7MaximumTotal}.");
        if (latest is < 0 or > Gad7MaximumTotal) throw new ArgumentOutOfRangeException(nameof(latest), latest, $"A GAD-7 total is 0–{Gad7MaximumTotal}.");
        if (baseline == 0) return null;
        var fall = baseline - latest;
        // Compare 2 × fall with the baseline, not a rounded percentage: 6 → 3 is exactly 50 %, a response.
        if (2 * fall >= baseline) return ResponseLevel.Good;
        return fall >= Gad7MinimalImportantDifference ? ResponseLevel.Partial : ResponseLevel.None;
    }

    /// <summary>The change as people read it: "12 → 5 (−58 %)".</summary>
    public static string Describe(int baseline, int latest) =>
        baseline == 0 ? $"{baseline} → {latest}" : $"{baseline} → {latest} ({(latest - baseline) * 100m / baseline:+0;−0;0} %)";
}

/// <summary>
/// A protocol's dose steps for one route, in ascending order and all of one kind (mg/kg or mg), none above the limits'
/// hard maximum: titration never proposes anything else.
/// </summary>
public sealed class DoseSteps
{
    private DoseSteps(Route route, IReadOnlyList<DoseRule> steps, DoseLimits limits)
    {
        Route = route;
        Steps = steps;
        Limits = limits;
    }

    public Route Route { get; }
    public IReadOnlyList<DoseRule> Steps { get; }
    public DoseLimits Limits { get; }

    /// <summary>IV 0.5 → 0.75 → 1.0 mg/kg (REFERENCE.md §3: usual 0.5, studied to 0.75; 1.0 the hard limit).</summary>
    public static DoseSteps Intravenous { get; } = Create(Route.Intravenous, [DoseRule.MgPerKg(0.5m), DoseRule.MgPerKg(0.75m), DoseRule.MgPerKg(1.0m)]);

    /// <summary>IM 0.25 → 0.5 mg/kg (REFERENCE.md §3: the usual IM range).</summary>
    public static DoseSteps Intramuscular { get; } = Create(Route.Intramuscular, [DoseRule.MgPerKg(0.25m), DoseRule.MgPerKg(0.5m)]);

    /// <summary>SC 0.25 → 0.5 → 1.0 mg/kg (Glue et al. 2017, REFERENCE.md §3).</summary>
    public static DoseSteps Subcutaneous { get; } = Create(Route.Subcutaneous, [DoseRule.MgPerKg(0.25m), DoseRule.MgPerKg(0.5m), DoseRule.MgPerKg(1.0m)]);

    /// <summary>Esketamine 28 → 56 → 84 mg in 28 mg steps (Spravato label; 28 mg is the ≥ 65 y start).</summary>
    public static DoseSteps Esketamine { get; } = Create(Route.IntranasalEsketamine, [DoseRule.FixedMg(28m), DoseRule.FixedMg(56m), DoseRule.FixedMg(84m)]);

    public static DoseSteps Create(Route route, IEnumerable<DoseRule> steps, DoseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var list = steps.ToList();
        limits ??= DoseLimits.For(route);
        if (limits.Route != route) throw new ArgumentException($"The limits are for {Routes.Label(limits.Route)}, not {Routes.Label(route)}.", nameof(limits));
        if (list.Count == 0) throw new ArgumentException("A protocol needs at least one dose step.", nameof(steps));
        if (list.Any(s => s is null)) throw new ArgumentException("A dose step is missing.", nameof(steps));

        if (list.All(s => s is DoseRule.PerKilogram))
        {
            var values = list.Cast<DoseRule.PerKilogram>().Select(s => s.Dose.Value).ToList();
            Ascending(values);
            if (limits.HardPerKilogram is { } hard && values[^1] > hard.Value)
                throw new ArgumentException($"A step of {Units.Format(values[^1])} mg/kg is above the hard limit {hard}.", nameof(steps));
        }
        else if (list.All(s => s is DoseRule.Fixed))
        {
            var values = list.Cast<DoseRule.Fixed>().Select(s => s.Dose.Value).ToList();
            Ascending(values);
            if (limits.HardAbsolute is { } hard && values[^1] > hard.Value)
                throw new ArgumentException($"A step of {Units.Format(values[^1])} mg is above the hard limit {hard}.", nameof(steps));
            if (route == Route.IntranasalEsketamine && values.Any(v => v % EsketaminePreparation.MilligramsPerDevice != 0))
                throw new ArgumentException("Esketamine steps are whole 28 mg devices: 28, 56 or 84 mg.", nameof(steps));
        }
        else
        {
            throw new ArgumentException("The steps must all be mg/kg or all be fixed mg.", nameof(steps));
        }
        if (route == Route.IntranasalEsketamine && list[0] is not DoseRule.Fixed)
            throw new ArgumentException("Esketamine steps are whole 28 mg devices, not mg/kg.", nameof(steps));
        return new DoseSteps(route, list, limits);
    }

    /// <summary>Whether a step is above the limits' soft maximum (the calculator will warn).</summary>
    internal bool AboveSoft(DoseRule step) => step switch
    {
        DoseRule.PerKilogram p => Limits.SoftPerKilogram is { } s && p.Dose.Value > s.Value,
        DoseRule.Fixed f => Limits.SoftAbsolute is { } s && f.Dose.Value > s.Value,
        _ => false,
    };

    private static void Ascending(List<decimal> values)
    {
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] <= values[i - 1])
                throw new ArgumentException("Dose steps must be in ascending order without repeats.", nameof(values));
        }
    }
}

/// <summary>A proposed next dose with every reason; the prescriber decides, and a change is recorded with <see cref="ToChange"/>.</summary>
public sealed record TitrationProposal(TitrationDirection Direction, DoseRule From, DoseRule To, IReadOnlyList<string> Reasons)
{
    /// <summary>A safety signal (step down or hold): the next dose waits until a prescriber has decided.</summary>
    public bool IsSafetySignal => Direction is TitrationDirection.StepDown or TitrationDirection.Hold;

    /// <summary>The proposal as a recorded dose change (refused when it changes nothing).</summary>
    public DoseChange ToChange(string changedBy, DateTimeOffset changedAt) =>
        DoseChange.Create(From, To, string.Join(" ", Reasons), changedBy, changedAt);
}

/// <summary>
/// Proposes the next dose from the last sessions, within the protocol's steps. The rules, in order (docs/decisions/0012):
/// 1. A safety signal in the latest session — BP rise ≥ 40 mmHg systolic or ≥ 25 mmHg diastolic (Spravato label), BP above
///    the hold limit, severe (excessive) dissociation, a severe adverse event — steps down one step, or holds at the lowest.
/// 2. Moderate dissociation or a moderate adverse event in the latest session: stay.
/// 3. Then the response at the current dose: good → stay (the lowest effective dose); none → up one step; partial → up one
///    step only after two sessions at this dose without a good response, else stay. At the top step: stay, review the plan.
/// Nothing above the protocol's top step is ever proposed, and its steps are never above the hard limit.
/// </summary>
public static class Titration
{
    public static TitrationProposal Propose(DoseSteps steps, DoseRule current, IReadOnlyList<SessionOutcome> sessions)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0) throw new ArgumentException("Titration needs at least one session's outcome.", nameof(sessions));
        var index = IndexOf(steps, current);
        if (index < 0)
        {
            throw new ArgumentException(
                $"The current dose {current} is not one of the protocol's steps ({string.Join(", ", steps.Steps)}); choose a step.", nameof(current));
        }

        // Newest first; on the same date, the later one in the list.
        var ordered = sessions.Select((s, i) => (s, i)).OrderByDescending(x => x.s.Date).ThenByDescending(x => x.i).Select(x => x.s).ToList();
        var latest = ordered[0];

        var safety = SafetySignals(latest);
        if (safety.Count > 0)
        {
            return index > 0
                ? new(TitrationDirection.StepDown, current, steps.Steps[index - 1], [.. safety, $"Down one step to {steps.Steps[index - 1]}."])
                : new(TitrationDirection.Hold, current, current,
                    [.. safety, $"Already at the protocol's lowest step ({current}): hold dosing until a prescriber reviews."]);
        }

        var caution = new List<string>();
        if (latest.Dissociation == DissociationLevel.Moderate) caution.Add($"Moderate dissociation{Cadss(latest)} in the last session.");
        if (latest.AdverseEvents == AdverseEventSeverity.Moderate) caution.Add("A moderate adverse event in the last session.");
        if (caution.Count > 0) return new(TitrationDirection.Stay, current, current, [.. caution, $"Not fully tolerated: stay at {current}."]);

        var atDose = ordered.Where(s => s.Dose == current).ToList();
        if (atDose.Count == 0)
            return new(TitrationDirection.Stay, current, current, [$"No session at {current} yet: nothing to judge its response by."]);
        // A missing fact is never a pass: without a scale since the last session at this dose, nothing steps up.
        if (atDose[0].Response is null)
        {
            return new(TitrationDirection.Stay, current, current,
                [$"No GAD-7 since the session of {atDose[0].Date:d MMM yyyy} at {current}: its response is not known yet. Stay until it is measured."]);
        }

        var top = index == steps.Steps.Count - 1;
        switch (atDose[0].Response)
        {
            case ResponseLevel.Good:
                return new(TitrationDirection.Stay, current, current, [$"Good response at {current}: stay on the lowest effective dose."]);
            case ResponseLevel.None:
                return top
                    ? new(TitrationDirection.Stay, current, current,
                        [$"No response at {current}, the protocol's top step: there is no higher step; review the plan."])
                    : StepUp(steps, index, $"No response at {current} and tolerated: up one step.");
            case ResponseLevel.Partial:
                if (atDose.Count < 2 || atDose[1].Response is not (ResponseLevel.None or ResponseLevel.Partial))
                {
                    return new(TitrationDirection.Stay, current, current,
                        [$"Partial response after one session at {current}: give it another session before stepping up."]);
                }
                return top
                    ? new(TitrationDirection.Stay, current, current,
                        [$"Partial response in two sessions at {current}, the protocol's top step: there is no higher step; review the plan."])
                    : StepUp(steps, index, $"Partial response in two sessions at {current} and tolerated: up one step.");
            default:
                throw new ArgumentOutOfRangeException(nameof(sessions), atDose[0].Response, "Unknown response level.");
        }
    }

    private static List<string> SafetySignals(SessionOutcome latest)
    {
        var signals = new List<string>();
        var bp = latest.BloodPressure;
        if (bp.RoseSignificantly)
        {
            signals.Add(
                $"Blood pressure rose by {bp.SystolicRise:+0;-0;0}/{bp.DiastolicRise:+0;-0;0} mmHg ({bp}): at least " +
                $"{SessionBloodPressure.SignificantSystolicRise} systolic or {SessionBloodPressure.SignificantDiastolicRise} diastolic " +
                "(Spravato label).");
        }
        if (bp.ExceededHoldLimit) signals.Add($"Blood pressure went above the clinic's hold limit ({bp}).");
        if (latest.Dissociation == DissociationLevel.Severe) signals.Add($"Excessive (severe) dissociation{Cadss(latest)} in the last session.");
        if (latest.AdverseEvents == AdverseEventSeverity.Severe) signals.Add("A severe adverse event in the last session.");
        return signals;
    }

    private static TitrationProposal StepUp(DoseSteps steps, int index, string reason)
    {
        var next = steps.Steps[index + 1];
        List<string> reasons = [reason, $"Next step: {next}."];
        if (steps.AboveSoft(next)) reasons.Add($"{next} is above the soft limit: the calculator will warn.");
        return new(TitrationDirection.StepUp, steps.Steps[index], next, reasons);
    }

    private static string Cadss(SessionOutcome session) => (session.CadssTotal, session.Cadss6Total) switch
    {
        ({ } total, _) => $" (CADSS {total})",
        (null, { } six) => $" (CADSS-6 {six}/{SessionOutcome.MaximumCadss6Total})",
        _ => string.Empty,
    };

    private static int IndexOf(DoseSteps steps, DoseRule current)
    {
        for (var i = 0; i < steps.Steps.Count; i++)
        {
            if (steps.Steps[i] == current) return i;
        }
        return -1;
    }
}
