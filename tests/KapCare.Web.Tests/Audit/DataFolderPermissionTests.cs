using KapCare.Web.Cli;
using KapCare.Web.Infrastructure;
using KapCare.Web.Tests.Cli;
using Microsoft.Data.Sqlite;
using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Audit;

/// <summary>Issue 9, finding 5: the database files were world-readable. The SQLite data folder is 0700 and its files 0600.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class DataFolderPermissionTests
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File_ = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Given_a_new_data_folder_When_kapcare_creates_its_database_Then_folder_and_files_are_the_owners_only()
    {
        if (OperatingSystem.IsWindows() || TestDatabase.UsesPostgres) return;
        var root = Path.Combine(Path.GetTempPath(), "kapcare-tests", Guid.NewGuid().ToString("N"));
        var dir = Path.Combine(root, "data");
        var (oldOut, oldError) = (Console.Out, Console.Error);
        try
        {
            Console.SetOut(new StringWriter());
            Console.SetError(new StringWriter());
            Assert.Equal(0, await KapCareCli.RunAsync(["--data-dir", dir, "migrate"]));
            // A write with the connection held open, so SQLite's write-ahead log and shared-memory files exist too.
            await using var connection = new SqliteConnection(DatabaseSettings.For(dir, null).ConnectionString);
            await connection.OpenAsync();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "CREATE TABLE probe (x INTEGER); INSERT INTO probe VALUES (1);";
                await command.ExecuteNonQueryAsync();
            }

            Assert.Equal(Folder, File.GetUnixFileMode(dir));
            var files = Directory.GetFiles(dir);
            Assert.Contains(files, f => f.EndsWith(DatabaseSettings.SqliteFileName, StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal));
            foreach (var file in files)
                Assert.True(File.GetUnixFileMode(file) == File_, $"{Path.GetFileName(file)}: {File.GetUnixFileMode(file)}");
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Given_a_database_file_left_world_readable_When_the_settings_are_read_Then_it_is_made_the_owners_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = Path.Combine(Path.GetTempPath(), "kapcare-tests", Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, DatabaseSettings.SqliteFileName);
            File.WriteAllBytes(file, []);
            File.SetUnixFileMode(file, File_ | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            DatabaseSettings.For(dir, null);

            Assert.Equal(File_, File.GetUnixFileMode(file));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
