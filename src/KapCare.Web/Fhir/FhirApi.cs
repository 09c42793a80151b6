namespace KapCare.Web.Fhir;

/// <summary>The FHIR R4 endpoints under /fhir.</summary>
public static class FhirApi
{
    public static void AddServices(IServiceCollection services)
    {
    }

    public static void Map(IEndpointRouteBuilder app)
    {
    }
}
