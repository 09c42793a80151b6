using KapCare.Clinical.Instruments;

namespace KapCare.Clinical.Tests.Instruments;

/// <summary>PCL-5, SPIN, PDSS-SR, OASIS, HAM-A and CADSS: subscales, configurable cut-offs and hand-worked examples.</summary>
public sealed class OtherScalesTests
{
    // PCL-5 clusters (Blevins 2015): B 1–5, C 6–7, D 8–14, E 15–20. Items 1–20 scored 1,2,3,4,0 repeating:
    // B 1+2+3+4+0 = 10; C 1+2 = 3; D 3+4+0+1+2+3+4 = 17; E 0+1+2+3+4+0 = 10; total 10+3+17+10 = 40 → probable PTSD.
    [Fact]
    public void Given_a_PCL5_form_When_scored_Then_the_four_DSM5_clusters_add_up_to_the_total()
    {
        var pcl5 = InstrumentLibrary.Get("pcl-5");
        var result = pcl5.Score(Forms.Scores(pcl5, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0));

        Assert.Equal(40, result.Total);
        Assert.Equal(10, result.Subscales["cluster-b"]);
        Assert.Equal(3, result.Subscales["cluster-c"]);
        Assert.Equal(17, result.Subscales["cluster-d"]);
        Assert.Equal(10, result.Subscales["cluster-e"]);
        Assert.Equal("probable-ptsd", result.Band?.Code);
    }

    // REFERENCE: probable PTSD at 31–33, default 33, configurable.
    [Theory]
    [InlineData(31, 30, "below-cut-off")]
    [InlineData(31, 31, "probable-ptsd")]
    [InlineData(32, 31, "below-cut-off")]
    [InlineData(32, 32, "probable-ptsd")]
    public void Given_a_clinic_PCL5_cut_off_When_scored_Then_the_band_changes_at_that_cut_off(int cutOff, int total, string band)
    {
        var pcl5 = InstrumentLibrary.Pcl5(cutOff);
        Assert.Equal(band, pcl5.Score(Forms.WithTotal(pcl5, total)).Band?.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(81)]
    public void Given_an_impossible_PCL5_cut_off_When_building_Then_it_is_refused(int cutOff) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => InstrumentLibrary.Pcl5(cutOff));

    [Fact]
    public void Given_the_PCL5_When_listing_items_Then_the_wording_is_the_VA_public_domain_text_and_answers_are_the_published_five()
    {
        var pcl5 = InstrumentLibrary.Get("pcl-5");
        Assert.Equal("Repeated, disturbing, and unwanted memories of the stressful experience?", pcl5.Items[0].Text);
        Assert.Equal("Trouble falling or staying asleep?", pcl5.Items[19].Text);
        Assert.Equal(["Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely"], pcl5.Items[0].Options.Select(o => o.Display));
        Assert.All(pcl5.Items, i => Assert.Null(i.LoincCode));
    }

    // SPIN subscales (Connor 2000): fear 1, 3, 5, 10, 14, 15; avoidance 4, 6, 8, 9, 11, 12, 16; physiological 2, 7, 13, 17.
    // Items 1–17 scored 1,1,…,1 except item 2 = 4 and item 4 = 3: fear 6 × 1 = 6; avoidance 3 + 6 × 1 = 9;
    // physiological 4 + 1 + 1 + 1 = 7; total 6 + 9 + 7 = 22 → mild (21–30), positive (≥ 19).
    [Fact]
    public void Given_a_SPIN_form_When_scored_Then_fear_avoidance_and_physiological_subscales_add_up_to_the_total()
    {
        var spin = InstrumentLibrary.Get("spin");
        var result = spin.Score(Forms.Uniform(spin, 1).With("2", 4).With("4", 3));

        Assert.Equal(22, result.Total);
        Assert.Equal(6, result.Subscales["fear"]);
        Assert.Equal(9, result.Subscales["avoidance"]);
        Assert.Equal(7, result.Subscales["physiological"]);
        Assert.Equal("mild", result.Band?.Code);
        Assert.Contains("19 or more", result.Interpretation, StringComparison.Ordinal);
    }

    // PDSS-SR mean item score = total ÷ 7, stored to two decimals: 10/7 = 1.428… → 1.43; 8/7 = 1.142… → 1.14;
    // 28/7 = 4; 0/7 = 0.
    [Theory]
    [InlineData(0, "0")]
    [InlineData(8, "1.14")]
    [InlineData(10, "1.43")]
    [InlineData(28, "4")]
    public void Given_a_PDSS_SR_form_When_scored_Then_the_mean_item_score_is_total_over_7(int total, string mean)
    {
        var pdss = InstrumentLibrary.Get("pdss-sr");
        var result = pdss.Score(Forms.WithTotal(pdss, total));
        Assert.Equal(decimal.Parse(mean, System.Globalization.CultureInfo.InvariantCulture), result.MeanItemScore);
    }

    [Fact]
    public void Given_an_incomplete_PDSS_SR_When_scored_Then_there_is_no_mean_either()
    {
        var pdss = InstrumentLibrary.Get("pdss-sr");
        Assert.Null(pdss.Score(Forms.Uniform(pdss, 2).Without("4")).MeanItemScore);
    }

    // OASIS (Campbell-Sills 2009): 2+2+1+2+1 = 8 → clinically significant; 2+2+1+1+1 = 7 → below.
    [Theory]
    [InlineData(new[] { 2, 2, 1, 2, 1 }, 8, "clinically-significant")]
    [InlineData(new[] { 2, 2, 1, 1, 1 }, 7, "below-cut-off")]
    public void Given_an_OASIS_form_When_scored_Then_8_or_more_is_clinically_significant(int[] scores, int total, string band)
    {
        var oasis = InstrumentLibrary.Get("oasis");
        var result = oasis.Score(Forms.Scores(oasis, scores));
        Assert.Equal(total, result.Total);
        Assert.Equal(band, result.Band?.Code);
    }

    // HAM-A with a clinic's own bands ≤ 14 / 15–20 / 21–26 / > 26: both sides of each boundary.
    [Theory]
    [InlineData(14, "mild")]
    [InlineData(15, "mild-moderate")]
    [InlineData(20, "mild-moderate")]
    [InlineData(21, "moderate-severe")]
    [InlineData(26, "moderate-severe")]
    [InlineData(27, "severe")]
    public void Given_clinic_HAM_A_bands_When_scored_Then_the_configured_boundaries_apply(int total, string band)
    {
        var hamA = InstrumentLibrary.HamA(new HamABands(14, 20, 26));
        Assert.Equal(band, hamA.Score(Forms.WithTotal(hamA, total)).Band?.Code);
    }

    [Theory]
    [InlineData(17, 17, 30)]
    [InlineData(17, 24, 56)]
    [InlineData(-1, 24, 30)]
    public void Given_HAM_A_bands_that_do_not_rise_When_building_Then_they_are_refused(int mild, int mildModerate, int moderateSevere) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => InstrumentLibrary.HamA(new HamABands(mild, mildModerate, moderateSevere)));

    // HAM-A hand-worked: items 2,3,2,1,1,2,1,1,2,1,1,0,1,2 → 2+3+2+1+1+2+1+1+2+1+1+0+1+2 = 20 → mild to moderate.
    [Fact]
    public void Given_a_hand_worked_HAM_A_When_scored_Then_the_total_is_20_mild_to_moderate()
    {
        var hamA = InstrumentLibrary.Get("ham-a");
        var result = hamA.Score(Forms.Scores(hamA, 2, 3, 2, 1, 1, 2, 1, 1, 2, 1, 1, 0, 1, 2));
        Assert.Equal(20, result.Total);
        Assert.Equal("mild-moderate", result.Band?.Code);
        Assert.Equal(Rater.Clinician, hamA.Rater);
    }

    // CADSS-6 = CADSS items 1, 2, 6, 7, 15, 22 (Rodrigues 2021). Full CADSS with items 1–23 scored 1,2,3,4,0 repeating:
    // item 1 = 1, 2 = 2, 6 = 1, 7 = 2, 15 = 0, 22 = 2 → CADSS-6 1+2+1+2+0+2 = 8; total: four full cycles (items 1–20)
    // 4 × 10 = 40, plus items 21–23 = 1+2+3 = 6 → 46.
    [Fact]
    public void Given_a_full_CADSS_When_scored_Then_the_CADSS6_part_score_is_reported_with_the_total()
    {
        var cadss = InstrumentLibrary.Get("cadss");
        var result = cadss.Score(Forms.Scores(cadss, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3));

        Assert.Equal(46, result.Total);
        Assert.Equal(8, result.Subscales["cadss-6"]);
        Assert.Null(result.Band);
    }

    [Fact]
    public void Given_the_CADSS6_When_listing_items_Then_they_are_CADSS_items_1_2_6_7_15_22_with_the_same_LinkIds_and_labels()
    {
        var cadss = InstrumentLibrary.Get("cadss");
        var cadss6 = InstrumentLibrary.Get("cadss-6");
        Assert.Equal(["1", "2", "6", "7", "15", "22"], cadss6.Items.Select(i => i.LinkId));
        Assert.All(cadss6.Items, i => Assert.Equal(cadss.FindItem(i.LinkId)!.Text, i.Text));
    }

    [Fact]
    public void Given_CADSS6_answers_When_scored_Then_the_total_is_their_sum()
    {
        // 4+3+2+1+0+4 = 14.
        var cadss6 = InstrumentLibrary.Get("cadss-6");
        Assert.Equal(14, cadss6.Score(Forms.Scores(cadss6, 4, 3, 2, 1, 0, 4)).Total);
    }
}
