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
        Directory.CreateDirectory(full);
        // Default Timeout makes a writer wait for a busy database instead of failing at once.
        return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(full, SqliteFileName)};Foreign Keys=True;Default Timeout=30",
            SynchronousFromEnvironment());
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
}
