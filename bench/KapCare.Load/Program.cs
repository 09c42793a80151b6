using System.Diagnostics;
using System.Globalization;
using KapCare.Load;

// The submission path under load, in one run (bench/README.md; run it with bench/submission-path.sh):
//   1. KapCare on SQLite: start `KapCare.Web.dll serve`, add a user and a token with the CLI, register patients,
//      then wrk POSTs QuestionnaireResponses at each number of concurrent clients;
//   2. the bare Kestrel ceiling (bench/BareKestrel) answering with the bytes of a real KapCare 201 response;
//   3. KapCare on PostgreSQL, the same way as on SQLite.
// Writes a markdown report; exits 1 when a request is refused or lost (anything but 201 Created).

if (args.Any(a => a is "-h" or "--help"))
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}
var options = LoadOptions.Parse(args);
if (options is null) return 2;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;

var work = options.WorkDir ?? Directory.CreateTempSubdirectory("kapcare-load-").FullName;
Directory.CreateDirectory(work);
Log($"Work folder {work}");

var machine = await MachineFacts.CollectAsync(work, ct);
var report = new Report(options, machine);
var started = Stopwatch.StartNew();

try
{
    string? responseBodyFile = null;
    string? bodiesFile = null;
    var bareDone = false;

    foreach (var target in options.Targets)
    {
        if (target == TargetKind.Bare)
        {
            continue; // runs after the first KapCare target, which provides the response body it answers with
        }
        if (target == TargetKind.PostgreSql && options.Postgres is null)
        {
            report.Skipped.Add("PostgreSQL: no connection string given (--postgres); bench/submission-path.sh starts a server.");
            continue;
        }

        var result = await KapCareTarget.RunAsync(options, target, work, ct);
        report.Add(result);
        responseBodyFile ??= result.ResponseBodyFile;
        bodiesFile ??= result.BodiesFile;

        if (!bareDone && options.Targets.Contains(TargetKind.Bare))
        {
            report.Add(await BareTarget.RunAsync(options, work, responseBodyFile, bodiesFile, ct));
            bareDone = true;
        }
    }
    if (!bareDone && options.Targets.Contains(TargetKind.Bare))
        report.Add(await BareTarget.RunAsync(options, work, responseBodyFile, bodiesFile, ct));
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Log("Cancelled: no report written.");
    return 130;
}
catch (LoadRunException e)
{
    Log("FAILED: " + e.Message);
    report.Failure = e.Message;
}

report.Elapsed = started.Elapsed;
var markdown = report.ToMarkdown();
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
await File.WriteAllTextAsync(options.Output, markdown, ct);
Console.WriteLine();
Console.WriteLine(report.ToConsoleTable());
Log($"Report written to {options.Output} ({report.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s).");
if (!options.KeepWorkDir && options.WorkDir is null)
{
    try { Directory.Delete(work, recursive: true); }
    catch (IOException e) { Log($"Could not delete {work}: {e.Message}"); }
    catch (UnauthorizedAccessException e) { Log($"Could not delete {work}: {e.Message}"); }
}

if (report.Failure is not null || report.RefusedOrLost > 0)
{
    Console.Error.WriteLine($"FAILED: {(report.Failure ?? $"{report.RefusedOrLost} request(s) were not answered 201 Created or hit socket errors; see the table")}.");
    return 1;
}
Console.WriteLine(report.VerdictLine);
return 0;

static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
