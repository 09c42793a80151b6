using KapCare.Clinical.Patients;

namespace KapCare.Clinical.Tests.Patients;

public sealed class PatientDemographicsTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);

    private static PatientDemographics Valid() => new()
    {
        GivenName = "José",
        FamilyName = "García",
        BirthDate = new DateOnly(1986, 4, 23),
        Email = "jose@example.com",
        Phone = "+1 312 555 0143",
    };

    [Fact]
    public void Given_complete_details_When_validated_Then_there_are_no_errors() => Assert.Empty(Valid().Validate(Today));

    [Theory]
    [InlineData(2026, 11, 22, true)]  // tomorrow
    [InlineData(2026, 11, 21, false)] // born today
    [InlineData(1906, 11, 21, false)] // exactly 120
    [InlineData(1906, 11, 20, true)]  // over 120
    public void Given_a_birth_date_When_validated_Then_future_and_implausible_dates_are_refused(int y, int m, int d, bool refused)
    {
        var errors = (Valid() with { BirthDate = new DateOnly(y, m, d) }).Validate(Today);
        Assert.Equal(refused, errors.ContainsKey(nameof(PatientDemographics.BirthDate)));
    }

    [Theory]
    [InlineData("name@example.com", true)]
    [InlineData("first.last+tag@clinic.co.uk", true)]
    [InlineData("not-an-email", false)]
    [InlineData("a@b", false)]
    [InlineData("two@@example.com", false)]
    [InlineData("spaces in@example.com", false)]
    public void Given_an_email_When_validated_Then_only_addresses_are_accepted(string email, bool ok) =>
        Assert.Equal(ok, !(Valid() with { Email = email }).Validate(Today).ContainsKey(nameof(PatientDemographics.Email)));

    [Theory]
    [InlineData("+1 312 555 0143", true)]
    [InlineData("(312) 555-0143", true)]
    [InlineData("555 01", false)]              // 5 digits
    [InlineData("+1 312 555 0143 999 999", false)] // 17 digits: over E.164's 15
    [InlineData("call me", false)]
    public void Given_a_phone_When_validated_Then_7_to_15_digits_are_accepted(string phone, bool ok) =>
        Assert.Equal(ok, !(Valid() with { Phone = phone }).Validate(Today).ContainsKey(nameof(PatientDemographics.Phone)));

    [Fact]
    public void Given_missing_names_When_validated_Then_both_are_reported()
    {
        var errors = (Valid() with { GivenName = " ", FamilyName = "" }).Validate(Today);
        Assert.Equal("First name is required.", errors[nameof(PatientDemographics.GivenName)]);
        Assert.Equal("Last name is required.", errors[nameof(PatientDemographics.FamilyName)]);
    }

    [Theory]
    [InlineData(1986, 4, 23, 40)]
    [InlineData(1986, 11, 21, 40)] // birthday today
    [InlineData(1986, 11, 22, 39)] // birthday tomorrow
    [InlineData(2000, 2, 29, 26)]  // leap-day birth
    public void Given_a_birth_date_When_computing_age_Then_birthdays_count_on_the_day(int y, int m, int d, int age) =>
        Assert.Equal(age, PatientDemographics.AgeOn(new DateOnly(y, m, d), Today));
}
