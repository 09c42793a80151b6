using KapCare.Web.Data;
using KapCare.Web.Fhir;
using Microsoft.AspNetCore.Diagnostics;

namespace KapCare.Web.Infrastructure;

/// <summary>
/// Answers a <see cref="FieldTooLongException"/> from any handler with a 400 that names the field, never a 500 (DESIGN.md:
/// "never a 500 for bad input"): an OperationOutcome on /fhir (issue type too-long, http://hl7.org/fhir/R4/valueset-issue-type.html),
/// a ProblemDetails on /api, and the error page with the field and its limit for the pages. Nothing was saved: the check runs
/// before the database is written.
/// </summary>
public sealed class FieldTooLongResponses(RequestDelegate next)
{
    /// <summary>The message for the error page (<see cref="Pages.ErrorModel"/>), kept across the status-code re-execution.</summary>
    public const string ItemKey = "kapcare.field-too-long";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (FieldTooLongException e) when (!context.Response.HasStarted)
        {
            var message = $"{e.Entity}.{e.Field} is too long: {e.Length} characters, at most {e.MaxLength}. Shorten it and try again; nothing was saved.";
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            if (context.Request.Path.StartsWithSegments("/fhir"))
            {
                await FhirResults.WriteOutcomeAsync(context, StatusCodes.Status400BadRequest, OperationOutcome.Error("too-long", message, $"{e.Entity}.{e.Field}"));
            }
            else if (context.Request.Path.StartsWithSegments("/api"))
            {
                await Results.ValidationProblem(new Dictionary<string, string[]> { [$"{e.Entity}.{e.Field}"] = [message] },
                    title: "A field is too long.", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            }
            else
            {
                // The status-code page middleware shows the error page, which reads this.
                context.Items[ItemKey] = message;
            }
        }
    }
}
