using KapCare.Clinical.Instruments;

namespace KapCare.Clinical.SelfScreen;

/// <summary>
/// An answer to a self-screen yes/no question. <see cref="NotSure"/> is a real answer a person may give, and it is
/// never a pass: like a missing fact in the eligibility rules, it means "talk to us first" (REFERENCE.md §2: no
/// outcome is reached silently). <see cref="Unanswered"/> is the default, so a question nobody answered is never
/// read as "no".
/// </summary>
public enum ScreenAnswer
{
    Unanswered = 0,
    No = 1,
    Yes = 2,
    NotSure = 3,
}

/// <summary>
/// One yes/no question of the public self-screen, worded for the public (no diagnosis names where a plain phrase
/// does), with the REFERENCE.md §2 finding it stands for. <see cref="PassingAnswer"/> is the answer that raises no
/// concern: "no" for a contraindication, "yes" for the prior-treatment question.
/// </summary>
public sealed record ScreenQuestion(string Id, string Text, string? Hint, ScreenAnswer PassingAnswer, string ShortLabel, string Source);

/// <summary>The self-screen's questions, in the order they are asked.</summary>
public static class SelfScreenQuestions
{
    public const string Psychosis = "psychosis";
    public const string Bipolar = "bipolar";
    public const string BrainVessels = "brain-vessels";
    public const string PregnantOrBreastfeeding = "pregnancy";
    public const string HeartOrBloodPressure = "heart";
    public const string SubstanceUse = "substance-use";
    public const string PriorTreatments = "prior-treatments";

    /// <summary>
    /// The PHQ-9 item 9 question, asked on its own with the PHQ answer list (REFERENCE.md §1): any answer other than
    /// "not at all" shows crisis resources at once (Simon et al., Psychiatr Serv 2013;64:1195).
    /// </summary>
    public const string SelfHarmThoughts = "self-harm";

    public const string SelfHarmText = "Over the last 2 weeks, how often have you had thoughts that you would be better off dead, or of hurting yourself in some way?";

    /// <summary>The PHQ-9 item 9 answer list (LOINC LL358-3): 0 "Not at all" … 3 "Nearly every day".</summary>
    public static IReadOnlyList<AnswerOption> SelfHarmOptions => AnswerLists.PhqFrequency;

    public static readonly IReadOnlyList<ScreenQuestion> YesNo =
    [
        new(Psychosis, "Have you ever been diagnosed with, or treated for, schizophrenia, schizoaffective disorder or another psychotic illness?", "For example, a time of hearing or seeing things others could not, for which you were treated.", ScreenAnswer.No,
            "a psychotic illness", SelfScreenSources.ProgrammeCriteria),
        new(Bipolar, "Have you ever been told you have bipolar disorder (manic depression)?", null, ScreenAnswer.No,
            "bipolar disorder", SelfScreenSources.OsmindIntake),
        new(BrainVessels, "Have you ever had a brain aneurysm, an arteriovenous malformation (AVM), or bleeding in or around the brain?", null, ScreenAnswer.No,
            "a brain aneurysm, AVM or brain bleed", SelfScreenSources.SpravatoContraindications),
        new(PregnantOrBreastfeeding, "Are you pregnant, trying to become pregnant, or breastfeeding?", null, ScreenAnswer.No,
            "pregnancy or breastfeeding", SelfScreenSources.KetamineLabelPregnancy),
        new(HeartOrBloodPressure, "Do you have heart disease, have you had a stroke, or do you have high blood pressure that is not under control?", "\"Under control\" means your readings are normal, with or without medicine.", ScreenAnswer.No,
            "heart disease, stroke or blood pressure", SelfScreenSources.KetamineLabelCardiovascular),
        new(SubstanceUse, "In the past 12 months, have you had a problem with alcohol or drugs — for example, found it hard to cut down, or had it cause trouble at home, work or with your health?", null, ScreenAnswer.No,
            "alcohol or drug use", SelfScreenSources.ProgrammeCriteria),
        new(PriorTreatments, "Have you tried at least two treatments for anxiety — medication, talking therapy, or both — each for a month or more?", "For example, an antidepressant such as sertraline for 2 months, and a course of therapy.", ScreenAnswer.Yes,
            "earlier treatments for anxiety", SelfScreenSources.TreatmentResistance),
    ];

    public static ScreenQuestion? Find(string id) => YesNo.FirstOrDefault(q => q.Id == id);
}
