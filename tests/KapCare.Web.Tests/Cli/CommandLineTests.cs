using KapCare.Web.Cli;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Cli;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The <c>kapcare</c> commands, run in-process with their console captured, against a real database.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CommandLineTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();
    public async Task DisposeAsync() => await database.DisposeAsync();

    private Task<(int Exit, string Out, string Error)> RunAsync(string? stdin, params string[] args) =>
        CliConsole.RunAsync([.. database.CliArguments, .. args], stdin);

    private KapCareDbContext Db()
    {
        var options = new DbContextOptionsBuilder<KapCareDbContext>();
        Web.Infrastructure.Database.Configure(options, database.Settings);
        return new KapCareDbContext(options.Options);
    }

    [Fact]
    public async Task Given_a_new_database_When_migrate_runs_Then_it_is_up_to_date()
    {
        var (exit, output, _) = await RunAsync(null, "migrate");
        Assert.Equal(0, exit);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
        await using var db = Db();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Given_a_password_on_stdin_When_adding_a_user_Then_they_exist_with_the_role_and_it_is_audited()
    {
        var (exit, output, error) = await RunAsync("a sufficiently long password\n", "user", "add", "--email", "nurse@clinic.test", "--name", "Camila Reyes", "--role", "Nurse");
        Assert.True(exit == 0, error);
        Assert.Contains("Created nurse@clinic.test (Nurse)", output, StringComparison.Ordinal);

        await using var db = Db();
        var user = await db.Users.SingleAsync();
        Assert.Equal("Camila Reyes", user.DisplayName);
        var role = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name).SingleAsync();
        Assert.Equal("Nurse", role);
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.UserCreate);
        Assert.Equal("cli", entry.Channel);
        Assert.StartsWith("cli:", entry.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_right_to_left_override_in_the_name_When_adding_a_user_Then_it_is_refused()
    {
        // Issue 9, finding 6: bidirectional overrides (U+202E) make a name display as something it is not.
        var (exit, _, error) = await RunAsync("a sufficiently long password\n", "user", "add", "--email", "a@clinic.test", "--name", "Camila\u202EReyes", "--role", "Nurse");
        Assert.NotEqual(0, exit);
        Assert.Contains("control character (U+202E)", error, StringComparison.Ordinal);
        await using var db = Db();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Given_a_short_password_or_unknown_role_When_adding_a_user_Then_it_is_refused()
    {
        var (exit, _, error) = await RunAsync("short\n", "user", "add", "--email", "a@clinic.test", "--name", "A", "--role", "Nurse");
        Assert.NotEqual(0, exit);
        Assert.Contains("at least 12 characters", error, StringComparison.Ordinal);

        (exit, _, _) = await RunAsync("a sufficiently long password\n", "user", "add", "--email", "b@clinic.test", "--name", "B", "--role", "Janitor");
        Assert.NotEqual(0, exit);
        await using var db = Db();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Given_a_user_When_a_token_is_created_listed_and_revoked_Then_only_its_hash_is_stored_and_it_stops_working()
    {
        await RunAsync("a sufficiently long password\n", "user", "add", "--email", "api@clinic.test", "--name", "Integration", "--role", "FrontDesk");

        var (exit, output, _) = await RunAsync(null, "token", "create", "--user", "api@clinic.test", "--scopes", "user/Patient.read", "--expires-days", "30");
        Assert.Equal(0, exit);
        // Other tests' apps may log to the same console meanwhile: the secret is the line that starts with kc_.
        var secret = Assert.Single(output.Split('\n'), line => line.StartsWith("kc_", StringComparison.Ordinal)).Trim();

        await using (var db = Db())
        {
            var token = await db.ApiTokens.SingleAsync();
            Assert.NotEqual(secret, token.SecretHash);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))), token.SecretHash);
            Assert.Equal("user/Patient.read", token.Scopes);
            Assert.InRange((token.ExpiresAt!.Value - token.CreatedAt).TotalDays, 29.99, 30.01);
        }

        var (_, list, _) = await RunAsync(null, "token", "list");
        Assert.Contains("api@clinic.test", list, StringComparison.Ordinal);
        Assert.Contains("active", list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);

        Guid id;
        await using (var db = Db()) id = await db.ApiTokens.Select(t => t.Id).SingleAsync();
        Assert.Equal(0, (await RunAsync(null, "token", "revoke", id.ToString())).Exit);
        Assert.Contains("revoked", (await RunAsync(null, "token", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_no_expiry_option_When_a_token_is_created_Then_it_expires_in_90_days()
    {
        // Issue 9, finding 6: tokens never expired by default. A bearer token is a password an integration keeps on disk;
        // 90 days unless --expires-days says otherwise.
        await RunAsync("a sufficiently long password\n", "user", "add", "--email", "api@clinic.test", "--name", "Integration", "--role", "FrontDesk");
        var (exit, output, error) = await RunAsync(null, "token", "create", "--user", "api@clinic.test", "--scopes", "user/Patient.read");
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("no expiry", output, StringComparison.Ordinal);
        await using var db = Db();
        var token = await db.ApiTokens.SingleAsync();
        Assert.NotNull(token.ExpiresAt);
        Assert.InRange((token.ExpiresAt!.Value - token.CreatedAt).TotalDays, 89.99, 90.01);
    }

    [Fact]
    public async Task Given_an_unknown_scope_When_creating_a_token_Then_it_is_refused()
    {
        await RunAsync("a sufficiently long password\n", "user", "add", "--email", "api@clinic.test", "--name", "Integration", "--role", "FrontDesk");
        var (exit, _, error) = await RunAsync(null, "token", "create", "--user", "api@clinic.test", "--scopes", "system/everything");
        Assert.NotEqual(0, exit);
        Assert.Contains("Unknown scope", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_PHQ9_item_scores_When_scored_as_json_Then_total_band_and_item_9_flag_match_the_hand_score()
    {
        // 8 × 1 + 2 = 10 → "moderate" (10–14, Kroenke et al. 2001); item 9 ≥ 1 is a safety flag (Simon et al. 2013).
        var (exit, output, _) = await RunAsync(null, "score", "phq-9", "1", "1", "1", "1", "1", "1", "1", "1", "2", "--json");
        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith('{')));
        var root = json.RootElement;
        Assert.Equal("phq-9", root.GetProperty("instrument").GetString());
        Assert.Equal(10, root.GetProperty("total").GetInt32());
        Assert.Equal("Moderate", root.GetProperty("band").GetString());
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal("phq9-item9", Assert.Single(root.GetProperty("flags").EnumerateArray()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Given_PHQ4_When_scored_Then_subscales_are_reported_and_an_unanswered_item_invalidates_the_total()
    {
        // PHQ-4 items: GAD-2 (2 + 1 = 3) then PHQ-2 (0 + 1 = 1); total 4 (Kroenke 2009).
        var (_, output, _) = await RunAsync(null, "score", "phq-4", "2", "1", "0", "1", "--json");
        using var json = System.Text.Json.JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith('{')));
        Assert.Equal(4, json.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("subscales").GetProperty("anxiety").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("subscales").GetProperty("depression").GetInt32());

        (_, output, _) = await RunAsync(null, "score", "gad-7", "3", "3", "3", "3", "3", "3", "-", "--json");
        using var incomplete = System.Text.Json.JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith('{')));
        Assert.False(incomplete.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, incomplete.RootElement.GetProperty("total").ValueKind);
    }

    [Fact]
    public async Task Given_an_out_of_range_answer_or_unknown_instrument_When_scored_Then_it_fails_with_a_message()
    {
        var (exit, _, error) = await RunAsync(null, "score", "gad-7", "4", "0", "0", "0", "0", "0", "0");
        Assert.NotEqual(0, exit);
        Assert.NotEmpty(error);
        (exit, _, error) = await RunAsync(null, "score", "bdi-2", "1");
        Assert.NotEqual(0, exit);
        Assert.Contains("Unknown instrument", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("score")]
    [InlineData("serve")]
    [InlineData("demo")]
    [InlineData("migrate")]
    [InlineData("user", "add")]
    [InlineData("token", "create")]
    [InlineData("token", "list")]
    [InlineData("token", "revoke")]
    public async Task Given_any_command_When_asked_for_help_Then_it_describes_itself(params string[] command)
    {
        var (exit, output, _) = await RunAsync(null, [.. command, "--help"]);
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("--data-dir", output, StringComparison.Ordinal);
    }
}
