using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Hardening;

/// <summary>
/// The central length check (KapCareDbContext) can only refuse what has a limit: every text column of KapCare's own records
/// has one. ASP.NET Core Identity's and data protection's own columns (hashes, stamps, key XML) are written by the framework,
/// and user ids come from the signed-in principal, never from typed text.
/// </summary>
public sealed class ModelLengthTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    [Fact]
    public async Task Given_the_model_When_read_Then_every_text_property_of_KapCare_records_has_a_maximum_length()
    {
        var unbounded = await app.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .Where(t => t.ClrType.Namespace?.StartsWith("KapCare.", StringComparison.Ordinal) == true && t.ClrType.Name != "DataProtectionKey")
            .SelectMany(t => t.GetProperties().Where(p => p.ClrType == typeof(string) && p.GetMaxLength() is null
                && p.PropertyInfo?.DeclaringType?.Namespace?.StartsWith("KapCare.", StringComparison.Ordinal) == true && !p.Name.EndsWith("UserId", StringComparison.Ordinal)).Select(p => $"{t.ClrType.Name}.{p.Name}"))
            .ToList()));
        Assert.True(unbounded.Count == 0, "No maximum length: " + string.Join(", ", unbounded));
    }
}
