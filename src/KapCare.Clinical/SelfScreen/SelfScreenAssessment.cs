using System.Globalization;
using KapCare.Clinical.Instruments;

namespace KapCare.Clinical.SelfScreen;

/// <summary>What the self-screen tells a person, from best to most cautious. The order matters: the most cautious reason wins.</summary>
public enum SelfScreenOutcome
{
    /// <summary>"You may be a candidate — book a consultation."</summary>
    LikelyCandidate = 0,

    /// <summary>"Please talk to us first": something needs a clinician before anyone can say more.</summary>
    TalkToUsFirst = 1,

    /// <summary>"Ketamine is probably not right for you": a REFERENCE.md §2 exclusion was answered "yes".</summary>
    ProbablyNotRight = 2,
}

/// <summary>One reason for the answer, in plain words to the person, with the rule's source; <see cref="Points"/> is where it points.</summary>
public sealed record SelfScreenReason(string Code, SelfScreenOutcome Points, string Message, string Source);

/// <summary>
/// What a person answered: the GAD-7 (LinkId → score), the yes/no questions (question id → answer), and the
/// self-harm question (0–3 on the PHQ answer list, null when unanswered).
/// </summary>
public sealed record SelfScreenAnswers(
    IReadOnlyDictionary<string, int> Gad7,
    IReadOnlyDictionary<string, ScreenAnswer> YesNo,
    int? SelfHarm)
{
    /// <summary>The key a GAD-7 item is reported under in <see cref="Missing"/>: "gad-7.3" for item 3.</summary>
    public static string Gad7Key(string linkId) => $"{InstrumentIds.Gad7}.{linkId}";

    /// <summary>
    /// Every question still to answer: GAD-7 items (<see cref="Gad7Key"/>), yes/no question ids, and
    /// <see cref="SelfScreenQuestions.SelfHarmThoughts"/>. A GAD-7 total is valid only when every item is answered
    /// (REFERENCE.md §1), and an unanswered yes/no question is not a "no".
    /// </summary>
    public IReadOnlyList<string> Missing()
    {
        var missing = SelfScreenAssessment.Gad7.Items.Where(i => !Gad7.ContainsKey(i.LinkId)).Select(i => Gad7Key(i.LinkId)).ToList();
        missing.AddRange(SelfScreenQuestions.YesNo.Where(q => YesNo.GetValueOrDefault(q.Id) == ScreenAnswer.Unanswered).Select(q => q.Id));
        if (SelfHarm is null) missing.Add(SelfScreenQuestions.SelfHarmThoughts);
        return missing;
    }
}

/// <summary>The answer the self-screen gives: never a diagnosis, always with its reasons.</summary>
public sealed record SelfScreenResult(
    SelfScreenOutcome Outcome,
    int Gad7Total,
    SeverityBand Gad7Band,
    IReadOnlyList<SelfScreenReason> Reasons,
    bool ShowCrisisResources);

/// <summary>
/// The public "Am I a candidate?" self-screen. It follows the eligibility rules of REFERENCE.md §2 as far as a few
/// yes/no questions can, and says so in plain words; the clinician's full evaluation at intake decides.
/// <list type="bullet">
/// <item>An exclusion ("not eligible" in §2) answered "yes" → <see cref="SelfScreenOutcome.ProbablyNotRight"/>.</item>
/// <item>A "review" finding of §2 answered "yes", any "not sure", fewer than two earlier treatments, any thoughts of
/// self-harm, or a GAD-7 below 10 → <see cref="SelfScreenOutcome.TalkToUsFirst"/>.</item>
/// <item>Otherwise — GAD-7 ≥ 10, every contraindication "no", two or more earlier treatments, no thoughts of self-harm —
/// <see cref="SelfScreenOutcome.LikelyCandidate"/>.</item>
/// </list>
/// The most cautious reason wins. Crisis resources show for any self-harm answer other than "not at all", whatever
/// the outcome (PHQ-9 item 9 rule, REFERENCE.md §1).
/// </summary>
public static class SelfScreenAssessment
{
    /// <summary>
    /// GAD-7 ≥ 10 is the published cut-off for probable generalized anxiety disorder (sensitivity 89 %, specificity 82 %,
    /// Spitzer et al. 2006). Below it the self-screen does not say "likely a candidate": 5–9 is mild, and 0–4 is
    /// minimal — the same level §1 counts as remission — so a person there is asked to talk to us first.
    /// </summary>
    public const int Gad7CandidateCutOff = InstrumentLibrary.Gad7ProbableGadCutOff;

    public static Instrument Gad7 { get; } = InstrumentLibrary.Get(InstrumentIds.Gad7);

    /// <summary>
    /// Assesses complete answers. Throws <see cref="ArgumentException"/> when something is unanswered (check
    /// <see cref="SelfScreenAnswers.Missing"/> first) and <see cref="ArgumentOutOfRangeException"/> for a value no
    /// question allows.
    /// </summary>
    public static SelfScreenResult Assess(SelfScreenAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var missing = answers.Missing();
        if (missing.Count > 0) throw new ArgumentException("Unanswered: " + string.Join(", ", missing), nameof(answers));
        foreach (var (id, answer) in answers.YesNo)
        {
            if (SelfScreenQuestions.Find(id) is null) throw new ArgumentException($"The self-screen has no question '{id}'.", nameof(answers));
            if (!Enum.IsDefined(answer)) throw new ArgumentOutOfRangeException(nameof(answers), answer, $"Not an answer to '{id}'.");
        }
        var selfHarm = answers.SelfHarm!.Value;
        if (SelfScreenQuestions.SelfHarmOptions.All(o => o.Score != selfHarm))
            throw new ArgumentOutOfRangeException(nameof(answers), selfHarm, "The self-harm question is answered 0 to 3.");

        var gad7 = Gad7.Score(answers.Gad7);
        var total = gad7.Total!.Value;
        var band = gad7.Band!;
        var reasons = new List<SelfScreenReason> { Gad7Reason(total, band) };

        foreach (var question in SelfScreenQuestions.YesNo)
        {
            var answer = answers.YesNo[question.Id];
            if (answer == ScreenAnswer.NotSure)
            {
                reasons.Add(new SelfScreenReason(question.Id + ".not-sure", SelfScreenOutcome.TalkToUsFirst,
                    $"You weren't sure about {question.ShortLabel}. That's fine — a clinician will go through it with you.",
                    $"{SelfScreenSources.NotSure}; {question.Source}"));
            }
            else if (answer != question.PassingAnswer)
            {
                reasons.Add(ConcernFor(question));
            }
            else if (question.Id == SelfScreenQuestions.PriorTreatments)
            {
                reasons.Add(new SelfScreenReason(question.Id, SelfScreenOutcome.LikelyCandidate,
                    "You have tried at least two treatments for anxiety. Ketamine-assisted therapy is meant for anxiety that other treatments have not helped enough.",
                    question.Source));
            }
        }

        var showCrisis = selfHarm >= 1;
        if (showCrisis)
        {
            // PHQ-9 item 9 ≥ 1 is a safety signal whatever the total (Simon et al. 2013); severe suicide risk is a
            // "review: urgent pathway first" in §2 — the self-screen cannot grade it, so it asks to talk first.
            reasons.Add(new SelfScreenReason(SelfScreenQuestions.SelfHarmThoughts, SelfScreenOutcome.TalkToUsFirst,
                "You told us you have had thoughts of being better off dead or of hurting yourself. Before anything else, we would like to talk with you about how you are and what support you have — and please use the help on this page if you need it now.",
                SelfScreenSources.SelfHarm));
        }

        var ordered = reasons.OrderByDescending(r => r.Points).ToList();
        return new SelfScreenResult(ordered.Max(r => r.Points), total, band, ordered, showCrisis);
    }

    private static SelfScreenReason Gad7Reason(int total, SeverityBand band)
    {
        var score = $"Your answers give an anxiety score (GAD-7) of {total.ToString(CultureInfo.InvariantCulture)} out of 21, in the {band.Label.ToLowerInvariant()} range.";
        if (total >= Gad7CandidateCutOff)
            return new SelfScreenReason("gad-7", SelfScreenOutcome.LikelyCandidate,
                score + " At 10 or more, anxiety usually deserves a full assessment.", SelfScreenSources.Gad7);
        return band.Code == "minimal"
            ? new SelfScreenReason("gad-7", SelfScreenOutcome.TalkToUsFirst,
                score + " You may not need a treatment like ketamine right now. If your anxiety comes and goes, or shows up as panic or fear of social situations that these questions don't ask about, let's talk.",
                SelfScreenSources.Gad7)
            : new SelfScreenReason("gad-7", SelfScreenOutcome.TalkToUsFirst,
                score + " That is below 10, where anxiety usually deserves a full assessment, and these seven questions don't cover everything — panic attacks or fear of social situations, for example. Let's talk it through.",
                SelfScreenSources.Gad7);
    }

    /// <summary>A "yes" to a contraindication (or a "no" to earlier treatments), worded for the person, with the §2 outcome.</summary>
    private static SelfScreenReason ConcernFor(ScreenQuestion question) => question.Id switch
    {
        SelfScreenQuestions.Psychosis => new(question.Id, SelfScreenOutcome.ProbablyNotRight,
            "You said you have been diagnosed with or treated for a psychotic illness. Ketamine can make psychotic symptoms worse, so the ketamine programmes whose criteria we follow do not offer it with this history.",
            question.Source),
        SelfScreenQuestions.BrainVessels => new(question.Id, SelfScreenOutcome.ProbablyNotRight,
            "You said you have had a brain aneurysm, an AVM or bleeding in the brain. Ketamine raises blood pressure for a while after each dose; the esketamine label lists these conditions as reasons not to use it, and we apply that to every form of ketamine.",
            question.Source),
        SelfScreenQuestions.SubstanceUse => new(question.Id, SelfScreenOutcome.ProbablyNotRight,
            "You said alcohol or drug use has been a problem in the past 12 months. Ketamine can itself be misused, and the programmes we follow ask for at least 12 months without a substance-use problem first.",
            question.Source),
        SelfScreenQuestions.Bipolar => new(question.Id, SelfScreenOutcome.TalkToUsFirst,
            "You said you have been told you have bipolar disorder. Ketamine may still be possible, depending on your treatment (for example, whether you take a mood stabilizer): a clinician needs to talk it through with you.",
            question.Source),
        SelfScreenQuestions.PregnantOrBreastfeeding => new(question.Id, SelfScreenOutcome.TalkToUsFirst,
            "You said you are pregnant, trying to become pregnant, or breastfeeding. Ketamine's safety for a baby is not well known, so a clinician needs to weigh this with you first.",
            question.Source),
        SelfScreenQuestions.HeartOrBloodPressure => new(question.Id, SelfScreenOutcome.TalkToUsFirst,
            "You said you have heart disease, have had a stroke, or have blood pressure that is not under control. Ketamine raises blood pressure and heart rate for a while after each dose, so a clinician needs to review your heart health first.",
            question.Source),
        SelfScreenQuestions.PriorTreatments => new(question.Id, SelfScreenOutcome.TalkToUsFirst,
            "You said you have not yet tried two treatments for anxiety. Ketamine-assisted therapy is usually offered after other treatments have not helped enough; the usual first steps are talking therapy such as CBT and medicines such as SSRIs or SNRIs.",
            question.Source),
        _ => throw new ArgumentOutOfRangeException(nameof(question), question.Id, "No rule for this self-screen question."),
    };
}
