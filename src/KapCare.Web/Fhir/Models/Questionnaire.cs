namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Questionnaire (http://hl7.org/fhir/R4/questionnaire.html), as KapCare generates it from an instrument.</summary>
public sealed class Questionnaire
{
    public string ResourceType { get; set; } = "Questionnaire";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    public Narrative? Text { get; set; }
    public string? Url { get; set; }
    public string? Name { get; set; }
    public string? Title { get; set; }
    /// <summary>draft | active | retired | unknown</summary>
    public string Status { get; set; } = "active";
    public bool? Experimental { get; set; }
    public List<string>? SubjectType { get; set; }
    public string? Publisher { get; set; }
    public string? Description { get; set; }
    public string? Purpose { get; set; }
    public List<Coding>? Code { get; set; }
    public List<QuestionnaireItem>? Item { get; set; }
}

public sealed class QuestionnaireItem
{
    public string LinkId { get; set; } = string.Empty;
    public List<Coding>? Code { get; set; }
    public string? Prefix { get; set; }
    public string? Text { get; set; }
    /// <summary>group | display | boolean | decimal | integer | date | dateTime | time | string | text | url | choice | open-choice | …</summary>
    public string Type { get; set; } = "choice";
    public List<QuestionnaireEnableWhen>? EnableWhen { get; set; }
    public bool? Required { get; set; }
    public List<QuestionnaireAnswerOption>? AnswerOption { get; set; }
}

public sealed class QuestionnaireEnableWhen
{
    public string Question { get; set; } = string.Empty;
    /// <summary>exists | = | != | &gt; | &lt; | &gt;= | &lt;=</summary>
    public string Operator { get; set; } = "=";
    public Coding? AnswerCoding { get; set; }
}

public sealed class QuestionnaireAnswerOption
{
    /// <summary>Carries the option's score as the ordinalValue extension.</summary>
    public List<Extension>? Extension { get; set; }
    public Coding? ValueCoding { get; set; }
}
