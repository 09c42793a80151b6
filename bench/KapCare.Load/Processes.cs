using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KapCare.Load;

/// <summary>A server started for the run; its output goes to a log file, and it is killed (with its children) when disposed.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private ChildProcess(Process process, StreamWriter log, string logPath)
    {
        this.process = process;
        this.log = log;
        LogPath = logPath;
    }

    public string LogPath { get; }
    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Write(log, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Write(log, e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, log, logPath);
    }

    private static void Write(StreamWriter log, string line)
    {
        lock (log)
        {
            try { log.WriteLine(line); }
            catch (ObjectDisposedException) { }
        }
    }

    public string LogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { }
        }
        process.Dispose();
        lock (log) log.Dispose();
    }
}

public sealed record CommandResult(int ExitCode, string Stdout, string Stderr);

public static class Processes
{
    /// <summary>Runs a program to its end (killed after <paramref name="timeout"/>), optionally feeding it standard input.</summary>
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct,
        string? stdin = null, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var process = Process.Start(info) ?? throw new LoadRunException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        if (stdin is not null) await process.StandardInput.WriteLineAsync(stdin.AsMemory(), ct);
        process.StandardInput.Close();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (ct.IsCancellationRequested) throw;
            throw new LoadRunException($"{Path.GetFileName(fileName)} {string.Join(' ', info.ArgumentList)} did not finish within {timeout.TotalSeconds:F0} s; killed.");
        }
        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A loopback port free right now (the OS picks it; it is released at once for the server to take).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until GET <paramref name="url"/> answers 200, failing if the server exits or does not answer in time.</summary>
    public static async Task WaitUntilHealthyAsync(HttpClient http, string url, ChildProcess server, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (server.HasExited)
                throw new LoadRunException($"The server exited before answering {url}. Log ({server.LogPath}):\n{server.LogTail()}");
            try
            {
                using var response = await http.GetAsync(url, ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200, ct);
        }
        throw new LoadRunException($"{url} did not answer 200 within {timeout.TotalSeconds:F0} s. Log ({server.LogPath}):\n{server.LogTail()}");
    }
}
