using System.Globalization;
using KapCare.Clinical.Patients;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Patients;

public enum PatientSort
{
    Name = 0,
    BirthDate = 1,
    Mrn = 2,
    Updated = 3,
}

public sealed record PatientSearchPage(IReadOnlyList<Patient> Patients, int Total, int Page, int PageSize, string Interpretation)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)PageSize));
}

/// <summary>
/// One search box for the front desk: a date finds by birth date, an MRN (with or without "KC" and
/// dashes) finds that record, anything else is name words, each matching the start of a first or last
/// name regardless of case and accents ("jose garc" finds José García).
/// </summary>
public sealed class SearchPatients(KapCareDbContext db, AuditTrail audit)
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "M/d/yyyy", "MM/dd/yyyy", "d.M.yyyy", "dd.MM.yyyy", "yyyyMMdd"];

    public async Task<PatientSearchPage> HandleAsync(string? query, bool includeArchived, PatientSort sort, bool descending,
        int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var (patients, interpretation) = Filter(db.Patients.AsNoTracking(), query);
        if (!includeArchived) patients = patients.Where(p => p.ArchivedAt == null);

        IOrderedQueryable<Patient> ordered = (sort, descending) switch
        {
            (PatientSort.Name, false) => patients.OrderBy(p => p.SearchFamilyName).ThenBy(p => p.SearchGivenName),
            (PatientSort.Name, true) => patients.OrderByDescending(p => p.SearchFamilyName).ThenByDescending(p => p.SearchGivenName),
            (PatientSort.BirthDate, false) => patients.OrderBy(p => p.BirthDate),
            (PatientSort.BirthDate, true) => patients.OrderByDescending(p => p.BirthDate),
            (PatientSort.Mrn, false) => patients.OrderBy(p => p.Mrn),
            (PatientSort.Mrn, true) => patients.OrderByDescending(p => p.Mrn),
            (PatientSort.Updated, false) => patients.OrderBy(p => p.UpdatedAt),
            (PatientSort.Updated, true) => patients.OrderByDescending(p => p.UpdatedAt),
        };

        var total = await patients.CountAsync(ct);
        var rows = await ordered.ThenBy(p => p.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);

        await audit.RecordSearchAsync("Patient", rows.Select(p => p.Id).ToList(), $"{interpretation}; {total} found; page {page} shows {rows.Count}", ct);
        return new PatientSearchPage(rows, total, page, pageSize, interpretation);
    }

    /// <summary>Applies the search box's meaning to a query; also says in words how it was read.</summary>
    public static (IQueryable<Patient> Query, string Interpretation) Filter(IQueryable<Patient> patients, string? query)
    {
        var q = query?.Trim();
        if (string.IsNullOrEmpty(q)) return (patients, "all patients");

        var isDate = DateOnly.TryParseExact(q, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate);
        var isMrn = MedicalRecordNumber.TryParse(q, out var mrn);
        // Eight plain digits can be both: 19990415 is a birth date (yyyyMMdd) and a valid MRN (its Luhn digit fits). A
        // person typing a record number must still find the record, so such a query means either.
        if (isDate && isMrn)
        {
            var value = mrn!.Value.Value;
            return (patients.Where(p => p.BirthDate == birthDate || p.Mrn == value), $"born {birthDate:yyyy-MM-dd} or MRN {mrn}");
        }
        if (isDate) return (patients.Where(p => p.BirthDate == birthDate), $"born {birthDate:yyyy-MM-dd}");
        if (isMrn)
        {
            var value = mrn!.Value.Value;
            return (patients.Where(p => p.Mrn == value), $"MRN {mrn}");
        }

        var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length >= 4 && q.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or 'k' or 'K' or 'c' or 'C'))
            return (patients.Where(p => p.Mrn.StartsWith(digits)), $"MRN starting {digits}");

        var terms = SearchText.Terms(q);
        foreach (var term in terms)
        {
            var t = term;
            var inner = " " + term;
            patients = patients.Where(p =>
                p.SearchFamilyName.StartsWith(t) || p.SearchGivenName.StartsWith(t) ||
                p.SearchFamilyName.Contains(inner) || p.SearchGivenName.Contains(inner));
        }
        return (patients, $"name \"{string.Join(' ', terms)}\"");
    }
}
