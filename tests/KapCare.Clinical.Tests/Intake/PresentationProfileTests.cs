using KapCare.Clinical.Intake;

namespace KapCare.Clinical.Tests.Intake;

public sealed class PresentationProfileTests
{
    private static Dictionary<string, int> Answers(int worry, int ruminate, int worst, int heart, int tension, int surge, int avoid, int escape, int safety) => new()
    {
        ["cog-worry"] = worry, ["cog-ruminate"] = ruminate, ["cog-worst"] = worst,
        ["som-heart"] = heart, ["som-tension"] = tension, ["som-surge"] = surge,
        ["beh-avoid"] = avoid, ["beh-escape"] = escape, ["beh-safety"] = safety,
    };

    [Fact]
    public void Each_domain_is_the_sum_of_its_three_items()
    {
        // Hand-worked: cognitive 3+3+2 = 8, somatic 1+2+0 = 3, behavioural 1+0+1 = 2.
        var result = PresentationProfile.Score(Answers(3, 3, 2, 1, 2, 0, 1, 0, 1));

        Assert.Equal(8, result[PresentationDomain.Cognitive].Score);
        Assert.Equal(3, result[PresentationDomain.Somatic].Score);
        Assert.Equal(2, result[PresentationDomain.Behavioural].Score);
        Assert.Equal([PresentationDomain.Cognitive], result.Leading);
    }

    [Fact]
    public void Domains_within_one_point_of_the_highest_lead_together()
    {
        // Somatic 3+3+3 = 9, behavioural 3+3+2 = 8, cognitive 1+1+1 = 3: a somatic-behavioural (panic with avoidance) picture.
        var result = PresentationProfile.Score(Answers(1, 1, 1, 3, 3, 3, 3, 3, 2));

        Assert.Equal([PresentationDomain.Somatic, PresentationDomain.Behavioural], result.Leading);
    }

    [Fact]
    public void All_zero_has_no_leading_domain()
    {
        var result = PresentationProfile.Score(Answers(0, 0, 0, 0, 0, 0, 0, 0, 0));

        Assert.True(result.IsComplete);
        Assert.Empty(result.Leading);
    }

    [Fact]
    public void A_domain_with_an_unanswered_item_has_no_score_and_nothing_leads()
    {
        var answers = Answers(3, 3, 3, 0, 0, 0, 0, 0, 0);
        answers.Remove("som-surge");

        var result = PresentationProfile.Score(answers);

        Assert.Null(result[PresentationDomain.Somatic].Score);
        Assert.Equal(2, result[PresentationDomain.Somatic].Answered);
        Assert.Equal(9, result[PresentationDomain.Cognitive].Score);
        Assert.False(result.IsComplete);
        Assert.Empty(result.Leading);
    }

    [Theory]
    [InlineData("cog-worry", 4)]
    [InlineData("cog-worry", -1)]
    public void An_answer_outside_0_to_3_is_refused(string item, int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PresentationProfile.Score(new Dictionary<string, int> { [item] = value }));

    [Fact]
    public void An_unknown_item_is_refused() =>
        Assert.Throws<ArgumentException>(() => PresentationProfile.Score(new Dictionary<string, int> { ["gad-1"] = 1 }));

    [Fact]
    public void Three_items_per_domain_with_unique_ids()
    {
        Assert.All(Enum.GetValues<PresentationDomain>(), d => Assert.Equal(3, PresentationProfile.Items.Count(i => i.Domain == d)));
        Assert.Equal(PresentationProfile.Items.Count, PresentationProfile.Items.Select(i => i.Id).Distinct().Count());
    }
}
