using KapCare.Clinical.Patients;

namespace KapCare.Clinical.Tests.Patients;

public sealed class MedicalRecordNumberTests
{
    // Published Luhn examples: ISO/IEC 7812-1 Annex B worked example "7992739871" → check digit 3
    // (also the example in the Wikipedia article "Luhn algorithm"); Visa test card 4111 1111 1111 111 → 1.
    [Theory]
    [InlineData("7992739871", '3')]
    [InlineData("411111111111111", '1')]
    [InlineData("0000000", '0')]
    public void Given_published_examples_When_computing_the_Luhn_digit_Then_it_matches(string payload, char expected) =>
        Assert.Equal(expected, MedicalRecordNumber.LuhnCheckDigit(payload));

    [Theory]
    [InlineData("KC-1234-5674")]
    [InlineData("kc12345674")]
    [InlineData("1234 5674")]
    [InlineData("12345674")]
    public void Given_an_MRN_in_any_usual_form_When_parsed_Then_it_is_accepted(string text)
    {
        // 1234567 → Luhn: doubled from the right 7→14→5, 5→10→1, 3→6, 1→2; plus 6+4+2 = 26 → check 4.
        Assert.True(MedicalRecordNumber.TryParse(text, out var mrn));
        Assert.Equal("12345674", mrn.Value.Value);
        Assert.Equal("KC-1234-5674", mrn.Value.ToString());
    }

    [Theory]
    [InlineData("KC-1234-5675")] // wrong check digit
    [InlineData("KC-1243-5674")] // transposed digits
    [InlineData("1234567")]      // too short
    [InlineData("ABCDEFGH")]
    [InlineData("")]
    public void Given_a_mistyped_MRN_When_parsed_Then_it_is_refused(string text) =>
        Assert.False(MedicalRecordNumber.TryParse(text, out _));

    [Fact]
    public void Given_random_MRNs_When_generated_Then_each_passes_its_own_check()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var mrn = MedicalRecordNumber.NewRandom(random);
            Assert.True(MedicalRecordNumber.TryParse(mrn.ToString(), out var parsed));
            Assert.Equal(mrn, parsed);
        }
    }
}
