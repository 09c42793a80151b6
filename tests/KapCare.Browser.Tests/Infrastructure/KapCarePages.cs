using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests.Infrastructure;

/// <summary>What a person does on KapCare's pages, by their labels (the pages' contract).</summary>
public static partial class KapCarePages
{
    public const string Password = "correct-horse-battery-staple";

    public static async Task SignInAsync(IPage page, string email, string password = Password)
    {
        if (!Ui.PathOf(page).Equals("/Account/Login", StringComparison.OrdinalIgnoreCase))
            await page.GotoAsync("/Account/Login");
        await Ui.Field(page, "Email").FillAsync(email);
        await Ui.Field(page, "Password").FillAsync(password);
        await Ui.SubmitAsync(page, Ui.Button(page, "Sign in"));
        await Ui.WaitForPageAsync(page, uri => !uri.AbsolutePath.StartsWith("/Account/Login", StringComparison.OrdinalIgnoreCase));
        await Expect(Ui.Button(page, "Sign out")).ToBeVisibleAsync();
    }

    public static async Task FillPatientFormAsync(IPage page, PatientForm p)
    {
        await Ui.SetAsync(Ui.Field(page, "First name"), p.FirstName);
        await Ui.SetAsync(Ui.Field(page, "Last name"), p.LastName);
        await Ui.Field(page, "Date of birth").FillAsync(p.DateOfBirth);
        await Ui.SetAsync(Ui.Field(page, "Sex"), p.Sex);
        await Ui.SetAsync(Ui.Field(page, "Pronouns"), p.Pronouns);
        await Ui.SetAsync(Ui.Field(page, "Phone"), p.Phone);
        await Ui.SetAsync(Ui.Field(page, "Email"), p.Email);
        await Ui.SetAsync(Ui.Field(page, "Address"), p.Address);
        await Ui.SetAsync(Ui.Field(page, "City"), p.City);
        await Ui.SetAsync(Ui.Field(page, "State / region"), p.State);
        await Ui.SetAsync(Ui.Field(page, "Postal code"), p.PostalCode);
        await Ui.SetAsync(Ui.Field(page, "Country"), p.Country, "United States", "United States of America", "USA");
        await Ui.SetAsync(Ui.Field(page, "Emergency contact name"), p.EmergencyName);
        await Ui.SetAsync(Ui.Field(page, "Relationship"), p.EmergencyRelationship);
        await Ui.SetAsync(Ui.Field(page, "Emergency contact phone"), p.EmergencyPhone);
        await Ui.SetAsync(Ui.Field(page, "Preferred language"), p.Language, "en", "en-US", "English (United States)");
    }

    /// <summary>An MRN as KapCare prints it: <c>KC-1234-5678</c>.</summary>
    [GeneratedRegex(@"\bKC-\d{4}-\d{4}\b")]
    public static partial Regex Mrn();

    /// <summary>A patient's own page: <c>/Patients/{guid}</c>.</summary>
    [GeneratedRegex(@"^/Patients/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/?$")]
    public static partial Regex PatientPath();
}

public sealed record PatientForm(
    string FirstName,
    string LastName,
    string DateOfBirth,
    string Sex = "Female",
    string Pronouns = "she/her",
    string Phone = "(512) 555-0142",
    string Email = "zoe.example@example.com",
    string Address = "1200 Barton Springs Rd, Apt 4",
    string City = "Austin",
    string State = "TX",
    string PostalCode = "78704",
    string Country = "US",
    string EmergencyName = "Mateo Núñez",
    string EmergencyRelationship = "Brother",
    string EmergencyPhone = "(512) 555-0199",
    string Language = "English");
