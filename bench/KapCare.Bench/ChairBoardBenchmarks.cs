using BenchmarkDotNet.Attributes;
using KapCare.Clinical.Patients;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Settings;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Route = KapCare.Clinical.Dosing.Route;

namespace KapCare.Bench;

/// <summary>
/// The dosing room's chair board (issue 10, item 8) for 12 chairs, server-side (the queries and the tiles), on a SQLite
/// file: with no history, and with a year of a busy clinic behind today — 12 chairs × 2 sessions a weekday for 365 days
/// (≈ 6,200 signed sessions, their administrations and ≈ 50,000 vitals rows, resolved alerts). Target: under 50 ms.
/// Run: dotnet run -c Release --project bench/KapCare.Bench -- --filter '*ChairBoard*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class ChairBoardBenchmarks
{
    private const int Chairs = 12;
    private string directory = string.Empty;
    private DbContextOptions<KapCareDbContext> options = null!;
    private ClinicClock clock = null!;

    [Params(0, 365)]
    public int HistoryDays { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "kapcare-bench-board-" + Guid.NewGuid().ToString("N"));
        var builder = new DbContextOptionsBuilder<KapCareDbContext>();
        Database.Configure(builder, DatabaseSettings.For(directory, null));
        options = builder.Options;
        clock = new ClinicClock(TimeProvider.System, Options.Create(new ClinicOptions()));
        using var db = new KapCareDbContext(options);
        db.Database.Migrate();
        db.ClinicSettings.Add(new ClinicSetting { Key = SessionSettings.ChairsKey, Value = string.Join(",", Enumerable.Range(1, Chairs).Select(i => $"Chair {i}")), UpdatedAt = DateTime.UtcNow, UpdatedByName = "bench" });
        var random = new Random(7);
        var now = DateTime.UtcNow;
        var patients = new List<(Guid Patient, Guid Plan)>();
        for (var i = 0; i < 400; i++)
        {
            var patient = Patient.Register(new PatientDemographics { GivenName = "Pat" + i, FamilyName = "Bench", BirthDate = new DateOnly(1980, 1, 1).AddDays(i) },
                MedicalRecordNumber.NewRandom(random), now.AddDays(-400));
            var plan = new TreatmentPlanRecord
            {
                Id = Guid.CreateVersion7(), PatientId = patient.Id, PlanVersion = 1, Status = PlanStatus.Signed, TemplateId = "iv-induction", TemplateVersion = 1,
                FirstDosingDate = DateOnly.FromDateTime(now.AddDays(-400)), AgeYears = 45, CreatedAt = now.AddDays(-400), CreatedByName = "bench",
            };
            db.Patients.Add(patient);
            db.TreatmentPlans.Add(plan);
            patients.Add((patient.Id, plan.Id));
        }
        db.SaveChanges();

        var number = 0;
        for (var day = HistoryDays; day >= 0; day--)
        {
            var date = clock.Today.AddDays(-day);
            if (day > 0 && date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            var slots = day == 0 ? 1 : 2;
            for (var chair = 1; chair <= Chairs; chair++)
            {
                for (var slot = 0; slot < slots; slot++)
                {
                    var (patientId, planId) = patients[random.Next(patients.Count)];
                    var arrival = day == 0 ? now.AddMinutes(-20 - chair * 6) : clock.ToUtc(date, new TimeOnly(8 + slot * 4, 0));
                    var state = day == 0
                        ? (chair % 4) switch { 0 => SessionState.PreChecksPassed, 1 => SessionState.Dosing, 2 => SessionState.Monitoring, _ => SessionState.Held }
                        : SessionState.Signed;
                    var session = new DosingSession
                    {
                        Id = Guid.CreateVersion7(), PatientId = patientId, PlanId = planId, DosingNumber = ++number, PlannedDate = date, State = state,
                        OpenedAt = arrival, CheckedInAt = arrival, Chair = $"Chair {chair}", Version = 1,
                        DischargedAt = day == 0 ? null : arrival.AddMinutes(110), SignedAt = day == 0 ? null : arrival.AddHours(5),
                    };
                    db.DosingSessions.Add(session);
                    if (state is SessionState.PreChecksPassed or SessionState.Held) continue;
                    var start = arrival.AddMinutes(15);
                    var stopped = day == 0 && state == SessionState.Dosing ? (DateTime?)null : start.AddMinutes(40);
                    db.MedicationAdministrations.Add(new MedicationAdministration
                    {
                        Id = Guid.CreateVersion7(), SessionId = session.Id, PatientId = patientId, PlanId = planId, Route = Route.Intravenous,
                        ProductCode = "ketamine-hcl-50mg-ml-10ml", PlannedRule = "0.5 mg/kg", PlannedMg = 35, WeightKg = 70, OrderedMg = 35, GivenMg = stopped is null ? null : 35,
                        DrawnVolumeMl = 0.7m, PumpRateMlPerHour = 150, InfusionMinutes = 40, Preparation = "bench", StartedAt = start, StoppedAt = stopped,
                        RecordedByUserId = "bench", RecordedByName = "Bench Nurse", Version = 1,
                    });
                    var readings = day == 0 ? 2 : 8;
                    for (var r = 0; r <= readings; r++)
                    {
                        db.VitalSigns.Add(new VitalSigns
                        {
                            Id = Guid.CreateVersion7(), SessionId = session.Id, Phase = r == 0 ? VitalsPhase.Baseline : VitalsPhase.Monitoring,
                            MeasuredAt = r == 0 ? arrival.AddMinutes(6) : start.AddMinutes(r * 10), Systolic = 120 + r, Diastolic = 78, HeartRate = 72, OxygenSaturation = 98,
                            RespiratoryRate = 14, RecordedByUserId = "bench", RecordedByName = "Bench Nurse",
                        });
                    }
                    if (number % 50 == 0)
                    {
                        db.SafetyAlerts.Add(new KapCare.Web.Features.Measures.SafetyAlert
                        {
                            Id = Guid.CreateVersion7(), PatientId = patientId, Code = SessionMonitoring.BpSurgeAlert, Message = "bench surge", Source = "bench",
                            RaisedAt = start.AddMinutes(30), Status = day == 0 ? KapCare.Web.Features.Measures.AlertStatus.Open : KapCare.Web.Features.Measures.AlertStatus.Resolved,
                        });
                    }
                }
            }
            if (day % 20 == 0)
            {
                db.SaveChanges();
                db.ChangeTracker.Clear();
            }
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
    public async Task<int> TwelveChairBoard()
    {
        await using var db = new KapCareDbContext(options);
        var tiles = await new ChairBoard(db, clock, new SessionSettings(db)).TodayAsync();
        if (tiles.Count(t => t.PatientId is not null) != Chairs) throw new InvalidOperationException($"{tiles.Count(t => t.PatientId is not null)} occupied chairs, expected {Chairs}.");
        return tiles.Count;
    }
}
