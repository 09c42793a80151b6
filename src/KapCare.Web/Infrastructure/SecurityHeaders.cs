using System.Globalization;

namespace KapCare.Web.Infrastructure;

/// <summary>
/// Headers on every response (issue 9, finding 6; OWASP HTTP Headers Cheat Sheet,
/// https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html). Runs before everything else, so error
/// pages, FHIR, the APIs and redirects carry them too.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// Scripts only from KapCare's own files: no inline script, no inline event handler, no eval, so injected markup cannot
    /// run (the page's behaviour lives in wwwroot/js). Styles allow inline <c>style</c> attributes: Tabler's markup and
    /// htmx's indicator styles use them, and CSS cannot run code; a nonce for styles is a later step.
    /// <c>frame-ancestors 'none'</c> is the modern form of X-Frame-Options (CSP Level 2 §7.7), sent beside it for old browsers.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; " +
        "img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; connect-src 'self'";

    private static readonly string Hsts = "max-age=" + ((long)WebDeployment.HstsMaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Pages, PDFs, FHIR and the APIs carry patient data: no browser, proxy or shared computer keeps a copy (RFC 9111 §5.2.2.5).
        // Static files replace this with their own caching (UseStaticFiles' OnPrepareResponse runs later and wins).
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        // HSTS only on HTTPS, as RFC 6797 §7.2 requires; a request through a trusted proxy counts when the proxy said https.
        if (context.Request.IsHttps) headers.StrictTransportSecurity = Hsts;
        return next(context);
    }
}
