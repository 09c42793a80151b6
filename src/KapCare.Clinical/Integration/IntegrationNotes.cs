using KapCare.Clinical.Plans;

namespace KapCare.Clinical.Integration;

/// <summary>A problem with a note as written: the field (as the form names it) and what to do.</summary>
public sealed record NoteProblem(string Field, string Message);

/// <summary>
/// The scales an integration note carries (REFERENCE.md §5), each with the range its source gives: SUD 0–10 (Wolpe's
/// subjective units of disturbance, as EMDR and ART use it), VOC 1–7 (Shapiro's validity of cognition), belief 0–100 %
/// (a CBT thought record), arousal 0–10.
/// </summary>
public static class NoteScales
{
    public const int SudMin = 0, SudMax = 10;
    public const int VocMin = 1, VocMax = 7;
    public const int BeliefMin = 0, BeliefMax = 100;
    public const int ArousalMin = 0, ArousalMax = 10;

    /// <summary>Every free-text field has a limit (issue 9); a note's narrative is longer than a field.</summary>
    public const int MaxField = 1000, MaxNarrative = 8000;

    internal static void Required(List<NoteProblem> problems, string field, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) problems.Add(new(field, $"Write {what}."));
        else Length(problems, field, value, MaxField);
    }

    internal static void Length(List<NoteProblem> problems, string field, string? value, int max)
    {
        if (value is { Length: var n } && n > max) problems.Add(new(field, $"Keep it to {max} characters (it has {n})."));
    }

    internal static void Range(List<NoteProblem> problems, string field, int? value, int min, int max, string what)
    {
        if (value is null) problems.Add(new(field, $"Rate {what} ({min}–{max})."));
        else if (value < min || value > max) problems.Add(new(field, $"{what} is {min}–{max}; {value} is outside it."));
    }
}

/// <summary>The risk review every integration note ends with: a level, and what was done when it is not none.</summary>
public enum RiskLevel { None, Low, Moderate, High }

/// <param name="Themes">Short tags ("control", "grief", "body safety") for the course view.</param>
public sealed record NoteCommon(string? Narrative, IReadOnlyList<string> Themes, string? Insights, RiskLevel? Risk, string? RiskAction)
{
    public const int MaxThemes = 12, MaxThemeLength = 40;

    public void Check(List<NoteProblem> problems)
    {
        NoteScales.Length(problems, "narrative", Narrative, NoteScales.MaxNarrative);
        NoteScales.Length(problems, "insights", Insights, NoteScales.MaxNarrative);
        if (Themes.Count > MaxThemes) problems.Add(new("themes", $"At most {MaxThemes} themes."));
        if (Themes.FirstOrDefault(t => t.Length > MaxThemeLength) is { } theme) problems.Add(new("themes", $"“{theme[..20]}…”: a theme is a tag of up to {MaxThemeLength} characters."));
        // A note is not signed without its risk review: a missing fact is never a pass.
        if (Risk is null) problems.Add(new("risk", "Record the risk review: none, low, moderate or high."));
        else if (Risk != RiskLevel.None && string.IsNullOrWhiteSpace(RiskAction)) problems.Add(new("riskAction", "Say what was done about the risk (safety plan reviewed, prescriber told, crisis line…)."));
        NoteScales.Length(problems, "riskAction", RiskAction, NoteScales.MaxField);
    }
}

/// <summary>The measures of one modality's integration session.</summary>
public abstract record ModalityMeasures
{
    private protected ModalityMeasures() { }

    public abstract Modality Modality { get; }

    public abstract void Check(List<NoteProblem> problems);
}

/// <summary>EMDR (Shapiro): the target memory, its image, negative and positive cognitions, SUD and VOC before and after, body scan.</summary>
public sealed record EmdrMeasures(string? TargetMemory, string? Image, string? NegativeCognition, string? PositiveCognition,
    int? SudBefore, int? SudAfter, int? VocBefore, int? VocAfter, string? BodyScan) : ModalityMeasures
{
    public override Modality Modality => Modality.Emdr;

    public override void Check(List<NoteProblem> problems)
    {
        NoteScales.Required(problems, "targetMemory", TargetMemory, "the target memory");
        NoteScales.Length(problems, "image", Image, NoteScales.MaxField);
        NoteScales.Required(problems, "negativeCognition", NegativeCognition, "the negative cognition");
        NoteScales.Required(problems, "positiveCognition", PositiveCognition, "the positive cognition");
        NoteScales.Range(problems, "sudBefore", SudBefore, NoteScales.SudMin, NoteScales.SudMax, "SUD before");
        NoteScales.Range(problems, "sudAfter", SudAfter, NoteScales.SudMin, NoteScales.SudMax, "SUD after");
        NoteScales.Range(problems, "vocBefore", VocBefore, NoteScales.VocMin, NoteScales.VocMax, "VOC before");
        NoteScales.Range(problems, "vocAfter", VocAfter, NoteScales.VocMin, NoteScales.VocMax, "VOC after");
        NoteScales.Length(problems, "bodyScan", BodyScan, NoteScales.MaxField);
    }
}

/// <summary>Accelerated Resolution Therapy: the target scene, sensations, SUD before and after, the rescripted image.</summary>
public sealed record ArtMeasures(string? TargetScene, string? Sensations, int? SudBefore, int? SudAfter, string? RescriptedImage) : ModalityMeasures
{
    public override Modality Modality => Modality.Art;

    public override void Check(List<NoteProblem> problems)
    {
        NoteScales.Required(problems, "targetScene", TargetScene, "the target scene");
        NoteScales.Length(problems, "sensations", Sensations, NoteScales.MaxField);
        NoteScales.Range(problems, "sudBefore", SudBefore, NoteScales.SudMin, NoteScales.SudMax, "SUD before");
        NoteScales.Range(problems, "sudAfter", SudAfter, NoteScales.SudMin, NoteScales.SudMax, "SUD after");
        NoteScales.Required(problems, "rescriptedImage", RescriptedImage, "the rescripted image");
    }
}

/// <summary>The three roles of protective and wounded parts in Internal Family Systems (Schwartz).</summary>
public enum PartRole { Manager, Firefighter, Exile }

public sealed record PartMet(string? Name, PartRole? Role, string? Protects);

/// <summary>IFS: the parts met, their roles, what each protects, and unburdening progress.</summary>
public sealed record IfsMeasures(IReadOnlyList<PartMet> Parts, string? UnburdeningProgress) : ModalityMeasures
{
    public const int MaxParts = 12;

    public override Modality Modality => Modality.Ifs;

    public override void Check(List<NoteProblem> problems)
    {
        if (Parts.Count == 0) problems.Add(new("parts", "Record at least one part met."));
        if (Parts.Count > MaxParts) problems.Add(new("parts", $"At most {MaxParts} parts in one note."));
        for (var i = 0; i < Parts.Count; i++)
        {
            NoteScales.Required(problems, $"parts[{i}].name", Parts[i].Name, $"part {i + 1}'s name");
            if (Parts[i].Role is null) problems.Add(new($"parts[{i}].role", $"Say part {i + 1}'s role: manager, firefighter or exile."));
            NoteScales.Length(problems, $"parts[{i}].protects", Parts[i].Protects, NoteScales.MaxField);
        }
        NoteScales.Length(problems, "unburdening", UnburdeningProgress, NoteScales.MaxField);
    }
}

/// <summary>A CBT thought record (Beck): how strongly the automatic thought was believed before and after, 0–100 %.</summary>
public sealed record ThoughtRecord(string? Situation, string? AutomaticThought, int? BeliefBefore, string? Evidence, string? BalancedThought, int? BeliefAfter);

public sealed record BehaviouralExperiment(string? Prediction, string? Outcome);

/// <summary>CBT: thought records and behavioural experiments — at least one of either.</summary>
public sealed record CbtMeasures(IReadOnlyList<ThoughtRecord> ThoughtRecords, IReadOnlyList<BehaviouralExperiment> Experiments) : ModalityMeasures
{
    public const int MaxRows = 10;

    public override Modality Modality => Modality.Cbt;

    public override void Check(List<NoteProblem> problems)
    {
        if (ThoughtRecords.Count == 0 && Experiments.Count == 0) problems.Add(new("thoughtRecords", "Record a thought record or a behavioural experiment."));
        if (ThoughtRecords.Count > MaxRows || Experiments.Count > MaxRows) problems.Add(new("thoughtRecords", $"At most {MaxRows} of each in one note."));
        for (var i = 0; i < ThoughtRecords.Count; i++)
        {
            var r = ThoughtRecords[i];
            NoteScales.Required(problems, $"thoughtRecords[{i}].situation", r.Situation, "the situation");
            NoteScales.Required(problems, $"thoughtRecords[{i}].automaticThought", r.AutomaticThought, "the automatic thought");
            NoteScales.Range(problems, $"thoughtRecords[{i}].beliefBefore", r.BeliefBefore, NoteScales.BeliefMin, NoteScales.BeliefMax, "Belief before (%)");
            NoteScales.Length(problems, $"thoughtRecords[{i}].evidence", r.Evidence, NoteScales.MaxField);
            NoteScales.Required(problems, $"thoughtRecords[{i}].balancedThought", r.BalancedThought, "the balanced thought");
            NoteScales.Range(problems, $"thoughtRecords[{i}].beliefAfter", r.BeliefAfter, NoteScales.BeliefMin, NoteScales.BeliefMax, "Belief after (%)");
        }
        for (var i = 0; i < Experiments.Count; i++)
        {
            NoteScales.Required(problems, $"experiments[{i}].prediction", Experiments[i].Prediction, "the prediction");
            NoteScales.Required(problems, $"experiments[{i}].outcome", Experiments[i].Outcome, "what happened");
        }
    }
}

/// <summary>Where tension sits, for the body map before and after a somatic practice.</summary>
public enum BodyRegion { Head, Jaw, Neck, Shoulders, Chest, Stomach, Back, Arms, Hands, Legs }

/// <summary>Somatic work: the practice used, the body map of tension before and after, arousal 0–10 before and after.</summary>
public sealed record SomaticMeasures(string? Practice, IReadOnlySet<BodyRegion> TensionBefore, IReadOnlySet<BodyRegion> TensionAfter,
    int? ArousalBefore, int? ArousalAfter) : ModalityMeasures
{
    public override Modality Modality => Modality.Somatic;

    public override void Check(List<NoteProblem> problems)
    {
        NoteScales.Required(problems, "practice", Practice, "the practice used");
        NoteScales.Range(problems, "arousalBefore", ArousalBefore, NoteScales.ArousalMin, NoteScales.ArousalMax, "Arousal before");
        NoteScales.Range(problems, "arousalAfter", ArousalAfter, NoteScales.ArousalMin, NoteScales.ArousalMax, "Arousal after");
    }
}

/// <summary>
/// One integration session's note: the modality's measures, the narrative, themes and insights from the dosing session, and
/// the risk review. Made only through <see cref="Create"/>, which refuses a modality the plan did not accept and any
/// missing or out-of-range measure — so a signed note is always complete.
/// </summary>
public sealed class IntegrationNote
{
    private IntegrationNote(ModalityMeasures measures, NoteCommon common)
    {
        Measures = measures;
        Common = common;
    }

    public ModalityMeasures Measures { get; }
    public NoteCommon Common { get; }
    public Modality Modality => Measures.Modality;

    public static (IntegrationNote? Note, IReadOnlyList<NoteProblem> Problems) Create(ModalityMeasures measures, NoteCommon common, IReadOnlyCollection<Modality> accepted)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentNullException.ThrowIfNull(common);
        var problems = new List<NoteProblem>();
        if (!accepted.Contains(measures.Modality))
            problems.Add(new("modality", $"The plan has not accepted {ModalityNames.Label(measures.Modality)}: accept it on the plan first, or write the note in an accepted modality."));
        measures.Check(problems);
        common.Check(problems);
        return problems.Count > 0 ? (null, problems) : (new IntegrationNote(measures, common), []);
    }
}

/// <summary>What a preparation session covers (issue 11, item 1): shown to the nurse at the chair.</summary>
public sealed record PreparationNote(string? Intentions, bool WhatToExpectCovered, string? SetAndSetting, string? WhoToCall, string? IfDistressed,
    string? Music, bool? Eyeshade, string? Narrative)
{
    public IReadOnlyList<NoteProblem> Problems()
    {
        var problems = new List<NoteProblem>();
        NoteScales.Required(problems, "intentions", Intentions, "the patient's intentions for the course");
        if (!WhatToExpectCovered) problems.Add(new("whatToExpect", "Go through what to expect in a dosing session before signing."));
        NoteScales.Length(problems, "setAndSetting", SetAndSetting, NoteScales.MaxField);
        // The safety plan is what the nurse and the patient reach for when a session is hard: both parts are required.
        NoteScales.Required(problems, "whoToCall", WhoToCall, "who the patient calls if distressed after a session");
        NoteScales.Required(problems, "ifDistressed", IfDistressed, "what the patient does if distressed");
        NoteScales.Length(problems, "music", Music, NoteScales.MaxField);
        NoteScales.Length(problems, "narrative", Narrative, NoteScales.MaxNarrative);
        return problems;
    }
}

public static class ModalityNames
{
    public static string Label(Modality modality) => modality switch
    {
        Modality.Emdr => "EMDR",
        Modality.Art => "Accelerated Resolution Therapy",
        Modality.Ifs => "Internal Family Systems",
        Modality.Cbt => "CBT",
        Modality.Somatic => "somatic work",
        _ => modality.ToString(),
    };
}

/// <summary>
/// The window after a dose (issue 11, item 3): an integration session is expected within the plan's interval after each
/// dosing session — 72 hours by default (integration follow-ups at 24 h and 72 h are common practice, REFERENCE.md §5).
/// </summary>
public static class IntegrationWindow
{
    public const int DefaultHours = 72;

    public enum Status { Done, Due, Overdue }

    public static Status For(DateTime doseEndedUtc, DateTime? integrationSignedUtc, DateTime nowUtc, int hours = DefaultHours)
    {
        if (hours is < 1 or > 24 * 14) throw new ArgumentOutOfRangeException(nameof(hours), hours, "The integration window is 1 hour to 14 days.");
        if (integrationSignedUtc is not null) return Status.Done;
        return nowUtc > doseEndedUtc.AddHours(hours) ? Status.Overdue : Status.Due;
    }

    public static DateTime Deadline(DateTime doseEndedUtc, int hours = DefaultHours) => doseEndedUtc.AddHours(hours);
}
