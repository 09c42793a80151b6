using System.Text.Json;
using System.Text.Json.Serialization;
using KapCare.Clinical.Dosing;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KapCare.Web.Features.Plans;

/// <summary>
/// <c>POST /api/dosing/calculate</c> (issue 10, item 11): the dose calculator for integrations, with the fields of
/// <c>kapcare dose</c> and the same answer. It stores nothing and holds no patient data, but a dose is clinical work:
/// the user needs clinical.read and the token the scope user/Dosing.read (or a wildcard). The answer is 200 whatever the
/// status (<c>ok</c>, <c>warn</c>, <c>block</c>, <c>refuse</c>): a refused dose is a correct answer, not an error;
/// malformed JSON is a 400.
/// </summary>
public static class DosingApi
{
    public const string Path = "/api/dosing/calculate";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        var bearer = new AuthorizationPolicyBuilder(BearerTokenHandler.SchemeName).RequireAuthenticatedUser().Build();
        app.MapPost(Path, CalculateAsync)
            .RequireAuthorization(bearer)
            .RequiresPermission(Permissions.ClinicalRead)
            .AddEndpointFilter(ApiScopeFilter.RequireRead("Dosing"))
            .WithTags("Dosing")
            .WithSummary("Check a dose against KapCare's limits and work out its preparation, without storing anything")
            .WithDescription("Fields: route (iv, im, sc, sublingual, oral, esketamine), mgPerKg or doseMg, weightKg, heightCm, age, firstDose, minutes (IV), "
                + "vialMgPerMl, sex. Answer: status ok | warn (soft limit, acknowledge) | block (hard limit, co-signature) | refuse (invalid input), doseMg, "
                + "calculatedMg, vialVolumeMl, devices, pumpRateMlPerHour, preparation (none when blocked), messages [{level, text, source}]. "
                + "Sources: KapCare clinical reference §3 (routes, doses), Spravato label (esketamine), Devine 1974 (ideal body weight).")
            .Accepts<DoseCheckInput>("application/json")
            .Produces<DoseReport>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<DoseReport>, ValidationProblem, ProblemHttpResult>> CalculateAsync(HttpRequest request, AuditTrail audit, DosingStockSettings stock)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem("Send the dose as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        DoseCheckInput? input;
        try
        {
            input = await JsonSerializer.DeserializeAsync<DoseCheckInput>(request.Body, JsonOptions, request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Path ?? "$"] = [ex.Message.Split(" Path:", 2)[0]] }, title: "Malformed JSON");
        }
        if (input is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["Send a JSON object."] }, title: "Malformed JSON");

        // The clinic's own stock (vial strength, bag, sites, troches), as its plans are prepared.
        var report = DoseCheck.Run(input, await stock.CurrentAsync(request.HttpContext.RequestAborted));
        await audit.RecordAsync(AuditActions.DoseCalculate, AuditOutcome.Success, "Dosing", null, null,
            $"API {input.Route} {(input.MgPerKg is { } k ? $"{k} mg/kg" : $"{input.DoseMg} mg")}: {report.Status}", request.HttpContext.RequestAborted);
        return TypedResults.Ok(report);
    }
}
