using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Intake;

namespace KapCare.Clinical.Plans;

/// <summary>The integration and adjunct approaches KapCare plans (REFERENCE.md §5).</summary>
public enum Modality
{
    Emdr,
    Art,
    Ifs,
    Cbt,
    Somatic,
}

public sealed record ModalityRecommendation(Modality Modality, string Why, string Source);

/// <summary>
/// Suggests adjunct modalities from the intake (issue 5): roots in specific experiences → EMDR; intrusive or catastrophic
/// imagery → ART; protective "parts" / inner conflict → IFS; rigid worry → CBT; a strong somatic component → body-based
/// work. Each says which answers led to it. These are suggestions for the therapist, who accepts or changes them; an
/// unanswered question suggests nothing (it is not read as "no" either — the therapist sees it is unanswered).
/// </summary>
public static class ModalityRecommendations
{
    /// <summary>A domain score at or above this (of 9: items "more than half the days" on average) counts as strong.</summary>
    public const int StrongDomainScore = 6;

    public static string Label(Modality modality) => modality switch
    {
        Modality.Emdr => "EMDR",
        Modality.Art => "Accelerated Resolution Therapy (ART)",
        Modality.Ifs => "Internal Family Systems (IFS)",
        Modality.Cbt => "CBT",
        Modality.Somatic => "Somatic / body-based work",
    };

    public static IReadOnlyList<ModalityRecommendation> From(IntakeForm intake)
    {
        ArgumentNullException.ThrowIfNull(intake);
        var p = intake.Presentation;
        var profile = p.Profile();
        var ptsd = intake.History.Diagnoses.Any(d => d.Kind == DiagnosisKind.Ptsd);
        var recommendations = new List<ModalityRecommendation>();

        if (p.LinkedToPastExperiences == YesNoUnknown.Yes || ptsd)
        {
            var why = new List<string>();
            if (p.LinkedToPastExperiences == YesNoUnknown.Yes) why.Add("anxiety linked to specific past experiences");
            if (ptsd) why.Add("PTSD diagnosis");
            recommendations.Add(new(Modality.Emdr, Capitalise(string.Join(" and ", why)) + ": EMDR targets the memories behind it (target memory, SUD 0–10, VOC 1–7).",
                "REFERENCE.md §5; WHO guidelines for conditions specifically related to stress, 2013 (EMDR for trauma-linked symptoms)"));
        }

        var catastrophic = p.Items.TryGetValue("cog-worst", out var worst) && worst >= 2;
        if (p.IntrusiveImagery == YesNoUnknown.Yes || catastrophic)
        {
            var why = new List<string>();
            if (p.IntrusiveImagery == YesNoUnknown.Yes) why.Add("intrusive images or memories");
            if (catastrophic) why.Add("expecting the worst more than half the days");
            recommendations.Add(new(Modality.Art, Capitalise(string.Join(" and ", why)) + ": ART works with the distressing image directly (target image, SUD before and after).",
                "REFERENCE.md §5; Kip et al., Mil Med 2013 (ART randomised trial)"));
        }

        if (p.InnerConflict == YesNoUnknown.Yes)
            recommendations.Add(new(Modality.Ifs, "Feels torn, as if one part wants change and another holds back: IFS works with those protective parts.",
                "REFERENCE.md §5 (IFS: parts identified, protective roles)"));

        if (profile[PresentationDomain.Cognitive].Score is >= StrongDomainScore and var cognitive)
            recommendations.Add(new(Modality.Cbt, $"Worry and rumination score {cognitive} of 9: CBT's thought records and behavioural experiments address rigid worry.",
                "REFERENCE.md §5; NICE CG113 (CBT first-line for generalised anxiety disorder)"));

        if (profile[PresentationDomain.Somatic].Score is >= StrongDomainScore and var somatic)
            recommendations.Add(new(Modality.Somatic, $"Physical symptoms score {somatic} of 9: breathwork and progressive muscle relaxation work through the body.",
                "REFERENCE.md §5 (somatic work: breathwork, progressive muscle relaxation)"));

        return recommendations;
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
