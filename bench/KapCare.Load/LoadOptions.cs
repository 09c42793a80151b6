using System.Globalization;

namespace KapCare.Load;

public enum TargetKind
{
    Sqlite,
    Bare,
    PostgreSql,
    /// <summary>SQLite with every submission for one patient who already has <see cref="LoadOptions.History"/> responses (issue 9, item 7).</summary>
    SqliteOnePatient,
}

/// <summary>Command-line options; every one has a default except the two programs to run.</summary>
public sealed class LoadOptions
{
    public required string App { get; init; }
    public required string Bare { get; init; }
    public required string ContentRoot { get; init; }
    public string? Postgres { get; init; }
    public string? PostgresInfo { get; init; }
    public string Output { get; init; } = "bench/results/submission-path.md";
    public int DurationSeconds { get; init; } = 10;
    public int WarmupSeconds { get; init; } = 3;
    public int TargetWarmupSeconds { get; init; } = 5;
    public IReadOnlyList<int> Connections { get; init; } = [1, 16, 64];
    public int Patients { get; init; } = 200;
    /// <summary>Responses the one-patient target stores for its patient before it is measured: years of weekly check-ins and more.</summary>
    public int History { get; init; } = 5000;
    public int Bodies { get; init; } = 1000;
    public double AlertShare { get; init; } = 0.02;
    public IReadOnlyList<TargetKind> Targets { get; init; } = [TargetKind.Sqlite, TargetKind.SqliteOnePatient, TargetKind.Bare, TargetKind.PostgreSql];
    public string Command { get; init; } = "dotnet KapCare.Load.dll";
    public string Label { get; init; } = "KapCare as built from this working tree";
    public double MaxOtherCores { get; init; } = 0.1;
    public int QuietTimeoutSeconds { get; init; } = 300;
    public string? WorkDir { get; init; }
    public bool KeepWorkDir { get; init; }

    /// <summary>wrk threads for a number of connections: one up to 16 connections, two above (the machine has 2 cores).</summary>
    public static int WrkThreads(int connections) => connections >= 64 ? 2 : 1;

    public const string Usage = """
        KapCare.Load: the submission path (POST /fhir/QuestionnaireResponse) under load with wrk.

          --app PATH             KapCare.Web.dll, Release build (required)
          --bare PATH            BareKestrel.dll, Release build (required)
          --content-root PATH    KAPCARE_CONTENT_ROOT for KapCare (default: src/KapCare.Web under the current folder)
          --postgres CONN        Npgsql connection string of an empty server; PostgreSQL is skipped without it
          --postgres-info TEXT   version and settings of that server, for the report
          --targets LIST         sqlite,one-patient,bare,postgresql (default: all four)
          --connections LIST     concurrent clients per cell (default 1,16,64)
          --duration S           measured seconds per cell (default 10)
          --warmup S             unmeasured seconds before each cell (default 3)
          --target-warmup S      unmeasured seconds at 16 clients after a target starts (default 5)
          --patients N           patients registered per KapCare target (default 200; the one-patient target has one)
          --history N            responses stored for the one patient before it is measured (default 5000)
          --alert-share X        share of PHQ-9 bodies with item 9 answered, which raise a safety alert (default 0.02)
          --max-other-cores X    before each cell, wait until other processes use at most X cores (default 0.1) ...
          --quiet-timeout S      ... but at most S seconds (default 300), then measure anyway and flag the cell
          --out PATH             markdown report (default bench/results/submission-path.md)
          --command TEXT         the command to record in the report
          --label TEXT           what KapCare build this is, for the report
          --work-dir PATH        folder for databases, logs and bodies (default: a new temp folder, deleted after)
          --keep                 keep the temp folder
        """;

    public static LoadOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help") { Console.WriteLine(Usage); return null; }
            if (arg == "--keep") { keep = true; continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"Unexpected argument '{arg}'.");
                Console.Error.WriteLine(Usage);
                return null;
            }
            values[arg[2..]] = args[++i];
        }

        string? Get(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        if (Get("app") is not { } app || Get("bare") is not { } bare)
        {
            Console.Error.WriteLine("--app and --bare are required.");
            Console.Error.WriteLine(Usage);
            return null;
        }
        foreach (var file in new[] { app, bare })
        {
            if (!File.Exists(file)) { Console.Error.WriteLine($"Not found: {file}"); return null; }
        }

        var defaults = new LoadOptions { App = app, Bare = bare, ContentRoot = "" };
        return new LoadOptions
        {
            App = Path.GetFullPath(app),
            Bare = Path.GetFullPath(bare),
            ContentRoot = Path.GetFullPath(Get("content-root") ?? Path.Combine("src", "KapCare.Web")),
            Postgres = Get("postgres"),
            PostgresInfo = Get("postgres-info"),
            Output = Get("out") ?? defaults.Output,
            DurationSeconds = Int("duration", defaults.DurationSeconds),
            WarmupSeconds = Int("warmup", defaults.WarmupSeconds),
            TargetWarmupSeconds = Int("target-warmup", defaults.TargetWarmupSeconds),
            Connections = Get("connections") is { } c ? [.. c.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : defaults.Connections,
            Patients = Int("patients", defaults.Patients),
            History = Int("history", defaults.History),
            AlertShare = Get("alert-share") is { } a ? double.Parse(a, CultureInfo.InvariantCulture) : defaults.AlertShare,
            MaxOtherCores = Get("max-other-cores") is { } m ? double.Parse(m, CultureInfo.InvariantCulture) : defaults.MaxOtherCores,
            QuietTimeoutSeconds = Int("quiet-timeout", defaults.QuietTimeoutSeconds),
            Targets = Get("targets") is { } t ? [.. t.Split(',').Select(ParseTarget)] : defaults.Targets,
            Command = Get("command") ?? "dotnet KapCare.Load.dll " + string.Join(' ', args),
            Label = Get("label") ?? defaults.Label,
            WorkDir = Get("work-dir") is { } w ? Path.GetFullPath(w) : null,
            KeepWorkDir = keep,
        };
    }

    private static TargetKind ParseTarget(string name) => name.Trim().ToUpperInvariant() switch
    {
        "SQLITE" => TargetKind.Sqlite,
        "BARE" => TargetKind.Bare,
        "POSTGRESQL" or "POSTGRES" => TargetKind.PostgreSql,
        "ONE-PATIENT" => TargetKind.SqliteOnePatient,
        _ => throw new ArgumentException($"Unknown target '{name}': use sqlite, one-patient, bare or postgresql."),
    };
}

/// <summary>A load run cannot go on: a server did not start, seeding failed, wrk failed.</summary>
public sealed class LoadRunException(string message) : Exception(message);
