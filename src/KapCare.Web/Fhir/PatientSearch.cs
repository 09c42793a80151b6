using System.Globalization;
using System.Linq.Expressions;
using KapCare.Clinical.Patients;
using PatientEntity = KapCare.Web.Features.Patients.Patient;

namespace KapCare.Web.Fhir;

/// <summary>
/// FHIR search on Patient (http://hl7.org/fhir/R4/search.html), translated to a query over the folded
/// name columns. Repeating a parameter means AND; commas in one value mean OR.
/// </summary>
public sealed class PatientSearch
{
    public const int DefaultCount = 20;
    public const int MaxCount = 100;
    private const string Spec = "http://hl7.org/fhir/SearchParameter/";

    /// <summary>The parameters offered, with their type and meaning; the CapabilityStatement lists exactly these.</summary>
    public static readonly IReadOnlyList<(string Name, string Type, string? Definition, string Documentation)> Parameters =
    [
        ("name", "string", Spec + "Patient-name", "Start of any part of the family or given name; case and accents are ignored (\"garcia\" finds García)."),
        ("family", "string", Spec + "individual-family", "Start of any part of the family name; case and accents are ignored."),
        ("given", "string", Spec + "individual-given", "Start of any given name; case and accents are ignored."),
        ("birthdate", "date", Spec + "individual-birthdate", "Date of birth: YYYY, YYYY-MM or YYYY-MM-DD, with prefix eq (default), ne, lt, gt, le or ge."),
        ("identifier", "token", Spec + "Patient-identifier", $"The MRN: {PatientMapping.MrnSystem}|KC-1234-5678, KC-1234-5678 or its 8 digits."),
        ("active", "token", Spec + "Patient-active", "true (the default when absent) for current records, false for archived ones."),
        ("_count", "number", null, $"Entries per page: {DefaultCount} by default, at most {MaxCount}."),
        ("_offset", "number", null, "How many matches to skip: the paging position the next and previous links carry."),
    ];

    private readonly List<Expression<Func<PatientEntity, bool>>> filters = [];
    private readonly List<KeyValuePair<string, string>> used = [];
    private bool activeGiven;

    private PatientSearch() { }

    public int Count { get; private set; } = DefaultCount;
    public int Offset { get; private set; }

    /// <summary>The parameters that shaped the result, as they go into the self, next and previous links.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> UsedParameters => used;

    public static (PatientSearch? Search, FhirError? Error) Parse(IQueryCollection query, bool strict)
    {
        var search = new PatientSearch();
        foreach (var (key, values) in query)
        {
            var colon = key.IndexOf(':');
            var name = colon < 0 ? key : key[..colon];
            if (!Parameters.Any(p => p.Name == name))
            {
                // Lenient by default, as FHIR search.html#errors allows; strict on request.
                if (strict) return (null, Invalid($"The search parameter '{key}' is not supported on Patient; supported: {string.Join(", ", Parameters.Select(p => p.Name))}."));
                continue;
            }
            if (colon >= 0)
                return (null, Invalid($"The modifier '{key[colon..]}' on '{name}' is not supported; search with '{name}' alone."));
            foreach (var value in values)
            {
                if (string.IsNullOrEmpty(value)) continue;
                var error = search.Add(name, value, values.Count);
                if (error is not null) return (null, error);
                if (name is not ("_count" or "_offset")) search.used.Add(new(name, value));
            }
        }
        // Archived records are out of sight unless asked for, as in KapCare's own patient list.
        if (!search.activeGiven) search.filters.Add(p => p.ArchivedAt == null);
        return (search, null);
    }

    public IQueryable<PatientEntity> Apply(IQueryable<PatientEntity> patients)
    {
        foreach (var filter in filters) patients = patients.Where(filter);
        return patients;
    }

    private FhirError? Add(string name, string value, int repeats)
    {
        switch (name)
        {
            case "_count" or "_offset":
                if (repeats > 1) return Invalid($"Give {name} once.");
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || (name == "_count" && number < 1))
                    return Invalid($"{name} must be a whole number{(name == "_count" ? $" from 1 to {MaxCount}" : " of 0 or more")} (received '{value}').");
                if (name == "_count") Count = Math.Min(number, MaxCount);
                else Offset = number;
                return null;
            case "name" or "family" or "given":
                return AddAny(name, value, v => StringMatch(name, v));
            case "birthdate":
                return AddAny(name, value, BirthDateMatch);
            case "identifier":
                return AddAny(name, value, v => (IdentifierMatch(v), null));
            case "active":
                activeGiven = true;
                return AddAny(name, value, v => v switch
                {
                    "true" => (p => p.ArchivedAt == null, null),
                    "false" => (p => p.ArchivedAt != null, null),
                    _ => (null, $"active is true or false (received '{v}')."),
                });
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Not a supported parameter.");
        }
    }

    /// <summary>One filter per occurrence of a parameter: its comma-separated values ORed together.</summary>
    private FhirError? AddAny(string name, string value, Func<string, (Expression<Func<PatientEntity, bool>>? Match, string? Error)> parse)
    {
        Expression<Func<PatientEntity, bool>>? any = null;
        foreach (var part in value.Split(','))
        {
            var (match, error) = parse(part.Trim());
            if (error is not null) return Invalid(error);
            any = any is null ? match : Or(any, match!);
        }
        if (any is not null) filters.Add(any);
        return null;
    }

    private static (Expression<Func<PatientEntity, bool>>? Match, string? Error) StringMatch(string name, string value)
    {
        // FHIR string search matches the start of the value, here the start of any word of the name.
        var start = SearchText.Fold(value);
        if (start.Length == 0) return (null, $"{name} needs letters or digits to search for (received '{value}').");
        var inner = " " + start;
        return name switch
        {
            "family" => (p => p.SearchFamilyName.StartsWith(start) || p.SearchFamilyName.Contains(inner), null),
            "given" => (p => p.SearchGivenName.StartsWith(start) || p.SearchGivenName.Contains(inner), null),
            _ => (p => p.SearchFamilyName.StartsWith(start) || p.SearchFamilyName.Contains(inner)
                || p.SearchGivenName.StartsWith(start) || p.SearchGivenName.Contains(inner), null),
        };
    }

    /// <summary>
    /// A date parameter names a range (a year, a month or a day); the prefixes compare a birth date,
    /// itself a one-day range, against it as FHIR search.html#prefix defines.
    /// </summary>
    private static (Expression<Func<PatientEntity, bool>>? Match, string? Error) BirthDateMatch(string value)
    {
        var (date, error) = DateSearch.Parse("birthdate", value, allowTime: false);
        if (date is null) return (null, error);
        var (first, last) = date.Dates;
        return (date.Matches<PatientEntity, DateOnly>(p => p.BirthDate, first, last), null);
    }

    /// <summary>Token search: <c>system|value</c>, <c>|value</c> (no system) or <c>value</c> (any system).</summary>
    private static Expression<Func<PatientEntity, bool>> IdentifierMatch(string token)
    {
        var bar = token.IndexOf('|');
        var system = bar < 0 ? null : token[..bar];
        var value = bar < 0 ? token : token[(bar + 1)..];
        if (system is not null && system != PatientMapping.MrnSystem) return p => false;
        if (value.Length == 0) return p => true;
        if (!MedicalRecordNumber.TryParse(value, out var mrn)) return p => false;
        var digits = mrn.Value.Value;
        return p => p.Mrn == digits;
    }

    private static Expression<Func<PatientEntity, bool>> Or(Expression<Func<PatientEntity, bool>> a, Expression<Func<PatientEntity, bool>> b)
    {
        var body = new Rebind(b.Parameters[0], a.Parameters[0]).Visit(b.Body);
        return Expression.Lambda<Func<PatientEntity, bool>>(Expression.OrElse(a.Body, body), a.Parameters[0]);
    }

    private static FhirError Invalid(string diagnostics) => FhirError.Of(StatusCodes.Status400BadRequest, "invalid", diagnostics);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
