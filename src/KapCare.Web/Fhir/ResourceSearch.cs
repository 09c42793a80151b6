using System.Globalization;
using System.Linq.Expressions;
using KapCare.Web.Fhir.Models;

namespace KapCare.Web.Fhir;

/// <summary>One search parameter a resource offers; the CapabilityStatement lists exactly these.</summary>
public sealed record SearchParameter(string Name, string Type, string? Definition, string Documentation)
{
    public const string Spec = "http://hl7.org/fhir/SearchParameter/";

    public static readonly IReadOnlyList<SearchParameter> Paging =
    [
        new("_count", "number", null, $"Entries per page: {SearchPaging.DefaultCount} by default, at most {SearchPaging.MaxCount}."),
        new("_offset", "number", null, "How many matches to skip: the paging position the next and previous links carry."),
    ];
}

public static class SearchPaging
{
    public const int DefaultCount = 20;
    public const int MaxCount = 100;
}

/// <summary>
/// FHIR search over one kind of stored row (http://hl7.org/fhir/R4/search.html), the way PatientSearch does it:
/// repeating a parameter means AND, commas in one value mean OR, unknown parameters are ignored unless the client
/// asks for <c>Prefer: handling=strict</c>, and paging is by <c>_count</c> and <c>_offset</c>.
/// </summary>
public abstract class ResourceSearch<T>
{
    private readonly List<Expression<Func<T, bool>>> filters = [];
    private readonly List<KeyValuePair<string, string>> used = [];

    public int Count { get; private set; } = SearchPaging.DefaultCount;
    public int Offset { get; private set; }

    /// <summary>The parameters that shaped the result, as they go into the self, next and previous links.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> UsedParameters => used;

    /// <summary>The patients the search was narrowed to (by <c>patient</c> or <c>subject</c>), for the audit entry.</summary>
    public List<Guid> Patients { get; } = [];

    protected abstract string ResourceType { get; }

    public abstract IReadOnlyList<SearchParameter> Parameters { get; }

    /// <summary>Adds one occurrence of a resource-specific parameter; returns what is wrong with it, or null.</summary>
    protected abstract string? Add(string name, string value, int repeats);

    protected FhirError? ParseQuery(IQueryCollection query, bool strict)
    {
        foreach (var (key, values) in query)
        {
            var colon = key.IndexOf(':');
            var name = colon < 0 ? key : key[..colon];
            if (!Parameters.Any(p => p.Name == name))
            {
                // Lenient by default, as FHIR search.html#errors allows; strict on request.
                if (strict) return Invalid($"The search parameter '{key}' is not supported on {ResourceType}; supported: {string.Join(", ", Parameters.Select(p => p.Name))}.");
                continue;
            }
            if (colon >= 0)
                return Invalid($"The modifier '{key[colon..]}' on '{name}' is not supported; search with '{name}' alone.");
            foreach (var value in values)
            {
                if (string.IsNullOrEmpty(value)) continue;
                var error = name switch
                {
                    "_count" or "_offset" => AddPaging(name, value, values.Count),
                    _ => Add(name, value, values.Count),
                };
                if (error is not null) return Invalid(error);
                if (name is not ("_count" or "_offset")) used.Add(new(name, value));
            }
        }
        return null;
    }

    public IQueryable<T> Apply(IQueryable<T> rows)
    {
        foreach (var filter in filters) rows = rows.Where(filter);
        return rows;
    }

    protected void Filter(Expression<Func<T, bool>> filter) => filters.Add(filter);

    /// <summary>One filter per occurrence of a parameter: its comma-separated values ORed together.</summary>
    protected string? AddAny(string value, Func<string, (Expression<Func<T, bool>>? Match, string? Error)> parse)
    {
        Expression<Func<T, bool>>? any = null;
        foreach (var part in value.Split(','))
        {
            var (match, error) = parse(part.Trim());
            if (error is not null) return error;
            any = any is null ? match : Or(any, match!);
        }
        if (any is not null) filters.Add(any);
        return null;
    }

    /// <summary>
    /// A reference to a patient: <c>{id}</c>, <c>Patient/{id}</c> or this server's absolute URL for it. Anything
    /// that is not a KapCare patient id matches nothing, as a reference to an unknown resource would.
    /// </summary>
    protected (Expression<Func<T, bool>>? Match, string? Error) PatientMatch(string name, string value, Expression<Func<T, Guid>> patientId)
    {
        var id = value;
        var slash = value.LastIndexOf('/');
        if (slash >= 0)
        {
            var type = value[..slash];
            if (!(type == "Patient" || type.EndsWith("/Patient", StringComparison.Ordinal)))
                return (null, $"{name} refers to a Patient: give its id or Patient/{{id}} (received '{value}').");
            id = value[(slash + 1)..];
        }
        if (!Guid.TryParse(id, out var guid)) return (_ => false, null);
        Patients.Add(guid);
        var target = new Target(guid);
        var body = Expression.Equal(patientId.Body, Expression.Property(Expression.Constant(target), nameof(Target.Id)));
        return (Expression.Lambda<Func<T, bool>>(body, patientId.Parameters), null);
    }

    /// <summary>Token search on a code: <c>system|code</c>, <c>|code</c> (no system) or <c>code</c> (any system).</summary>
    protected static (string? System, string Code) Token(string token)
    {
        var bar = token.IndexOf('|');
        return bar < 0 ? (null, token) : (token[..bar], token[(bar + 1)..]);
    }

    /// <summary>A searchset Bundle of one page, with self, next and previous links that carry the same search.</summary>
    public Bundle ToBundle(HttpRequest request, int total, IEnumerable<(string Id, object Resource)> page, int pageCount)
    {
        var baseUrl = FhirRequest.BaseUrl(request);
        string Page(int offset)
        {
            var parameters = used.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)).ToList();
            parameters.Add(new("_count", Count.ToString(CultureInfo.InvariantCulture)));
            if (offset > 0) parameters.Add(new("_offset", offset.ToString(CultureInfo.InvariantCulture)));
            return QueryString.Create(parameters).ToUriComponent();
        }
        var links = new List<BundleLink> { new() { Relation = "self", Url = $"{baseUrl}/{ResourceType}{Page(Offset)}" } };
        if (Offset + pageCount < total)
            links.Add(new BundleLink { Relation = "next", Url = $"{baseUrl}/{ResourceType}{Page(Offset + Count)}" });
        if (Offset > 0)
            links.Add(new BundleLink { Relation = "previous", Url = $"{baseUrl}/{ResourceType}{Page(Math.Max(0, Offset - Count))}" });
        return new Bundle
        {
            Type = "searchset",
            Total = total,
            Link = links,
            Entry = [.. page.Select(e => new BundleEntry { FullUrl = $"{baseUrl}/{ResourceType}/{e.Id}", Resource = e.Resource, Search = new BundleEntrySearch { Mode = "match" } })],
        };
    }

    /// <summary>The query string of this page, for the audit entry.</summary>
    public string Describe() =>
        QueryString.Create(used.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))
            .Append(new("_count", Count.ToString(CultureInfo.InvariantCulture)))
            .Append(new("_offset", Offset.ToString(CultureInfo.InvariantCulture)))).ToUriComponent();

    private string? AddPaging(string name, string value, int repeats)
    {
        if (repeats > 1) return $"Give {name} once.";
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || (name == "_count" && number < 1))
            return $"{name} must be a whole number{(name == "_count" ? $" from 1 to {SearchPaging.MaxCount}" : " of 0 or more")} (received '{value}').";
        if (name == "_count") Count = Math.Min(number, SearchPaging.MaxCount);
        else Offset = number;
        return null;
    }

    protected static FhirError Invalid(string diagnostics) => FhirError.Of(StatusCodes.Status400BadRequest, "invalid", diagnostics);

    protected static Expression<Func<T, bool>> Or(Expression<Func<T, bool>> a, Expression<Func<T, bool>> b)
    {
        var body = new Rebind(b.Parameters[0], a.Parameters[0]).Visit(b.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(a.Body, body), a.Parameters[0]);
    }

    protected static Expression<Func<T, bool>> And(Expression<Func<T, bool>> a, Expression<Func<T, bool>> b)
    {
        var body = new Rebind(b.Parameters[0], a.Parameters[0]).Visit(b.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(a.Body, body), a.Parameters[0]);
    }

    /// <summary>
    /// A reference to a resource of <paramref name="type"/>: <c>{id}</c> or <c>{type}/{id}</c>. An id that is not a KapCare
    /// id matches nothing, as a reference to an unknown resource would.
    /// </summary>
    protected static (Expression<Func<T, bool>>? Match, string? Error) ReferenceMatch(string name, string type, string value, Func<Guid, Expression<Func<T, bool>>> match)
    {
        var id = value;
        var slash = value.LastIndexOf('/');
        if (slash >= 0)
        {
            var given = value[..slash];
            if (!(given == type || given.EndsWith("/" + type, StringComparison.Ordinal)))
                return (null, $"{name} refers to a{(type[0] is 'A' or 'E' ? "n" : string.Empty)} {type}: give its id or {type}/{{id}} (received '{value}').");
            id = value[(slash + 1)..];
        }
        return Guid.TryParse(id, out var guid) ? (match(guid), null) : (_ => false, null);
    }

    private sealed record Target(Guid Id);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
