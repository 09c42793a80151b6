using System.Globalization;
using KapCare.Clinical.Dosing;

namespace KapCare.Clinical.Plans;

public enum SessionKind
{
    Preparation,
    Dosing,
    Integration,
    FollowUp,
}

/// <summary>One session of a plan: when, what for, and for dosing sessions which one and at what dose.</summary>
public sealed record PlannedSession(int Number, SessionKind Kind, DateOnly Date, string Purpose, int? DosingNumber, TemplateDose? Dose);

/// <summary>What the prescriber changes from the template: sessions and spacing per phase, the starting dose, the infusion time.</summary>
public sealed record PlanAdjustments(
    DateOnly FirstDosingDate,
    IReadOnlyList<(int Sessions, Spacing Spacing)>? Phases = null,
    TemplateDose? StartingDose = null,
    int? InfusionMinutes = null);

/// <summary>A personal plan before signing: the (adjusted) protocol and every session it implies, in date order.</summary>
public sealed record PlanDraft(
    ProtocolTemplate Protocol,
    DateOnly FirstDosingDate,
    IReadOnlyList<PlannedSession> Sessions,
    IReadOnlyList<string> Notes)
{
    public IEnumerable<PlannedSession> Dosing => Sessions.Where(s => s.Kind == SessionKind.Dosing);
    public DateOnly LastDosingDate => Dosing.Max(s => s.Date);
}

/// <summary>
/// Turns a protocol template and the prescriber's adjustments into a personal plan: a preparation session before the
/// first dose, every dosing session on its date with its dose, an integration session after each (REFERENCE.md §5), and
/// the follow-ups after the last dose.
/// </summary>
public static class PlanBuilder
{
    /// <summary>Days before the first dosing session the preparation session falls (1 for a retreat, which starts the day before).</summary>
    public static int PreparationDaysBefore(ProtocolTemplate protocol) => protocol.Id == ProtocolTemplates.IntensiveRetreat ? 1 : 3;

    /// <summary>Esketamine at 65 and over starts at 28 mg (Spravato prescribing information, Dosage and Administration).</summary>
    public const int EsketamineOlderAdultAge = 65;

    public static PlanDraft Build(ProtocolTemplate template, PlanAdjustments adjustments, int patientAgeYears)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(adjustments);
        var notes = new List<string>();
        var protocol = Adjust(template, adjustments, notes);
        var problems = protocol.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(adjustments));

        if (protocol.Route == Route.IntranasalEsketamine && patientAgeYears >= EsketamineOlderAdultAge)
        {
            var first = protocol.Phases[0];
            protocol = protocol with { Phases = [first with { Doses = [TemplateDose.Fixed(28m), .. first.Doses.Skip(1).DefaultIfEmpty(first.Doses[0])] }, .. protocol.Phases.Skip(1)] };
            notes.Add($"Aged {patientAgeYears.ToString(CultureInfo.InvariantCulture)}: esketamine starts at 28 mg (Spravato label: 65 and over).");
        }

        var sessions = new List<(SessionKind Kind, DateOnly Date, string Purpose, int? Dosing, TemplateDose? Dose)>();
        var start = adjustments.FirstDosingDate;

        var dosingNumber = 0;
        var phaseStart = start;
        if (protocol.Phases[0].Spacing is Spacing.TimesPerWeek && Dates(start, protocol.Phases[0])[0] is var firstDay && firstDay != start)
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{start:ddd d MMM} is not a day of the weekly pattern: dosing starts {firstDay:ddd d MMM}."));
        foreach (var phase in protocol.Phases)
        {
            var dates = Dates(phaseStart, phase);
            for (var i = 0; i < dates.Count; i++)
            {
                dosingNumber++;
                var dose = phase.DoseFor(i);
                sessions.Add((SessionKind.Dosing, dates[i], $"{phase.Name}: dosing session {(i + 1).ToString(CultureInfo.InvariantCulture)} of {phase.Sessions.ToString(CultureInfo.InvariantCulture)}, {Routes.Label(protocol.Route)} {dose}", dosingNumber, dose));
                sessions.Add((SessionKind.Integration, dates[i].AddDays(protocol.IntegrationDaysAfter),
                    protocol.IntegrationDaysAfter == 0 ? $"Integration after dosing session {dosingNumber.ToString(CultureInfo.InvariantCulture)} (same day, after recovery)" : $"Integration after dosing session {dosingNumber.ToString(CultureInfo.InvariantCulture)}",
                    dosingNumber, null));
            }
            phaseStart = NextPhaseStart(dates[^1], phase);
        }

        if (protocol.PreparationSession)
        {
            var firstDose = sessions.Where(s => s.Kind == SessionKind.Dosing).Min(s => s.Date);
            sessions.Add((SessionKind.Preparation, firstDose.AddDays(-PreparationDaysBefore(protocol)), "Preparation: intentions, what to expect, set and setting, safety plan", null, null));
        }
        var lastDose = sessions.Where(s => s.Kind == SessionKind.Dosing).Max(s => s.Date);
        foreach (var days in protocol.FollowUpDays)
            sessions.Add((SessionKind.FollowUp, lastDose.AddDays(days), $"Follow-up {FollowUpLabel(days)} after the last dosing session", null, null));

        var ordered = sessions.OrderBy(s => s.Date).ThenBy(s => s.Kind).ThenBy(s => s.Dosing)
            .Select((s, i) => new PlannedSession(i + 1, s.Kind, s.Date, s.Purpose, s.Dosing, s.Dose)).ToList();
        return new PlanDraft(protocol, start, ordered, notes);
    }

    private static ProtocolTemplate Adjust(ProtocolTemplate template, PlanAdjustments adjustments, List<string> notes)
    {
        var protocol = template;
        if (adjustments.Phases is { } phases)
        {
            if (phases.Count != template.Phases.Count) throw new ArgumentException($"The protocol has {template.Phases.Count} phase(s); {phases.Count} given.", nameof(adjustments));
            protocol = protocol with { Phases = template.Phases.Zip(phases, (p, a) => p with { Sessions = a.Sessions, Spacing = a.Spacing }).ToList() };
            foreach (var (before, after) in template.Phases.Zip(protocol.Phases).Where(x => x.First != x.Second))
                notes.Add($"{before.Name}: {after.Sessions} sessions {after.Spacing} (template: {before.Sessions} {before.Spacing}).");
        }
        if (adjustments.StartingDose is { } dose && dose != protocol.Phases[0].Doses[0])
        {
            var first = protocol.Phases[0];
            notes.Add($"Starting dose {dose} (template: {first.Doses[0]}).");
            // An ascending phase keeps its later steps; a flat phase takes the new dose throughout.
            protocol = protocol with { Phases = [first with { Doses = first.Doses.Count > 1 ? [dose, .. first.Doses.Skip(1)] : [dose] }, .. protocol.Phases.Skip(1)] };
        }
        if (adjustments.InfusionMinutes is { } minutes && minutes != protocol.InfusionMinutes)
        {
            notes.Add($"Infusion over {minutes.ToString(CultureInfo.InvariantCulture)} min (template: {protocol.InfusionMinutes?.ToString(CultureInfo.InvariantCulture) ?? "none"}).");
            protocol = protocol with { InfusionMinutes = minutes };
        }
        return protocol;
    }

    /// <summary>
    /// The dates of a phase's dosing sessions. Every N days: the first on <paramref name="start"/>. K a week: on the
    /// pattern's weekdays (Mon/Thu, Mon/Wed/Fri, Mon/Tue/Thu/Fri, Mon–Fri), from the first pattern day on or after
    /// <paramref name="start"/> — clinics dose on weekdays, and a weekly rhythm keeps rest days between sessions.
    /// </summary>
    public static IReadOnlyList<DateOnly> Dates(DateOnly start, DosingPhase phase) => phase.Spacing switch
    {
        Spacing.EveryNDays every => Enumerable.Range(0, phase.Sessions).Select(i => start.AddDays(i * every.Days)).ToList(),
        Spacing.TimesPerWeek perWeek => PatternDays(start, Spacing.WeekDays(perWeek.Times)).Take(phase.Sessions).ToList(),
        _ => throw new System.Diagnostics.UnreachableException("Spacing has two kinds."),
    };

    private static IEnumerable<DateOnly> PatternDays(DateOnly start, IReadOnlyList<int> weekdays)
    {
        for (var day = start; ; day = day.AddDays(1))
        {
            if (weekdays.Contains(MondayBased(day))) yield return day;
        }
    }

    /// <summary>0 for Monday … 6 for Sunday.</summary>
    private static int MondayBased(DateOnly day) => ((int)day.DayOfWeek + 6) % 7;

    /// <summary>The next phase starts one interval after this one's last session (every N days), or on the Monday after it (K a week).</summary>
    private static DateOnly NextPhaseStart(DateOnly lastSession, DosingPhase phase) => phase.Spacing switch
    {
        Spacing.EveryNDays every => lastSession.AddDays(every.Days),
        Spacing.TimesPerWeek => lastSession.AddDays(7 - MondayBased(lastSession)),
        _ => throw new System.Diagnostics.UnreachableException("Spacing has two kinds."),
    };

    private static string FollowUpLabel(int days) => days switch
    {
        1 => "24 h",
        3 => "72 h",
        7 => "1 week",
        14 => "2 weeks",
        30 => "1 month",
        90 => "3 months",
        _ => $"{days.ToString(CultureInfo.InvariantCulture)} days",
    };
}
