using KapCare.Web.Infrastructure;
using Npgsql;

namespace KapCare.Web.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test app: a temporary SQLite file by default, or a new database on
/// the PostgreSQL server named by KAPCARE_TEST_POSTGRES (which ./test starts), so the same suite runs on both.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "KAPCARE_TEST_POSTGRES";

    private readonly string? sqliteDirectory;
    private readonly string? postgresServer;
    private readonly string? postgresDatabase;

    private TestDatabase(DatabaseSettings settings, string? sqliteDirectory, string? postgresServer, string? postgresDatabase)
    {
        Settings = settings;
        this.sqliteDirectory = sqliteDirectory;
        this.postgresServer = postgresServer;
        this.postgresDatabase = postgresDatabase;
    }

    public DatabaseSettings Settings { get; }

    /// <summary>The global options that point the <c>kapcare</c> command line at this database.</summary>
    public string[] CliArguments => sqliteDirectory is not null ? ["--data-dir", sqliteDirectory] : ["--database", Settings.ConnectionString];

    public static bool UsesPostgres => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            var dir = Path.Combine(Path.GetTempPath(), "kapcare-tests", Guid.NewGuid().ToString("N"));
            return new TestDatabase(DatabaseSettings.For(dir, null), dir, null, null);
        }

        var name = "kapcare_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.PostgreSql, builder.ConnectionString), null, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(sqliteDirectory, recursive: true); } catch (IOException) { }
        }
        if (postgresServer is not null && postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(postgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
