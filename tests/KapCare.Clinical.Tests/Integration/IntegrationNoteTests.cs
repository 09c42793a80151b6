using KapCare.Clinical.Integration;
using KapCare.Clinical.Plans;

namespace KapCare.Clinical.Tests.Integration;

/// <summary>
/// Each modality's integration note (issue 11, item 2): required fields and the published ranges — SUD 0–10 (Wolpe),
/// VOC 1–7 (Shapiro), belief 0–100 % (Beck's thought record), arousal 0–10 — a modality the plan did not accept, and the
/// risk review every note ends with.
/// </summary>
public sealed class IntegrationNoteTests
{
    private static readonly Modality[] All = [Modality.Emdr, Modality.Art, Modality.Ifs, Modality.Cbt, Modality.Somatic];
    private static readonly NoteCommon Calm = new("Spoke about the session's imagery.", ["safety", "grief"], "Felt held by the music.", RiskLevel.None, null);

    private static EmdrMeasures Emdr(int? sudBefore = 7, int? sudAfter = 2, int? vocBefore = 2, int? vocAfter = 6) =>
        new("Car accident 2019", "Headlights", "I am not safe", "I survived; I am safe now", sudBefore, sudAfter, vocBefore, vocAfter, "Tightness in chest cleared");

    private static IReadOnlyList<NoteProblem> Problems(ModalityMeasures measures, NoteCommon? common = null, Modality[]? accepted = null) =>
        IntegrationNote.Create(measures, common ?? Calm, accepted ?? All).Problems;

    [Fact]
    public void A_complete_EMDR_note_is_made_with_its_measures()
    {
        var (note, problems) = IntegrationNote.Create(Emdr(), Calm, All);

        Assert.Empty(problems);
        Assert.Equal(Modality.Emdr, note!.Modality);
        Assert.Equal((7, 2, 2, 6), (((EmdrMeasures)note.Measures).SudBefore, ((EmdrMeasures)note.Measures).SudAfter, ((EmdrMeasures)note.Measures).VocBefore, ((EmdrMeasures)note.Measures).VocAfter));
    }

    [Theory]
    [InlineData(-1, 2, 2, 6, "sudBefore")]
    [InlineData(11, 2, 2, 6, "sudBefore")]
    [InlineData(7, 11, 2, 6, "sudAfter")]
    [InlineData(7, 2, 0, 6, "vocBefore")]   // VOC starts at 1 ("completely false")
    [InlineData(7, 2, 2, 8, "vocAfter")]    // and ends at 7 ("completely true")
    public void EMDR_SUD_is_0_to_10_and_VOC_1_to_7(int sudBefore, int sudAfter, int vocBefore, int vocAfter, string field) =>
        Assert.Contains(Problems(Emdr(sudBefore, sudAfter, vocBefore, vocAfter)), p => p.Field == field);

    [Fact]
    public void EMDR_bounds_themselves_are_valid_and_a_missing_measure_is_never_a_pass()
    {
        Assert.Empty(Problems(Emdr(0, 10, 1, 7)));
        var missing = Problems(Emdr(sudAfter: null, vocBefore: null) with { NegativeCognition = " " });
        Assert.Equal(["negativeCognition", "sudAfter", "vocBefore"], missing.Select(p => p.Field).Order().ToArray());
    }

    [Fact]
    public void ART_needs_the_target_scene_the_rescripted_image_and_both_SUDs()
    {
        Assert.Empty(Problems(new ArtMeasures("The hospital corridor", "Cold hands", 8, 1, "The corridor opens onto a garden")));
        var problems = Problems(new ArtMeasures(null, null, 8, 12, ""));
        Assert.Equal(["rescriptedImage", "sudAfter", "targetScene"], problems.Select(p => p.Field).Order().ToArray());
    }

    [Fact]
    public void IFS_needs_a_part_with_its_role()
    {
        Assert.Empty(Problems(new IfsMeasures([new("The critic", PartRole.Manager, "Keeps her from being rejected"), new("Little one", PartRole.Exile, null)], "Witnessing begun")));
        Assert.Contains(Problems(new IfsMeasures([], null)), p => p.Field == "parts");
        Assert.Contains(Problems(new IfsMeasures([new("The numb one", null, null)], null)), p => p.Field == "parts[0].role");
    }

    [Theory]
    [InlineData(-5, 40, "thoughtRecords[0].beliefBefore")]
    [InlineData(90, 101, "thoughtRecords[0].beliefAfter")]
    public void CBT_belief_is_0_to_100_percent(int before, int after, string field) =>
        Assert.Contains(Problems(new CbtMeasures([new("Meeting", "They think I'm stupid", before, "One frown", "They were tired", after)], [])), p => p.Field == field);

    [Fact]
    public void CBT_needs_a_thought_record_or_an_experiment_and_an_experiment_needs_its_outcome()
    {
        Assert.Empty(Problems(new CbtMeasures([new("Meeting", "They think I'm stupid", 90, "One frown", "They were tired", 30)], [])));
        Assert.Empty(Problems(new CbtMeasures([], [new("If I speak up I will freeze", "Spoke twice; voice shook, nobody noticed")])));
        Assert.Contains(Problems(new CbtMeasures([], [])), p => p.Field == "thoughtRecords");
        Assert.Contains(Problems(new CbtMeasures([], [new("I will panic on the bus", null)])), p => p.Field == "experiments[0].outcome");
    }

    [Fact]
    public void Somatic_arousal_is_0_to_10_and_the_practice_is_named()
    {
        var map = new HashSet<BodyRegion> { BodyRegion.Jaw, BodyRegion.Shoulders };
        Assert.Empty(Problems(new SomaticMeasures("Paced breathing 4-6", map, new HashSet<BodyRegion>(), 8, 3)));
        var problems = Problems(new SomaticMeasures(null, map, map, 11, null));
        Assert.Equal(["arousalAfter", "arousalBefore", "practice"], problems.Select(p => p.Field).Order().ToArray());
    }

    [Fact]
    public void A_modality_the_plan_did_not_accept_is_refused()
    {
        var problems = Problems(Emdr(), accepted: [Modality.Cbt, Modality.Somatic]);

        Assert.Contains(problems, p => p.Field == "modality" && p.Message.Contains("EMDR", StringComparison.Ordinal));
    }

    [Fact]
    public void The_risk_review_is_required_and_a_risk_needs_what_was_done()
    {
        Assert.Contains(Problems(Emdr(), Calm with { Risk = null }), p => p.Field == "risk");
        Assert.Contains(Problems(Emdr(), Calm with { Risk = RiskLevel.Moderate, RiskAction = "" }), p => p.Field == "riskAction");
        Assert.Empty(Problems(Emdr(), Calm with { Risk = RiskLevel.Moderate, RiskAction = "Safety plan reviewed; prescriber told the same day." }));
    }

    [Fact]
    public void A_preparation_note_needs_intentions_what_to_expect_and_both_parts_of_the_safety_plan()
    {
        var complete = new PreparationNote("Less dread in the mornings", true, "Dim room, own blanket", "Sister Ana, 312 555 0101", "Breathe 4-6, call the clinic line", "Piano, no lyrics", true, null);
        Assert.Empty(complete.Problems());
        var missing = (complete with { WhatToExpectCovered = false, WhoToCall = null, IfDistressed = "" }).Problems();
        Assert.Equal(["ifDistressed", "whatToExpect", "whoToCall"], missing.Select(p => p.Field).Order().ToArray());
    }

    [Fact]
    public void The_integration_window_is_72_hours_after_the_dose_by_default()
    {
        var doseEnded = new DateTime(2026, 12, 7, 16, 0, 0, DateTimeKind.Utc);

        Assert.Equal(IntegrationWindow.Status.Due, IntegrationWindow.For(doseEnded, null, doseEnded.AddHours(72)));
        Assert.Equal(IntegrationWindow.Status.Overdue, IntegrationWindow.For(doseEnded, null, doseEnded.AddHours(72).AddMinutes(1)));
        Assert.Equal(IntegrationWindow.Status.Done, IntegrationWindow.For(doseEnded, doseEnded.AddHours(80), doseEnded.AddHours(100)));
        Assert.Equal(IntegrationWindow.Status.Overdue, IntegrationWindow.For(doseEnded, null, doseEnded.AddHours(25), hours: 24));
        Assert.Throws<ArgumentOutOfRangeException>(() => IntegrationWindow.For(doseEnded, null, doseEnded, hours: 0));
    }
}
