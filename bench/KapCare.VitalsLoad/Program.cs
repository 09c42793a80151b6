using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using KapCare.Clinical.Sessions;
using KapCare.Tests.Shared;
using KapCare.Web.Data;
using KapCare.Web.Features.Demo;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Settings;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Route = KapCare.Clinical.Dosing.Route;

// Recording one vitals row at the chair under load (issue 10, performance): the chart's form POST — antiforgery, cookie
// sign-in, validation, the surge check, the row, the audit entry and the session's version-checked save — answered with
// its redirect back to the chart, by nurses' cookie clients, each at their own chair. KapCare runs in this process on a
// loopback port (Kestrel, the shipped SQLite file with synchronous=FULL), seeded with the demo clinic and as many IV
// sessions under way as there are clients. Cells, side by side: 1 and 16 clients back to back (closed loop, the machine
// saturated), 16 nurses each recording a row every second (paced), each without and then with a year of a busy clinic's
// sessions in the database. Writes bench/results/vitals-row.md. Target: p99 under 20 ms at 16 nurses.
var options = Options.Parse(args);
var started = Stopwatch.StartNew();
var work = Directory.CreateTempSubdirectory("kapcare-vitals-").FullName;
Log($"Work folder {work}");
var port = FreePort();
var url = $"http://127.0.0.1:{port}";
var builder = KapCareHost.CreateBuilder(DatabaseSettings.For(work, null), ["--urls", url]);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Counts the database commands each row costs (EF Core's "Executed DbCommand", event 20101), for the report.
builder.Logging.AddFilter<CommandCounter>("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
builder.Logging.AddProvider(new CommandCounter());
await using var app = KapCareHost.Build(builder);
await Database.MigrateAsync(app.Services);

Log("Seeding the demo clinic…");
using (var scope = app.Services.CreateScope()) await scope.ServiceProvider.GetRequiredService<DemoClinic>().EnsureSeededAsync();
var chairs = await UnderWayAsync(app.Services, options.Clients.Max());
Log($"{chairs.Count} sessions under way.");
if (chairs.Count < options.Clients.Max()) throw new InvalidOperationException($"Only {chairs.Count} sessions could be started; {options.Clients.Max()} clients need one each.");
await app.StartAsync();

var nurses = new List<Nurse>();
var staff = DemoClinic.Staff.Where(s => s.Role is Roles.Nurse or Roles.Prescriber).ToList();
for (var i = 0; i < options.Clients.Max(); i++) nurses.Add(await Nurse.SignInAsync(url, staff[i % staff.Count].Email, chairs[i]));
Log($"{nurses.Count} clients signed in as {staff.Count} accounts ({string.Join(", ", staff.Select(s => s.Email))}).");

var cells = new List<Cell>();
var historyNote = "none";
foreach (var history in new[] { false, true })
{
    if (history)
    {
        Log($"Adding {options.HistoryDays} days of sessions…");
        var added = await HistoryAsync(app.Services, options.HistoryDays);
        Log($"Added {added.Sessions:N0} sessions and {added.Vitals:N0} vitals rows.");
        historyNote = $"{added.Sessions:N0} signed sessions, {added.Vitals:N0} vitals rows over {options.HistoryDays} days";
    }
    foreach (var clients in options.Clients)
        cells.Add(await MeasureAsync(nurses.Take(clients).ToList(), pace: null, historyNote, options));
    cells.Add(await MeasureAsync(nurses.Take(options.Clients.Max()).ToList(), pace: TimeSpan.FromSeconds(1), historyNote, options));
}
await app.StopAsync();

var report = Report(cells, options, started.Elapsed, chairs.Count);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
await File.WriteAllTextAsync(options.Output, report);
Console.WriteLine(report);
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
try { Directory.Delete(work, recursive: true); } catch (IOException) { }
return cells.Any(c => c.Errors > 0) ? 1 : 0;

static async Task<Cell> MeasureAsync(List<Nurse> nurses, TimeSpan? pace, string history, Options options)
{
    var name = pace is null ? $"{nurses.Count} back to back" : $"{nurses.Count} nurses, a row every {pace.Value.TotalSeconds:0} s each";
    Log($"Cell: {name}; history {history}");
    var warmupEnd = DateTime.UtcNow.AddSeconds(options.WarmupSeconds);
    var end = warmupEnd.AddSeconds(options.Seconds);
    var commandsBefore = CommandCounter.Count;
    var rowsBefore = Nurse.Rows;
    var results = await Task.WhenAll(nurses.Select(async (nurse, index) =>
    {
        var latencies = new List<double>();
        var errors = 0;
        string? firstError = null;
        if (pace is { } p) await Task.Delay(p * index / nurses.Count); // spread the nurses over the second
        var next = DateTime.UtcNow;
        while (DateTime.UtcNow < end)
        {
            var watch = Stopwatch.StartNew();
            var (ok, error) = await nurse.RecordVitalsAsync();
            watch.Stop();
            if (DateTime.UtcNow >= warmupEnd)
            {
                if (ok) latencies.Add(watch.Elapsed.TotalMilliseconds);
                else { errors++; firstError ??= error; }
            }
            if (pace is { } every)
            {
                next += every;
                var wait = next - DateTime.UtcNow;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
            }
        }
        return (latencies, errors, firstError);
    }));
    var all = results.SelectMany(r => r.latencies).OrderBy(x => x).ToList();
    var commands = (CommandCounter.Count - commandsBefore) / (double)Math.Max(1, Nurse.Rows - rowsBefore);
    return new Cell(name, history, nurses.Count, pace is not null, all, results.Sum(r => r.errors), results.Select(r => r.firstError).FirstOrDefault(e => e is not null), options.Seconds, commands);
}

static async Task<List<(Guid PatientId, int DosingNumber)>> UnderWayAsync(IServiceProvider services, int wanted)
{
    using var scope = services.CreateScope();
    var db = scope.ServiceProvider.GetRequiredService<KapCareDbContext>();
    var users = scope.ServiceProvider.GetRequiredService<UserManager<KapCareUser>>();
    var chair = scope.ServiceProvider.GetRequiredService<DemoChair>();
    var clinic = scope.ServiceProvider.GetRequiredService<ClinicClock>();
    var names = Enumerable.Range(1, 30).Select(i => $"Chair {i}").ToList();
    var setting = await db.ClinicSettings.FirstOrDefaultAsync(s => s.Key == SessionSettings.ChairsKey);
    if (setting is null) db.ClinicSettings.Add(new ClinicSetting { Key = SessionSettings.ChairsKey, Value = string.Join(",", names), UpdatedAt = DateTime.UtcNow, UpdatedByName = "load run" });
    else setting.Value = string.Join(",", names);
    await db.SaveChangesAsync();

    var nurse = (await users.FindByEmailAsync(DemoClinic.Staff.First(s => s.Role == Roles.Nurse).Email))!;
    var prescriber = (await users.FindByEmailAsync(DemoClinic.Staff.First(s => s.Role == Roles.Prescriber).Email))!;
    SessionState[] underWay = [SessionState.Dosing, SessionState.Monitoring];
    var busy = await db.DosingSessions.Where(s => !(s.State == SessionState.Signed || s.State == SessionState.Discharged || s.State == SessionState.Cancelled || s.State == SessionState.DidNotAttend))
        .Select(s => s.PatientId).ToListAsync();
    var taken = await db.DosingSessions.Where(s => s.Chair != null && underWay.Contains(s.State)).Select(s => s.Chair!).ToListAsync();
    var plans = await db.TreatmentPlans.AsNoTracking().Where(p => p.Status == PlanStatus.Signed).ToListAsync();
    var free = names.Except(taken).ToQueue();
    var variant = 0;
    foreach (var plan in plans.Where(p => !busy.Contains(p.PatientId)))
    {
        if (await db.DosingSessions.CountAsync(s => underWay.Contains(s.State)) >= wanted) break;
        var given = await db.DosingSessions.Where(s => s.PatientId == plan.PatientId).Select(s => s.DosingNumber).ToListAsync();
        var next = plan.Sessions.Where(s => s.Kind == KapCare.Clinical.Plans.SessionKind.Dosing && !given.Contains(s.DosingNumber ?? 0)).Select(s => s.DosingNumber).FirstOrDefault();
        if (next is not { } number) continue;
        try
        {
            // Arrived 25 minutes ago: checked in, pre-checks passed, dose started at minute 15, vitals since.
            await chair.RunAsync(plan.PatientId, number, clinic.UtcNow.AddMinutes(-25 - variant % 5), nurse, prescriber,
                new DemoChair.Story(StopAtMinute: 25, Chair: free.Dequeue()), 20 + variant++, CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            Log($"  skipped a patient: {e.Message}");
            db.ChangeTracker.Clear();
        }
    }
    return await db.DosingSessions.Where(s => underWay.Contains(s.State)).OrderBy(s => s.Chair).Select(s => new ValueTuple<Guid, int>(s.PatientId, s.DosingNumber)).ToListAsync();
}

/// <summary>A year of a busy clinic behind today: 12 chairs, two sessions a weekday, each with its dose and nine vitals rows.</summary>
static async Task<(int Sessions, int Vitals)> HistoryAsync(IServiceProvider services, int days)
{
    using var scope = services.CreateScope();
    var db = scope.ServiceProvider.GetRequiredService<KapCareDbContext>();
    var clock = scope.ServiceProvider.GetRequiredService<ClinicClock>();
    var plans = await db.TreatmentPlans.AsNoTracking().Where(p => p.Status == PlanStatus.Signed).Select(p => new { p.PatientId, p.Id }).ToListAsync();
    var random = new Random(11);
    var (sessions, vitals, number) = (0, 0, 10_000);
    for (var day = days; day >= 1; day--)
    {
        var date = clock.Today.AddDays(-day);
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
        for (var chairNumber = 1; chairNumber <= 12; chairNumber++)
        {
            for (var slot = 0; slot < 2; slot++)
            {
                var plan = plans[random.Next(plans.Count)];
                var arrival = clock.ToUtc(date, new TimeOnly(8 + slot * 4, 0));
                var session = new DosingSession
                {
                    Id = Guid.CreateVersion7(), PatientId = plan.PatientId, PlanId = plan.Id, DosingNumber = ++number, PlannedDate = date, State = SessionState.Signed,
                    OpenedAt = arrival, CheckedInAt = arrival, Chair = $"Chair {chairNumber}", Version = 1, DischargedAt = arrival.AddMinutes(110), SignedAt = arrival.AddHours(5),
                };
                db.DosingSessions.Add(session);
                var start = arrival.AddMinutes(15);
                db.MedicationAdministrations.Add(new MedicationAdministration
                {
                    Id = Guid.CreateVersion7(), SessionId = session.Id, PatientId = plan.PatientId, PlanId = plan.Id, Route = Route.Intravenous,
                    ProductCode = "ketamine-hcl-50mg-ml-10ml", PlannedRule = "0.5 mg/kg", PlannedMg = 35, WeightKg = 70, OrderedMg = 35, GivenMg = 35,
                    DrawnVolumeMl = 0.7m, PumpRateMlPerHour = 150, InfusionMinutes = 40, Preparation = "load run history", StartedAt = start, StoppedAt = start.AddMinutes(40),
                    RecordedByUserId = "load", RecordedByName = "Load Nurse", Version = 1,
                });
                for (var r = 0; r <= 8; r++)
                {
                    db.VitalSigns.Add(new VitalSigns
                    {
                        Id = Guid.CreateVersion7(), SessionId = session.Id, Phase = r == 0 ? VitalsPhase.Baseline : VitalsPhase.Monitoring,
                        MeasuredAt = r == 0 ? arrival.AddMinutes(6) : start.AddMinutes(r * 10), Systolic = 120 + r, Diastolic = 78, HeartRate = 72, OxygenSaturation = 98,
                        RespiratoryRate = 14, RecordedByUserId = "load", RecordedByName = "Load Nurse",
                    });
                    vitals++;
                }
                sessions++;
            }
        }
        if (day % 20 == 0)
        {
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
    await db.SaveChangesAsync();
    return (sessions, vitals);
}

static string Report(List<Cell> cells, Options options, TimeSpan elapsed, int sessions)
{
    var inv = CultureInfo.InvariantCulture;
    var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
    var target = cells.Where(c => c.Clients == 16).ToList();
    var paced = target.Where(c => c.Paced).ToList();
    var closed = target.Where(c => !c.Paced).ToList();
    var s = new StringBuilder();
    s.AppendLine("# Recording one vitals row at the chair, under load");
    s.AppendLine();
    s.AppendLine("Target (issue 10): recording one vitals row (the chart's POST: validation, save, audit, the board's alert) at 16 concurrent nurses, p99 under 20 ms on SQLite.");
    s.AppendLine();
    string Verdict(IEnumerable<Cell> which) => which.All(c => c.P(99) < 20) ? "**met**" : "**not met**";
    s.AppendLine(inv, $"Verdict: 16 nurses each recording a row every second — {Verdict(paced)} (p99 {string.Join(" and ", paced.Select(c => $"{c.P(99):0.0} ms with history {c.History}"))}); 16 clients back to back, the machine saturated — {Verdict(closed)} (p99 {string.Join(" and ", closed.Select(c => $"{c.P(99):0.0} ms"))}).");
    s.AppendLine();
    s.AppendLine(inv, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {elapsed.TotalSeconds:0} s in all, {Environment.ProcessorCount} cores ({cpu}), .NET {Environment.Version}, source {Git("rev-parse --short HEAD")}. Produced by:");
    s.AppendLine();
    s.AppendLine("```sh");
    s.AppendLine("bench/vitals-row.sh");
    s.AppendLine("```");
    s.AppendLine();
    s.AppendLine("| Clients | History in the database | Rows/s | p50 (ms) | p90 (ms) | p99 (ms) | Max (ms) | Rows recorded | DB commands per row | Refused or failed |");
    s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var c in cells)
        s.AppendLine(inv, $"| {c.Name} | {c.History} | {c.Latencies.Count / (double)c.Seconds:N0} | {c.P(50):0.00} | {c.P(90):0.00} | {c.P(99):0.00} | {(c.Latencies.Count == 0 ? 0 : c.Latencies[^1]):0.00} | {c.Latencies.Count:N0} | {c.CommandsPerRow:0.0} | {c.Errors}{(c.FirstError is null ? "" : " — " + c.FirstError)} |");
    s.AppendLine();
    s.AppendLine("## What was measured");
    s.AppendLine();
    s.AppendLine(inv, $"- Each request is the session chart's vitals form, `POST /Patients/{{id}}/Sessions/{{n}}?handler=Vitals` with BP, HR, SpO₂, RR, MOAA/S and nausea, the antiforgery token and the nurse's sign-in cookie, answered by its redirect back to the chart (302); latency is from sending to the redirect, timed in the client. What it does: cookie sign-in and its checks (idle time-out, sign-in obligations, emergency-access grants), antiforgery, opening the session, the administration and baseline reads, range and surge checks (a surge raises the prescriber alert the chair board shows), the row, the audit entry, and the session's version-checked save in one SQLite transaction synced to disk. The board itself reads these rows on its 15-second refresh (its own benchmark: [chair-board.md](chair-board.md)).");
    s.AppendLine(inv, $"- {sessions} IV sessions under way, one per client (the demo clinic's, started through the real handlers 25 minutes before the run); clients sign in through the login and authenticator-code pages as the demo's nurses and prescribers (16 cookies over {DemoClinic.Staff.Count(x => x.Role is Roles.Nurse or Roles.Prescriber)} accounts).");
    s.AppendLine(inv, $"- Each cell: {options.WarmupSeconds} s unmeasured, then {options.Seconds} s measured. \"Back to back\": each client sends its next row as soon as the answer arrives (a closed loop that saturates 2 cores — far beyond a clinic, where a nurse records a row every 10–15 minutes). \"A row every second\": 16 nurses spread over the second, each at one row a second (16 rows/s, still about 10,000 times a real room).");
    s.AppendLine("- KapCare runs in the load driver's process (Kestrel on a loopback port, server GC) so the driver can seed it through its own handlers; the clients share the 2 cores with it.");
    s.AppendLine("- The year of history is added between the two halves of the run, straight into the database: 12 chairs, two signed IV sessions a weekday, each with its administration and nine vitals rows, spread over the demo's patients.");
    return s.ToString();
}

static string Git(string arguments)
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output.Length > 0 ? output : "unknown";
    }
    catch (System.ComponentModel.Win32Exception) { return "unknown"; }
}

static int FreePort()
{
    var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

internal sealed partial class Nurse(HttpClient http, string chart, string token)
{
    private static int rows;
    private int row;

    /// <summary>Rows sent by every client so far (warm-up included).</summary>
    public static int Rows => Volatile.Read(ref rows);

    public static async Task<Nurse> SignInAsync(string url, string email, (Guid PatientId, int DosingNumber) session)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(url) };
        var login = await http.GetStringAsync("/Account/Login");
        var answer = await http.PostAsync("/Account/Login", Form(login, new() { ["Input.Email"] = email, ["Input.Password"] = DemoClinic.Password }));
        if (answer.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in of {email}: {answer.StatusCode}");
        var twoFactor = answer.Headers.Location!.ToString();
        var codePage = await http.GetStringAsync(twoFactor);
        answer = await http.PostAsync(twoFactor, Form(codePage, new() { ["Code"] = Totp.Now(DemoClinic.TwoFactorKey) }));
        if (answer.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Authenticator code of {email}: {answer.StatusCode}");
        var chart = $"/Patients/{session.PatientId}/Sessions/{session.DosingNumber}";
        var page = await http.GetAsync(chart);
        if (page.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{email} cannot open {chart}: {page.StatusCode}");
        return new Nurse(http, chart, TokenOf(await page.Content.ReadAsStringAsync()));
    }

    /// <summary>One row, with values that move as a session's do (no surge, so the alert is not raised every time).</summary>
    public async Task<(bool Ok, string? Error)> RecordVitalsAsync()
    {
        var n = row++;
        Interlocked.Increment(ref rows);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["systolic"] = (124 + n % 12).ToString(CultureInfo.InvariantCulture), ["diastolic"] = (78 + n % 7).ToString(CultureInfo.InvariantCulture),
            ["heartRate"] = (72 + n % 9).ToString(CultureInfo.InvariantCulture), ["spo2"] = (97 + n % 3).ToString(CultureInfo.InvariantCulture),
            ["respiratoryRate"] = "14", ["sedation"] = "5", ["nausea"] = "None", ["__RequestVerificationToken"] = token,
        });
        using var answer = await http.PostAsync($"{chart}?handler=Vitals", form);
        if (answer.StatusCode == HttpStatusCode.Redirect) return (true, null);
        var body = await answer.Content.ReadAsStringAsync();
        var alert = AlertText().Match(body);
        return (false, $"{(int)answer.StatusCode} {(alert.Success ? WebUtility.HtmlDecode(alert.Groups[1].Value).Trim() : string.Empty)}");
    }

    private static FormUrlEncodedContent Form(string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = TokenOf(page);
        return new FormUrlEncodedContent(fields);
    }

    private static string TokenOf(string page) =>
        WebUtility.HtmlDecode(TokenField().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("class=\"alert alert-danger[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex AlertText();
}

internal sealed record Cell(string Name, string History, int Clients, bool Paced, List<double> Latencies, int Errors, string? FirstError, int Seconds, double CommandsPerRow)
{
    public double P(double percentile) =>
        Latencies.Count == 0 ? double.NaN : Latencies[Math.Clamp((int)Math.Ceiling(percentile / 100 * Latencies.Count) - 1, 0, Latencies.Count - 1)];
}

internal sealed record Options(IReadOnlyList<int> Clients, int Seconds, int WarmupSeconds, int HistoryDays, string Output)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(
            (Value("--clients") ?? "1,16").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList(),
            Number("--seconds", 15), Number("--warmup", 5), Number("--history-days", 365), Value("--output") ?? "bench/results/vitals-row.md");
    }
}

internal sealed class CommandCounter : ILoggerProvider, ILogger
{
    private static long count;
    public static long Count => Interlocked.Read(ref count);
    public ILogger CreateLogger(string categoryName) => this;
    public void Dispose() { }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == 20101) Interlocked.Increment(ref count);
    }
}

internal static class QueueExtensions
{
    public static Queue<T> ToQueue<T>(this IEnumerable<T> items) => new(items);
}
