using System.Net.Mail;
using System.Text.RegularExpressions;

namespace KapCare.Clinical.Patients;

/// <summary>
/// Who a patient is, as registered at the front desk or received over FHIR. Validation lives here,
/// once, so the web form and the FHIR API refuse the same things with the same words.
/// </summary>
public sealed partial record PatientDemographics
{
    public const int MaxNameLength = 100;
    public const int MaxAgeYears = 120;

    public required string GivenName { get; init; }
    public required string FamilyName { get; init; }
    public required DateOnly BirthDate { get; init; }
    public AdministrativeSex Sex { get; init; } = AdministrativeSex.Unknown;
    public string? Pronouns { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? AddressLine { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public string? EmergencyContactName { get; init; }
    public string? EmergencyContactRelationship { get; init; }
    public string? EmergencyContactPhone { get; init; }
    public string? PreferredLanguage { get; init; }

    /// <summary>
    /// Every problem with these details, keyed by the property it belongs to (empty when valid).
    /// <paramref name="today"/> is the clinic's local date, so a birth date "today" is accepted
    /// everywhere in the world.
    /// </summary>
    public IReadOnlyDictionary<string, string> Validate(DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        RequireName(errors, nameof(GivenName), GivenName, "First name");
        RequireName(errors, nameof(FamilyName), FamilyName, "Last name");

        if (BirthDate > today)
            errors[nameof(BirthDate)] = "Date of birth cannot be in the future.";
        else if (BirthDate < today.AddYears(-MaxAgeYears))
            errors[nameof(BirthDate)] = $"Date of birth is more than {MaxAgeYears} years ago; check the year.";

        if (!Enum.IsDefined(Sex))
            errors[nameof(Sex)] = "Choose female, male, other or unknown.";

        if (!string.IsNullOrWhiteSpace(Email) && !IsValidEmail(Email))
            errors[nameof(Email)] = "Enter an email address like name@example.com.";
        if (!string.IsNullOrWhiteSpace(Phone) && !IsValidPhone(Phone))
            errors[nameof(Phone)] = "Enter a phone number of 7 to 15 digits, for example +1 312 555 0143.";
        if (!string.IsNullOrWhiteSpace(EmergencyContactPhone) && !IsValidPhone(EmergencyContactPhone))
            errors[nameof(EmergencyContactPhone)] = "Enter a phone number of 7 to 15 digits, for example +1 312 555 0143.";
        if (!string.IsNullOrWhiteSpace(EmergencyContactPhone) && string.IsNullOrWhiteSpace(EmergencyContactName))
            errors[nameof(EmergencyContactName)] = "Give the emergency contact's name as well as their phone.";

        MaxLength(errors, nameof(Pronouns), Pronouns, 40);
        MaxLength(errors, nameof(AddressLine), AddressLine, 200);
        MaxLength(errors, nameof(City), City, 100);
        MaxLength(errors, nameof(Region), Region, 100);
        MaxLength(errors, nameof(PostalCode), PostalCode, 20);
        MaxLength(errors, nameof(Country), Country, 100);
        MaxLength(errors, nameof(EmergencyContactName), EmergencyContactName, MaxNameLength);
        MaxLength(errors, nameof(EmergencyContactRelationship), EmergencyContactRelationship, 60);
        MaxLength(errors, nameof(PreferredLanguage), PreferredLanguage, 60);

        // Every field here is one line: no control or bidirectional-override characters (issue 9, finding 6; Text.TextRules).
        foreach (var (key, label, value) in new (string, string, string?)[]
        {
            (nameof(GivenName), "First name", GivenName), (nameof(FamilyName), "Last name", FamilyName),
            (nameof(Pronouns), "Pronouns", Pronouns), (nameof(Phone), "Phone", Phone), (nameof(Email), "Email", Email),
            (nameof(AddressLine), "Address", AddressLine), (nameof(City), "City", City), (nameof(Region), "State or region", Region),
            (nameof(PostalCode), "Postal code", PostalCode), (nameof(Country), "Country", Country),
            (nameof(EmergencyContactName), "Emergency contact name", EmergencyContactName),
            (nameof(EmergencyContactRelationship), "Emergency contact relationship", EmergencyContactRelationship),
            (nameof(EmergencyContactPhone), "Emergency contact phone", EmergencyContactPhone),
            (nameof(PreferredLanguage), "Preferred language", PreferredLanguage),
        })
        {
            if (!errors.ContainsKey(key) && Text.TextRules.Problem(label, value) is { } problem) errors[key] = problem;
        }
        return errors;
    }

    /// <summary>The same details with surrounding spaces removed and empty strings made null.</summary>
    public PatientDemographics Normalized() => this with
    {
        GivenName = GivenName?.Trim() ?? string.Empty,
        FamilyName = FamilyName?.Trim() ?? string.Empty,
        Pronouns = Clean(Pronouns),
        Phone = Clean(Phone),
        Email = Clean(Email),
        AddressLine = Clean(AddressLine),
        City = Clean(City),
        Region = Clean(Region),
        PostalCode = Clean(PostalCode),
        Country = Clean(Country),
        EmergencyContactName = Clean(EmergencyContactName),
        EmergencyContactRelationship = Clean(EmergencyContactRelationship),
        EmergencyContactPhone = Clean(EmergencyContactPhone),
        PreferredLanguage = Clean(PreferredLanguage),
    };

    public static int AgeOn(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        if (birthDate > today.AddYears(-age)) age--;
        return age;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void RequireName(Dictionary<string, string> errors, string key, string? value, string label)
    {
        if (string.IsNullOrWhiteSpace(value)) errors[key] = $"{label} is required.";
        else if (value.Trim().Length > MaxNameLength) errors[key] = $"{label} must be at most {MaxNameLength} characters.";
        else if (!value.Any(char.IsLetter)) errors[key] = $"{label} must contain letters.";
    }

    private static void MaxLength(Dictionary<string, string> errors, string key, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max) errors[key] = $"Must be at most {max} characters.";
    }

    /// <summary>The email check registration uses; public so other forms (the consultation request) refuse the same things.</summary>
    public static bool IsValidEmail(string email)
    {
        var trimmed = email.Trim();
        if (trimmed.Length > 254 || !SimpleEmail().IsMatch(trimmed)) return false;
        return MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed;
    }

    /// <summary>The phone check registration uses: 7 to 15 digits with the usual separators.</summary>
    public static bool IsValidPhone(string phone)
    {
        var trimmed = phone.Trim();
        if (!PhoneCharacters().IsMatch(trimmed)) return false;
        var digits = trimmed.Count(char.IsAsciiDigit);
        return digits is >= 7 and <= 15; // ITU-T E.164 allows at most 15 digits
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")]
    private static partial Regex SimpleEmail();

    [GeneratedRegex(@"^\+?[0-9 ()./-]+(\s*(x|ext\.?)\s*[0-9]{1,6})?$", RegexOptions.IgnoreCase)]
    private static partial Regex PhoneCharacters();
}
