using KapCare.Clinical.Instruments;

namespace KapCare.Clinical.Tests.Instruments;

/// <summary>What holds for every instrument: codes, item counts, the range of totals, validity and refusals.</summary>
public sealed class InstrumentLibraryTests
{
    [Fact]
    public void Given_the_library_When_listed_Then_it_holds_the_thirteen_instruments_of_REFERENCE_in_staff_order() =>
        Assert.Equal(
            ["gad-7", "phq-9", "gad-2", "phq-2", "phq-4", "pcl-5", "spin", "pdss-sr", "oasis", "ham-a", "cadss", "cadss-6", "c-ssrs-screen"],
            InstrumentLibrary.All.Select(i => i.Id));

    // REFERENCE.md §1, table "Instruments": LOINC panel and total codes, or a local total code where LOINC has none.
    [Theory]
    [InlineData("gad-7", "69737-5", "http://loinc.org", "70274-6")]
    [InlineData("phq-9", "44249-1", "http://loinc.org", "44261-6")]
    [InlineData("phq-2", "55757-9", "http://loinc.org", "55758-7")]
    [InlineData("gad-2", null, "urn:kapcare:instrument-score", "gad-2-total")]
    [InlineData("phq-4", "69724-3", "http://loinc.org", "70272-0")]
    [InlineData("pcl-5", "101697-1", "http://loinc.org", "101698-9")]
    [InlineData("spin", null, "urn:kapcare:instrument-score", "spin-total")]
    [InlineData("pdss-sr", null, "urn:kapcare:instrument-score", "pdss-sr-total")]
    [InlineData("oasis", null, "urn:kapcare:instrument-score", "oasis-total")]
    [InlineData("ham-a", null, "urn:kapcare:instrument-score", "ham-a-total")]
    [InlineData("cadss", null, "urn:kapcare:instrument-score", "cadss-total")]
    [InlineData("cadss-6", null, "urn:kapcare:instrument-score", "cadss-6-total")]
    [InlineData("c-ssrs-screen", "93373-9", "http://loinc.org", "93374-7")]
    public void Given_an_instrument_When_looked_up_Then_its_panel_and_total_codes_are_those_of_REFERENCE(string id, string? panel, string system, string totalCode)
    {
        var instrument = InstrumentLibrary.Get(id);
        Assert.Equal(panel, instrument.PanelLoinc);
        Assert.Equal(system, instrument.TotalCode.System);
        Assert.Equal(totalCode, instrument.TotalCode.Code);
    }

    // REFERENCE.md §1: the item LOINC codes of the GAD-7 and PHQ-9, in form order; the short forms reuse them
    // (PHQ-2 = PHQ-9 items 1–2, GAD-2 = GAD-7 items 1–2, PHQ-4 = GAD-2 then PHQ-2, Kroenke 2009).
    [Theory]
    [InlineData("gad-7", "69725-0 68509-9 69733-4 69734-2 69735-9 69689-8 69736-7")]
    [InlineData("phq-9", "44250-9 44255-8 44259-0 44254-1 44251-7 44258-2 44252-5 44253-3 44260-8")]
    [InlineData("phq-2", "44250-9 44255-8")]
    [InlineData("gad-2", "69725-0 68509-9")]
    [InlineData("phq-4", "69725-0 68509-9 44250-9 44255-8")]
    public void Given_a_PHQ_or_GAD_instrument_When_listing_its_items_Then_their_LOINC_codes_are_those_of_REFERENCE(string id, string codes) =>
        Assert.Equal(codes.Split(' '), InstrumentLibrary.Get(id).Items.Select(i => i.LoincCode));

    // REFERENCE.md §1: LOINC answer list LL358-3.
    [Theory]
    [InlineData("gad-7")]
    [InlineData("phq-9")]
    [InlineData("phq-2")]
    [InlineData("gad-2")]
    [InlineData("phq-4")]
    public void Given_a_PHQ_or_GAD_instrument_When_listing_answers_Then_every_item_uses_LL358_3(string id)
    {
        foreach (var item in InstrumentLibrary.Get(id).Items)
        {
            Assert.Equal(
                [("http://loinc.org", "LA6568-5", "Not at all", 0), ("http://loinc.org", "LA6569-3", "Several days", 1),
                 ("http://loinc.org", "LA6570-1", "More than half the days", 2), ("http://loinc.org", "LA6571-9", "Nearly every day", 3)],
                item.Options.Select(o => (o.System, o.Code, o.Display, o.Score)));
        }
    }

    [Theory]
    [InlineData("pcl-5")]
    [InlineData("spin")]
    [InlineData("pdss-sr")]
    [InlineData("oasis")]
    [InlineData("ham-a")]
    [InlineData("cadss")]
    [InlineData("cadss-6")]
    public void Given_an_instrument_without_LOINC_answers_When_listing_answers_Then_they_are_local_codes_scored_0_to_4(string id)
    {
        foreach (var item in InstrumentLibrary.Get(id).Items)
        {
            Assert.All(item.Options, o => Assert.Equal("urn:kapcare:answer", o.System));
            Assert.Equal([0, 1, 2, 3, 4], item.Options.Select(o => o.Score));
            Assert.Equal(item.Options.Count, item.Options.Select(o => o.Code).Distinct().Count());
        }
    }

    // REFERENCE.md §1, "Items × range" and "Total": expected item count, per-item maximum and total range.
    [Theory]
    [InlineData("gad-7", 7, 3, 21)]
    [InlineData("phq-9", 9, 3, 27)]
    [InlineData("phq-2", 2, 3, 6)]
    [InlineData("gad-2", 2, 3, 6)]
    [InlineData("phq-4", 4, 3, 12)]
    [InlineData("pcl-5", 20, 4, 80)]
    [InlineData("spin", 17, 4, 68)]
    [InlineData("pdss-sr", 7, 4, 28)]
    [InlineData("oasis", 5, 4, 20)]
    [InlineData("ham-a", 14, 4, 56)]
    [InlineData("cadss", 23, 4, 92)]
    [InlineData("cadss-6", 6, 4, 24)]
    public void Given_every_answer_at_its_minimum_or_maximum_When_scored_Then_the_total_is_0_or_the_published_maximum(string id, int itemCount, int itemMax, int maxTotal)
    {
        var instrument = InstrumentLibrary.Get(id);
        Assert.Equal(itemCount, instrument.Items.Count);

        var lowest = instrument.Score(Forms.Uniform(instrument, 0));
        var highest = instrument.Score(Forms.Uniform(instrument, itemMax));

        Assert.True(lowest.Valid);
        Assert.Equal(0, lowest.Total);
        Assert.True(highest.Valid);
        Assert.Equal(maxTotal, highest.Total);
        Assert.Equal(0, instrument.MinTotal);
        Assert.Equal(maxTotal, instrument.MaxTotal);
        Assert.Empty(lowest.MissingLinkIds);
    }

    public static TheoryData<string, string> EveryItemOfEverySummedInstrument()
    {
        var data = new TheoryData<string, string>();
        foreach (var instrument in InstrumentLibrary.All.Where(i => i.Id != "c-ssrs-screen"))
        {
            foreach (var item in instrument.Items) data.Add(instrument.Id, item.LinkId);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryItemOfEverySummedInstrument))]
    public void Given_one_item_unanswered_When_scored_Then_the_form_is_invalid_with_no_total_and_no_band(string id, string missingLinkId)
    {
        var instrument = InstrumentLibrary.Get(id);
        // Every other item at its maximum: had the missing one been counted as 0, there would be a total.
        var answers = Forms.Uniform(instrument, instrument.Items[0].MaxScore).Without(missingLinkId);

        var result = instrument.Score(answers);

        Assert.False(result.Valid);
        Assert.Null(result.Total);
        Assert.Null(result.Band);
        Assert.Null(result.MeanItemScore);
        Assert.Equal([missingLinkId], result.MissingLinkIds);
        Assert.StartsWith("Incomplete", result.Interpretation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gad-7")]
    [InlineData("phq-9")]
    [InlineData("pcl-5")]
    [InlineData("cadss")]
    [InlineData("c-ssrs-screen")]
    public void Given_no_answers_When_scored_Then_every_required_unconditional_item_is_missing(string id)
    {
        var instrument = InstrumentLibrary.Get(id);
        var result = instrument.Score(new Dictionary<string, int>());
        Assert.False(result.Valid);
        Assert.Equal(instrument.Items.Where(i => i.EnableWhen is null).Select(i => i.LinkId), result.MissingLinkIds);
    }

    // A score outside the item's options is refused, never clamped; ParamName names the item for the web layer's 400.
    [Theory]
    [InlineData("gad-7", "3", 4)]
    [InlineData("gad-7", "1", -1)]
    [InlineData("phq-9", "9", 4)]
    [InlineData("phq-2", "2", 4)]
    [InlineData("gad-2", "1", 4)]
    [InlineData("phq-4", "4", 4)]
    [InlineData("pcl-5", "20", 5)]
    [InlineData("spin", "17", 5)]
    [InlineData("pdss-sr", "7", 5)]
    [InlineData("oasis", "5", 5)]
    [InlineData("ham-a", "14", 5)]
    [InlineData("ham-a", "1", -1)]
    [InlineData("cadss", "23", 5)]
    [InlineData("cadss-6", "22", 5)]
    [InlineData("c-ssrs-screen", "1", 2)]
    [InlineData("c-ssrs-screen", "6b", -1)]
    public void Given_a_score_outside_the_items_options_When_scored_Then_it_is_rejected_naming_the_item(string id, string linkId, int score)
    {
        var instrument = InstrumentLibrary.Get(id);
        var answers = Forms.Uniform(instrument, 0).With(linkId, score);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => instrument.Score(answers));

        Assert.Equal(linkId, ex.ParamName);
        Assert.Contains($"item {linkId}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gad-7", "8")]
    [InlineData("phq-9", "10")]
    [InlineData("phq-2", "3")]
    [InlineData("gad-2", "3")]
    [InlineData("phq-4", "5")]
    [InlineData("pcl-5", "21")]
    [InlineData("spin", "18")]
    [InlineData("pdss-sr", "8")]
    [InlineData("oasis", "6")]
    [InlineData("ham-a", "15")]
    [InlineData("cadss", "24")]
    [InlineData("cadss-6", "3")]
    [InlineData("c-ssrs-screen", "7")]
    [InlineData("gad-7", "69725-0")] // a LOINC code is not a LinkId: answers are keyed by LinkId
    public void Given_an_answer_to_an_item_the_instrument_does_not_have_When_scored_Then_it_is_rejected_naming_it(string id, string unknownLinkId)
    {
        var instrument = InstrumentLibrary.Get(id);
        var answers = Forms.Uniform(instrument, 0).With(unknownLinkId, 0);

        var ex = Assert.Throws<ArgumentException>(() => instrument.Score(answers));

        Assert.IsNotType<ArgumentOutOfRangeException>(ex);
        Assert.Contains($"\"{unknownLinkId}\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_every_instrument_with_bands_When_listing_them_Then_they_cover_every_total_once_from_0_to_the_maximum()
    {
        foreach (var instrument in InstrumentLibrary.All.Where(i => i.Bands.Count > 0 && i.MaxTotal is not null))
        {
            Assert.Equal(0, instrument.Bands[0].Low);
            Assert.Equal(instrument.MaxTotal, instrument.Bands[^1].High);
            for (var i = 1; i < instrument.Bands.Count; i++) Assert.Equal(instrument.Bands[i - 1].High + 1, instrument.Bands[i].Low);
        }
    }

    // REFERENCE.md §1, column "Source".
    [Theory]
    [InlineData("gad-7", "Spitzer et al., Arch Intern Med 2006;166:1092")]
    [InlineData("phq-9", "Kroenke et al., J Gen Intern Med 2001;16:606")]
    [InlineData("phq-2", "Kroenke 2003; Arroll, Ann Fam Med 2010")]
    [InlineData("gad-2", "Kroenke, Ann Intern Med 2007;146:317")]
    [InlineData("phq-4", "Kroenke, Psychosomatics 2009")]
    [InlineData("pcl-5", "Blevins et al., J Trauma Stress 2015;28:489")]
    [InlineData("spin", "Connor et al., Br J Psychiatry 2000;176:379")]
    [InlineData("pdss-sr", "Shear et al., Am J Psychiatry 1997;154:1571")]
    [InlineData("oasis", "Campbell-Sills et al., J Affect Disord 2009")]
    [InlineData("ham-a", "Hamilton, Br J Med Psychol 1959")]
    [InlineData("cadss", "Bremner et al., J Trauma Stress 1998")]
    [InlineData("cadss-6", "Rodrigues et al., J Affect Disord 2021;282:160")]
    [InlineData("c-ssrs-screen", "Posner et al., Am J Psychiatry 2011")]
    public void Given_an_instrument_When_looked_up_Then_it_cites_its_source(string id, string source) =>
        Assert.Equal(source, InstrumentLibrary.Get(id).Source);

    [Theory]
    [InlineData("ham-a", Rater.Clinician)]
    [InlineData("cadss", Rater.Clinician)]
    [InlineData("cadss-6", Rater.Clinician)]
    [InlineData("gad-7", Rater.Patient)]
    [InlineData("pcl-5", Rater.Patient)]
    public void Given_an_instrument_When_looked_up_Then_its_rater_is_the_published_one(string id, Rater rater) =>
        Assert.Equal(rater, InstrumentLibrary.Get(id).Rater);

    [Theory]
    [InlineData("http://loinc.org/q/69737-5", "gad-7")]
    [InlineData("http://loinc.org/q/44249-1|2.73", "phq-9")]
    [InlineData("https://fhir.kapcare.org/Questionnaire/pcl-5", "pcl-5")]
    [InlineData("SPIN", "spin")]
    public void Given_a_canonical_When_resolved_Then_it_finds_the_instrument(string canonical, string id) =>
        Assert.Equal(id, InstrumentLibrary.FindByCanonical(canonical)?.Id);
}
