using System.Net;
using KapCare.Web.Cli;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Cli;
using KapCare.Web.Tests.Fhir;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Audit;

/// <summary>
/// Issue 9, item 5: audit rows form a hash chain that <c>kapcare audit verify</c> walks, and the database itself refuses
/// to change or delete them. Tampering is done the way someone with database or file access would: raw SQL, after
/// dropping the trigger that would stop them (which only the table's owner, or whoever holds the SQLite file, can do).
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class TamperEvidentAuditTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private Task<(int Exit, string Out, string Error)> VerifyAsync() => CliConsole.RunAsync([.. app.CliArguments, "audit", "verify"]);

    /// <summary>Some ordinary work that writes audit entries: register patients and open their charts.</summary>
    private async Task<List<Guid>> SomeActivityAsync()
    {
        var client = await app.SignedInClientAsync(Roles.Nurse);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await KapCareTestApp.RegisterPatientAsync(client, new()
            {
                ["Input.GivenName"] = "Ada" + i, ["Input.FamilyName"] = "Lovelace", ["Input.BirthDate"] = "1980-12-10", ["Input.Sex"] = "Female",
            });
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Patients/{id}")).StatusCode);
            ids.Add(id);
        }
        return ids;
    }

    private Task<int> AuditCountAsync() => app.WithDbAsync(db => db.AuditEntries.CountAsync());

    private Task<int> SqlAsync(string sql) => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));

    /// <summary>What an attacker with the database owner's rights, or the SQLite file, does first.</summary>
    private Task<int> DropAppendOnlyTriggersAsync() => SqlAsync(TestDatabase.UsesPostgres
        ? """DROP TRIGGER IF EXISTS "AuditEntries_append_only" ON "AuditEntries";"""
        : """DROP TRIGGER IF EXISTS "AuditEntries_no_update"; DROP TRIGGER IF EXISTS "AuditEntries_no_delete";""");

    [Fact]
    public async Task Given_an_untouched_log_When_verify_runs_Then_it_exits_0_and_prints_the_number_of_entries()
    {
        await SomeActivityAsync();
        var count = await AuditCountAsync();
        Assert.True(count >= 6, $"only {count} audit entries");

        var (exit, output, error) = await VerifyAsync();

        Assert.True(exit == 0, output + error);
        Assert.Contains($"Audit log intact: {count} entries verified", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_row_changed_with_raw_SQL_When_verify_runs_Then_it_fails_naming_that_row()
    {
        await SomeActivityAsync();
        var ids = await app.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        var victim = ids[ids.Count / 2];
        await DropAppendOnlyTriggersAsync();

        Assert.Equal(1, await SqlAsync($"""UPDATE "AuditEntries" SET "Actor" = 'someone-else@clinic.test' WHERE "Id" = {victim}"""));
        var (exit, output, error) = await VerifyAsync();

        Assert.NotEqual(0, exit);
        Assert.Contains($"BROKEN at entry {victim}:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_row_whose_hash_was_recomputed_after_a_change_When_verify_runs_Then_the_next_row_breaks()
    {
        await SomeActivityAsync();
        var ids = await app.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        var victim = ids[ids.Count / 2];
        await DropAppendOnlyTriggersAsync();
        // The attacker changes the row and gives it a hash that matches its new content (the chain's rule is public).
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == victim));
        var previous = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Sequence == entry.Sequence - 1).Select(a => a.Hash).SingleAsync());
        entry.Detail = "nothing happened";
        var forged = AuditChain.ComputeHash(entry, previous!);
        await SqlAsync($"""UPDATE "AuditEntries" SET "Detail" = 'nothing happened', "Hash" = '{forged}' WHERE "Id" = {victim}""");

        var (exit, _, error) = await VerifyAsync();

        Assert.NotEqual(0, exit);
        Assert.Contains($"BROKEN at entry {ids[ids.IndexOf(victim) + 1]}:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_row_deleted_with_raw_SQL_When_verify_runs_Then_it_fails_naming_the_row_after_the_gap()
    {
        await SomeActivityAsync();
        var ids = await app.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        var victim = ids[ids.Count / 2];
        await DropAppendOnlyTriggersAsync();

        Assert.Equal(1, await SqlAsync($"""DELETE FROM "AuditEntries" WHERE "Id" = {victim}"""));
        var (exit, _, error) = await VerifyAsync();

        Assert.NotEqual(0, exit);
        Assert.Contains($"BROKEN at entry {ids[ids.IndexOf(victim) + 1]}:", error, StringComparison.Ordinal);
        Assert.Contains("missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_audit_table_When_raw_SQL_updates_or_deletes_a_row_Then_the_database_refuses()
    {
        await SomeActivityAsync();
        var id = await app.WithDbAsync(db => db.AuditEntries.MinAsync(a => a.Id));

        var update = await Record.ExceptionAsync(() => SqlAsync($"""UPDATE "AuditEntries" SET "Detail" = 'rewritten' WHERE "Id" = {id}"""));
        var delete = await Record.ExceptionAsync(() => SqlAsync($"""DELETE FROM "AuditEntries" WHERE "Id" = {id}"""));

        Assert.NotNull(update);
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.NotNull(delete);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        var row = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.NotEqual("rewritten", row.Detail);
        if (TestDatabase.UsesPostgres)
            Assert.NotNull(await Record.ExceptionAsync(() => SqlAsync("""TRUNCATE "AuditEntries" """)));
    }

    [Fact]
    public async Task Given_many_writers_at_once_When_verify_runs_Then_the_chain_has_no_fork_or_gap()
    {
        // Requests in parallel (page reads), group-committed submissions (FHIR QuestionnaireResponses from many clients,
        // Features/Measures/SubmissionWriter.cs), and writers on their own connections, as further app instances on one
        // PostgreSQL would be: on PostgreSQL nothing in the process orders them, only the database lock.
        var token = await app.CreateTokenAsync(Roles.Nurse, "user/*.*");
        var api = app.CreateApiClient(token);
        var patient = await FhirMeasures.NewPatientIdAsync(api);
        var web = await app.SignedInClientAsync(Roles.Nurse);
        var before = await AuditCountAsync();

        var submissions = Enumerable.Range(0, 24).Select(async i =>
        {
            var client = app.CreateApiClient(token);
            var scores = Enumerable.Range(0, 7).Select(k => (i + k) % 4).ToArray();
            var (_, response) = await FhirMeasures.SubmitAsync(client, FhirMeasures.Response("Questionnaire/gad-7", patient, FhirMeasures.LoincItems(FhirMeasures.Gad7Items, scores)));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        });
        var reads = Enumerable.Range(0, 16).Select(async _ =>
            Assert.Equal(HttpStatusCode.OK, (await web.GetAsync($"/Patients/{patient}")).StatusCode));
        var instances = Enumerable.Range(0, 8).Select(i => Task.Run(() => app.WithServicesAsync(async services =>
        {
            var audit = services.GetRequiredService<AuditTrail>();
            audit.AnonymousActor = $"instance-{i}";
            for (var k = 0; k < 5; k++)
                await audit.RecordAsync(AuditActions.AuditRead, AuditOutcome.Success, detail: $"writer {i} entry {k}");
            return 0;
        })));
        await Task.WhenAll([.. submissions, .. reads, .. instances]);

        var count = await AuditCountAsync();
        Assert.True(count >= before + 24 + 16 + 40, $"{count - before} new entries");
        var sequences = await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(1, count).Select(n => (long?)n), sequences.Order());
        var (exit, output, error) = await VerifyAsync();
        Assert.True(exit == 0, output + error);
        Assert.Contains($"Audit log intact: {count} entries verified", output, StringComparison.Ordinal);
    }
}

/// <summary>
/// The grant docs/decisions/0017-tamper-evident-audit.md gives the app's PostgreSQL role: everything it needs, but on
/// AuditEntries only SELECT and INSERT. Checked with the triggers dropped, so it is the grant alone that refuses.
/// </summary>
public sealed class AuditGrantTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>The script in the decision record, for a role named <paramref name="role"/>.</summary>
    private static string Grants(string role, string database) => $"""
        GRANT CONNECT ON DATABASE "{database}" TO {role};
        GRANT USAGE ON SCHEMA public TO {role};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
        REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEntries" FROM {role};
        """;

    [Fact]
    public async Task Given_the_app_role_with_the_documented_grant_When_it_writes_and_then_tampers_Then_inserts_work_and_updates_and_deletes_are_refused()
    {
        if (!TestDatabase.UsesPostgres) return;
        var owner = new Npgsql.NpgsqlConnectionStringBuilder(app.Database.ConnectionString);
        var role = "kapcare_app_" + Guid.NewGuid().ToString("N")[..8];
        var createRole = $"CREATE ROLE {role} LOGIN; " + Grants(role, owner.Database!);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(createRole));
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""DROP TRIGGER IF EXISTS "AuditEntries_append_only" ON "AuditEntries";"""));
        var settings = new Web.Infrastructure.DatabaseSettings(Web.Infrastructure.DatabaseProvider.PostgreSql,
            new Npgsql.NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Username = role, Pooling = false }.ConnectionString);

        // The app, started as that role on a migrated database, starts and writes its audit entries into the chain.
        var builder = Web.Infrastructure.KapCareHost.CreateBuilder(settings, ["--environment", "Production", "--BackgroundJobs=false"]);
        await using (var appAsRole = Web.Infrastructure.KapCareHost.Build(builder))
        {
            await Web.Infrastructure.Database.MigrateAsync(appAsRole.Services);
            using var scope = appAsRole.Services.CreateScope();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            audit.AnonymousActor = "app role";
            await audit.RecordAsync(AuditActions.AuditRead, AuditOutcome.Success, detail: "written by the app role");

            var db = scope.ServiceProvider.GetRequiredService<Web.Data.KapCareDbContext>();
            var id = await db.AuditEntries.MaxAsync(a => a.Id);
            var updateSql = $"""UPDATE "AuditEntries" SET "Detail" = 'x' WHERE "Id" = {id}""";
            var deleteSql = $"""DELETE FROM "AuditEntries" WHERE "Id" = {id}""";
            var update = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync(updateSql));
            var delete = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync(deleteSql));
            Assert.Contains("permission denied", update?.Message, StringComparison.Ordinal);
            Assert.Contains("permission denied", delete?.Message, StringComparison.Ordinal);
        }
        var report = await app.WithDbAsync(db => new AuditChainVerifier(db).VerifyAsync());
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(await app.WithDbAsync(db => db.AuditEntries.CountAsync()), report.Chained);
    }
}
