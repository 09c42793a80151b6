using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KapCare.Web.Features.Audit;

/// <summary>
/// The canonical form and hash shared by KapCare's hash chains — the audit log (<see cref="AuditChain"/>) and the
/// controlled-substance ledger (<see cref="Ledger.LedgerChain"/>): for each field in order, <c>-\n</c> when it is null,
/// otherwise its UTF-8 byte length in decimal, a colon, the value and <c>\n</c>. The length prefix makes the encoding
/// unambiguous (no value can imitate a field boundary; null differs from empty). docs/decisions/0017.
/// </summary>
public sealed class CanonicalFields
{
    private readonly StringBuilder text = new(256);

    public CanonicalFields Field(string? value)
    {
        if (value is null) { text.Append("-\n"); return this; }
        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
        return this;
    }

    public CanonicalFields Field(long? value) => Field(value?.ToString(CultureInfo.InvariantCulture));

    public CanonicalFields Field(Guid? value) => Field(value?.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>A UTC time at microsecond precision (<see cref="ChainTime.Utc"/>), <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>.</summary>
    public CanonicalFields Field(DateTime value) => Field(ChainTime.Utc(value).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

    public CanonicalFields Field(DateOnly value) => Field(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(text.ToString());

    /// <summary>Lowercase hex SHA-256 of the fields.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(ToBytes()));
}

public static class ChainTime
{
    /// <summary>
    /// UTC at microsecond precision: PostgreSQL's timestamp keeps microseconds (SQLite keeps all seven digits), so the
    /// time is cut to what both store before it is hashed, and what is hashed is what is stored. A time without a kind
    /// is taken as local, as the context's converter does.
    /// </summary>
    public static DateTime Utc(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }
}
