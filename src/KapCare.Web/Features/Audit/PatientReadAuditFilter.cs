using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Features.Audit;

/// <summary>
/// Every page that shows one patient's record leaves a read entry for that patient (DESIGN.md; issue 9, finding 5:
/// intake, eligibility, consent, plan and measure pages were read without one). Done once for all pages rather than in
/// each: a page under <c>/Patients/{id}</c> or in the patient's own portal that renders (a page, a partial or a file)
/// gets a <c>patient.read</c> entry naming the page, unless its handler already wrote a more specific entry for that
/// patient in the same request (e.g. <c>measure.read</c>, <c>consent.read</c> for a PDF). A page added later is covered
/// without remembering to; the test in tests/KapCare.Web.Tests/Audit/ReadAuditTests.cs walks the route table.
/// </summary>
public sealed class PatientReadAuditFilter(AuditTrail audit) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not null && !executed.ExceptionHandled) return;
        if (executed.Result is not (null or PageResult or PartialViewResult or FileResult)) return;
        if (PatientShown(context) is not { } patientId || audit.HasEntryFor(patientId)) return;
        var http = context.HttpContext;
        await audit.RecordAsync(AuditActions.PatientRead, AuditOutcome.Success, "Patient", patientId.ToString(), patientId,
            $"page {http.Request.Path}", http.RequestAborted);
    }

    /// <summary>The patient whose record the page shows: the <c>{id}</c> of a /Patients/{id}/… page, or the portal's own patient.</summary>
    private static Guid? PatientShown(PageHandlerExecutingContext context)
    {
        var path = context.ActionDescriptor.ViewEnginePath;
        if (path.StartsWith("/Patients/", StringComparison.Ordinal)
            && context.ActionDescriptor.AttributeRouteInfo?.Template?.StartsWith("Patients/{id:guid}", StringComparison.Ordinal) == true
            && Guid.TryParse(context.RouteData.Values["id"]?.ToString(), out var id))
            return id;
        if (path.StartsWith("/Portal/", StringComparison.Ordinal)
            && Guid.TryParse(context.HttpContext.User.FindFirst(KapCareClaimsFactory.PatientIdClaim)?.Value, out var own))
            return own;
        return null;
    }
}
