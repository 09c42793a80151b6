using System.Text;
using KapCare.Clinical.Instruments;
using KapCare.Web.Fhir.Models;

namespace KapCare.Web.Fhir;

/// <summary>Expresses an instrument of KapCare's library as a FHIR R4 Questionnaire.</summary>
public static class QuestionnaireMapping
{
    /// <summary>R4 core extension for the score an answer carries (context: Coding and Questionnaire.item.answerOption).</summary>
    public const string OrdinalValueUrl = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

    /// <summary>The linkId of the instructions shown before the questions; no instrument item uses it.</summary>
    public const string PreambleLinkId = "preamble";

    public static Questionnaire ToFhir(Instrument instrument)
    {
        var items = new List<QuestionnaireItem>();
        if (!string.IsNullOrWhiteSpace(instrument.Preamble))
            items.Add(new QuestionnaireItem { LinkId = PreambleLinkId, Text = instrument.Preamble, Type = "display" });
        foreach (var item in instrument.Items)
        {
            items.Add(new QuestionnaireItem
            {
                LinkId = item.LinkId,
                // Other systems know a question by its LOINC code, never by KapCare's linkId (REFERENCE.md §1, FHIR shape).
                Code = item.LoincCode is null ? null : [new Coding { System = CodeRef.Loinc, Code = item.LoincCode }],
                // The item's number on the published form ("6b" for the C-SSRS follow-up, "15" for the CADSS-6's fifth item).
                Prefix = $"{item.LinkId}.",
                Text = item.Text,
                Type = "choice",
                EnableWhen = item.EnableWhen is { } condition && instrument.FindItem(condition.LinkId)?.OptionFor(condition.Score) is { } when
                    ? [new QuestionnaireEnableWhen { Question = condition.LinkId, Operator = "=", AnswerCoding = Answer(when, withScore: false) }]
                    : null,
                Required = item.Required,
                AnswerOption = [.. item.Options.Select(o => new QuestionnaireAnswerOption { Extension = [OrdinalValue(o.Score)], ValueCoding = Answer(o, withScore: false) })],
            });
        }

        return new Questionnaire
        {
            Id = instrument.Id,
            Url = instrument.CanonicalUrl,
            Name = ComputableName(instrument.ShortName),
            Title = instrument.Title,
            Status = "active",
            Experimental = false,
            SubjectType = ["Patient"],
            Publisher = "KapCare",
            Description = $"{instrument.Title}, {(instrument.Rater == Rater.Clinician ? "rated by a clinician" : "answered by the patient")}. Source: {instrument.Source}. "
                + "Each answer carries its score as the ordinalValue extension; KapCare scores a submitted QuestionnaireResponse and records the total as an Observation.",
            Code = instrument.PanelLoinc is null ? null : [new Coding { System = CodeRef.Loinc, Code = instrument.PanelLoinc, Display = instrument.Title }],
            Item = items,
        };
    }

    /// <summary>The answer as a Coding; with <paramref name="withScore"/>, its score rides along as ordinalValue.</summary>
    public static Coding Answer(AnswerOption option, bool withScore) => new()
    {
        Extension = withScore ? [OrdinalValue(option.Score)] : null,
        System = option.System,
        Code = option.Code,
        Display = option.Display,
    };

    public static Extension OrdinalValue(int score) => new() { Url = OrdinalValueUrl, ValueDecimal = score };

    /// <summary>Questionnaire.name must be machine-friendly (R4 invariant que-0: [A-Z]([A-Za-z0-9_]){0,254}): "GAD-7" becomes "GAD7".</summary>
    public static string ComputableName(string shortName)
    {
        var name = new StringBuilder();
        foreach (var c in shortName)
            if (char.IsAsciiLetterOrDigit(c) || c == '_') name.Append(name.Length == 0 ? char.ToUpperInvariant(c) : c);
        if (name.Length == 0 || !char.IsAsciiLetterUpper(name[0])) name.Insert(0, 'Q');
        return name.Length > 255 ? name.ToString(0, 255) : name.ToString();
    }
}
