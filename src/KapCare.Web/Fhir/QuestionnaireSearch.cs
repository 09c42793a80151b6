using KapCare.Clinical.Instruments;
using KapCare.Clinical.Patients;

namespace KapCare.Web.Fhir;

/// <summary>FHIR search over KapCare's instrument library (in memory: it is a handful of Questionnaires).</summary>
public sealed class QuestionnaireSearch : ResourceSearch<Instrument>
{
    private const string Spec = SearchParameter.Spec;

    public static readonly IReadOnlyList<SearchParameter> Supported =
    [
        new("_id", "token", Spec + "Resource-id", "The Questionnaire id, which is KapCare's instrument id, e.g. gad-7."),
        new("url", "uri", Spec + "Questionnaire-url", $"The canonical URL, e.g. {InstrumentLibrary.CanonicalBase}/gad-7 (a |version suffix is ignored)."),
        new("name", "string", Spec + "Questionnaire-name", "Start of the computable name (e.g. GAD7) or the short name (e.g. GAD-7); case and punctuation are ignored."),
        new("title", "string", Spec + "Questionnaire-title", "Start of any word of the title; case and accents are ignored."),
        new("code", "token", Spec + "Questionnaire-code", "The panel's LOINC code: http://loinc.org|69737-5 or 69737-5."),
        .. SearchParameter.Paging,
    ];

    private QuestionnaireSearch() { }

    public override IReadOnlyList<SearchParameter> Parameters => Supported;

    protected override string ResourceType => "Questionnaire";

    public static (QuestionnaireSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict)
    {
        var search = new QuestionnaireSearch();
        var error = search.ParseQuery(query, strict);
        return error is null ? (search, null) : (null, error);
    }

    protected override string? Add(string name, string value, int repeats) => name switch
    {
        "_id" => AddAny(value, v => (i => string.Equals(i.Id, v, StringComparison.OrdinalIgnoreCase), null)),
        "url" => AddAny(value, v =>
        {
            var url = v.Split('|')[0];
            return (i => i.CanonicalUrl == url, null);
        }),
        "name" => AddAny(value, v =>
        {
            var start = Squash(v);
            if (start.Length == 0) return (null, $"name needs letters or digits to search for (received '{v}').");
            return (i => Squash(QuestionnaireMapping.ComputableName(i.ShortName)).StartsWith(start, StringComparison.Ordinal)
                || Squash(i.ShortName).StartsWith(start, StringComparison.Ordinal), null);
        }),
        "title" => AddAny(value, v =>
        {
            var start = SearchText.Fold(v);
            if (start.Length == 0) return (null, $"title needs letters or digits to search for (received '{v}').");
            return (i => (" " + SearchText.Fold(i.Title)).Contains(" " + start, StringComparison.Ordinal), null);
        }),
        "code" => AddAny(value, v =>
        {
            var (system, code) = Token(v);
            if (system is not (null or CodeRef.Loinc)) return (_ => false, null);
            return (i => i.PanelLoinc != null && i.PanelLoinc == code, null);
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a supported parameter."),
    };

    /// <summary>Letters and digits only, lower case: "GAD-7", "gad7" and "Gad 7" are the same name.</summary>
    private static string Squash(string text) => string.Concat(SearchText.Fold(text).Where(char.IsLetterOrDigit));
}
