using KapCare.Clinical.Patients;

namespace KapCare.Clinical.Tests.Patients;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("José", "jose")]
    [InlineData("GARCÍA", "garcia")]
    [InlineData("O'Brien", "obrien")]
    [InlineData("Dubois-Martin", "dubois martin")]
    [InlineData("Nguyễn", "nguyen")]
    [InlineData("Åström", "astrom")]
    [InlineData("Søren Kjærgaard", "soren kjaergaard")]
    [InlineData("Łukasz", "lukasz")]
    [InlineData("Straße", "strasse")]
    [InlineData("  Zoë  ", "zoe")]
    [InlineData(null, "")]
    public void Given_a_name_When_folded_Then_case_accents_and_punctuation_are_gone(string? name, string expected) =>
        Assert.Equal(expected, SearchText.Fold(name));
}
