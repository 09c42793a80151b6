using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace KapCare.Load;

/// <summary>A measured cell: wrk's numbers plus how busy the server process and the whole machine were meanwhile.</summary>
public sealed record Cell(WrkResult Wrk, double ServerCpuCores, double MachineBusyPercent, double OtherCores, double OtherCoresBefore)
{
    /// <summary>Other processes took enough CPU that the cell measured less than the machine can do.</summary>
    public bool Disturbed => OtherCores > ProcStat.DisturbedCores;
}

public sealed class TargetResult
{
    public required TargetKind Kind { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public List<Cell> Cells { get; } = [];
    public List<WrkResult> Warmups { get; } = [];
    public List<string> Notes { get; } = [];
    public string? ResponseBodyFile { get; set; }
    public int ResponseBodyBytes { get; set; }
    public string? BodiesFile { get; set; }
    public long PeakRssMegabytes { get; set; }
    public StoredCounts? Stored { get; set; }
    public long Answered201 { get; set; }

    public long Bad => Cells.Sum(c => c.Wrk.Bad) + Warmups.Sum(w => w.Bad);
}

public sealed record StoredCounts(long Responses, long Observations, long Flags);

/// <summary>KapCare itself, on SQLite or PostgreSQL, started from the built KapCare.Web.dll like an operator would.</summary>
public static class KapCareTarget
{
    private const string Password = "load-bench-password-1";

    public static async Task<TargetResult> RunAsync(LoadOptions options, TargetKind kind, string work, CancellationToken ct)
    {
        var onePatient = kind == TargetKind.SqliteOnePatient;
        var name = kind switch
        {
            TargetKind.Sqlite => "KapCare, SQLite",
            TargetKind.SqliteOnePatient => string.Create(CultureInfo.InvariantCulture, $"KapCare, SQLite, one patient with {options.History:N0} earlier responses"),
            _ => "KapCare, PostgreSQL",
        };
        var dir = Path.Combine(work, kind.ToString().ToLowerInvariant());
        Directory.CreateDirectory(dir);
        string[] database = kind != TargetKind.PostgreSql ? ["--data-dir", Path.Combine(dir, "data")] : ["--database", options.Postgres!];
        var patientCount = onePatient ? 1 : options.Patients;
        var environment = new Dictionary<string, string> { ["KAPCARE_CONTENT_ROOT"] = options.ContentRoot };
        var result = new TargetResult
        {
            Kind = kind,
            Name = name,
            Description = kind != TargetKind.PostgreSql
                ? "`KapCare.Web.dll serve --data-dir <temp>`: the embedded SQLite file (WAL), as shipped"
                    + (onePatient ? "; every request for the same patient, who has a long history before the first cell" : string.Empty)
                : "`KapCare.Web.dll serve --database <conn>`: PostgreSQL on this machine, over a Unix socket" + (options.PostgresInfo is { } info ? $" ({info})" : string.Empty),
        };
        Log($"{name}: adding a user and an API token with the CLI");

        // The CLI, as an operator would: a user (password on stdin) and a token with every scope.
        var email = $"load-{DateTime.UtcNow:yyyyMMddHHmmss}@kapcare.test";
        var add = await Processes.RunAsync("dotnet", [options.App, "user", "add", "--email", email, "--name", "Load Bench", "--role", "Nurse", .. database],
            TimeSpan.FromMinutes(3), ct, stdin: Password, environment: environment);
        if (add.ExitCode != 0) throw new LoadRunException($"kapcare user add failed ({add.ExitCode}): {add.Stderr}{add.Stdout}");
        var create = await Processes.RunAsync("dotnet", [options.App, "token", "create", "--user", email, "--scopes", "user/*.*", "--name", "load bench", .. database],
            TimeSpan.FromMinutes(3), ct, environment: environment);
        var token = create.Stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("kc_", StringComparison.Ordinal));
        if (create.ExitCode != 0 || token is null) throw new LoadRunException($"kapcare token create failed ({create.ExitCode}): {create.Stderr}{create.Stdout}");

        var port = Processes.FreeLoopbackPort();
        var baseUrl = $"http://127.0.0.1:{port}";
        Log($"{name}: serving on {baseUrl}");
        await using var server = ChildProcess.Start("dotnet", [options.App, "serve", "--urls", baseUrl, .. database], Path.Combine(dir, "server.log"), environment);
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        await Processes.WaitUntilHealthyAsync(http, "/healthz", server, TimeSpan.FromSeconds(120), ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Log($"{name}: registering {patientCount} patients (POST /fhir/Patient)");
        var patients = new string[patientCount];
        await Parallel.ForAsync(0, patientCount, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            using var response = await http.PostAsync("/fhir/Patient", Fhir(RequestBodies.Patient(i)), token);
            var body = await response.Content.ReadAsStringAsync(token);
            if (response.StatusCode != HttpStatusCode.Created) throw new LoadRunException($"POST /fhir/Patient answered {(int)response.StatusCode}: {body}");
            patients[i] = (string)JsonNode.Parse(body)!["id"]!;
        });

        result.BodiesFile = Path.Combine(dir, "bodies.jsonl");
        var alerting = RequestBodies.Write(result.BodiesFile, patients, options.Bodies, options.AlertShare);
        if (onePatient) await StoreHistoryAsync(http, result.BodiesFile, options.History, name, ct);
        result.Notes.Add((onePatient ? string.Create(CultureInfo.InvariantCulture, $"1 patient with {options.History:N0} responses stored before the first cell") : $"{patientCount} patients")
            + $"; {options.Bodies} request bodies rotating, {alerting} of them PHQ-9 with item 9 answered (a safety alert each), the rest GAD-7.");

        // One submission by hand: it must be 201, and its body is what the bare endpoint answers with.
        var probe = await http.PostAsync("/fhir/QuestionnaireResponse", Fhir((await File.ReadAllLinesAsync(result.BodiesFile, ct))[0]), ct);
        var probeBody = await probe.Content.ReadAsByteArrayAsync(ct);
        if (probe.StatusCode != HttpStatusCode.Created)
            throw new LoadRunException($"POST /fhir/QuestionnaireResponse answered {(int)probe.StatusCode}, not 201: {Encoding.UTF8.GetString(probeBody)}");
        result.ResponseBodyFile = Path.Combine(dir, "response-201.json");
        result.ResponseBodyBytes = probeBody.Length;
        await File.WriteAllBytesAsync(result.ResponseBodyFile, probeBody, ct);

        await MeasureAsync(options, result, $"{baseUrl}/fhir/QuestionnaireResponse", token, server, ct);

        result.Stored = new StoredCounts(
            await TotalAsync(http, "/fhir/QuestionnaireResponse?_count=1", ct),
            await TotalAsync(http, "/fhir/Observation?_count=1", ct),
            await TotalAsync(http, "/fhir/Flag?_count=1", ct));
        result.Answered201 += 1; // the probe
        if (result.Stored.Responses < result.Answered201)
            result.Notes.Add($"**Lost writes**: wrk counted {result.Answered201} answers 201 but only {result.Stored.Responses} responses are stored.");
        result.PeakRssMegabytes = ProcStat.PeakRssMegabytes(server.Id);
        return result;
    }

    /// <summary>The one patient's history, sent like any client would (8 at a time), before anything is measured.</summary>
    private static async Task StoreHistoryAsync(HttpClient http, string bodiesFile, int count, string name, CancellationToken ct)
    {
        Log($"{name}: storing {count} earlier responses for the patient");
        var bodies = await File.ReadAllLinesAsync(bodiesFile, ct);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            using var response = await http.PostAsync("/fhir/QuestionnaireResponse", Fhir(bodies[i % bodies.Length]), token);
            if (response.StatusCode != HttpStatusCode.Created)
                throw new LoadRunException($"POST /fhir/QuestionnaireResponse (history) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
        });
    }

    public static async Task MeasureAsync(LoadOptions options, TargetResult result, string url, string? token, ChildProcess server, CancellationToken ct)
    {
        Log($"{result.Name}: warming up, 16 clients, {options.TargetWarmupSeconds} s");
        result.Warmups.Add(await Wrk.RunAsync(url, 16, options.TargetWarmupSeconds, result.BodiesFile!, token, ct));
        foreach (var connections in options.Connections)
        {
            if (options.WarmupSeconds > 0)
                result.Warmups.Add(await Wrk.RunAsync(url, connections, options.WarmupSeconds, result.BodiesFile!, token, ct));
            var quiet = await ProcStat.WaitForQuietAsync(server.Id, options.MaxOtherCores, TimeSpan.FromSeconds(options.QuietTimeoutSeconds),
                m => Log($"{result.Name}, {connections} clients: {m}"), ct);
            var before = ProcStat.Sample(server.Id);
            var wrk = await Wrk.RunAsync(url, connections, options.DurationSeconds, result.BodiesFile!, token, ct);
            var usage = ProcStat.Between(before, ProcStat.Sample(server.Id));
            var cell = new Cell(wrk, usage.ServerCores, usage.MachineBusyPercent, usage.OtherCores, quiet);
            result.Cells.Add(cell);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"{result.Name}, {connections,2} clients: {wrk.RequestsPerSecond,9:N0} req/s, p50 {wrk.P50Ms,8:F2} ms, p99 {wrk.P99Ms,8:F2} ms, not 201: {wrk.Bad}, server CPU {cell.ServerCpuCores:F2} cores, other processes {cell.OtherCores:F2} cores"));
            if (server.HasExited) throw new LoadRunException($"{result.Name} exited during the run. Log:\n{server.LogTail()}");
        }
        result.Answered201 = result.Cells.Sum(c => c.Wrk.Requests - c.Wrk.Bad) + result.Warmups.Sum(w => w.Requests - w.Bad);
    }

    private static async Task<long> TotalAsync(HttpClient http, string path, CancellationToken ct)
    {
        var response = await http.GetAsync(path, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new LoadRunException($"GET {path} answered {(int)response.StatusCode}: {body}");
        return (long)JsonNode.Parse(body)!["total"]!;
    }

    private static StringContent Fhir(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    private static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}

/// <summary>The ceiling: a bare Kestrel minimal API on the same machine, answering with the same bytes KapCare answers.</summary>
public static class BareTarget
{
    public static async Task<TargetResult> RunAsync(LoadOptions options, string work, string? responseBodyFile, string? bodiesFile, CancellationToken ct)
    {
        var dir = Path.Combine(work, "bare");
        Directory.CreateDirectory(dir);
        if (bodiesFile is null)
        {
            bodiesFile = Path.Combine(dir, "bodies.jsonl");
            RequestBodies.Write(bodiesFile, [.. Enumerable.Range(0, options.Patients).Select(_ => Guid.NewGuid().ToString())], options.Bodies, options.AlertShare);
        }
        var port = Processes.FreeLoopbackPort();
        var baseUrl = $"http://127.0.0.1:{port}";
        List<string> args = [options.Bare, "--urls", baseUrl];
        if (responseBodyFile is not null) args.AddRange(["--body-file", responseBodyFile]);
        var bodyBytes = responseBodyFile is null ? 0 : (int)new FileInfo(responseBodyFile).Length;
        var result = new TargetResult
        {
            Kind = TargetKind.Bare,
            Name = "Bare Kestrel (ceiling)",
            Description = $"bench/BareKestrel: minimal API, reads the body, answers 201 with a fixed {bodyBytes}-byte JSON (a real KapCare 201 body); no parsing, auth or database",
            BodiesFile = bodiesFile,
            ResponseBodyBytes = bodyBytes,
        };
        Log($"{result.Name}: serving on {baseUrl}");
        await using var server = ChildProcess.Start("dotnet", args, Path.Combine(dir, "server.log"));
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        await Processes.WaitUntilHealthyAsync(http, "/healthz", server, TimeSpan.FromSeconds(60), ct);
        await KapCareTarget.MeasureAsync(options, result, $"{baseUrl}/fhir/QuestionnaireResponse", null, server, ct);
        result.PeakRssMegabytes = ProcStat.PeakRssMegabytes(server.Id);
        return result;
    }

    private static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}

/// <summary>
/// CPU time from /proc, in cores over an interval: the server process, the whole machine, and what is left once
/// the server, this program, wrk (a child that has exited, so in this process's cutime/cstime) and PostgreSQL's
/// processes are taken out: other processes on the machine, which make the numbers lower than they should be.
/// </summary>
public static class ProcStat
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Other processes using more than this during a cell are flagged in the report.</summary>
    public const double DisturbedCores = 0.15;

    public sealed record Snapshot(long ServerTicks, long OursTicks, long MachineBusy, long MachineTotal, long WallTicks);

    public sealed record Usage(double ServerCores, double MachineBusyPercent, double OtherCores);

    public static Snapshot Sample(int serverPid)
    {
        var server = ProcessTicks(serverPid, children: false);
        var self = ProcessTicks(Environment.ProcessId, children: true);
        long postgres = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            try
            {
                var comm = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                if (comm is "postgres") postgres += ProcessTicks(int.Parse(name, CultureInfo.InvariantCulture), children: false);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = cpu[3] + cpu[4];
        var total = cpu.Sum();
        return new Snapshot(server, self + postgres, total - idle, total, Stopwatch.GetTimestamp());
    }

    public static Usage Between(Snapshot before, Snapshot after)
    {
        var seconds = Stopwatch.GetElapsedTime(before.WallTicks, after.WallTicks).TotalSeconds;
        if (seconds <= 0) return new Usage(0, 0, 0);
        var server = after.ServerTicks - before.ServerTicks;
        var machineBusy = after.MachineBusy - before.MachineBusy;
        var machineTotal = after.MachineTotal - before.MachineTotal;
        var others = machineBusy - server - (after.OursTicks - before.OursTicks);
        return new Usage(server / TicksPerSecond / seconds, machineTotal <= 0 ? 0 : 100.0 * machineBusy / machineTotal,
            Math.Max(0, others / TicksPerSecond / seconds));
    }

    /// <summary>
    /// Waits until other processes use less than <paramref name="maxOtherCores"/> (sampled over a second), at most
    /// <paramref name="timeout"/>; returns the last sample. A load run on a shared machine measures the other work too.
    /// </summary>
    public static async Task<double> WaitForQuietAsync(int serverPid, double maxOtherCores, TimeSpan timeout, Action<string> log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var logged = false;
        while (true)
        {
            var before = Sample(serverPid);
            await Task.Delay(1000, ct);
            var usage = Between(before, Sample(serverPid));
            var other = usage.OtherCores;
            if (other <= maxOtherCores || clock.Elapsed >= timeout)
            {
                if (logged || other > maxOtherCores)
                    log(string.Create(CultureInfo.InvariantCulture, $"other processes use {other:F2} cores after {clock.Elapsed.TotalSeconds:F0} s of waiting; measuring"));
                return other;
            }
            if (!logged)
            {
                log(string.Create(CultureInfo.InvariantCulture, $"other processes use {other:F2} cores: waiting up to {timeout.TotalSeconds:F0} s for a quiet machine"));
                logged = true;
            }
            await Task.Delay(2000, ct);
        }
    }

    private static long ProcessTicks(int pid, bool children)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            return Field(11) + Field(12) + (children ? Field(13) + Field(14) : 0);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static long PeakRssMegabytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
