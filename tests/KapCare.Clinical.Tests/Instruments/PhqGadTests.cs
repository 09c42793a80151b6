using KapCare.Clinical.Instruments;

namespace KapCare.Clinical.Tests.Instruments;

public sealed class PhqGadTests
{
    private static readonly Instrument Gad7 = InstrumentLibrary.Get("gad-7");
    private static readonly Instrument Phq9 = InstrumentLibrary.Get("phq-9");
    private static readonly Instrument Phq4 = InstrumentLibrary.Get("phq-4");

    /// <summary>Answers given as LOINC item code → LOINC answer code, turned into KapCare's LinkId → score.</summary>
    private static Dictionary<string, int> FromLoinc(Instrument instrument, params (string Item, string Answer)[] answers) =>
        answers.ToDictionary(
            a => instrument.FindItem(a.Item)!.LinkId,
            a => instrument.FindItem(a.Item)!.OptionFor(a.Answer)!.Score);

    // Published example: HL7 US Core IG, QuestionnaireResponse "phq-9-example" (generated with the LHC-Forms SDC app),
    // whose item "/44261-6" (PHQ-9 total) is 12, as is its Observation "PHQ9-item-example-44261-6". The answers:
    // 44250-9 LA6570-1 (2), 44255-8 LA6570-1 (2), 44259-0 LA6570-1 (2), 44254-1 LA6570-1 (2), 44251-7 LA6569-3 (1),
    // 44258-2 LA6569-3 (1), 44252-5 LA6570-1 (2), 44253-3 LA6568-5 (0), 44260-8 LA6568-5 (0):
    // 2+2+2+2+1+1+2+0+0 = 12 → 10–14 moderate (Kroenke 2001), item 9 "Not at all" → no safety flag.
    // (The SDC IG's PHQ-9 examples were not used: both state a total of 13, but their answers add up to 10 and 11.)
    [Fact]
    public void Given_the_US_Core_PHQ9_example_When_scored_Then_the_total_is_its_stated_12_and_moderate()
    {
        var answers = FromLoinc(Phq9,
            ("44250-9", "LA6570-1"), ("44255-8", "LA6570-1"), ("44259-0", "LA6570-1"), ("44254-1", "LA6570-1"), ("44251-7", "LA6569-3"),
            ("44258-2", "LA6569-3"), ("44252-5", "LA6570-1"), ("44253-3", "LA6568-5"), ("44260-8", "LA6568-5"));

        var result = Phq9.Score(answers);

        Assert.True(result.Valid);
        Assert.Equal(12, result.Total);
        Assert.Equal("moderate", result.Band?.Code);
        Assert.Empty(result.Flags);
    }

    // Published example: Medizininformatik-Initiative PROMs module, QuestionnaireResponse "mii-exa-pro-phq-9-response"
    // (every item LA6571-9 "Nearly every day") and its Observation "mii-exa-pro-phq-9-observation" (44261-6 = 27):
    // 9 × 3 = 27 → severe, and item 9 = 3 raises the safety alert.
    [Fact]
    public void Given_the_MII_PHQ9_example_When_scored_Then_the_total_is_its_stated_27_with_an_alert()
    {
        var answers = FromLoinc(Phq9, Phq9.Items.Select(i => (i.LoincCode!, "LA6571-9")).ToArray());

        var result = Phq9.Score(answers);

        Assert.Equal(27, result.Total);
        Assert.Equal("severe", result.Band?.Code);
        Assert.Equal(SafetyLevel.Alert, Assert.Single(result.Flags).Level);
    }

    // Hand-worked examples (item scores in form order; sums and bands worked by hand).
    [Theory]
    // GAD-7 2+1+3+0+1+2+1 = 10 → moderate; ≥ 10 probable GAD (Spitzer 2006).
    [InlineData("gad-7", new[] { 2, 1, 3, 0, 1, 2, 1 }, 10, "moderate")]
    // GAD-7 1+1+0+1+0+1+0 = 4 → minimal.
    [InlineData("gad-7", new[] { 1, 1, 0, 1, 0, 1, 0 }, 4, "minimal")]
    // PHQ-9 3+3+2+2+1+2+2+1+0 = 16 → moderately severe.
    [InlineData("phq-9", new[] { 3, 3, 2, 2, 1, 2, 2, 1, 0 }, 16, "moderately-severe")]
    // PHQ-9 1+0+2+1+0+0+1+0+0 = 5 → mild.
    [InlineData("phq-9", new[] { 1, 0, 2, 1, 0, 0, 1, 0, 0 }, 5, "mild")]
    // PHQ-4 2+1 (anxiety 3) + 0+1 (depression 1) = 4 → mild.
    [InlineData("phq-4", new[] { 2, 1, 0, 1 }, 4, "mild")]
    public void Given_a_hand_worked_form_When_scored_Then_total_and_band_match_the_arithmetic(string id, int[] scores, int total, string band)
    {
        var instrument = InstrumentLibrary.Get(id);
        var result = instrument.Score(Forms.Scores(instrument, scores));
        Assert.Equal(total, result.Total);
        Assert.Equal(band, result.Band?.Code);
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public void Given_a_GAD7_total_around_10_When_scored_Then_probable_GAD_is_mentioned_from_10(int total, bool mentioned)
    {
        var result = Gad7.Score(Forms.WithTotal(Gad7, total));
        Assert.Equal(mentioned, result.Interpretation!.Contains("probable generalized anxiety disorder", StringComparison.Ordinal));
    }

    // Simon et al. 2013: item 9 ≥ 1 is a safety signal whatever the total.
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void Given_PHQ9_item_9_on_an_otherwise_zero_form_When_scored_Then_an_alert_is_raised_from_1(int item9, bool alert)
    {
        var result = Phq9.Score(Forms.Uniform(Phq9, 0).With("9", item9));

        Assert.Equal(item9, result.Total);
        if (!alert)
        {
            Assert.Empty(result.Flags);
            return;
        }
        var flag = Assert.Single(result.Flags);
        Assert.Equal(SafetyLevel.Alert, flag.Level);
        Assert.Equal("9", flag.LinkId);
        Assert.Equal("phq9-item9", flag.Code);
        Assert.Equal("Simon et al., Psychiatr Serv 2013;64:1195", flag.Source);
        // The message is for the clinician: which answer was given (LL358-3 display for the score). Crisis
        // resources are shown to the patient by the pages, not carried in the alert.
        var display = new[] { "Not at all", "Several days", "More than half the days", "Nearly every day" }[item9];
        Assert.Contains($"\"{display}\"", flag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_PHQ9_item_9_answered_on_an_incomplete_form_When_scored_Then_the_alert_is_still_raised()
    {
        var answers = new Dictionary<string, int> { ["1"] = 0, ["9"] = 1 };

        var result = Phq9.Score(answers);

        Assert.False(result.Valid);
        Assert.Null(result.Total);
        Assert.Equal(["2", "3", "4", "5", "6", "7", "8"], result.MissingLinkIds);
        Assert.Equal("phq9-item9", Assert.Single(result.Flags).Code);
    }

    [Fact]
    public void Given_a_PHQ9_with_item_9_missing_When_scored_Then_it_is_incomplete_and_raises_nothing()
    {
        var result = Phq9.Score(Forms.Uniform(Phq9, 1).Without("9"));
        Assert.False(result.Valid);
        Assert.Equal(["9"], result.MissingLinkIds);
        Assert.Empty(result.Flags);
    }

    // PHQ-4 subscales (Kroenke 2009): anxiety = items 1–2 (GAD-2), depression = items 3–4 (PHQ-2); each ≥ 3 → give
    // the full GAD-7 / PHQ-9.
    [Theory]
    [InlineData(new[] { 1, 1, 1, 1 }, 2, 2, false, false)] // 1+1 = 2, 1+1 = 2: neither
    [InlineData(new[] { 2, 1, 1, 1 }, 3, 2, true, false)]  // 2+1 = 3: anxiety positive
    [InlineData(new[] { 0, 0, 3, 0 }, 0, 3, false, true)]  // 3+0 = 3: depression positive
    [InlineData(new[] { 3, 3, 3, 3 }, 6, 6, true, true)]
    public void Given_PHQ4_answers_When_scored_Then_each_subscale_at_3_or_more_asks_for_the_full_instrument(int[] scores, int anxiety, int depression, bool gad7, bool phq9)
    {
        var result = Phq4.Score(Forms.Scores(Phq4, scores));

        Assert.Equal(anxiety, result.Subscales["anxiety"]);
        Assert.Equal(depression, result.Subscales["depression"]);
        Assert.Equal(gad7, result.Interpretation!.Contains("give the full GAD-7", StringComparison.Ordinal));
        Assert.Equal(phq9, result.Interpretation!.Contains("give the full PHQ-9", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_PHQ4_missing_a_depression_item_When_scored_Then_only_the_complete_anxiety_subscale_is_reported()
    {
        var result = Phq4.Score(new Dictionary<string, int> { ["1"] = 2, ["2"] = 2, ["3"] = 1 });
        Assert.False(result.Valid);
        Assert.Null(result.Total);
        Assert.Equal(4, result.Subscales["anxiety"]);
        Assert.False(result.Subscales.ContainsKey("depression"));
    }

    [Theory]
    [InlineData("phq-2", 2, "Negative screen")]
    [InlineData("phq-2", 3, "give the full PHQ-9")]
    [InlineData("gad-2", 2, "Negative screen")]
    [InlineData("gad-2", 3, "give the full GAD-7")]
    public void Given_a_two_item_screen_When_scored_Then_3_or_more_asks_for_the_full_instrument(string id, int total, string text)
    {
        var instrument = InstrumentLibrary.Get(id);
        Assert.Contains(text, instrument.Score(Forms.WithTotal(instrument, total)).Interpretation, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_the_PHQ9_When_listing_items_Then_the_wording_is_the_public_domain_text_of_REFERENCE()
    {
        Assert.Equal("Over the last 2 weeks, how often have you been bothered by any of the following problems?", Phq9.Preamble);
        Assert.Equal("Little interest or pleasure in doing things", Phq9.Items[0].Text);
        Assert.Equal("Thoughts that you would be better off dead, or of hurting yourself in some way", Phq9.Items[8].Text);
        Assert.Equal("Over the last 2 weeks, how often have you been bothered by the following problems?", Gad7.Preamble);
        Assert.Equal("Feeling afraid, as if something awful might happen", Gad7.Items[6].Text);
    }
}
