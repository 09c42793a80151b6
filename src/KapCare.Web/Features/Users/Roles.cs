namespace KapCare.Web.Features.Users;

/// <summary>The roles of a KapCare clinic (DESIGN.md, "Users and what each does every day").</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Prescriber = "Prescriber";
    public const string Nurse = "Nurse";
    public const string Therapist = "Therapist";
    public const string FrontDesk = "FrontDesk";
    public const string Researcher = "Researcher";
    public const string Patient = "Patient";

    public static readonly IReadOnlyList<string> All = [Admin, Prescriber, Nurse, Therapist, FrontDesk, Researcher, Patient];

    public static string Describe(string role) => role switch
    {
        Admin => "Manages users, roles, clinic settings and the audit log",
        Prescriber => "Reviews intake and eligibility, signs plans and doses",
        Nurse => "Runs the dosing chair: pre-checks, administration, vitals, discharge",
        Therapist => "Preparation and integration sessions",
        FrontDesk => "Consultation requests, registration, scheduling and payments",
        Researcher => "De-identified outcomes across the clinic",
        Patient => "The patient portal",
        _ => role,
    };

    public static string Label(string role) => role == FrontDesk ? "Front desk" : role;

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

public static class Policies
{
    /// <summary>A portal sign-in is tied to one patient record; without that link the portal opens nothing.</summary>
    public const string Portal = "portal";
}
