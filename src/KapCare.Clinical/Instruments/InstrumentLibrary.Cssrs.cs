namespace KapCare.Clinical.Instruments;

/// <summary>
/// The C-SSRS screener (Columbia–Suicide Severity Rating Scale, screen version; Posner et al., Am J Psychiatry 2011).
/// Items 1–5 ask about the past month, item 6 about suicidal behaviour ever, and its follow-up "6b" whether that was in
/// the past 3 months. Items 3–5 are asked only when item 2 is "yes", and 6b only when item 6 is "yes". The scale's
/// question wording is licensed by Columbia University; the items here carry the C-SSRS's own category names, and the
/// clinician asks the questions from the licensed form.
/// </summary>
public static partial class InstrumentLibrary
{
    private static Instrument BuildCssrsScreen()
    {
        var yes = AnswerLists.YesNo.Single(o => o.Display == "Yes").Score;
        InstrumentItem[] items =
        [
            new("1", null, "Wish to be dead (past month)", AnswerLists.YesNo),
            new("2", null, "Non-specific active suicidal thoughts (past month)", AnswerLists.YesNo),
            new("3", null, "Active suicidal ideation with any methods (not plan) without intent to act (past month)", AnswerLists.YesNo)
                { EnableWhen = new ItemCondition("2", yes) },
            new("4", null, "Active suicidal ideation with some intent to act, without specific plan (past month)", AnswerLists.YesNo)
                { EnableWhen = new ItemCondition("2", yes) },
            new("5", null, "Active suicidal ideation with specific plan and intent (past month)", AnswerLists.YesNo)
                { EnableWhen = new ItemCondition("2", yes) },
            new("6", null, "Suicidal behavior (lifetime)", AnswerLists.YesNo),
            new("6b", null, "Suicidal behavior within the past 3 months", AnswerLists.YesNo)
                { EnableWhen = new ItemCondition("6", yes) },
        ];
        return new Instrument(
            InstrumentIds.CssrsScreen, "Columbia–Suicide Severity Rating Scale, screen version", "C-SSRS screener", Rater.Clinician,
            "Ask questions 1 and 2. If item 2 is \"yes\", ask questions 3, 4 and 5; then ask question 6. If item 6 is \"yes\", ask whether it was within the past 3 months.",
            items,
            "93373-9", new CodeRef(CodeRef.Loinc, "93374-7", "C-SSRS screener suicide risk level"),
            Sources.Cssrs,
            new CssrsScreenerScorer());
    }
}
