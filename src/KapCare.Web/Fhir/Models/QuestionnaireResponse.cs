using System.Text.Json;
using System.Text.Json.Serialization;

namespace KapCare.Web.Fhir.Models;

/// <summary>
/// FHIR R4 QuestionnaireResponse (http://hl7.org/fhir/R4/questionnaireresponse.html): the elements KapCare reads
/// when a form is submitted and writes when it is read back, and no others.
/// </summary>
public sealed class QuestionnaireResponse
{
    public string ResourceType { get; set; } = "QuestionnaireResponse";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    public Narrative? Text { get; set; }
    public List<Extension>? Extension { get; set; }
    /// <summary>The canonical URL of the Questionnaire answered, optionally with <c>|version</c>.</summary>
    public string? Questionnaire { get; set; }
    /// <summary>in-progress | completed | amended | entered-in-error | stopped</summary>
    public string? Status { get; set; }
    public Reference? Subject { get; set; }
    /// <summary>A FHIR dateTime, kept as text so a partial or malformed one gets KapCare's own OperationOutcome.</summary>
    public string? Authored { get; set; }
    public List<QuestionnaireResponseItem>? Item { get; set; }
}

public sealed class QuestionnaireResponseItem
{
    public List<Extension>? Extension { get; set; }
    public string? LinkId { get; set; }
    public string? Text { get; set; }
    public List<QuestionnaireResponseAnswer>? Answer { get; set; }
    /// <summary>Nested items of a group.</summary>
    public List<QuestionnaireResponseItem>? Item { get; set; }
}

public sealed class QuestionnaireResponseAnswer
{
    public List<Extension>? Extension { get; set; }
    public Coding? ValueCoding { get; set; }
    public int? ValueInteger { get; set; }

    /// <summary>
    /// Whatever else an answer carries: another value[x] type, or nested items. Caught here instead of refused by the
    /// parser, so the refusal can name the item and say which answer types KapCare takes.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherValues { get; set; }
}
