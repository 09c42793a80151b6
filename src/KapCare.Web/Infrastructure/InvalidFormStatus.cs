using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Infrastructure;

/// <summary>
/// A form posted with invalid input is shown again with its errors, answered 400 Bad Request (RFC 9110 §15.5.1) rather than 200,
/// so a script, a test or a proxy sees the refusal (issue 9: "a value longer than the limit gets a 400 naming the field").
/// htmx requests keep 200: htmx swaps only 2xx responses by default, and the inline error is what the person needs to see.
/// </summary>
public sealed class InvalidFormStatus : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
        if (!HttpMethods.IsPost(context.HttpContext.Request.Method) || context.HttpContext.Request.Headers.ContainsKey("HX-Request")) return;
        // The error page, shown in place of a failed request, keeps the status it was given.
        if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>() is not null
            || context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null) return;
        if (context.Result is PageResult { StatusCode: null } page && !context.ModelState.IsValid) page.StatusCode = StatusCodes.Status400BadRequest;
    }
}
