using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; } = 500;
    public string Heading { get; private set; } = "Something went wrong";
    public string Advice { get; private set; } = "KapCare hit an unexpected error and saved nothing from this request. Try again; if it keeps happening, tell your administrator the time it happened.";

    public void OnGet(int? code) => Describe(code);
    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        Code = code ?? 500;
        (Heading, Advice) = Code switch
        {
            404 => ("Page not found", "The address may be mistyped, or the record no longer exists. Search for it from the patient list."),
            403 => ("Not available to your role", "Ask your clinic's administrator if you need access."),
            400 when HttpContext.Items[Infrastructure.FieldTooLongResponses.ItemKey] is string tooLong => ("A field is too long", tooLong + " Go back to the form to shorten it."),
            400 => ("That request could not be understood", "Go back, reload the page and try again."),
            _ => (Heading, Advice),
        };
    }
}
