using System.Collections.Immutable;

namespace KapCare.Clinical.Intake;

/// <summary>The three ways anxiety shows itself that the profile separates.</summary>
public enum PresentationDomain
{
    /// <summary>Worry, rumination, expecting the worst.</summary>
    Cognitive,
    /// <summary>Physical symptoms: racing heart, breathlessness, tension, panic surges.</summary>
    Somatic,
    /// <summary>Avoidance, escape, safety behaviours.</summary>
    Behavioural,
}

public sealed record ProfileItem(string Id, PresentationDomain Domain, string Text);

/// <summary>A domain's score: the sum of its items (0–9), or null while any of its items is unanswered.</summary>
public sealed record DomainScore(PresentationDomain Domain, int? Score, int Answered, int Items)
{
    public const int Maximum = 9;
}

/// <summary>The scored profile: one score per domain and the domain(s) that lead, when every item is answered.</summary>
public sealed record PresentationProfileResult(IReadOnlyList<DomainScore> Domains, IReadOnlyList<PresentationDomain> Leading)
{
    public bool IsComplete => Domains.All(d => d.Score is not null);
    public DomainScore this[PresentationDomain domain] => Domains.First(d => d.Domain == domain);
}

/// <summary>
/// A short profile of how the patient's anxiety presents: three items per domain, each rated 0 (not at all) to
/// 3 (nearly every day) over the last two weeks — the GAD-7's frequency anchors (Spitzer et al., Arch Intern Med 2006).
/// The three domains follow the cognitive / physiological / behavioural response systems of anxiety (Lang's
/// three-systems model, 1968; used in CBT case formulation). This is a KapCare clinical aid to choose the
/// integration approach, not a validated scale: it is never used to diagnose or to decide eligibility.
/// </summary>
public static class PresentationProfile
{
    public const int MaximumItemScore = 3;

    /// <summary>The domains within this many points of the highest one lead together ("mixed").</summary>
    public const int LeadingMargin = 1;

    public static readonly IReadOnlyList<string> FrequencyLabels = ["Not at all", "Several days", "More than half the days", "Nearly every day"];

    public static readonly IReadOnlyList<ProfileItem> Items =
    [
        new("cog-worry", PresentationDomain.Cognitive, "Worrying thoughts I can't switch off"),
        new("cog-ruminate", PresentationDomain.Cognitive, "Going over past conversations or events again and again"),
        new("cog-worst", PresentationDomain.Cognitive, "Expecting the worst to happen"),
        new("som-heart", PresentationDomain.Somatic, "A racing or pounding heart, shortness of breath or trembling"),
        new("som-tension", PresentationDomain.Somatic, "Tense muscles, headaches or an upset stomach"),
        new("som-surge", PresentationDomain.Somatic, "Sudden surges of intense fear with physical symptoms"),
        new("beh-avoid", PresentationDomain.Behavioural, "Avoiding places, people or situations because of anxiety"),
        new("beh-escape", PresentationDomain.Behavioural, "Leaving early or putting things off because of anxiety"),
        new("beh-safety", PresentationDomain.Behavioural, "Needing reassurance, checking, or a safe person with me"),
    ];

    /// <summary>Scores the answered items; an answer outside 0–3 or for an unknown item is an error, not ignored.</summary>
    public static PresentationProfileResult Score(IReadOnlyDictionary<string, int> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        foreach (var (id, value) in answers)
        {
            if (Items.All(i => i.Id != id)) throw new ArgumentException($"Unknown presentation item '{id}'.", nameof(answers));
            if (value is < 0 or > MaximumItemScore) throw new ArgumentOutOfRangeException(nameof(answers), $"Item '{id}' must be 0–3, not {value}.");
        }

        var domains = Enum.GetValues<PresentationDomain>().Select(domain =>
        {
            var items = Items.Where(i => i.Domain == domain).ToList();
            var given = items.Where(i => answers.ContainsKey(i.Id)).Select(i => answers[i.Id]).ToList();
            return new DomainScore(domain, given.Count == items.Count ? given.Sum() : null, given.Count, items.Count);
        }).ToImmutableArray();

        if (domains.Any(d => d.Score is null)) return new PresentationProfileResult(domains, []);
        var highest = domains.Max(d => d.Score!.Value);
        // A profile with nothing above zero has no leading domain.
        var leading = highest == 0 ? [] : domains.Where(d => d.Score >= highest - LeadingMargin).Select(d => d.Domain).ToImmutableArray();
        return new PresentationProfileResult(domains, leading);
    }

    public static string Label(PresentationDomain domain) => domain switch
    {
        PresentationDomain.Cognitive => "Cognitive (worry, rumination)",
        PresentationDomain.Somatic => "Somatic (physical symptoms)",
        PresentationDomain.Behavioural => "Behavioural (avoidance)",
    };

    public static string ShortLabel(PresentationDomain domain) => domain switch
    {
        PresentationDomain.Cognitive => "Cognitive",
        PresentationDomain.Somatic => "Somatic",
        PresentationDomain.Behavioural => "Behavioural",
    };
}
