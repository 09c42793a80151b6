using KapCare.Web.Features.Measures;

namespace KapCare.Web.Fhir;

/// <summary>FHIR search on Flag (KapCare's safety alerts): by patient and status.</summary>
public sealed class FlagSearch : ResourceSearch<SafetyAlert>
{
    private const string Spec = SearchParameter.Spec;

    public static readonly IReadOnlyList<SearchParameter> Supported =
    [
        new("patient", "reference", Spec + "clinical-patient", "The patient: {id} or Patient/{id}."),
        new("subject", "reference", Spec + "Flag-subject", "The same as patient: {id} or Patient/{id}."),
        new("status", "token", Spec + "Flag-status", "active (an open safety alert a clinician must resolve) or inactive (resolved)."),
        .. SearchParameter.Paging,
    ];

    private FlagSearch() { }

    public override IReadOnlyList<SearchParameter> Parameters => Supported;

    protected override string ResourceType => "Flag";

    public static (FlagSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict)
    {
        var search = new FlagSearch();
        var error = search.ParseQuery(query, strict);
        return error is null ? (search, null) : (null, error);
    }

    protected override string? Add(string name, string value, int repeats) => name switch
    {
        "patient" or "subject" => AddAny(value, v => PatientMatch(name, v, a => a.PatientId)),
        "status" => AddAny(value, v => Token(v).Code switch
        {
            "active" => (a => a.Status == AlertStatus.Open, null),
            "inactive" => (a => a.Status == AlertStatus.Resolved, null),
            "entered-in-error" => (_ => false, null),
            _ => (null, $"status is active, inactive or entered-in-error (received '{v}')."),
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a supported parameter."),
    };
}
