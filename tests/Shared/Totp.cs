using System.Globalization;
using System.Security.Cryptography;

namespace KapCare.Tests.Shared;

/// <summary>An authenticator app, as tests need one: RFC 6238 TOTP codes from an RFC 4648 base32 shared key.</summary>
public static class Totp
{
    /// <summary>RFC 6238 TOTP with HMAC-SHA1, 30-second steps, 6 digits (RFC 4226 §5.3 dynamic truncation).</summary>
    public static string Code(byte[] key, long unixTime)
    {
        var counter = unixTime / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian) Array.Reverse(message);
#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1; this is the algorithm under test, not a choice.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The code an authenticator app shows now for a base32 key (spaces and case ignored, as apps do).</summary>
    public static string Now(string base32Key) => Code(Base32Decode(base32Key), DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    /// <summary>RFC 4648 base32, as authenticator apps read the shared key.</summary>
    public static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var bytes = new List<byte>();
        foreach (var c in text.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant().TrimEnd('='))
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
