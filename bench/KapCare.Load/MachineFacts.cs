using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace KapCare.Load;

/// <summary>What the numbers depend on: cores, CPU, memory, OS, runtime, wrk, the disk's fsync latency, the source revision.</summary>
public sealed record MachineFacts(
    int Cores,
    string CpuModel,
    string Memory,
    string OperatingSystem,
    string Kernel,
    string DotnetSdk,
    string Runtime,
    string WrkVersion,
    string FileSystem,
    double FsyncMs,
    string Source,
    DateTime StartedUtc)
{
    public static async Task<MachineFacts> CollectAsync(string work, CancellationToken ct)
    {
        var cpu = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memory = memKb is null ? "unknown" : $"{double.Parse(memKb, CultureInfo.InvariantCulture) / 1024 / 1024:F1} GiB".Replace(',', '.');
        var os = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            ?? RuntimeInformation.OSDescription;
        var kernel = ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault() ?? "unknown";
        var sdk = await FirstLineAsync("dotnet", ["--version"], ct);
        var wrk = await FirstLineAsync("wrk", ["-v"], ct);
        var fs = FileSystemOf(work);
        var revision = await FirstLineAsync("git", ["rev-parse", "--short", "HEAD"], ct);
        var dirty = await Processes.RunAsync("git", ["status", "--porcelain", "--", "src"], TimeSpan.FromSeconds(30), ct);
        var source = revision.Length == 0 ? "unknown"
            : revision + (dirty.ExitCode == 0 && dirty.Stdout.Trim().Length > 0 ? " with uncommitted changes in src/" : string.Empty);
        return new MachineFacts(Environment.ProcessorCount, cpu, memory, os, kernel, sdk, RuntimeInformation.FrameworkDescription,
            wrk, fs, MeasureFsyncMs(work), source, DateTime.UtcNow);
    }

    /// <summary>Median time to write 4 KiB and fsync it, 200 times, in the folder the SQLite file lives in.</summary>
    private static double MeasureFsyncMs(string folder)
    {
        var path = Path.Combine(folder, "fsync-probe");
        var block = new byte[4096];
        var times = new List<double>();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            for (var i = 0; i < 200; i++)
            {
                var started = Stopwatch.GetTimestamp();
                file.Write(block);
                file.Flush(flushToDisk: true);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        File.Delete(path);
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>The type of the file system holding <paramref name="path"/>: the longest matching mount point in /proc/mounts.</summary>
    private static string FileSystemOf(string path)
    {
        var full = Path.GetFullPath(path);
        var best = (Mount: "", Type: "unknown", Device: "");
        foreach (var line in ReadLines("/proc/mounts"))
        {
            var f = line.Split(' ');
            if (f.Length < 3) continue;
            var mount = f[1];
            var inside = full == mount || full.StartsWith(mount.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (inside && mount.Length >= best.Mount.Length) best = (mount, f[2], f[0]);
        }
        return $"{best.Type} on {best.Device} ({best.Mount})";
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];

    private static async Task<string> FirstLineAsync(string program, string[] args, CancellationToken ct)
    {
        try
        {
            var run = await Processes.RunAsync(program, args, TimeSpan.FromSeconds(30), ct);
            return (run.Stdout + run.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? string.Empty;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return string.Empty;
        }
    }
}
