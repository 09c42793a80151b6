using KapCare.Web.Data;
using System.Security.Cryptography;
using System.Text;

namespace KapCare.Web.Features.Consent;

public enum SignatureMethod
{
    /// <summary>The patient signed in the patient portal.</summary>
    Portal = 0,
    /// <summary>The patient signed in the clinic; a staff member witnessed.</summary>
    InClinic = 1,
}

/// <summary>
/// A signed consent: the exact text signed (and its SHA-256), the typed name, when and from where. Immutable —
/// the context refuses to change or delete it; a withdrawal or new version is a new record.
/// </summary>
[AppendOnly("A signed consent is immutable: sign a new version instead.")]
public sealed class SignedConsent
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public string DocumentId { get; set; } = string.Empty;
    public string DocumentVersion { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string Text { get; set; } = string.Empty;
    public string TextSha256 { get; set; } = string.Empty;
    public string SignedName { get; set; } = string.Empty;
    public DateTime SignedAt { get; set; }
    public string? IpAddress { get; set; }
    public SignatureMethod Method { get; set; }
    public string? SignedByUserId { get; set; }
    public string? WitnessUserId { get; set; }
    public string? WitnessName { get; set; }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
