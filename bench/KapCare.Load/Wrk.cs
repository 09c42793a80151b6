using System.Globalization;
using System.Text.RegularExpressions;

namespace KapCare.Load;

/// <summary>One wrk run, parsed from its text output.</summary>
public sealed record WrkResult(
    int Connections,
    int Threads,
    int DurationSeconds,
    long Requests,
    double RequestsPerSecond,
    double P50Ms,
    double P75Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    long Non201,
    long Non2xx3xx,
    long SocketErrors,
    string SocketErrorDetail,
    string CommandLine,
    string RawOutput)
{
    /// <summary>Requests that failed, were refused, or got any answer but 201 Created.</summary>
    public long Bad => Math.Max(Non201, Non2xx3xx) + SocketErrors;
}

public static partial class Wrk
{
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "submit.lua");

    public static async Task<WrkResult> RunAsync(string url, int connections, int seconds, string bodiesFile, string? token, CancellationToken ct)
    {
        var threads = LoadOptions.WrkThreads(connections);
        string[] args =
        [
            $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--timeout", "30s", "--latency",
            "-s", ScriptPath, url, "--", bodiesFile, token ?? string.Empty,
        ];
        var commandLine = "wrk " + string.Join(' ', args.Take(args.Length - 1)) + (token is null ? string.Empty : " <token>");
        var run = await Processes.RunAsync("wrk", args, TimeSpan.FromSeconds(seconds + 60), ct);
        if (run.ExitCode != 0)
            throw new LoadRunException($"wrk exited with {run.ExitCode}: {run.Stderr}{run.Stdout}");
        try
        {
            return Parse(run.Stdout, connections, threads, seconds, commandLine);
        }
        catch (FormatException e)
        {
            throw new LoadRunException($"Could not read wrk's output ({e.Message}):\n{run.Stdout}\n{run.Stderr}");
        }
    }

    public static WrkResult Parse(string output, int connections, int threads, int seconds, string commandLine)
    {
        var requests = long.Parse(Required(RequestsLine(), output, "requests in").Groups[1].Value, CultureInfo.InvariantCulture);
        var rps = double.Parse(Required(RequestsPerSecond(), output, "Requests/sec").Groups[1].Value, CultureInfo.InvariantCulture);
        var latency = Required(LatencyLine(), output, "Latency");
        double Percentile(string p)
        {
            var m = Required(new Regex($@"^\s+{p}%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline), output, p + "%");
            return ToMs(m.Groups[1].Value, m.Groups[2].Value);
        }

        var socket = SocketErrors().Match(output);
        long socketErrors = 0;
        var socketDetail = string.Empty;
        if (socket.Success)
        {
            socketErrors = Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture));
            socketDetail = $"connect {socket.Groups[1].Value}, read {socket.Groups[2].Value}, write {socket.Groups[3].Value}, timeout {socket.Groups[4].Value}";
        }
        var non2xx = Non2xx().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var non201 = long.Parse(Required(Non201(), output, "non201 (from submit.lua)").Groups[1].Value, CultureInfo.InvariantCulture);

        return new WrkResult(connections, threads, seconds, requests, rps,
            Percentile("50"), Percentile("75"), Percentile("90"), Percentile("99"),
            ToMs(latency.Groups[5].Value, latency.Groups[6].Value),
            non201, non2xx, socketErrors, socketDetail, commandLine, output.TrimEnd());
    }

    private static Match Required(Regex regex, string text, string what)
    {
        var match = regex.Match(text);
        return match.Success ? match : throw new FormatException($"no '{what}' line");
    }

    private static double ToMs(string value, string unit)
    {
        var v = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => v / 1000,
            "ms" => v,
            "s" => v * 1000,
            "m" => v * 60_000,
            _ => throw new FormatException($"unknown time unit '{unit}'"),
        };
    }

    [GeneratedRegex(@"^\s+(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+Latency\s+([\d.]+)(us|ms|s|m)\s+([\d.]+)(us|ms|s|m)\s+([\d.]+)(us|ms|s|m)", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"^non201 (\d+)", RegexOptions.Multiline)]
    private static partial Regex Non201();
}
