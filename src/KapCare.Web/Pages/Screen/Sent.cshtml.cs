using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Screen;

/// <summary>The thank-you page after a consultation request. It shows nothing of the request, so reloading or sharing it reveals nothing.</summary>
[AllowAnonymous]
public sealed class SentModel : PageModel
{
    public void OnGet()
    {
    }
}
