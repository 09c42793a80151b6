using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Intake;
using KapCare.Clinical.Plans;

namespace KapCare.Clinical.Tests.Plans;

public sealed class ModalityRecommendationsTests
{
    private static Dictionary<string, int> Items(int cognitive, int somatic, int behavioural, int worst = 0) => new()
    {
        ["cog-worry"] = cognitive, ["cog-ruminate"] = cognitive, ["cog-worst"] = worst,
        ["som-heart"] = somatic, ["som-tension"] = somatic, ["som-surge"] = somatic,
        ["beh-avoid"] = behavioural, ["beh-escape"] = behavioural, ["beh-safety"] = behavioural,
    };

    private static IntakeForm With(PresentationSection presentation, params DiagnosisKind[] diagnoses) => new()
    {
        Presentation = presentation,
        History = new() { Diagnoses = diagnoses.Select(d => new DiagnosisEntry(d, 20, DiagnosisCourse.Persistent)).ToList() },
    };

    private static Modality[] Recommended(IntakeForm form) => ModalityRecommendations.From(form).Select(r => r.Modality).ToArray();

    [Fact]
    public void Roots_in_past_experiences_suggest_EMDR_and_say_why()
    {
        var recommendations = ModalityRecommendations.From(With(new() { Items = Items(1, 1, 1), LinkedToPastExperiences = YesNoUnknown.Yes }));

        var emdr = Assert.Single(recommendations);
        Assert.Equal(Modality.Emdr, emdr.Modality);
        Assert.Contains("linked to specific past experiences", emdr.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PTSD_diagnosis_suggests_EMDR_even_without_the_past_experiences_answer() =>
        Assert.Equal([Modality.Emdr], Recommended(With(new() { Items = Items(1, 1, 1) }, DiagnosisKind.Ptsd)));

    [Fact]
    public void Intrusive_imagery_or_expecting_the_worst_suggests_ART()
    {
        Assert.Equal([Modality.Art], Recommended(With(new() { Items = Items(1, 1, 1), IntrusiveImagery = YesNoUnknown.Yes })));
        // "Expecting the worst" more than half the days (2) is catastrophic imagery; "several days" (1) is not.
        Assert.Equal([Modality.Art], Recommended(With(new() { Items = Items(1, 1, 1, worst: 2) })));
        Assert.Empty(Recommended(With(new() { Items = Items(1, 1, 1, worst: 1) })));
    }

    [Fact]
    public void Inner_conflict_suggests_IFS() =>
        Assert.Equal([Modality.Ifs], Recommended(With(new() { Items = Items(0, 0, 0), InnerConflict = YesNoUnknown.Yes })));

    [Theory]
    // Cognitive domain = worry + ruminate + worst: 3+3+0 = 6 reaches the strong threshold; 2+2+1 = 5 does not (worst 1 is not catastrophic).
    [InlineData(3, 0, true)]
    [InlineData(2, 1, false)]
    public void Rigid_worry_suggests_CBT_at_a_cognitive_score_of_6(int cognitiveItems, int worst, bool expected) =>
        Assert.Equal(expected, Recommended(With(new() { Items = Items(cognitiveItems, 0, 0, worst) })).Contains(Modality.Cbt));

    [Fact]
    public void A_strong_somatic_component_suggests_body_based_work()
    {
        // Somatic 2+2+2 = 6.
        var recommendation = Assert.Single(ModalityRecommendations.From(With(new() { Items = Items(0, 2, 0) })));
        Assert.Equal(Modality.Somatic, recommendation.Modality);
        Assert.Contains("6 of 9", recommendation.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Unanswered_questions_suggest_nothing() => Assert.Empty(ModalityRecommendations.From(new IntakeForm()));

    [Fact]
    public void A_trauma_linked_worrier_with_body_symptoms_gets_every_matching_suggestion_with_a_source()
    {
        var recommendations = ModalityRecommendations.From(With(new()
        {
            Items = Items(3, 2, 1, worst: 3), LinkedToPastExperiences = YesNoUnknown.Yes, IntrusiveImagery = YesNoUnknown.Yes, InnerConflict = YesNoUnknown.No,
        }, DiagnosisKind.GeneralizedAnxiety, DiagnosisKind.Ptsd));

        Assert.Equal([Modality.Emdr, Modality.Art, Modality.Cbt, Modality.Somatic], recommendations.Select(r => r.Modality));
        Assert.All(recommendations, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
    }
}
