using KapCare.Web.Features.Plans;

namespace KapCare.Web.Fhir;

/// <summary>FHIR search on CarePlan (KapCare's treatment plan versions): by patient and status.</summary>
public sealed class CarePlanSearch : ResourceSearch<TreatmentPlanRecord>
{
    private const string Spec = SearchParameter.Spec;

    public static readonly IReadOnlyList<SearchParameter> Supported =
    [
        new("patient", "reference", Spec + "clinical-patient", "The patient: {id} or Patient/{id}."),
        new("status", "token", Spec + "CarePlan-status",
            "draft (being built, not yet signed), active (the signed version in force) or revoked (a signed version superseded by a newer one)."),
        .. SearchParameter.Paging,
    ];

    private CarePlanSearch() { }

    public override IReadOnlyList<SearchParameter> Parameters => Supported;

    protected override string ResourceType => "CarePlan";

    public static (CarePlanSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict)
    {
        var search = new CarePlanSearch();
        var error = search.ParseQuery(query, strict);
        return error is null ? (search, null) : (null, error);
    }

    protected override string? Add(string name, string value, int repeats) => name switch
    {
        "patient" => AddAny(value, v => PatientMatch(name, v, p => p.PatientId)),
        "status" => AddAny(value, v => Token(v).Code switch
        {
            "draft" => (p => p.Status == PlanStatus.Draft, null),
            "active" => (p => p.Status == PlanStatus.Signed, null),
            "revoked" => (p => p.Status == PlanStatus.Superseded, null),
            // Valid R4 request-status codes that no KapCare plan has.
            "on-hold" or "completed" or "entered-in-error" or "unknown" => (_ => false, null),
            _ => (null, $"status is draft, active, revoked, on-hold, completed, entered-in-error or unknown (received '{v}')."),
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a supported parameter."),
    };
}
