using System.Globalization;
using System.Text;

namespace KapCare.Clinical.Patients;

/// <summary>
/// Folds names for searching: lower case, accents removed, punctuation dropped, so that
/// "jose garcia" finds "José García" and "obrien" finds "O'Brien".
/// </summary>
public static class SearchText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return string.Empty;
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                lastWasSpace = false;
            }
            else if (char.IsWhiteSpace(c) || c == '-')
            {
                if (!lastWasSpace && sb.Length > 0) sb.Append(' ');
                lastWasSpace = true;
            }
        }
        // Letters without a decomposition that people type plainly.
        return sb.ToString().TrimEnd()
            .Replace("ß", "ss", StringComparison.Ordinal)
            .Replace("ø", "o", StringComparison.Ordinal)
            .Replace("æ", "ae", StringComparison.Ordinal)
            .Replace("ł", "l", StringComparison.Ordinal)
            .Replace("đ", "d", StringComparison.Ordinal);
    }

    /// <summary>The folded words of a query, for prefix matching each against a name.</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
