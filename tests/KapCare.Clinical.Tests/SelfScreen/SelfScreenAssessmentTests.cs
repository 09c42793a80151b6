using KapCare.Clinical.SelfScreen;

namespace KapCare.Clinical.Tests.SelfScreen;

/// <summary>
/// The public self-screen against REFERENCE.md §1–2, worked by hand: GAD-7 totals are summed here from the item scores
/// and banded with Spitzer et al. 2006 (0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe); each yes/no question
/// maps to its §2 row ("not eligible" → probably not right, "review" → talk to us first). Outcomes and sources are
/// written out here, not read from the code.
/// </summary>
public sealed class SelfScreenAssessmentTests
{
    private const string ProgrammeCriteria = "KAP programme criteria (psyon.cz exclusion criteria); Osmind IV intake guide (REFERENCE.md §2)";
    private const string Spravato = "Spravato (esketamine) prescribing information, Contraindications (REFERENCE.md §2)";

    /// <summary>2+2+2+1+1+2+2 = 12 → moderate, above the cut-off of 10 (Spitzer 2006).</summary>
    private static readonly int[] Gad7Twelve = [2, 2, 2, 1, 1, 2, 2];

    private static Dictionary<string, int> Gad7(params int[] scores) =>
        scores.Select((s, i) => (LinkId: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), s)).ToDictionary(x => x.LinkId, x => x.s);

    /// <summary>Every contraindication "no", two earlier treatments, no thoughts of self-harm; then one change.</summary>
    private static SelfScreenAnswers Typical(int[]? gad7 = null, int selfHarm = 0, params (string Id, ScreenAnswer Answer)[] changes)
    {
        var yesNo = new Dictionary<string, ScreenAnswer>
        {
            ["psychosis"] = ScreenAnswer.No,
            ["bipolar"] = ScreenAnswer.No,
            ["brain-vessels"] = ScreenAnswer.No,
            ["pregnancy"] = ScreenAnswer.No,
            ["heart"] = ScreenAnswer.No,
            ["substance-use"] = ScreenAnswer.No,
            ["prior-treatments"] = ScreenAnswer.Yes,
        };
        foreach (var (id, answer) in changes) yesNo[id] = answer;
        return new SelfScreenAnswers(Gad7(gad7 ?? Gad7Twelve), yesNo, selfHarm);
    }

    [Fact]
    public void Given_moderate_anxiety_two_treatments_and_no_contraindication_When_assessed_Then_likely_a_candidate_without_crisis_resources()
    {
        var result = SelfScreenAssessment.Assess(Typical());

        Assert.Equal(SelfScreenOutcome.LikelyCandidate, result.Outcome);
        Assert.Equal((12, "moderate"), (result.Gad7Total, result.Gad7Band.Code));
        Assert.False(result.ShowCrisisResources);
        Assert.All(result.Reasons, r => Assert.Equal(SelfScreenOutcome.LikelyCandidate, r.Points));
        Assert.Equal(["gad-7", "prior-treatments"], result.Reasons.Select(r => r.Code).Order(StringComparer.Ordinal));
        Assert.Contains("12 out of 21", result.Reasons.Single(r => r.Code == "gad-7").Message, StringComparison.Ordinal);
    }

    // §2 rows, one at a time on top of the typical answers.
    [Theory]
    [InlineData("psychosis", "Yes", SelfScreenOutcome.ProbablyNotRight, ProgrammeCriteria)]
    [InlineData("substance-use", "Yes", SelfScreenOutcome.ProbablyNotRight, ProgrammeCriteria)]
    [InlineData("brain-vessels", "Yes", SelfScreenOutcome.ProbablyNotRight, Spravato)]
    [InlineData("bipolar", "Yes", SelfScreenOutcome.TalkToUsFirst, "Osmind IV intake guide (REFERENCE.md §2)")]
    [InlineData("pregnancy", "Yes", SelfScreenOutcome.TalkToUsFirst, "FDA ketamine (Ketalar) label (REFERENCE.md §2)")]
    [InlineData("heart", "Yes", SelfScreenOutcome.TalkToUsFirst, "FDA ketamine (Ketalar) label; clinic protocols (REFERENCE.md §2)")]
    [InlineData("prior-treatments", "No", SelfScreenOutcome.TalkToUsFirst, "TRD definition used by IV programmes: ≥ 2 adequate trials of 4–6 weeks (REFERENCE.md §2)")]
    public void Given_one_finding_When_assessed_Then_its_reference_outcome_and_source(string question, string answer, SelfScreenOutcome expected, string source)
    {
        var result = SelfScreenAssessment.Assess(Typical(changes: (question, Enum.Parse<ScreenAnswer>(answer))));

        Assert.Equal(expected, result.Outcome);
        var reason = Assert.Single(result.Reasons, r => r.Points == expected);
        Assert.Equal((question, source), (reason.Code, reason.Source));
        Assert.False(result.ShowCrisisResources);
    }

    [Theory]
    [InlineData("psychosis")]
    [InlineData("bipolar")]
    [InlineData("brain-vessels")]
    [InlineData("pregnancy")]
    [InlineData("heart")]
    [InlineData("substance-use")]
    [InlineData("prior-treatments")]
    public void Given_not_sure_to_any_question_When_assessed_Then_never_a_pass_but_talk_to_us_first(string question)
    {
        var result = SelfScreenAssessment.Assess(Typical(changes: (question, ScreenAnswer.NotSure)));

        Assert.Equal(SelfScreenOutcome.TalkToUsFirst, result.Outcome);
        var reason = Assert.Single(result.Reasons, r => r.Points == SelfScreenOutcome.TalkToUsFirst);
        Assert.Equal(question + ".not-sure", reason.Code);
        Assert.StartsWith("KapCare intake policy: unknown is never a pass", reason.Source, StringComparison.Ordinal);
    }

    // GAD-7 by hand: the boundaries of the bands (Spitzer 2006) and the cut-off of 10.
    [Theory]
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0 }, 0, "minimal", SelfScreenOutcome.TalkToUsFirst)]
    [InlineData(new[] { 1, 1, 1, 1, 0, 0, 0 }, 4, "minimal", SelfScreenOutcome.TalkToUsFirst)]
    [InlineData(new[] { 1, 1, 1, 1, 1, 0, 0 }, 5, "mild", SelfScreenOutcome.TalkToUsFirst)]
    [InlineData(new[] { 2, 2, 1, 1, 1, 1, 1 }, 9, "mild", SelfScreenOutcome.TalkToUsFirst)]
    [InlineData(new[] { 2, 2, 2, 1, 1, 1, 1 }, 10, "moderate", SelfScreenOutcome.LikelyCandidate)]
    [InlineData(new[] { 3, 3, 3, 2, 2, 1, 1 }, 15, "severe", SelfScreenOutcome.LikelyCandidate)]
    [InlineData(new[] { 3, 3, 3, 3, 3, 3, 3 }, 21, "severe", SelfScreenOutcome.LikelyCandidate)]
    public void Given_a_GAD7_When_assessed_Then_the_hand_summed_total_band_and_outcome(int[] items, int total, string band, SelfScreenOutcome expected)
    {
        var result = SelfScreenAssessment.Assess(Typical(gad7: items));

        Assert.Equal((total, band, expected), (result.Gad7Total, result.Gad7Band.Code, result.Outcome));
        Assert.Equal("GAD-7, Spitzer et al., Arch Intern Med 2006;166:1092 (REFERENCE.md §1)", result.Reasons.Single(r => r.Code == "gad-7").Source);
    }

    // PHQ-9 item 9 wording and answers: "several days" or more shows crisis resources at once (REFERENCE.md §1, Simon 2013).
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Given_thoughts_of_self_harm_When_assessed_Then_crisis_resources_and_talk_to_us_first(int selfHarm)
    {
        var result = SelfScreenAssessment.Assess(Typical(selfHarm: selfHarm));

        Assert.True(result.ShowCrisisResources);
        Assert.Equal(SelfScreenOutcome.TalkToUsFirst, result.Outcome);
        Assert.Contains(result.Reasons, r => r.Code == "self-harm" && r.Source.Contains("Simon et al., Psychiatr Serv 2013;64:1195", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_an_exclusion_and_thoughts_of_self_harm_When_assessed_Then_probably_not_right_and_still_crisis_resources()
    {
        var result = SelfScreenAssessment.Assess(Typical(selfHarm: 2, changes: ("substance-use", ScreenAnswer.Yes)));

        Assert.Equal(SelfScreenOutcome.ProbablyNotRight, result.Outcome);
        Assert.True(result.ShowCrisisResources);
        // The most cautious reason comes first.
        Assert.Equal("substance-use", result.Reasons[0].Code);
    }

    [Fact]
    public void Given_several_findings_When_assessed_Then_every_one_is_a_reason()
    {
        var result = SelfScreenAssessment.Assess(Typical(gad7: [1, 1, 0, 0, 0, 0, 0], changes: [("bipolar", ScreenAnswer.Yes), ("heart", ScreenAnswer.NotSure), ("prior-treatments", ScreenAnswer.No)]));

        Assert.Equal(SelfScreenOutcome.TalkToUsFirst, result.Outcome);
        Assert.Equal(["bipolar", "gad-7", "heart.not-sure", "prior-treatments"], result.Reasons.Select(r => r.Code).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.Gad7Total);
    }

    [Fact]
    public void Given_unanswered_questions_When_checked_Then_each_is_missing_and_assessing_refuses()
    {
        var answers = new SelfScreenAnswers(Gad7(2, 2, 2), new Dictionary<string, ScreenAnswer> { ["psychosis"] = ScreenAnswer.No }, null);

        Assert.Equal(
            ["gad-7.4", "gad-7.5", "gad-7.6", "gad-7.7", "bipolar", "brain-vessels", "pregnancy", "heart", "substance-use", "prior-treatments", "self-harm"],
            answers.Missing());
        Assert.Throws<ArgumentException>(() => SelfScreenAssessment.Assess(answers));
    }

    [Fact]
    public void Given_values_no_question_allows_When_assessed_Then_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SelfScreenAssessment.Assess(Typical(gad7: [4, 0, 0, 0, 0, 0, 0])));
        Assert.Throws<ArgumentOutOfRangeException>(() => SelfScreenAssessment.Assess(Typical(selfHarm: 4)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SelfScreenAssessment.Assess(Typical(changes: ("heart", (ScreenAnswer)9))));
    }

    [Fact]
    public void Given_the_questions_Then_each_yes_no_question_cites_a_REFERENCE_section_2_source()
    {
        Assert.Equal(7, SelfScreenQuestions.YesNo.Count);
        Assert.All(SelfScreenQuestions.YesNo, q => Assert.EndsWith("(REFERENCE.md §2)", q.Source, StringComparison.Ordinal));
        Assert.Equal(["Not at all", "Several days", "More than half the days", "Nearly every day"], SelfScreenQuestions.SelfHarmOptions.Select(o => o.Display));
    }
}
