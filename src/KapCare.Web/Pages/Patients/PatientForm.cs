using System.ComponentModel.DataAnnotations;
using KapCare.Clinical.Patients;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace KapCare.Web.Pages.Patients;

/// <summary>
/// The registration and edit form. It carries no rules of its own: <see cref="PatientDemographics.Validate"/>
/// decides, and its messages land next to the fields they belong to.
/// </summary>
public sealed class PatientForm
{
    [Display(Name = "First name")] public string? GivenName { get; set; }
    [Display(Name = "Last name")] public string? FamilyName { get; set; }
    [Display(Name = "Date of birth")] public DateOnly? BirthDate { get; set; }
    [Display(Name = "Sex")] public AdministrativeSex Sex { get; set; } = AdministrativeSex.Unknown;
    [Display(Name = "Pronouns")] public string? Pronouns { get; set; }
    [Display(Name = "Phone")] public string? Phone { get; set; }
    [Display(Name = "Email")] public string? Email { get; set; }
    [Display(Name = "Address")] public string? AddressLine { get; set; }
    [Display(Name = "City")] public string? City { get; set; }
    [Display(Name = "State / region")] public string? Region { get; set; }
    [Display(Name = "Postal code")] public string? PostalCode { get; set; }
    [Display(Name = "Country")] public string? Country { get; set; }
    [Display(Name = "Emergency contact name")] public string? EmergencyContactName { get; set; }
    [Display(Name = "Relationship")] public string? EmergencyContactRelationship { get; set; }
    [Display(Name = "Emergency contact phone")] public string? EmergencyContactPhone { get; set; }
    [Display(Name = "Preferred language")] public string? PreferredLanguage { get; set; }

    public static PatientForm From(PatientDemographics d) => new()
    {
        GivenName = d.GivenName, FamilyName = d.FamilyName, BirthDate = d.BirthDate, Sex = d.Sex, Pronouns = d.Pronouns,
        Phone = d.Phone, Email = d.Email, AddressLine = d.AddressLine, City = d.City, Region = d.Region, PostalCode = d.PostalCode,
        Country = d.Country, EmergencyContactName = d.EmergencyContactName, EmergencyContactRelationship = d.EmergencyContactRelationship,
        EmergencyContactPhone = d.EmergencyContactPhone, PreferredLanguage = d.PreferredLanguage,
    };

    /// <summary>The form as demographics, or false with a message next to the birth date when it is missing or unreadable.</summary>
    public bool TryToDemographics(ModelStateDictionary modelState, string prefix, out PatientDemographics demographics)
    {
        // The model binder has already complained about an unparseable date; say it in our words.
        var dateKey = $"{prefix}.{nameof(BirthDate)}";
        if (modelState.TryGetValue(dateKey, out var entry) && entry.Errors.Count > 0)
        {
            entry.Errors.Clear();
            modelState.AddModelError(dateKey, "Enter the date of birth as a real date, for example 1986-04-23.");
        }
        else if (BirthDate is null)
        {
            modelState.AddModelError(dateKey, "Enter the date of birth.");
        }
        demographics = new PatientDemographics
        {
            GivenName = GivenName ?? string.Empty, FamilyName = FamilyName ?? string.Empty, BirthDate = BirthDate ?? default, Sex = Sex,
            Pronouns = Pronouns, Phone = Phone, Email = Email, AddressLine = AddressLine, City = City, Region = Region,
            PostalCode = PostalCode, Country = Country, EmergencyContactName = EmergencyContactName,
            EmergencyContactRelationship = EmergencyContactRelationship, EmergencyContactPhone = EmergencyContactPhone,
            PreferredLanguage = PreferredLanguage,
        };
        return BirthDate is not null && modelState.ErrorCount == 0;
    }

    public static void AddErrors(ModelStateDictionary modelState, string prefix, IReadOnlyDictionary<string, string> errors)
    {
        foreach (var (field, message) in errors)
        {
            var key = $"{prefix}.{field}";
            // The date check above already said what is wrong with a missing date.
            if (modelState.TryGetValue(key, out var existing) && existing.Errors.Count > 0) continue;
            modelState.AddModelError(key, message);
        }
    }
}
