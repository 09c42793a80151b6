using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KapCare.Clinical.Patients;

/// <summary>
/// A medical record number: eight digits whose last digit is a Luhn check digit (ISO/IEC 7812-1),
/// shown as <c>KC-1234-5678</c>. The check digit catches every single-digit typo and most
/// transpositions when staff read an MRN aloud or type it from a label. Numbers are drawn at random
/// rather than in sequence, so several app instances can assign them without coordinating; a unique
/// index in the database settles the rare collision (see docs/decisions/0003).
/// </summary>
public readonly record struct MedicalRecordNumber
{
    public const string Prefix = "KC";
    private const int Digits = 8;

    private MedicalRecordNumber(string digits) => Value = digits;

    /// <summary>The eight digits, without prefix or separators: how it is stored.</summary>
    public string Value { get; }

    public override string ToString() => $"{Prefix}-{Value[..4]}-{Value[4..]}";

    public static MedicalRecordNumber NewRandom(Random random)
    {
        var body = random.Next(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);
        return new MedicalRecordNumber(body + LuhnCheckDigit(body));
    }

    /// <summary>Accepts <c>KC-1234-5678</c>, <c>kc12345678</c>, <c>1234 5678</c>; refuses a wrong check digit.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out MedicalRecordNumber? mrn)
    {
        mrn = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) s = s[Prefix.Length..];
        var digits = new string(s.Where(c => c is not ('-' or ' ')).ToArray());
        if (digits.Length != Digits || !digits.All(char.IsAsciiDigit)) return false;
        if (LuhnCheckDigit(digits[..^1]) != digits[^1]) return false;
        mrn = new MedicalRecordNumber(digits);
        return true;
    }

    /// <summary>The Luhn (mod 10) check digit for a string of decimal digits.</summary>
    public static char LuhnCheckDigit(string digits)
    {
        var sum = 0;
        var doubleIt = true; // the rightmost payload digit is doubled, since the check digit will follow it
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
