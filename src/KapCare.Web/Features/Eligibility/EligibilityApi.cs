using System.Text.Json;
using KapCare.Clinical.Eligibility;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KapCare.Web.Features.Eligibility;

public sealed record ReasonFactResponse(string Field, string Value);

public sealed record ReasonResponse(string RuleId, int RuleVersion, string Severity, bool MissingInformation, string Message, IReadOnlyList<ReasonFactResponse> Facts, string Source);

public sealed record TrialResponse(string Trial, bool Counts, string Why);

public sealed record TreatmentResistanceResponse(int AdequateTrials, IReadOnlyList<TrialResponse> Trials);

/// <summary>What <c>POST /api/eligibility/evaluate</c> answers: the outcome, every reason with its facts and source, and the rule-set version used.</summary>
public sealed record EvaluationResponse(string Outcome, string RuleSetVersion, IReadOnlyList<ReasonResponse> Reasons, TreatmentResistanceResponse TreatmentResistance);

/// <summary>
/// <c>POST /api/eligibility/evaluate</c>: evaluates an intake without storing it, for integrations and for trying
/// rule changes. Bad input is a 400 ProblemDetails whose <c>errors</c> name the field.
/// </summary>
public static class EligibilityApi
{
    private static readonly string[] RequiredFields =
        typeof(IntakeFactsRequest).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray();

    public static void Map(IEndpointRouteBuilder app)
    {
        // Bearer tokens only; the user needs clinical.read (the facts are psychiatric history) and the token the scope
        // user/Eligibility.read (or a wildcard): scopes narrow what the permissions allow (docs/decisions/0015).
        var bearer = new AuthorizationPolicyBuilder(BearerTokenHandler.SchemeName).RequireAuthenticatedUser().Build();
        app.MapPost("/api/eligibility/evaluate", EvaluateAsync)
            .RequireAuthorization(bearer)
            .RequiresPermission(Permissions.ClinicalRead)
            .AddEndpointFilter(ApiScopeFilter.RequireRead("Eligibility"))
            .WithTags("Eligibility")
            .WithSummary("Evaluate an intake against the eligibility rules, without storing anything")
            .WithDescription("Every field is required; send \"unknown\" (or null for a number) for a fact nobody knows — an unknown is reported as a reason, never a pass. "
                + "Outcome: Eligible, NeedsReview or NotEligible, with every reason (rule id and version, severity, the facts that triggered it, the published source) and "
                + "the rule-set version used. Sources: KapCare clinical reference §2 (psychosis, substance use, vascular contraindications, blood pressure, pregnancy, "
                + "bipolar without mood stabilizer, C-SSRS high risk, interacting medications, support and transport, treatment resistance).")
            .Accepts<IntakeFactsRequest>("application/json")
            .Produces<EvaluationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<EvaluationResponse>, ValidationProblem, ProblemHttpResult>> EvaluateAsync(HttpRequest request, AuditTrail audit, EligibilityRules rules)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem("Send the intake as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [$"Malformed JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}."] },
                title: "The intake is not valid JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["Send one JSON object with the intake's fields."] });

            var present = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var missing = RequiredFields.Where(f => !present.Contains(f)).ToList();
            if (missing.Count > 0)
                return TypedResults.ValidationProblem(missing.ToDictionary(f => f, f => new[] { "Required: send it, as \"unknown\" (or null for a number) when not known." }),
                    title: "Fields are missing");

            IntakeFactsRequest? body;
            try
            {
                body = document.RootElement.Deserialize<IntakeFactsRequest>(IntakeFactsRequest.Json);
            }
            catch (JsonException ex)
            {
                var field = (ex.Path ?? "$").TrimStart('$', '.');
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field.Length == 0 ? "$" : field] = [Describe(ex)] },
                    title: "A field has the wrong type or is not known");
            }

            var (facts, errors) = body!.ToFacts();
            if (facts is null) return TypedResults.ValidationProblem(errors, title: "Some values are not possible");

            var result = EligibilityEngine.Evaluate(facts, await rules.CurrentAsync(request.HttpContext.RequestAborted));
            var resistance = TreatmentResistance.Assess(facts.MedicationTrials, facts.PsychotherapyCourses);
            await audit.RecordAsync(AuditActions.EligibilityEvaluate, AuditOutcome.Success, "Eligibility", detail: $"{result.Outcome} under rule set {result.RuleSetVersion}; nothing stored");
            return TypedResults.Ok(new EvaluationResponse(
                result.Outcome.ToString(),
                result.RuleSetVersion,
                result.Reasons.Select(r => new ReasonResponse(r.RuleId, r.RuleVersion, r.Severity.ToString(), r.IsMissingInformation, r.Message,
                    r.Facts.Select(f => new ReasonFactResponse(f.Field, f.Value)).ToList(), r.Source)).ToList(),
                new TreatmentResistanceResponse(resistance.AdequateTrialCount,
                    resistance.Counted.Concat(resistance.NotCounted).Select(t => new TrialResponse(t.Trial, t.Counts, t.Why)).ToList())));
        }
    }

    private static string Describe(JsonException ex) =>
        ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "Not a field of the intake; see the schema in /openapi/v1.json."
            : "Wrong type: " + ex.Message.Split(" Path:", 2)[0];
}
