using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Hardening;

/// <summary>
/// Issue 9, finding 5: data-protection keys stored unencrypted. With a key certificate configured, each key's XML in the
/// database holds an &lt;encryptedSecret&gt; (ASP.NET Core key encryption at rest) and no &lt;masterKey&gt; value.
/// </summary>
public sealed class KeyEncryptionTests : IDisposable
{
    private const string CertificatePassword = "a test certificate password";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kapcare-tests", "cert-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A self-signed RSA certificate with its private key, as a clinic would make with openssl, in a password-protected .pfx.</summary>
    private string CreateCertificate()
    {
        Directory.CreateDirectory(folder);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=KapCare data protection test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, "keys.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        return path;
    }

    private static async Task<List<string>> KeyXmlAfterSignInAsync(KapCareTestApp app)
    {
        // Rendering a form makes an antiforgery token, and signing in a session cookie: both need a key, so one is created.
        await app.SignedInClientAsync(Roles.FrontDesk);
        return await app.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync());
    }

    [Fact]
    public async Task Given_a_key_certificate_When_a_key_is_created_Then_it_is_stored_encrypted_and_sign_in_still_works()
    {
        var app = KapCareTestApp.WithSettings(new Dictionary<string, string>
        {
            ["Web:KeyCertificate"] = CreateCertificate(),
            ["Web:KeyCertificatePassword"] = CertificatePassword,
        });
        await app.InitializeAsync();
        try
        {
            var keys = await KeyXmlAfterSignInAsync(app);
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            });
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Given_no_key_certificate_When_a_key_is_created_Then_it_is_stored_as_before_in_the_clear()
    {
        // The documented default for local use (docs/decisions/0018): a production deployment configures the certificate.
        var app = new KapCareTestApp();
        await app.InitializeAsync();
        try
        {
            var keys = await KeyXmlAfterSignInAsync(app);
            Assert.Contains(keys, xml => xml.Contains("<masterKey", StringComparison.Ordinal));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Given_a_wrong_certificate_password_When_the_app_starts_Then_it_refuses_with_a_message_naming_the_setting()
    {
        var app = KapCareTestApp.WithSettings(new Dictionary<string, string>
        {
            ["Web:KeyCertificate"] = CreateCertificate(),
            ["Web:KeyCertificatePassword"] = "not the password",
        });
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(app.InitializeAsync);
            Assert.Contains("KAPCARE_KEY_CERTIFICATE", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
