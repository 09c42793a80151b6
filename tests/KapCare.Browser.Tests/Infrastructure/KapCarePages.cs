using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KapCare.Browser.Tests.Infrastructure;

/// <summary>What a person does on KapCare's pages, by their labels (the pages' contract).</summary>
public static partial class KapCarePages
{
    public const string Password = "correct-horse-battery-staple";

    /// <summary>The authenticator key each test account holds on its "phone" (base32), by email.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> AuthenticatorKeys = new(StringComparer.OrdinalIgnoreCase);

    public static void RememberAuthenticatorKey(string email, string base32Key) => AuthenticatorKeys[email] = base32Key;

    /// <summary>The password a person chooses at first sign-in in place of an administrator's temporary one.</summary>
    public static string OwnPassword(string temporary) => temporary + "-mine";

    /// <summary>
    /// Signs in as a person does, whatever the account still owes: the password; then the authenticator code when
    /// two-factor is on; a password of their own when an administrator set a temporary one (<see cref="OwnPassword"/>);
    /// and two-factor enrolment when their role requires it — ending, like a plain sign-in, on a page with "Sign out".
    /// </summary>
    public static async Task SignInAsync(IPage page, string email, string password = Password)
    {
        if (!Ui.PathOf(page).Equals("/Account/Login", StringComparison.OrdinalIgnoreCase))
            await page.GotoAsync("/Account/Login");
        await Ui.Field(page, "Email").FillAsync(email);
        await Ui.Field(page, "Password").FillAsync(password);
        await Ui.SubmitAsync(page, Ui.Button(page, "Sign in"));
        await Ui.WaitForPageAsync(page, uri => !uri.AbsolutePath.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase));
        if (Ui.PathOf(page).Equals("/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase))
        {
            Assert.True(AuthenticatorKeys.TryGetValue(email, out var key), $"{email} asks for a code but the tests hold no authenticator key for it.");
            await Ui.Field(page, "Authentication code").FillAsync(Totp.Now(key));
            await Ui.SubmitAsync(page, Ui.Button(page, "Verify and sign in"));
        }
        if (Ui.PathOf(page).Equals("/Account/ChangePassword", StringComparison.OrdinalIgnoreCase))
        {
            await Ui.Field(page, "Temporary password").FillAsync(password);
            await Ui.Field(page, "New password").FillAsync(OwnPassword(password));
            await Ui.Field(page, "Confirm new password").FillAsync(OwnPassword(password));
            await Ui.SubmitAsync(page, Ui.Button(page, "Save my password"));
        }
        if (Ui.PathOf(page).Equals("/Account/Manage/Security", StringComparison.OrdinalIgnoreCase)
            && await page.GetByText("Your role requires two-factor authentication").CountAsync() > 0)
        {
            await EnrolTwoFactorAsync(page, email);
            await page.GotoAsync("/");
        }
        await Expect(Ui.Button(page, "Sign out")).ToBeVisibleAsync();
    }

    /// <summary>On the Account security page: adds the shown key to the "phone" and confirms it with the code it gives.</summary>
    public static async Task EnrolTwoFactorAsync(IPage page, string email)
    {
        var key = (await page.Locator("#shared-key").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal);
        await Ui.Field(page, "Code from the app").FillAsync(Totp.Now(key));
        await Ui.SubmitAsync(page, Ui.Button(page, "Turn on two-factor"));
        await Expect(page.GetByText("Save these recovery codes now")).ToBeVisibleAsync();
        AuthenticatorKeys[email] = key;
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
