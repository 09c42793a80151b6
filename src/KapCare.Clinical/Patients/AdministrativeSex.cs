namespace KapCare.Clinical.Patients;

/// <summary>
/// Administrative sex as FHIR R4 records it (value set administrative-gender:
/// http://hl7.org/fhir/R4/valueset-administrative-gender.html). Clinical sex and gender identity
/// are separate facts; pronouns are recorded beside this.
/// </summary>
public enum AdministrativeSex
{
    Unknown = 0,
    Female = 1,
    Male = 2,
    Other = 3,
}

public static class AdministrativeSexCodes
{
    public static string ToFhirCode(this AdministrativeSex sex) => sex switch
    {
        AdministrativeSex.Female => "female",
        AdministrativeSex.Male => "male",
        AdministrativeSex.Other => "other",
        AdministrativeSex.Unknown => "unknown",
    };

    public static bool TryParseFhirCode(string? code, out AdministrativeSex sex)
    {
        switch (code)
        {
            case "female": sex = AdministrativeSex.Female; return true;
            case "male": sex = AdministrativeSex.Male; return true;
            case "other": sex = AdministrativeSex.Other; return true;
            case "unknown": sex = AdministrativeSex.Unknown; return true;
            default: sex = AdministrativeSex.Unknown; return false;
        }
    }

    public static string Display(this AdministrativeSex sex) => sex switch
    {
        AdministrativeSex.Female => "Female",
        AdministrativeSex.Male => "Male",
        AdministrativeSex.Other => "Other",
        AdministrativeSex.Unknown => "Unknown",
    };
}
