using KapCare.Clinical.Text;

namespace KapCare.Clinical.Tests.Text;

public sealed class TextRulesTests
{
    // The bidirectional formatting characters of Unicode UAX #9 §2 (embeddings, overrides, isolates) and the C0/C1 controls
    // of Unicode §23.1, which Trojan-Source style spoofing uses (CVE-2021-42574, UTS #55 §4).
    [Theory]
    [InlineData('\u202A')] [InlineData('\u202B')] [InlineData('\u202C')] [InlineData('\u202D')] [InlineData('\u202E')]
    [InlineData('\u2066')] [InlineData('\u2067')] [InlineData('\u2068')] [InlineData('\u2069')]
    [InlineData('\u0000')] [InlineData('\u0008')] [InlineData('\u001F')] [InlineData('\u007F')] [InlineData('\u0080')] [InlineData('\u009F')]
    [InlineData('\u2028')] [InlineData('\u2029')]
    public void Given_a_formatting_or_control_character_When_checked_Then_it_is_forbidden(char c)
    {
        Assert.Equal(c, TextRules.ForbiddenCharacter("Ana" + c + "Silva"));
        Assert.Equal(c, TextRules.ForbiddenCharacter("Ana" + c + "Silva", multiline: true));
    }

    [Theory]
    [InlineData('\t')] [InlineData('\n')] [InlineData('\r')]
    public void Given_tab_or_line_break_When_checked_Then_only_multi_line_text_allows_it(char c)
    {
        Assert.Equal(c, TextRules.ForbiddenCharacter("line" + c + "two"));
        Assert.Null(TextRules.ForbiddenCharacter("line" + c + "two", multiline: true));
    }

    [Theory]
    [InlineData("Nguyễn Thị Minh")]
    [InlineData("محمد الفارسي")]
    [InlineData("שרה כהן")]
    [InlineData("O'Brien-García")]
    [InlineData("李小龍")]
    public void Given_letters_of_any_script_When_checked_Then_they_pass(string name) => Assert.Null(TextRules.ForbiddenCharacter(name));

    [Fact]
    public void Given_a_forbidden_character_When_described_Then_the_problem_names_the_field_and_the_code_point() =>
        Assert.Equal("First name contains an invisible control character (U+202E); retype it without pasting.", TextRules.Problem("First name", "Ana\u202E"));
}
