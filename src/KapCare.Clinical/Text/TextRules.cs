namespace KapCare.Clinical.Text;

/// <summary>
/// What a person's text may contain. Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) make a
/// name display differently from what it is ("Trojan Source", CVE-2021-42574; Unicode TR #36 §2.1 and UTS #55 §4), so a chart
/// could show one patient's name while searching and sorting see another; C0 and C1 control characters have no printed form
/// at all (Unicode §23.1). Refused in every field a person types (issue 9, finding 6). Tab and line breaks are allowed only
/// where the field is multi-line.
/// </summary>
public static class TextRules
{
    /// <summary>The first character that may not appear, or null. <paramref name="multiline"/> allows tab, CR and LF.</summary>
    public static char? ForbiddenCharacter(string? value, bool multiline = false)
    {
        if (value is null) return null;
        foreach (var c in value)
        {
            if (multiline && c is '\t' or '\r' or '\n') continue;
            if (IsForbidden(c)) return c;
        }
        return null;
    }

    public static bool IsForbidden(char c) =>
        c <= '\u001F' || c is >= '\u007F' and <= '\u009F'      // C0, DEL, C1 controls
        || c is >= '\u202A' and <= '\u202E'                    // LRE, RLE, PDF, LRO, RLO
        || c is >= '\u2066' and <= '\u2069'                    // LRI, RLI, FSI, PDI
        || c is '\u2028' or '\u2029';                          // line and paragraph separators: a line break in a one-line field

    /// <summary>The problem to show for a field with a forbidden character, naming the character by its code point.</summary>
    public static string? Problem(string label, string? value, bool multiline = false) =>
        ForbiddenCharacter(value, multiline) is { } c
            ? $"{label} contains an invisible control character (U+{(int)c:X4}); retype it without pasting."
            : null;
}
