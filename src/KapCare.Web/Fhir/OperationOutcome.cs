using System.Text.Json.Serialization;

namespace KapCare.Web.Fhir;

/// <summary>FHIR R4 OperationOutcome (http://hl7.org/fhir/R4/operationoutcome.html).</summary>
public sealed class OperationOutcome
{
    public string ResourceType { get; init; } = "OperationOutcome";
    public string? Id { get; init; }
    public List<OperationOutcomeIssue> Issue { get; init; } = [];

    public static OperationOutcome Error(string code, string diagnostics, string? expression = null) => new()
    {
        Issue = [OperationOutcomeIssue.Error(code, diagnostics, expression)],
    };
}

public sealed class OperationOutcomeIssue
{
    /// <summary>fatal | error | warning | information</summary>
    public string Severity { get; init; } = "error";
    /// <summary>IssueType code, e.g. invalid, structure, value, not-found, conflict, login, forbidden.</summary>
    public string Code { get; init; } = "invalid";
    public string? Diagnostics { get; init; }
    [JsonPropertyName("expression")]
    public List<string>? Expression { get; init; }

    public static OperationOutcomeIssue Error(string code, string diagnostics, string? expression = null) => new()
    {
        Code = code, Diagnostics = diagnostics, Expression = expression is null ? null : [expression],
    };
}
