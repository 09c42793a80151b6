using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Intake;

namespace KapCare.Web.Features.Intake;

/// <summary>What the shared intake partials render: one section of a form, its errors, and where it posts.</summary>
public sealed class IntakeEditor
{
    public required IntakeForm Form { get; init; }
    public required IntakeSectionId Section { get; init; }
    public IReadOnlyList<IntakeProblem> Problems { get; init; } = [];
    /// <summary>The portal speaks to the patient ("you"); the clinic pages say "the patient".</summary>
    public required bool ForPatient { get; init; }
    /// <summary>e.g. /Portal/Intake or /Patients/{id}/Intake; the section is appended.</summary>
    public required string BaseUrl { get; init; }
    public PatientIntake? Record { get; init; }

    /// <summary>Blank rows offered after the saved ones in each list.</summary>
    public const int BlankRows = 2;

    public string? Error(string field) => Problems.FirstOrDefault(p => p.Field == field)?.Message;

    public static string Slug(IntakeSectionId section) => section.ToString().ToLowerInvariant();

    public static IntakeSectionId? FromSlug(string? slug) =>
        Enum.TryParse<IntakeSectionId>(slug, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;

    public IntakeSectionId? Next => Section == IntakeSectionId.Support ? null : Section + 1;
    public IntakeSectionId? Previous => Section == IntakeSectionId.History ? null : Section - 1;

    public static string Value(YesNoUnknown value) => value switch
    {
        YesNoUnknown.Yes => "yes",
        YesNoUnknown.No => "no",
        YesNoUnknown.Unknown => "unknown",
    };
}
