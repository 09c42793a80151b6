using System.Globalization;
using System.Text;

namespace KapCare.Load;

/// <summary>The markdown written to bench/results/: verdict, table, what was measured, the machine, raw wrk output.</summary>
public sealed class Report(LoadOptions options, MachineFacts machine)
{
    public const double TargetRequestsPerSecond = 1500;
    public const double TargetP99Ms = 50;
    public const int TargetClients = 16;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly List<TargetResult> targets = [];

    public List<string> Skipped { get; } = [];
    public string? Failure { get; set; }
    public TimeSpan Elapsed { get; set; }

    public void Add(TargetResult target) => targets.Add(target);

    /// <summary>Requests answered anything but 201, or lost to socket errors, in every wrk run (warm-ups too).</summary>
    public long RefusedOrLost => targets.Sum(t => t.Bad);

    private IEnumerable<TargetResult> Ordered => targets.OrderBy(t => t.Kind switch { TargetKind.Bare => 0, TargetKind.Sqlite => 1, TargetKind.SqliteOnePatient => 2, _ => 3 });

    public string VerdictLine
    {
        get
        {
            var sqlite = targets.FirstOrDefault(t => t.Kind == TargetKind.Sqlite)?.Cells.FirstOrDefault(c => c.Wrk.Connections == TargetClients);
            if (sqlite is null) return $"Verdict: not measured (no SQLite cell at {TargetClients} clients).";
            var w = sqlite.Wrk;
            var met = w.RequestsPerSecond >= TargetRequestsPerSecond && w.P99Ms < TargetP99Ms && w.Bad == 0;
            var failures = w.Bad > 0 ? string.Create(Inv, $", {w.Bad} requests not answered 201") : string.Empty;
            return string.Create(Inv,
                $"Verdict: **{(met ? "MET" : "NOT MET")}**. KapCare on SQLite at {TargetClients} clients: {w.RequestsPerSecond:N0} submissions/s (target ≥ {TargetRequestsPerSecond:N0}; {w.RequestsPerSecond / TargetRequestsPerSecond:P0} of it), p99 {Ms(w.P99Ms)} ms (target < {TargetP99Ms:N0} ms){failures}.");
        }
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        void L(string line = "") => md.Append(line).Append('\n');

        L("# Submission path under load: `POST /fhir/QuestionnaireResponse`");
        L();
        L(string.Create(Inv, $"Target (issue 3): at least {TargetRequestsPerSecond:N0} submissions/s on SQLite with p99 under {TargetP99Ms:N0} ms at {TargetClients} concurrent clients, on 2 cores."));
        L();
        L(VerdictLine);
        if (Failure is not null) { L(); L($"**The run failed**: {Failure}"); }
        if (RefusedOrLost > 0) { L(); L($"**{RefusedOrLost} request(s) were not answered 201 Created or hit socket errors** (column \"Not 201\"): the numbers below do not count."); }
        L();
        var bareAt = Ordered.FirstOrDefault(t => t.Kind == TargetKind.Bare)?.Cells.FirstOrDefault(c => c.Wrk.Connections == TargetClients);
        var sqliteAt = Ordered.FirstOrDefault(t => t.Kind == TargetKind.Sqlite)?.Cells.FirstOrDefault(c => c.Wrk.Connections == TargetClients);
        var pgAt = Ordered.FirstOrDefault(t => t.Kind == TargetKind.PostgreSql)?.Cells.FirstOrDefault(c => c.Wrk.Connections == TargetClients);
        var oneAt = Ordered.FirstOrDefault(t => t.Kind == TargetKind.SqliteOnePatient)?.Cells.FirstOrDefault(c => c.Wrk.Connections == TargetClients);
        if (sqliteAt is not null && oneAt is not null)
        {
            // Issue 9, item 7: a submission must cost the same whether the patient has 5 or 5,000 responses.
            L(string.Create(Inv, $"One patient with {options.History:N0} earlier responses against {options.Patients} patients, at {TargetClients} clients: "
                + $"{oneAt.Wrk.RequestsPerSecond:N0} against {sqliteAt.Wrk.RequestsPerSecond:N0} submissions/s ({oneAt.Wrk.RequestsPerSecond / sqliteAt.Wrk.RequestsPerSecond:P0}), "
                + $"p99 {Ms(oneAt.Wrk.P99Ms)} against {Ms(sqliteAt.Wrk.P99Ms)} ms."));
            L();
        }
        if (bareAt is not null && (sqliteAt ?? pgAt) is not null)
        {
            var parts = new List<string>();
            if (sqliteAt is not null) parts.Add(string.Create(Inv, $"SQLite {sqliteAt.Wrk.RequestsPerSecond / bareAt.Wrk.RequestsPerSecond:P1}"));
            if (pgAt is not null) parts.Add(string.Create(Inv, $"PostgreSQL {pgAt.Wrk.RequestsPerSecond / bareAt.Wrk.RequestsPerSecond:P1}"));
            L($"Share of the bare Kestrel ceiling at {TargetClients} clients: {string.Join(", ", parts)}.");
            L();
        }
        L(string.Create(Inv, $"Run {machine.StartedUtc:yyyy-MM-dd HH:mm} UTC, {Elapsed.TotalSeconds:F0} s in all, {options.Label} (source {machine.Source}). Produced by:"));
        L();
        L("```sh");
        L(options.Command);
        L("```");
        L();

        L("## Results");
        L();
        L(string.Create(Inv, $"Each cell: `wrk` for {options.DurationSeconds} s after {options.WarmupSeconds} s of unmeasured warm-up at the same number of clients (each target also warmed up {options.TargetWarmupSeconds} s at 16 clients after it started).") +
            " One client = one keep-alive connection sending its next request as soon as the answer arrives. Latency percentiles are wrk's (`--latency`)." +
            " \"Server CPU\" is the server process's CPU time over the cell in cores (2 = both cores); \"Machine busy\" includes wrk and, for PostgreSQL, the database server;" +
            " \"Other processes\" is the CPU the machine spent on anything else (the machine may be shared): before each cell the run waits for it to fall under " +
            string.Create(Inv, $"{options.MaxOtherCores:F2} cores (at most {options.QuietTimeoutSeconds} s), and a cell where it exceeded {ProcStat.DisturbedCores:F2} cores during the measurement is marked ⚠."));
        L();
        L("| Target | Clients | wrk threads | Requests/s | p50 (ms) | p99 (ms) | Max (ms) | Requests | Not 201 | Socket errors | Server CPU (cores) | Machine busy | Other processes (cores) |");
        L("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in Ordered)
        {
            foreach (var c in t.Cells)
            {
                var w = c.Wrk;
                L(string.Create(Inv,
                    $"| {t.Name} | {w.Connections} | {w.Threads} | {w.RequestsPerSecond:N0} | {Ms(w.P50Ms)} | {Ms(w.P99Ms)} | {Ms(w.MaxMs)} | {w.Requests:N0} | " +
                    $"{Math.Max(w.Non201, w.Non2xx3xx):N0} | {(w.SocketErrors == 0 ? "0" : w.SocketErrorDetail)} | {c.ServerCpuCores:F2} | {c.MachineBusyPercent:F0} % | {c.OtherCores:F2}{(c.Disturbed ? " ⚠" : "")} |"));
            }
        }
        var disturbed = Ordered.SelectMany(t => t.Cells).Count(c => c.Disturbed);
        if (disturbed > 0)
        {
            L();
            L($"⚠ In {disturbed} cell(s) other processes on this machine took CPU from the benchmark: those numbers are lower, and latencies higher, than on a quiet machine.");
        }
        foreach (var s in Skipped) { L(); L("Not run: " + s); }
        L();

        L("## What was measured");
        L();
        L("Each request is a complete FHIR R4 QuestionnaireResponse, LOINC-coded the way another system sends one (`questionnaire` " +
          "`http://loinc.org/q/69737-5` for GAD-7 or `http://loinc.org/q/44249-1` for PHQ-9, LOINC item codes as linkIds, LOINC LA answer codes), " +
          "`Content-Type: application/fhir+json`, `Authorization: Bearer <token>` made with `kapcare token create --scopes \"user/*.*\"`. " +
          "KapCare authenticates the token, parses and validates the resource, checks the patient, scores it, and stores in one transaction " +
          "the response, its score Observation(s), a safety alert (Flag) when PHQ-9 item 9 is above 0, and the audit entry; it answers 201 " +
          "with the stored resource. wrk's script (`bench/KapCare.Load/submit.lua`) rotates over the bodies and counts every answer that is not 201.");
        L();
        foreach (var t in Ordered)
        {
            L($"- **{t.Name}**: {t.Description}.");
            foreach (var n in t.Notes) L($"  {n}");
            if (t.ResponseBodyBytes > 0) L(string.Create(Inv, $"  201 body: {t.ResponseBodyBytes:N0} bytes (GAD-7). Server peak RSS: {t.PeakRssMegabytes:N0} MB."));
        }
        L();
        var stored = Ordered.Where(t => t.Stored is not null).ToList();
        if (stored.Count > 0)
        {
            L("Stored afterwards (FHIR search totals), against the 201 answers wrk counted in all runs including warm-ups (a request in flight " +
              "when wrk stops is stored but not counted, so stored ≥ counted):");
            L();
            L("| Target | 201 answers counted | QuestionnaireResponses | Observations | Flags (safety alerts) |");
            L("|---|---:|---:|---:|---:|");
            foreach (var t in stored)
                L(string.Create(Inv, $"| {t.Name} | {t.Answered201:N0} | {t.Stored!.Responses:N0} | {t.Stored.Observations:N0} | {t.Stored.Flags:N0} |"));
            L();
        }

        L("## Machine");
        L();
        L("| | |");
        L("|---|---|");
        L(string.Create(Inv, $"| Cores (`nproc`) | {machine.Cores} |"));
        L($"| CPU (`/proc/cpuinfo`) | {machine.CpuModel} |");
        L($"| Memory | {machine.Memory} |");
        L($"| OS, kernel | {machine.OperatingSystem}, {machine.Kernel} |");
        L($"| `dotnet --version` | {machine.DotnetSdk} ({machine.Runtime}) |");
        L($"| wrk | {machine.WrkVersion} |");
        L(string.Create(Inv, $"| Temp folder (SQLite file) | {machine.FileSystem}; write 4 KiB + fsync: {machine.FsyncMs:F2} ms (median of 200) |"));
        if (options.PostgresInfo is not null) L($"| PostgreSQL | {options.PostgresInfo} |");
        L("| Clients and servers | all on this machine, over loopback: wrk competes with the server for the same 2 cores |");
        L();

        L("## Raw wrk output");
        L();
        foreach (var t in Ordered)
        {
            foreach (var c in t.Cells)
            {
                L($"<details><summary>{t.Name}, {c.Wrk.Connections} clients</summary>");
                L();
                L("```");
                L(c.Wrk.CommandLine);
                L(c.Wrk.RawOutput);
                L("```");
                L();
                L("</details>");
                L();
            }
        }
        return md.ToString();
    }

    public string ToConsoleTable()
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"{"Target",-24} {"Clients",7} {"Req/s",9} {"p50 ms",9} {"p99 ms",9} {"Not 201",8}\n");
        foreach (var t in Ordered)
        {
            foreach (var c in t.Cells)
            {
                var w = c.Wrk;
                sb.Append(Inv, $"{t.Name,-24} {w.Connections,7} {w.RequestsPerSecond,9:N0} {Ms(w.P50Ms),9} {Ms(w.P99Ms),9} {w.Bad,8}\n");
            }
        }
        return sb.ToString();
    }

    private static string Ms(double ms) => ms switch
    {
        < 1 => ms.ToString("F3", Inv),
        < 100 => ms.ToString("F2", Inv),
        _ => ms.ToString("F0", Inv),
    };
}
