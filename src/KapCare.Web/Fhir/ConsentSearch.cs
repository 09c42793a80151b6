using KapCare.Web.Features.Consent;

namespace KapCare.Web.Fhir;

/// <summary>FHIR search on Consent: by patient (the signed consents KapCare holds).</summary>
public sealed class ConsentSearch : ResourceSearch<SignedConsent>
{
    private const string Spec = SearchParameter.Spec;

    public static readonly IReadOnlyList<SearchParameter> Supported =
    [
        new("patient", "reference", Spec + "clinical-patient", "The patient: {id} or Patient/{id}."),
        .. SearchParameter.Paging,
    ];

    private ConsentSearch() { }

    public override IReadOnlyList<SearchParameter> Parameters => Supported;

    protected override string ResourceType => "Consent";

    public static (ConsentSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict)
    {
        var search = new ConsentSearch();
        var error = search.ParseQuery(query, strict);
        return error is null ? (search, null) : (null, error);
    }

    protected override string? Add(string name, string value, int repeats) => name switch
    {
        "patient" => AddAny(value, v => PatientMatch(name, v, c => c.PatientId)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a supported parameter."),
    };
}
