using KapCare.Clinical.Instruments;

namespace KapCare.Clinical.Tests.Instruments;

/// <summary>
/// The C-SSRS screener's risk rules as REFERENCE.md §1 states them (after Posner et al. 2011): all "no" → low;
/// items 1–2 only → low; item 3 → moderate; item 4 or 5 (past month) → high; behaviour (item 6) in the past 3 months
/// → high, lifetime only → moderate. Moderate and high raise an alert.
/// </summary>
public sealed class CssrsScreenerTests
{
    private static readonly Instrument Cssrs = InstrumentLibrary.Get("c-ssrs-screen");

    /// <summary>
    /// Parses "1=y 2=n 6=n": y = yes (1), n = no (0). Items not named are unanswered.
    /// </summary>
    private static Dictionary<string, int> Answers(string spec) =>
        spec.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('='))
            .ToDictionary(p => p[0], p => p[1] == "y" ? 1 : 0);

    [Theory]
    // All "no" (items 3–5 not asked since item 2 is "no"; 6b not asked since item 6 is "no") → low, no flag.
    [InlineData("1=n 2=n 6=n", "low", null, null, null)]
    // Items 1–2 only → low; a wish to be dead or thoughts are shown for review, not as an alert.
    [InlineData("1=y 2=n 6=n", "low", "cssrs-ideation", SafetyLevel.Review, "1")]
    [InlineData("1=y 2=y 3=n 4=n 5=n 6=n", "low", "cssrs-ideation", SafetyLevel.Review, "2")]
    // Item 3 → moderate.
    [InlineData("1=y 2=y 3=y 4=n 5=n 6=n", "moderate", "cssrs-moderate-risk", SafetyLevel.Alert, "3")]
    // Item 4 → high; item 5 → high.
    [InlineData("1=y 2=y 3=n 4=y 5=n 6=n", "high", "cssrs-high-risk", SafetyLevel.Alert, "4")]
    [InlineData("1=y 2=y 3=n 4=n 5=y 6=n", "high", "cssrs-high-risk", SafetyLevel.Alert, "5")]
    [InlineData("1=y 2=y 3=y 4=y 5=y 6=n", "high", "cssrs-high-risk", SafetyLevel.Alert, "4")]
    // Behaviour, lifetime only → moderate; in the past 3 months → high.
    [InlineData("1=n 2=n 6=y 6b=n", "moderate", "cssrs-moderate-risk", SafetyLevel.Alert, "6")]
    [InlineData("1=n 2=n 6=y 6b=y", "high", "cssrs-high-risk", SafetyLevel.Alert, "6b")]
    // The most serious rule wins: item 3 (moderate) with recent behaviour (high) → high.
    [InlineData("1=y 2=y 3=y 4=n 5=n 6=y 6b=y", "high", "cssrs-high-risk", SafetyLevel.Alert, "6b")]
    public void Given_screener_answers_When_scored_Then_the_risk_level_and_flag_follow_REFERENCE(
        string spec, string level, string? flagCode, SafetyLevel? flagLevel, string? flagLinkId)
    {
        var result = Cssrs.Score(Answers(spec));

        Assert.True(result.Valid);
        Assert.Null(result.Total);
        Assert.Equal(level, result.Band?.Code);
        Assert.Empty(result.MissingLinkIds);
        if (flagCode is null)
        {
            Assert.Empty(result.Flags);
            return;
        }
        var flag = Assert.Single(result.Flags);
        Assert.Equal(flagCode, flag.Code);
        Assert.Equal(flagLevel, flag.Level);
        Assert.Equal(flagLinkId, flag.LinkId);
        Assert.Equal("Posner et al., Am J Psychiatry 2011", flag.Source);
    }

    [Theory]
    // Item 2 "yes" makes items 3–5 required.
    [InlineData("1=y 2=y 6=n", "3 4 5")]
    [InlineData("1=y 2=y 3=n 4=n 6=n", "5")]
    // Item 6 "yes" makes 6b required.
    [InlineData("1=n 2=n 6=y", "6b")]
    // Item 2 unanswered: item 2 is missing, and 3–5 are not asked until it is.
    [InlineData("1=n 6=n", "2")]
    [InlineData("1=n 2=n", "6")]
    public void Given_a_required_item_unanswered_When_scored_Then_the_form_is_invalid_and_has_no_level(string spec, string missing)
    {
        var result = Cssrs.Score(Answers(spec));

        Assert.False(result.Valid);
        Assert.Null(result.Band);
        Assert.Null(result.Total);
        Assert.Equal(missing.Split(' '), result.MissingLinkIds);
    }

    [Fact]
    public void Given_item_2_no_When_scored_Then_items_3_to_5_are_not_required()
    {
        Assert.All(["3", "4", "5"], id => Assert.Equal(new ItemCondition("2", 1), Cssrs.FindItem(id)!.EnableWhen));
        Assert.True(Cssrs.Score(Answers("1=n 2=n 6=n")).Valid);
    }

    [Fact]
    public void Given_a_high_risk_answer_on_an_incomplete_form_When_scored_Then_the_alert_is_raised_anyway()
    {
        // Item 5 "yes" while item 6 is still unanswered.
        var result = Cssrs.Score(Answers("1=y 2=y 3=n 4=n 5=y"));

        Assert.False(result.Valid);
        Assert.Equal(["6"], result.MissingLinkIds);
        Assert.Equal("cssrs-high-risk", Assert.Single(result.Flags).Code);
    }

    [Fact]
    public void Given_a_yes_to_an_item_that_should_not_have_been_asked_When_scored_Then_it_still_counts()
    {
        // Item 4 "yes" although item 2 is "no": a safety screen errs toward flagging.
        var result = Cssrs.Score(Answers("1=n 2=n 4=y 6=n"));
        Assert.Equal("high", result.Band?.Code);
        Assert.Equal(SafetyLevel.Alert, Assert.Single(result.Flags).Level);
    }

    [Fact]
    public void Given_the_screener_When_listing_answers_Then_they_are_LOINC_yes_and_no()
    {
        Assert.All(Cssrs.Items, item => Assert.Equal(
            [("http://loinc.org", "LA32-8", "No", 0), ("http://loinc.org", "LA33-6", "Yes", 1)],
            item.Options.Select(o => (o.System, o.Code, o.Display, o.Score))));
        Assert.Null(Cssrs.MaxTotal);
    }
}
