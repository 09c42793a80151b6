using KapCare.Clinical.Patients;
using KapCare.Web.Data;

namespace KapCare.Web.Features.Patients;

/// <summary>A registered patient. Demographics change only through <see cref="Update"/>, which keeps the search columns in step.</summary>
public sealed class Patient : IVersioned
{
    private Patient() { }

    public Guid Id { get; private set; }
    public string Mrn { get; private set; } = string.Empty;
    public string GivenName { get; private set; } = string.Empty;
    public string FamilyName { get; private set; } = string.Empty;
    public DateOnly BirthDate { get; private set; }
    public AdministrativeSex Sex { get; private set; }
    public string? Pronouns { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    public string? AddressLine { get; private set; }
    public string? City { get; private set; }
    public string? Region { get; private set; }
    public string? PostalCode { get; private set; }
    public string? Country { get; private set; }
    public string? EmergencyContactName { get; private set; }
    public string? EmergencyContactRelationship { get; private set; }
    public string? EmergencyContactPhone { get; private set; }
    public string? PreferredLanguage { get; private set; }

    /// <summary>Folded (lower case, no accents) names for forgiving search; see <see cref="SearchText"/>.</summary>
    public string SearchGivenName { get; private set; } = string.Empty;
    public string SearchFamilyName { get; private set; } = string.Empty;

    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? ArchivedAt { get; private set; }
    public string? ArchiveReason { get; private set; }
    public int Version { get; set; }

    public bool IsArchived => ArchivedAt is not null;
    public string FullName => $"{GivenName} {FamilyName}";
    public string DisplayMrn => MedicalRecordNumber.TryParse(Mrn, out var mrn) ? mrn.Value.ToString() : Mrn;

    public static Patient Register(PatientDemographics demographics, MedicalRecordNumber mrn, DateTime nowUtc)
    {
        var patient = new Patient { Id = Guid.CreateVersion7(), Mrn = mrn.Value, CreatedAt = nowUtc };
        patient.Apply(demographics, nowUtc);
        return patient;
    }

    public void Update(PatientDemographics demographics, DateTime nowUtc)
    {
        if (IsArchived) throw new InvalidOperationException("An archived patient cannot be edited; restore the record first.");
        Apply(demographics, nowUtc);
    }

    public void Archive(string reason, DateTime nowUtc)
    {
        if (IsArchived) throw new InvalidOperationException("This patient is already archived.");
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("Say why the record is archived.", nameof(reason));
        ArchivedAt = nowUtc;
        ArchiveReason = reason.Trim();
        UpdatedAt = nowUtc;
    }

    public void Restore(DateTime nowUtc)
    {
        if (!IsArchived) throw new InvalidOperationException("This patient is not archived.");
        ArchivedAt = null;
        ArchiveReason = null;
        UpdatedAt = nowUtc;
    }

    public PatientDemographics ToDemographics() => new()
    {
        GivenName = GivenName,
        FamilyName = FamilyName,
        BirthDate = BirthDate,
        Sex = Sex,
        Pronouns = Pronouns,
        Phone = Phone,
        Email = Email,
        AddressLine = AddressLine,
        City = City,
        Region = Region,
        PostalCode = PostalCode,
        Country = Country,
        EmergencyContactName = EmergencyContactName,
        EmergencyContactRelationship = EmergencyContactRelationship,
        EmergencyContactPhone = EmergencyContactPhone,
        PreferredLanguage = PreferredLanguage,
    };

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private void Apply(PatientDemographics d, DateTime nowUtc)
    {
        var n = d.Normalized();
        GivenName = n.GivenName;
        FamilyName = n.FamilyName;
        BirthDate = n.BirthDate;
        Sex = n.Sex;
        Pronouns = n.Pronouns;
        Phone = n.Phone;
        Email = n.Email;
        AddressLine = n.AddressLine;
        City = n.City;
        Region = n.Region;
        PostalCode = n.PostalCode;
        Country = n.Country;
        EmergencyContactName = n.EmergencyContactName;
        EmergencyContactRelationship = n.EmergencyContactRelationship;
        EmergencyContactPhone = n.EmergencyContactPhone;
        PreferredLanguage = n.PreferredLanguage;
        // Folding can lengthen a name (ß → ss); the search column keeps the first 100 characters, enough for prefix search.
        SearchGivenName = Truncate(SearchText.Fold(n.GivenName), PatientDemographics.MaxNameLength);
        SearchFamilyName = Truncate(SearchText.Fold(n.FamilyName), PatientDemographics.MaxNameLength);
        UpdatedAt = nowUtc;
    }
}
