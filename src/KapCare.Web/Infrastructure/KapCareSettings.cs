namespace KapCare.Web.Infrastructure;

public enum DatabaseProvider
{
    Sqlite = 0,
    PostgreSql = 1,
}

/// <summary>
/// SQLite's durability under WAL. Full (the default) syncs every commit to disk; Normal syncs at checkpoints, so
/// the last commits before a power cut (not an app crash) can be lost, never corrupted (https://www.sqlite.org/pragma.html#pragma_synchronous).
/// </summary>
public enum SqliteSynchronous
{
    Full = 0,
    Normal = 1,
}

/// <summary>Where the data lives: the global <c>--data-dir</c> and <c>--database</c> options resolve to this.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, SqliteSynchronous Synchronous = SqliteSynchronous.Full)
{
    /// <summary>KAPCARE_SQLITE_SYNCHRONOUS=normal trades the last moments before a power cut for write speed; the default stays full.</summary>
    public static SqliteSynchronous SynchronousFromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable("KAPCARE_SQLITE_SYNCHRONOUS"), "normal", StringComparison.OrdinalIgnoreCase)
            ? SqliteSynchronous.Normal : SqliteSynchronous.Full;

    public const string SqliteFileName = "kapcare.db";

    public static DatabaseSettings For(string dataDirectory, string? postgresConnection)
    {
        if (!string.IsNullOrWhiteSpace(postgresConnection))
            return new DatabaseSettings(DatabaseProvider.PostgreSql, postgresConnection);
        var full = Path.GetFullPath(dataDirectory);
        var file = Path.Combine(full, SqliteFileName);
        OwnerOnly(full, file);
        // Default Timeout makes a writer wait for a busy database instead of failing at once.
        return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file};Foreign Keys=True;Default Timeout=30",
            SynchronousFromEnvironment());
    }

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The database holds psychiatric records: on Unix a new data folder is created 0700 and the database file 0600
    /// before SQLite opens it (issue 9, finding 5: they were world-readable under the default umask). SQLite gives its
    /// -wal and -shm files the database file's mode (https://www.sqlite.org/src/doc/trunk/src/os_unix.c, findCreateFileMode).
    /// A file already there is tightened to 0600; an existing folder is left as its owner set it (it may be shared, e.g. a
    /// home folder), only created ones are 0700.
    /// </summary>
    private static void OwnerOnly(string folder, string file)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (!Directory.Exists(folder))
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!File.Exists(file))
        {
            // An empty file is an empty SQLite database; creating it here is what sets its mode.
            try
            {
                using var created = new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerReadWrite });
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process created it first: tightened below.
            }
        }
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            if (File.Exists(path) && (File.GetUnixFileMode(path) & ~OwnerReadWrite) != 0)
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) & OwnerReadWrite);
        }
    }

    /// <summary>A description safe for logs and the console: never a password.</summary>
    public string Describe() => Provider switch
    {
        DatabaseProvider.Sqlite => "SQLite " + ConnectionString.Split(';')[0].Replace("Data Source=", string.Empty, StringComparison.Ordinal),
        DatabaseProvider.PostgreSql => "PostgreSQL " + string.Join(';', ConnectionString.Split(';')
            .Where(p => p.Trim().StartsWith("Host", StringComparison.OrdinalIgnoreCase) || p.Trim().StartsWith("Database", StringComparison.OrdinalIgnoreCase))),
    };
}

/// <summary>What the clinic is called and where it is; shown on every page and used for local times.</summary>
public sealed class ClinicOptions
{
    public string Name { get; set; } = "KapCare Clinic";
    public string TimeZone { get; set; } = "America/Chicago";

    /// <summary>The clinic's DEA registration number, printed on the controlled-substance inventory (21 CFR 1304.11); configuration <c>Clinic:DeaRegistration</c>.</summary>
    public string? DeaRegistration { get; set; }
}
