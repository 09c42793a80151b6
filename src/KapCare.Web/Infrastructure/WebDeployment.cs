using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;

namespace KapCare.Web.Infrastructure;

/// <summary>
/// How this instance is deployed: the address people reach it at, the reverse proxies it may believe, and the certificate
/// that encrypts its data-protection keys (docs/decisions/0018-web-hardening.md). Each comes from configuration
/// (<c>Web:PublicUrl</c>, …, e.g. <c>kapcare serve --public-url</c>) or from its environment variable.
/// </summary>
public sealed class WebDeploymentSettings
{
    public const string PublicUrlVariable = "KAPCARE_PUBLIC_URL";
    public const string TrustedProxiesVariable = "KAPCARE_TRUSTED_PROXIES";
    public const string KeyCertificateVariable = "KAPCARE_KEY_CERTIFICATE";
    public const string KeyCertificatePasswordVariable = "KAPCARE_KEY_CERTIFICATE_PASSWORD";

    /// <summary>The public base address, e.g. <c>https://clinic.example</c> or <c>https://example.org/kapcare</c>, without a trailing slash; null for local use.</summary>
    public string? PublicUrl { get; init; }

    public IReadOnlyList<IPAddress> TrustedProxies { get; init; } = [];
    public IReadOnlyList<System.Net.IPNetwork> TrustedNetworks { get; init; } = [];
    public string? KeyCertificatePath { get; init; }
    public string? KeyCertificatePassword { get; init; }

    /// <summary>The deployment is reached over HTTPS: every cookie is then marked Secure, even on a request that arrived over plain HTTP.</summary>
    public bool HttpsInUse => PublicUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    public bool TrustsProxies => TrustedProxies.Count > 0 || TrustedNetworks.Count > 0;

    public static WebDeploymentSettings From(IConfiguration configuration)
    {
        string? Setting(string key, string variable) =>
            configuration["Web:" + key] is { Length: > 0 } configured ? configured
            : configuration[variable] is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in (Setting("TrustedProxies", TrustedProxiesVariable) ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) proxies.Add(address);
            else throw new InvalidOperationException($"{TrustedProxiesVariable}: '{entry}' is neither an IP address (10.0.0.5) nor a network (10.0.0.0/24).");
        }
        return new WebDeploymentSettings
        {
            PublicUrl = NormalizePublicUrl(Setting("PublicUrl", PublicUrlVariable)),
            TrustedProxies = proxies,
            TrustedNetworks = networks,
            KeyCertificatePath = Setting("KeyCertificate", KeyCertificateVariable),
            KeyCertificatePassword = Setting("KeyCertificatePassword", KeyCertificatePasswordVariable),
        };
    }

    private static string? NormalizePublicUrl(string? value)
    {
        if (value is null) return null;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            throw new InvalidOperationException($"{PublicUrlVariable}: '{value}' is not a public base address like https://clinic.example or https://example.org/kapcare.");
        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>
    /// The base for absolute links (FHIR fullUrl and Location, links sent to patients). The configured public address when
    /// there is one: the Host header is whatever the client sent, so a link built from it can point a patient or an
    /// integration at an attacker's site (issue 9, finding 6). Without the setting (local use) the request's own address.
    /// </summary>
    public string BaseUrl(HttpRequest request) => PublicUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
}

/// <summary>Registers and applies the deployment settings: forwarded headers, cookie security, HSTS, data-protection key encryption.</summary>
public static class WebDeployment
{
    /// <summary>HSTS for a year (RFC 6797 §6.1.1; OWASP HTTP Headers Cheat Sheet recommends at least one year).</summary>
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    public static WebDeploymentSettings AddWebDeployment(WebApplicationBuilder builder, IDataProtectionBuilder dataProtection)
    {
        var settings = WebDeploymentSettings.From(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);

        // Only the proxies named are believed: X-Forwarded-For/-Proto from anyone else is ignored, so a client cannot claim
        // HTTPS or another IP address for the audit log. The defaults (loopback) are cleared: a proxy on the same host is named too.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in settings.TrustedProxies) o.KnownProxies.Add(proxy);
            foreach (var network in settings.TrustedNetworks) o.KnownIPNetworks.Add(network);
        });

        // Secure cookies: always when the public address is HTTPS; otherwise on every request that came over HTTPS
        // (directly or through a trusted proxy), so plain-HTTP local use keeps working.
        var policy = settings.HttpsInUse ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.ConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = policy);
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = policy);

        if (settings.KeyCertificatePath is { } path)
        {
            // Keys at rest are encrypted to the certificate (XML encryption, <encryptedSecret>); without it they are stored in
            // the database in the clear, and anyone who can read the database can forge session cookies.
            // https://learn.microsoft.com/aspnet/core/security/data-protection/implementation/key-encryption-at-rest
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings.KeyCertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{WebDeploymentSettings.KeyCertificateVariable}: cannot load the key certificate '{path}' ({e.Message}). Check the file and {WebDeploymentSettings.KeyCertificatePasswordVariable}.", e);
            }
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException($"{WebDeploymentSettings.KeyCertificateVariable}: '{path}' has no private key; the keys could be encrypted but never read back.");
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        return settings;
    }

    /// <summary>First in the pipeline: believe trusted proxies, then add the security headers to every response.</summary>
    public static void UseWebDeployment(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<WebDeploymentSettings>();
        if (settings.TrustsProxies) app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        if (settings.HttpsInUse) app.Use(RedirectPlainHttpAsync);
    }

    /// <summary>
    /// With an HTTPS public address, a request that reached KapCare over plain HTTP (not through a trusted proxy that said
    /// https) goes to the same path at the public address, 308 so the method is kept (RFC 9110 §15.4.9). Its cookies are
    /// Secure and would not come back over HTTP anyway. The health check stays on HTTP for load balancers' probes.
    /// </summary>
    private static Task RedirectPlainHttpAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)) return next(context);
        var settings = context.RequestServices.GetRequiredService<WebDeploymentSettings>();
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = settings.PublicUrl + context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        return Task.CompletedTask;
    }
}
