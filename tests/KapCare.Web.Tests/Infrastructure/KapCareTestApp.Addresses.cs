using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;

namespace KapCare.Web.Tests.Infrastructure;

public sealed partial class KapCareTestApp
{
    /// <summary>
    /// A browser-like client whose requests come from <paramref name="address"/>. The in-memory server gives requests
    /// no client address of its own; per-address limits (the consultation request form) need one.
    /// </summary>
    public HttpClient CreateClientFrom(IPAddress address)
    {
        var cookies = new CookieContainerHandler { InnerHandler = app!.GetTestServer().CreateHandler(c => c.Connection.RemoteIpAddress = address) };
        var redirect = new RedirectHandler(maxRedirects: 7) { InnerHandler = cookies };
        return new HttpClient(redirect) { BaseAddress = new Uri("http://localhost") };
    }
}
