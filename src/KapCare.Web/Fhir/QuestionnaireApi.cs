using KapCare.Clinical.Instruments;

namespace KapCare.Web.Fhir;

/// <summary>
/// Questionnaire read and search. The Questionnaires are generated from the instrument library and carry no
/// patient data, so they are not audited.
/// </summary>
public static class QuestionnaireApi
{
    public static IResult Read(string id)
    {
        var instrument = InstrumentLibrary.Find(id);
        return instrument is null
            ? FhirResults.Outcome(StatusCodes.Status404NotFound, "not-found",
                $"There is no Questionnaire with id '{id}'; KapCare offers: {string.Join(", ", InstrumentLibrary.All.Select(i => i.Id))}.")
            : FhirResults.Resource(QuestionnaireMapping.ToFhir(instrument));
    }

    public static IResult Search(HttpRequest request)
    {
        var (search, error) = QuestionnaireSearch.Parse(request.Query, FhirRequest.WantsStrictHandling(request));
        if (error is not null) return FhirResults.Outcome(error);

        var matches = search!.Apply(InstrumentLibrary.All.AsQueryable()).ToList();
        var page = matches.Skip(search.Offset).Take(search.Count).ToList();
        return FhirResults.Resource(search.ToBundle(request, matches.Count, page.Select(i => (i.Id, (object)QuestionnaireMapping.ToFhir(i))), page.Count));
    }
}
