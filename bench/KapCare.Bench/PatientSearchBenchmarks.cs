using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using KapCare.Clinical.Patients;
using KapCare.Web.Data;
using KapCare.Web.Features.Patients;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Bench;

/// <summary>
/// The front desk's search box against a clinic-sized SQLite file (20,000 patients, far more than one
/// clinic registers in years). Target: each query well under 50 ms so the list refreshes as people type.
/// Run: dotnet run -c Release --project bench/KapCare.Bench -- --filter '*'
/// </summary>
[MemoryDiagnoser]
public class PatientSearchBenchmarks
{
    private const int PatientCount = 20_000;
    private string directory = string.Empty;
    private DbContextOptions<KapCareDbContext> options = null!;
    private string knownMrn = string.Empty;

    [Params("garcia", "jo gar", "1986-04-23", "mrn")]
    public string Query { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "kapcare-bench-" + Guid.NewGuid().ToString("N"));
        var builder = new DbContextOptionsBuilder<KapCareDbContext>();
        Database.Configure(builder, DatabaseSettings.For(directory, null));
        options = builder.Options;
        using var db = new KapCareDbContext(options);
        db.Database.Migrate();
        var random = new Random(42);
        string[] given = ["José", "Maria", "John", "Zoë", "Li", "Aisha", "Jordan", "Sam", "Renée", "Björn"];
        string[] family = ["García", "Smith", "Nguyễn", "O'Brien", "Kowalski", "Okafor", "Dubois", "Haddad", "Tanaka", "Åström"];
        var now = DateTime.UtcNow;
        var used = new HashSet<MedicalRecordNumber>();
        for (var i = 0; i < PatientCount; i++)
        {
            MedicalRecordNumber mrn;
            do mrn = MedicalRecordNumber.NewRandom(random); while (!used.Add(mrn));
            var p = Patient.Register(new PatientDemographics
            {
                GivenName = given[random.Next(given.Length)] + (i % 7 == 0 ? "" : " " + (char)('A' + i % 26)),
                FamilyName = family[random.Next(family.Length)] + (i % 3 == 0 ? "" : "-" + i),
                BirthDate = new DateOnly(1950, 1, 1).AddDays(random.Next(0, 20000)),
            }, mrn, now);
            if (i == 0) knownMrn = p.Mrn;
            db.Patients.Add(p);
            if (i % 2000 == 1999) { db.SaveChanges(); db.ChangeTracker.Clear(); }
        }
        db.SaveChanges();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark]
    public async Task<int> FirstPageOfResults()
    {
        await using var db = new KapCareDbContext(options);
        var (query, _) = SearchPatients.Filter(db.Patients.AsNoTracking().Where(p => p.ArchivedAt == null), Query == "mrn" ? knownMrn : Query);
        var total = await query.CountAsync();
        var rows = await query.OrderBy(p => p.SearchFamilyName).ThenBy(p => p.SearchGivenName).Take(25).ToListAsync();
        return total + rows.Count;
    }
}

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
