using KapCare.Clinical.Instruments;

namespace KapCare.Clinical.Tests.Instruments;

/// <summary>
/// Every band boundary of every banded instrument, on both sides, with the band REFERENCE.md §1 gives for that total.
/// The totals are reached with complete forms (items filled from the first at their maximum).
/// </summary>
public sealed class BandBoundaryTests
{
    [Theory]
    // GAD-7 (Spitzer 2006): 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe.
    [InlineData("gad-7", 0, "minimal", BandLevel.None)]
    [InlineData("gad-7", 4, "minimal", BandLevel.None)]
    [InlineData("gad-7", 5, "mild", BandLevel.Mild)]
    [InlineData("gad-7", 9, "mild", BandLevel.Mild)]
    [InlineData("gad-7", 10, "moderate", BandLevel.Moderate)]
    [InlineData("gad-7", 14, "moderate", BandLevel.Moderate)]
    [InlineData("gad-7", 15, "severe", BandLevel.Severe)]
    [InlineData("gad-7", 21, "severe", BandLevel.Severe)]
    // PHQ-9 (Kroenke 2001): 0–4, 5–9, 10–14, 15–19, 20–27.
    [InlineData("phq-9", 0, "minimal", BandLevel.None)]
    [InlineData("phq-9", 4, "minimal", BandLevel.None)]
    [InlineData("phq-9", 5, "mild", BandLevel.Mild)]
    [InlineData("phq-9", 9, "mild", BandLevel.Mild)]
    [InlineData("phq-9", 10, "moderate", BandLevel.Moderate)]
    [InlineData("phq-9", 14, "moderate", BandLevel.Moderate)]
    [InlineData("phq-9", 15, "moderately-severe", BandLevel.Severe)]
    [InlineData("phq-9", 19, "moderately-severe", BandLevel.Severe)]
    [InlineData("phq-9", 20, "severe", BandLevel.Severe)]
    [InlineData("phq-9", 27, "severe", BandLevel.Severe)]
    // PHQ-2 (Kroenke 2003) and GAD-2 (Kroenke 2007): positive at ≥ 3.
    [InlineData("phq-2", 2, "negative", BandLevel.None)]
    [InlineData("phq-2", 3, "positive", BandLevel.Moderate)]
    [InlineData("phq-2", 6, "positive", BandLevel.Moderate)]
    [InlineData("gad-2", 2, "negative", BandLevel.None)]
    [InlineData("gad-2", 3, "positive", BandLevel.Moderate)]
    [InlineData("gad-2", 6, "positive", BandLevel.Moderate)]
    // PHQ-4 (Kroenke 2009): 0–2 normal, 3–5 mild, 6–8 moderate, 9–12 severe.
    [InlineData("phq-4", 0, "normal", BandLevel.None)]
    [InlineData("phq-4", 2, "normal", BandLevel.None)]
    [InlineData("phq-4", 3, "mild", BandLevel.Mild)]
    [InlineData("phq-4", 5, "mild", BandLevel.Mild)]
    [InlineData("phq-4", 6, "moderate", BandLevel.Moderate)]
    [InlineData("phq-4", 8, "moderate", BandLevel.Moderate)]
    [InlineData("phq-4", 9, "severe", BandLevel.Severe)]
    [InlineData("phq-4", 12, "severe", BandLevel.Severe)]
    // PCL-5 (Blevins 2015): probable PTSD at ≥ 33 by default.
    [InlineData("pcl-5", 32, "below-cut-off", BandLevel.None)]
    [InlineData("pcl-5", 33, "probable-ptsd", BandLevel.Severe)]
    [InlineData("pcl-5", 80, "probable-ptsd", BandLevel.Severe)]
    // SPIN (Connor 2000): ≥ 19 positive; 21–30 mild, 31–40 moderate, 41–50 severe, ≥ 51 very severe.
    [InlineData("spin", 18, "below-cut-off", BandLevel.None)]
    [InlineData("spin", 19, "positive-screen", BandLevel.Mild)]
    [InlineData("spin", 20, "positive-screen", BandLevel.Mild)]
    [InlineData("spin", 21, "mild", BandLevel.Mild)]
    [InlineData("spin", 30, "mild", BandLevel.Mild)]
    [InlineData("spin", 31, "moderate", BandLevel.Moderate)]
    [InlineData("spin", 40, "moderate", BandLevel.Moderate)]
    [InlineData("spin", 41, "severe", BandLevel.Severe)]
    [InlineData("spin", 50, "severe", BandLevel.Severe)]
    [InlineData("spin", 51, "very-severe", BandLevel.Severe)]
    [InlineData("spin", 68, "very-severe", BandLevel.Severe)]
    // PDSS-SR (REFERENCE, after Shear 1997): ≥ 8 provisional panic disorder.
    [InlineData("pdss-sr", 7, "below-cut-off", BandLevel.None)]
    [InlineData("pdss-sr", 8, "provisional-panic-disorder", BandLevel.Moderate)]
    // OASIS (Campbell-Sills 2009): ≥ 8 clinically significant anxiety.
    [InlineData("oasis", 7, "below-cut-off", BandLevel.None)]
    [InlineData("oasis", 8, "clinically-significant", BandLevel.Moderate)]
    // HAM-A defaults (REFERENCE): ≤ 17 mild, 18–24 mild–moderate, 25–30 moderate–severe, > 30 severe.
    [InlineData("ham-a", 0, "mild", BandLevel.Mild)]
    [InlineData("ham-a", 17, "mild", BandLevel.Mild)]
    [InlineData("ham-a", 18, "mild-moderate", BandLevel.Moderate)]
    [InlineData("ham-a", 24, "mild-moderate", BandLevel.Moderate)]
    [InlineData("ham-a", 25, "moderate-severe", BandLevel.Severe)]
    [InlineData("ham-a", 30, "moderate-severe", BandLevel.Severe)]
    [InlineData("ham-a", 31, "severe", BandLevel.Severe)]
    [InlineData("ham-a", 56, "severe", BandLevel.Severe)]
    public void Given_a_total_at_a_band_boundary_When_scored_Then_the_band_is_the_published_one(string id, int total, string bandCode, BandLevel level)
    {
        var instrument = InstrumentLibrary.Get(id);

        var result = instrument.Score(Forms.WithTotal(instrument, total));

        Assert.True(result.Valid);
        Assert.Equal(total, result.Total);
        Assert.Equal(bandCode, result.Band?.Code);
        Assert.Equal(level, result.Band?.Level);
    }

    [Theory]
    [InlineData("cadss", 0)]
    [InlineData("cadss", 92)]
    [InlineData("cadss-6", 24)]
    public void Given_a_CADSS_form_When_scored_Then_there_is_no_band_and_the_interpretation_says_there_is_no_cut_off(string id, int total)
    {
        var instrument = InstrumentLibrary.Get(id);
        var result = instrument.Score(Forms.WithTotal(instrument, total));
        Assert.Equal(total, result.Total);
        Assert.Null(result.Band);
        Assert.Contains("no cut-off", result.Interpretation, StringComparison.OrdinalIgnoreCase);
    }
}
