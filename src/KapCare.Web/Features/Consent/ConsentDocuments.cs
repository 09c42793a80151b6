namespace KapCare.Web.Features.Consent;

public enum ConsentKind
{
    /// <summary>Informed consent for ketamine-assisted therapy: dosing is blocked without a current signature.</summary>
    Treatment = 0,
    Telehealth = 1,
    Financial = 2,
    /// <summary>Optional: research use of de-identified data.</summary>
    Research = 3,
}

/// <summary>One version of a consent document. The text is what the patient reads and signs, word for word.</summary>
public sealed record ConsentDocument(string Id, string Version, ConsentKind Kind, string Title, bool Required, IReadOnlyList<string> Paragraphs)
{
    public string Text => string.Join("\n\n", Paragraphs);
}

/// <summary>
/// The consent documents the clinic uses, each versioned: a new wording is a new version, and a signature is
/// for the exact version signed. Risks follow the clinical reference (REFERENCE.md §4: blood pressure rises,
/// common adverse effects, discharge with an escort and no driving until the next day).
/// </summary>
public static class ConsentDocuments
{
    public static readonly ConsentDocument Treatment = new("ketamine-treatment", "2026-11", ConsentKind.Treatment,
        "Informed consent for ketamine-assisted therapy", true,
    [
        "I am asking to receive ketamine-assisted therapy for an anxiety disorder at this clinic. Ketamine is an anaesthetic medicine; using it for anxiety is off-label, except esketamine (Spravato) for depression under its REMS programme. I understand that ketamine is a Schedule III controlled substance.",
        "What happens: after preparation with my care team, I receive ketamine by the route and dose my prescriber orders (for example intravenous infusion, intramuscular injection, or sublingual tablets) while I am monitored. Each dosing session is followed by an integration session with a therapist.",
        "Risks I have been told about: blood pressure and heart rate rise during and after dosing, on average by about 16/11 mmHg and most often in the first sessions, occasionally to levels that need treatment; nausea and vomiting; dizziness; headache; blurred vision; sleepiness; a dream-like or detached state (dissociation) that can be unpleasant or frightening while it lasts; rarely slowed breathing or a confused state on waking. Repeated high-dose use outside medical care can harm the bladder and liver and can lead to misuse.",
        "For my safety: I will tell the team about all my medicines, alcohol and drug use, and any chance of pregnancy. My blood pressure will be checked before every session, and a session may be postponed if it is too high. I will not drive, operate machinery or make important decisions until the next day after a night's sleep, I will not drink alcohol for 24 hours, and a responsible adult will take me home.",
        "Benefits are not guaranteed: many people improve, some do not, and improvement may fade and need maintenance sessions. Other treatments exist, including medication and psychotherapy, and I may choose them instead.",
        "I may ask questions at any time, and I may stop treatment at any time without losing access to other care at this clinic.",
    ]);

    public static readonly ConsentDocument Telehealth = new("telehealth", "2026-11", ConsentKind.Telehealth,
        "Consent to telehealth", true,
    [
        "Some of my appointments, such as integration sessions and follow-ups, may take place by secure video or telephone. I understand that telehealth has limits: a clinician cannot examine me in person, and a connection can fail.",
        "I will take part from a private place, and tell the clinician where I am so that help can be sent in an emergency. Dosing sessions are never done by telehealth.",
    ]);

    public static readonly ConsentDocument Financial = new("financial-policy", "2026-11", ConsentKind.Financial,
        "Financial policy", true,
    [
        "I have received a cost estimate for my treatment plan. Ketamine for anxiety is often not covered by insurance; I am responsible for charges my insurer does not pay.",
        "Sessions cancelled less than 24 hours ahead may be charged, except for medical reasons, including a session postponed because my blood pressure was too high.",
    ]);

    public static readonly ConsentDocument Research = new("research-deidentified", "2026-11", ConsentKind.Research,
        "Research use of de-identified data (optional)", false,
    [
        "I allow the clinic to use my questionnaire scores and treatment records, with my name and other identifying details removed, for research and quality improvement, and to share them in that form with research partners.",
        "Saying no does not change my care in any way, and I may withdraw this permission at any time for future use.",
    ]);

    public static IReadOnlyList<ConsentDocument> Current { get; } = [Treatment, Telehealth, Financial, Research];

    public static ConsentDocument? Find(string id) => Current.FirstOrDefault(d => d.Id == id);
}
