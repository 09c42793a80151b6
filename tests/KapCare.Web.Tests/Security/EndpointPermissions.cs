using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;

namespace KapCare.Web.Tests.Security;

/// <summary>What one endpoint of the app declares about who may use it, read from its own metadata.</summary>
internal sealed record EndpointDeclaration(RouteEndpoint Endpoint, bool Anonymous, IReadOnlyList<string> Permissions, IReadOnlyList<string> RolePolicies,
    IReadOnlyList<HandlerPermissionAttribute> Handlers)
{
    public string Route => "/" + (Endpoint.RoutePattern.RawText ?? string.Empty).Trim('/');
    public bool IsPage => Endpoint.Metadata.OfType<PageActionDescriptor>().Any();
    /// <summary>A page answers GET (its POST handlers are <see cref="Handlers"/>); a mapped route says its methods, or answers any.</summary>
    public IReadOnlyList<string> Methods => Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
    public bool Declared => Anonymous || Permissions.Count > 0;
    public override string ToString() => $"{string.Join(",", Methods)} {Route}";

    /// <summary>Whether a person with these roles may reach it: every declared permission, from the union of the roles.</summary>
    public bool AllowsRoles(IReadOnlyCollection<string> roles)
    {
        if (Anonymous) return true;
        var held = Features.Users.Permissions.For(roles);
        return Permissions.All(p => p == Features.Users.Permissions.SignedIn ? roles.Count > 0 : held.Contains(p));
    }

    public static IReadOnlyList<EndpointDeclaration> From(EndpointDataSource source) =>
        [.. source.Endpoints.OfType<RouteEndpoint>().Select(Of).OrderBy(e => e.Route, StringComparer.Ordinal)];

    private static EndpointDeclaration Of(RouteEndpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        var authorize = metadata.GetOrderedMetadata<IAuthorizeData>();
        var policies = authorize.Select(a => a.Policy).OfType<string>().ToList();
        var permissions = policies.Where(p => p.StartsWith(Features.Users.Permissions.PolicyPrefix, StringComparison.Ordinal))
            .Select(p => p[Features.Users.Permissions.PolicyPrefix.Length..]).Distinct().ToList();
        // The portal policy ties a sign-in to one patient; it implies portal.self.
        if (policies.Contains(Policies.Portal) && !permissions.Contains(Features.Users.Permissions.PortalSelf)) permissions.Add(Features.Users.Permissions.PortalSelf);
        var roleLists = authorize.Where(a => !string.IsNullOrEmpty(a.Roles)).Select(a => a.Roles!).ToList();
        return new EndpointDeclaration(endpoint, metadata.GetMetadata<IAllowAnonymous>() is not null, permissions, roleLists,
            [.. metadata.OfType<HandlerPermissionAttribute>()]);
    }
}
