using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.RegularExpressions;
using KapCare.Clinical.Patients;
using KapCare.Web.Fhir.Models;
using PatientEntity = KapCare.Web.Features.Patients.Patient;
using PatientResource = KapCare.Web.Fhir.Models.Patient;

namespace KapCare.Web.Fhir;

/// <summary>What a FHIR Patient means to KapCare: demographics to save, and where each one came from in the resource.</summary>
public sealed record PatientInput(PatientDemographics Demographics, IReadOnlyDictionary<string, string> Paths)
{
    /// <summary>Turns <see cref="PatientDemographics.Validate"/>'s errors, keyed by property, into issues pointing into the resource.</summary>
    public IEnumerable<OperationOutcomeIssue> Issues(IReadOnlyDictionary<string, string> errors) =>
        errors.Select(e => OperationOutcomeIssue.Error("value", $"{Paths.GetValueOrDefault(e.Key, "Patient")}: {e.Value}", Paths.GetValueOrDefault(e.Key, "Patient")));
}

/// <summary>Maps KapCare's patient to FHIR R4 Patient and back.</summary>
public static partial class PatientMapping
{
    public const string MrnSystem = "urn:kapcare:mrn";
    public const string PronounsUrl = "http://hl7.org/fhir/StructureDefinition/individual-pronouns";
    private const string IdentifierTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0203";
    // HL7 v2 table 0131 "C" marks the contact to call in an emergency, which is the one contact KapCare keeps.
    private const string ContactRoleSystem = "http://terminology.hl7.org/CodeSystem/v2-0131";
    private const int MaxPhoneLength = 40;
    private static readonly HtmlEncoder Xhtml = HtmlEncoder.Create(UnicodeRanges.All);

    public static PatientResource ToFhir(PatientEntity p)
    {
        var mrn = p.DisplayMrn;
        var resource = new PatientResource
        {
            Id = p.Id.ToString(),
            Meta = new Meta { VersionId = p.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = Instant(p.UpdatedAt) },
            Text = new Narrative
            {
                Status = "generated",
                Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{Xhtml.Encode($"{p.FamilyName}, {p.GivenName}; born {p.BirthDate:yyyy-MM-dd}; MRN {mrn}")}</div>",
            },
            Identifier =
            [
                new Identifier
                {
                    Use = "usual",
                    Type = new CodeableConcept { Coding = [new Coding { System = IdentifierTypeSystem, Code = "MR", Display = "Medical record number" }], Text = "MRN" },
                    System = MrnSystem,
                    Value = mrn,
                },
            ],
            Active = !p.IsArchived,
            Name = [new HumanName { Use = "official", Family = p.FamilyName, Given = [.. p.GivenName.Split(' ', StringSplitOptions.RemoveEmptyEntries)] }],
            Gender = p.Sex.ToFhirCode(),
            BirthDate = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (p.Pronouns is not null)
            resource.Extension = [new Extension { Url = PronounsUrl, Extensions = [new Extension { Url = "value", ValueCodeableConcept = new CodeableConcept { Text = p.Pronouns } }] }];
        var telecom = new List<ContactPoint>();
        if (p.Phone is not null) telecom.Add(new ContactPoint { System = "phone", Value = p.Phone });
        if (p.Email is not null) telecom.Add(new ContactPoint { System = "email", Value = p.Email });
        if (telecom.Count > 0) resource.Telecom = telecom;
        if (p.AddressLine is not null || p.City is not null || p.Region is not null || p.PostalCode is not null || p.Country is not null)
        {
            resource.Address =
            [
                new Address { Line = p.AddressLine is null ? null : [p.AddressLine], City = p.City, State = p.Region, PostalCode = p.PostalCode, Country = p.Country },
            ];
        }
        if (p.EmergencyContactName is not null || p.EmergencyContactPhone is not null)
        {
            var relationship = new List<CodeableConcept> { new() { Coding = [new Coding { System = ContactRoleSystem, Code = "C", Display = "Emergency Contact" }] } };
            if (p.EmergencyContactRelationship is not null) relationship.Add(new CodeableConcept { Text = p.EmergencyContactRelationship });
            resource.Contact =
            [
                new PatientContact
                {
                    Relationship = relationship,
                    Name = p.EmergencyContactName is null ? null : new HumanName { Text = p.EmergencyContactName },
                    Telecom = p.EmergencyContactPhone is null ? null : [new ContactPoint { System = "phone", Value = p.EmergencyContactPhone }],
                },
            ];
        }
        if (p.PreferredLanguage is not null)
            resource.Communication = [new PatientCommunication { Language = new CodeableConcept { Text = p.PreferredLanguage }, Preferred = true }];
        return resource;
    }

    /// <summary>FHIR instant, e.g. 2026-11-21T09:30:00.000Z.</summary>
    public static string Instant(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a Patient into demographics. KapCare keeps one name, phone, email, address, emergency contact
    /// and language; a resource with more is refused, not trimmed, so no clinical detail is dropped unseen.
    /// <paramref name="currentMrn"/> is the record's MRN on update (the client may send it back), null on create.
    /// </summary>
    public static (PatientInput? Input, List<OperationOutcomeIssue> Issues) FromFhir(PatientResource r, string? currentMrn)
    {
        var issues = new List<OperationOutcomeIssue>();
        void Refuse(string code, string path, string message) => issues.Add(OperationOutcomeIssue.Error(code, $"{path}: {message}", path));
        var paths = new Dictionary<string, string>
        {
            ["GivenName"] = "Patient.name[0].given",
            ["FamilyName"] = "Patient.name[0].family",
            ["BirthDate"] = "Patient.birthDate",
            ["Sex"] = "Patient.gender",
            ["Pronouns"] = "Patient.extension",
            ["Phone"] = "Patient.telecom",
            ["Email"] = "Patient.telecom",
            ["AddressLine"] = "Patient.address[0].line",
            ["City"] = "Patient.address[0].city",
            ["Region"] = "Patient.address[0].state",
            ["PostalCode"] = "Patient.address[0].postalCode",
            ["Country"] = "Patient.address[0].country",
            ["EmergencyContactName"] = "Patient.contact[0].name",
            ["EmergencyContactRelationship"] = "Patient.contact[0].relationship",
            ["EmergencyContactPhone"] = "Patient.contact[0].telecom",
            ["PreferredLanguage"] = "Patient.communication[0].language",
        };

        for (var i = 0; i < (r.Identifier?.Count ?? 0); i++)
        {
            var identifier = r.Identifier![i];
            var isOwnMrn = currentMrn is not null && identifier.System == MrnSystem
                && MedicalRecordNumber.TryParse(identifier.Value, out var sent) && sent.Value.Value == currentMrn;
            if (!isOwnMrn)
                Refuse("business-rule", $"Patient.identifier[{i}]", currentMrn is null
                    ? $"KapCare assigns the medical record number ({MrnSystem}) itself; send the Patient without identifier."
                    : $"KapCare keeps only its own MRN as identifier and it cannot be changed; send it unchanged or leave identifier out.");
        }
        if (r.Active == false)
            Refuse("business-rule", "Patient.active", "a record is archived in KapCare (Patients › Archive), not over FHIR; send active true or leave it out.");

        if (r.Name is { Count: > 1 })
            Refuse("business-rule", "Patient.name", "KapCare records one name per patient; send only the official name.");
        var name = r.Name?.FirstOrDefault();

        // Gender is optional in FHIR; KapCare records its absence as unknown.
        var sex = AdministrativeSex.Unknown;
        if (r.Gender is not null && !AdministrativeSexCodes.TryParseFhirCode(r.Gender, out sex))
            Refuse("value", "Patient.gender", $"'{r.Gender}' is not an administrative-gender code; use male, female, other or unknown.");

        var birthDate = ParseBirthDate(r.BirthDate, Refuse);

        string? pronouns = null;
        var pronounExtensions = (r.Extension ?? []).Select((e, i) => (e, i)).Where(x => x.e.Url == PronounsUrl).ToList();
        if (pronounExtensions.Count > 1)
            Refuse("business-rule", "Patient.extension", "KapCare records one set of pronouns; send one individual-pronouns extension.");
        foreach (var (extension, i) in pronounExtensions.Take(1))
        {
            paths["Pronouns"] = $"Patient.extension[{i}]";
            pronouns = extension.Extensions?.FirstOrDefault(e => e.Url == "value")?.ValueCodeableConcept?.Words();
            if (pronouns is null)
                Refuse("required", $"Patient.extension[{i}]", "the individual-pronouns extension needs a nested extension 'value' with valueCodeableConcept (text or coding).");
        }
        for (var i = 0; i < (r.Extension?.Count ?? 0); i++)
        {
            var other = r.Extension![i].OtherValues?.Keys.FirstOrDefault(k => !k.StartsWith("value", StringComparison.Ordinal));
            if (other is not null) Refuse("structure", $"Patient.extension[{i}].{other}", "unknown element in an Extension.");
        }

        string? phone = null, email = null;
        for (var i = 0; i < (r.Telecom?.Count ?? 0); i++)
        {
            var point = r.Telecom![i];
            var path = $"Patient.telecom[{i}]";
            if (string.IsNullOrWhiteSpace(point.Value)) { Refuse("required", path, "a ContactPoint needs a value."); continue; }
            switch (point.System)
            {
                case "phone" when phone is null:
                    phone = point.Value;
                    paths["Phone"] = path;
                    if (phone.Trim().Length > MaxPhoneLength) Refuse("value", path, $"a phone number must be at most {MaxPhoneLength} characters.");
                    break;
                case "email" when email is null:
                    email = point.Value;
                    paths["Email"] = path;
                    break;
                case "phone" or "email":
                    Refuse("business-rule", path, $"KapCare records one {point.System} per patient; send only the one to use.");
                    break;
                default:
                    Refuse("business-rule", path, $"KapCare records a phone and an email (system phone or email), not system '{point.System ?? "(missing)"}'.");
                    break;
            }
        }

        if (r.Address is { Count: > 1 })
            Refuse("business-rule", "Patient.address", "KapCare records one address per patient; send only the current one.");
        var address = r.Address?.FirstOrDefault();
        var lines = address?.Line?.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).ToList();

        if (r.Contact is { Count: > 1 })
            Refuse("business-rule", "Patient.contact", "KapCare records one contact, the emergency contact; send only that one.");
        var contact = r.Contact?.FirstOrDefault();
        var relationships = (contact?.Relationship ?? [])
            .Where(c => !(c.Coding is { Count: > 0 } coding && coding.All(x => x.System == ContactRoleSystem && x.Code == "C") && string.IsNullOrWhiteSpace(c.Text)))
            .Select(c => c.Words()).Where(w => w is not null).ToList();
        if (relationships.Count > 1)
            Refuse("business-rule", "Patient.contact[0].relationship", "KapCare records one relationship for the emergency contact, e.g. text \"Spouse\".");
        string? contactPhone = null;
        for (var i = 0; i < (contact?.Telecom?.Count ?? 0); i++)
        {
            var point = contact!.Telecom![i];
            var path = $"Patient.contact[0].telecom[{i}]";
            if (point.System != "phone" || contactPhone is not null || string.IsNullOrWhiteSpace(point.Value))
                Refuse("business-rule", path, "KapCare records one phone number (system phone, with a value) for the emergency contact.");
            else
            {
                contactPhone = point.Value;
                paths["EmergencyContactPhone"] = path;
                if (contactPhone.Trim().Length > MaxPhoneLength) Refuse("value", path, $"a phone number must be at most {MaxPhoneLength} characters.");
            }
        }
        var contactName = contact?.Name is { } n
            ? (!string.IsNullOrWhiteSpace(n.Text) ? n.Text : string.Join(' ', (n.Given ?? []).Append(n.Family ?? string.Empty).Where(s => !string.IsNullOrWhiteSpace(s))))
            : null;

        if (r.Communication is { Count: > 1 })
            Refuse("business-rule", "Patient.communication", "KapCare records one language, the preferred one; send only that.");
        var language = r.Communication?.FirstOrDefault()?.Language?.Words();

        if (issues.Count > 0 || birthDate is not DateOnly born) return (null, issues);
        var demographics = new PatientDemographics
        {
            GivenName = string.Join(' ', (name?.Given ?? []).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim())),
            FamilyName = name?.Family ?? string.Empty,
            BirthDate = born,
            Sex = sex,
            Pronouns = pronouns,
            Phone = phone,
            Email = email,
            AddressLine = lines is { Count: > 0 } ? string.Join(", ", lines) : null,
            City = address?.City,
            Region = address?.State,
            PostalCode = address?.PostalCode,
            Country = address?.Country,
            EmergencyContactName = contactName,
            EmergencyContactRelationship = relationships.FirstOrDefault(),
            EmergencyContactPhone = contactPhone,
            PreferredLanguage = language,
        };
        return (new PatientInput(demographics, paths), issues);
    }

    private static DateOnly? ParseBirthDate(string? text, Action<string, string, string> refuse)
    {
        const string path = "Patient.birthDate";
        if (text is null)
        {
            refuse("required", path, "the date of birth is required (YYYY-MM-DD).");
            return null;
        }
        if (!FhirDate().IsMatch(text))
        {
            refuse("value", path, $"'{text}' is not a FHIR date; write it as YYYY-MM-DD.");
            return null;
        }
        if (text.Length < 10)
        {
            // FHIR allows a partial date, but age-based clinical rules (eligibility, dosing) need the day.
            refuse("value", path, $"'{text}' is a partial date; KapCare needs the full date of birth (YYYY-MM-DD).");
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            refuse("value", path, $"'{text}' is not a date that exists.");
            return null;
        }
        return date;
    }

    /// <summary>The R4 date regex (http://hl7.org/fhir/R4/datatypes.html#date).</summary>
    [GeneratedRegex(@"^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$")]
    private static partial Regex FhirDate();
}
