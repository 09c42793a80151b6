using Bogus;
using KapCare.Clinical.Patients;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// A believable demo clinic: staff of every role and a few dozen patients registered over the past
/// months, some edited, one archived as a duplicate. Deterministic (fixed seed), so screenshots and
/// walk-throughs look the same every time. Every later feature adds its part here.
/// </summary>
public sealed class DemoClinic(KapCareDbContext db, UserManager<KapCareUser> users, IUserStore<KapCareUser> userStore, SignInPolicies signInPolicies,
    ClinicClock clock, DemoMeasures measures, Consent.ConsentService consents, DemoIntakes intakes, DemoPlans plans, DemoLedger ledger, DemoSessions sessions, DemoNotes notes)
{
    public const string Password = "kapcare-demo-2026";

    /// <summary>
    /// The TOTP key (RFC 4648 base32) of every demo login whose role requires two-factor, printed with the logins and in
    /// README, so a reviewer can add it to an authenticator app or run <c>oathtool --totp -b KEY</c>. Public on purpose:
    /// a demo, never a clinic.
    /// </summary>
    public const string TwoFactorKey = "KAPCAREDEMOTOTPKEYFORREVIEWERS22";
    public const string PortalPatientEmail = "jose.garcia@example.com";

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> Staff =
    [
        ("admin@demo.kapcare.test", "Dana Whitfield", Roles.Admin),
        ("dr.okafor@demo.kapcare.test", "Dr. Chidi Okafor, MD", Roles.Prescriber),
        ("np.lindqvist@demo.kapcare.test", "Maja Lindqvist, NP", Roles.Prescriber),
        ("nurse.reyes@demo.kapcare.test", "Camila Reyes, RN", Roles.Nurse),
        ("nurse.tanaka@demo.kapcare.test", "Kenji Tanaka, RN", Roles.Nurse),
        ("therapist.morgan@demo.kapcare.test", "Alex Morgan, LCSW", Roles.Therapist),
        ("therapist.haddad@demo.kapcare.test", "Leila Haddad, PsyD", Roles.Therapist),
        ("frontdesk@demo.kapcare.test", "Jordan Ellis", Roles.FrontDesk),
        ("research@demo.kapcare.test", "Priya Natarajan, PhD", Roles.Researcher),
    ];

    // Names people mistype: accents, apostrophes, hyphens, particles. The search must find them plainly typed.
    private static readonly (string Given, string Family, AdministrativeSex Sex, string Pronouns, string Language)[] NamedPatients =
    [
        ("José", "García", AdministrativeSex.Male, "he/him", "Spanish"),
        ("Zoë", "O'Brien", AdministrativeSex.Female, "she/her", "English"),
        ("Renée", "Dubois-Martin", AdministrativeSex.Female, "she/her", "French"),
        ("Søren", "Kjærgaard", AdministrativeSex.Male, "he/him", "English"),
        ("Thi Lan", "Nguyễn", AdministrativeSex.Female, "she/her", "Vietnamese"),
        ("Riley", "Brooks", AdministrativeSex.Other, "they/them", "English"),
        ("Björn", "Åström", AdministrativeSex.Male, "he/him", "English"),
        ("Aaliyah", "Washington", AdministrativeSex.Female, "she/her", "English"),
    ];

    public async Task<bool> EnsureSeededAsync(CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct))
        {
            // A demo database made before two-factor was required: enrol its staff too, or the printed key would not work.
            await EnrolTwoFactorAsync(ct);
            return false;
        }

        var now = clock.UtcNow;
        foreach (var (email, name, role) in Staff)
        {
            var user = new KapCareUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now.AddDays(-240) };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded) throw new InvalidOperationException("Demo user not created: " + string.Join(" ", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
        }
        await EnrolTwoFactorAsync(ct);

        Randomizer.Seed = new Random(20261121);
        var faker = new Faker("en_US");
        var mrnRandom = new Random(1121);
        var today = clock.Today;
        var patients = new List<Patient>();
        var frontDesk = await users.FindByEmailAsync(Staff.First(s => s.Role == Roles.FrontDesk).Email);

        for (var i = 0; i < 36; i++)
        {
            var named = i < NamedPatients.Length ? NamedPatients[i] : default;
            var sex = named.Given is null ? faker.PickRandom(AdministrativeSex.Female, AdministrativeSex.Female, AdministrativeSex.Male, AdministrativeSex.Other) : named.Sex;
            var given = named.Given ?? (sex == AdministrativeSex.Male ? faker.Name.FirstName(Bogus.DataSets.Name.Gender.Male) : faker.Name.FirstName(Bogus.DataSets.Name.Gender.Female));
            var family = named.Family ?? faker.Name.LastName();
            var pronouns = named.Pronouns ?? sex switch
            {
                AdministrativeSex.Male => "he/him",
                AdministrativeSex.Female => faker.Random.Bool(0.9f) ? "she/her" : "she/they",
                AdministrativeSex.Other => "they/them",
                AdministrativeSex.Unknown => "they/them",
            };
            // Adults 19–74, most in their 30s and 40s, as in published ketamine-clinic cohorts (REFERENCE.md §7).
            var age = (int)Math.Clamp(Math.Round(faker.Random.Double(0, 1) < 0.7 ? 28 + faker.Random.Double(0, 22) : 19 + faker.Random.Double(0, 55)), 19, 74);
            var birth = today.AddYears(-age).AddDays(-faker.Random.Int(0, 364));
            var emergencyName = faker.Name.FullName();
            var details = new PatientDemographics
            {
                GivenName = given,
                FamilyName = family,
                BirthDate = birth,
                Sex = sex,
                Pronouns = pronouns,
                Phone = $"+1 312 555 {faker.Random.Int(100, 199):D4}",
                Email = $"{SearchText.Fold(given).Replace(' ', '.')}.{SearchText.Fold(family).Replace(' ', '-')}@example.com",
                AddressLine = faker.Address.StreetAddress(),
                City = faker.PickRandom("Chicago", "Evanston", "Oak Park", "Skokie", "Naperville", "Cicero"),
                Region = "IL",
                PostalCode = faker.PickRandom("60601", "60614", "60640", "60201", "60302", "60076", "60540"),
                Country = "USA",
                EmergencyContactName = emergencyName,
                EmergencyContactRelationship = faker.PickRandom("Spouse", "Partner", "Mother", "Father", "Sister", "Brother", "Friend"),
                EmergencyContactPhone = $"+1 312 555 {faker.Random.Int(200, 299):D4}",
                PreferredLanguage = named.Language ?? faker.PickRandom("English", "English", "English", "English", "Spanish", "Polish"),
            };
            var registered = now.AddDays(-faker.Random.Int(3, 230)).AddMinutes(-faker.Random.Int(0, 600));
            var patient = Patient.Register(details, MedicalRecordNumber.NewRandom(mrnRandom), registered);
            if (faker.Random.Bool(0.35f)) patient.Update(details with { Phone = $"+1 773 555 {faker.Random.Int(100, 199):D4}" }, registered.AddDays(faker.Random.Int(1, 3)));
            patients.Add(patient);
            db.Patients.Add(patient);
            db.AuditEntries.Add(new AuditEntry
            {
                OccurredAt = registered, UserId = frontDesk?.Id, Actor = frontDesk?.Email ?? "demo", Action = AuditActions.PatientCreate,
                ResourceType = "Patient", ResourceId = patient.Id.ToString(), PatientId = patient.Id, Channel = "web", IpAddress = "10.20.0.14",
                Outcome = AuditOutcome.Success, Detail = "MRN " + patient.DisplayMrn,
            });
        }

        // A duplicate registration the front desk caught and archived.
        var original = patients[5];
        var duplicate = Patient.Register(original.ToDemographics() with { Phone = null }, MedicalRecordNumber.NewRandom(mrnRandom), now.AddDays(-12));
        duplicate.Archive($"Duplicate of {original.DisplayMrn}", now.AddDays(-11));
        db.Patients.Add(duplicate);

        await db.SaveChangesAsync(ct);

        // José García answers at home in the patient portal.
        var jose = patients[0];
        var portal = new KapCareUser { UserName = PortalPatientEmail, Email = PortalPatientEmail, EmailConfirmed = true, DisplayName = jose.FullName, CreatedAt = now.AddDays(-30), PatientId = jose.Id };
        var portalResult = await users.CreateAsync(portal, Password);
        if (!portalResult.Succeeded) throw new InvalidOperationException("Demo portal user not created: " + string.Join(" ", portalResult.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(portal, Roles.Patient);

        var prescriber = await users.FindByEmailAsync(Staff.First(s => s.Role == Roles.Prescriber).Email);
        await measures.SeedAsync(patients, prescriber!.Id, prescriber.DisplayName, ct);

        // Patients in treatment have signed their consents in the clinic, witnessed by a nurse; a few newer ones have not yet.
        var nurse = await users.FindByEmailAsync(Staff.First(s => s.Role == Roles.Nurse).Email);
        foreach (var patient in patients.Take(22))
        {
            foreach (var document in Consent.ConsentDocuments.Current.Where(d => d.Required || patient.GivenName.Length % 2 == 0))
            {
                await consents.SignAsync(patient.Id, document.Id, document.Version, patient.FullName, agreed: true,
                    Consent.SignatureMethod.InClinic, null, nurse!.Id, nurse.DisplayName, ct);
            }
        }
        await intakes.SeedAsync(patients, prescriber, ct);
        await plans.SeedAsync(prescriber, ct);
        await new DemoRequests(db, clock).SeedAsync(patients, frontDesk!, ct);
        await SeedEmergencyAccessAsync(patients, frontDesk!, ct);
        var secondNurse = await users.FindByEmailAsync(Staff.Last(s => s.Role == Roles.Nurse).Email);
        await ledger.SeedAsync(nurse!, secondNurse!, prescriber, await sessions.PastAsync(nurse!, secondNurse!, prescriber, ct), ct);
        await sessions.SeedTodayAsync(nurse!, secondNurse!, prescriber, ct);
        var therapists = Staff.Where(s => s.Role == Roles.Therapist).ToList();
        await notes.SeedAsync((await users.FindByEmailAsync(therapists[0].Email))!, (await users.FindByEmailAsync(therapists[^1].Email))!, ct);
        return true;
    }

    /// <summary>
    /// Two break-glass accesses by the front desk (docs/decisions/0020): one last week, reviewed by the admin; one last
    /// night, when paramedics asked for a patient's medication list after hours, still on the admin's home page for review.
    /// </summary>
    private async Task SeedEmergencyAccessAsync(IReadOnlyList<Patient> patients, KapCareUser frontDesk, CancellationToken ct)
    {
        var admin = await users.FindByEmailAsync(Staff.First(s => s.Role == Roles.Admin).Email);
        var now = clock.UtcNow;
        var reviewed = EmergencyAccess.EmergencyAccess.Start(frontDesk.Id, frontDesk.DisplayName, patients[9].Id,
            "Patient's husband called: she felt faint at home after yesterday's session; the on-call nurse asked for the last vitals.",
            now.AddDays(-6).AddHours(-3), TimeSpan.FromMinutes(60));
        reviewed.Review(admin!.Id, admin.DisplayName, "Checked with the on-call nurse, who confirmed the call. Appropriate.", now.AddDays(-5));
        var open = EmergencyAccess.EmergencyAccess.Start(frontDesk.Id, frontDesk.DisplayName, patients[3].Id,
            "Paramedics at the patient's home asked for her current medications and allergies; no clinician answered the on-call phone.",
            now.AddHours(-14), TimeSpan.FromMinutes(60));
        db.EmergencyAccesses.AddRange(reviewed, open);
        foreach (var access in new[] { reviewed, open })
        {
            AddAudit(frontDesk, AuditActions.EmergencyAccessStart, "EmergencyAccess", access.Id.ToString(), access.PatientId, access.StartedAt, "60 min: " + access.Reason);
            AddAudit(frontDesk, AuditActions.PatientRead, "Patient", access.PatientId.ToString(), access.PatientId, access.StartedAt.AddMinutes(1), $"under emergency access {access.Id}");
        }
        AddAudit(admin, AuditActions.EmergencyAccessReview, "EmergencyAccess", reviewed.Id.ToString(), reviewed.PatientId, now.AddDays(-5), reviewed.ReviewNote);
        await db.SaveChangesAsync(ct);

        void AddAudit(KapCareUser who, string action, string type, string id, Guid patientId, DateTime at, string? detail) =>
            db.AuditEntries.Add(new AuditEntry
            {
                OccurredAt = at, UserId = who.Id, Actor = who.Email!, Action = action, ResourceType = type, ResourceId = id, PatientId = patientId,
                Channel = "web", IpAddress = "10.20.0.14", Outcome = AuditOutcome.Success, Detail = detail,
            });
    }

    /// <summary>Demo staff in a role that requires two-factor, not yet enrolled, get <see cref="TwoFactorKey"/> as their authenticator key.</summary>
    private async Task EnrolTwoFactorAsync(CancellationToken ct)
    {
        var policy = await signInPolicies.CurrentAsync(ct);
        var keys = (IUserAuthenticatorKeyStore<KapCareUser>)userStore;
        foreach (var (email, _, role) in Staff.Where(s => policy.TwoFactorRoles.Contains(s.Role)))
        {
            if (await users.FindByEmailAsync(email) is not { TwoFactorEnabled: false } user) continue;
            await keys.SetAuthenticatorKeyAsync(user, TwoFactorKey, ct);
            var enabled = await users.SetTwoFactorEnabledAsync(user, true);
            if (!enabled.Succeeded) throw new InvalidOperationException($"Demo two-factor for {role} not set: " + string.Join(" ", enabled.Errors.Select(e => e.Description)));
        }
    }
}
