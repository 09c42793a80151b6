using System.Net;
using KapCare.Web.Cli;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Cli;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Ledger.LedgerTestKit;

namespace KapCare.Web.Tests.Ledger;

/// <summary>
/// The ledger's hash chain and its append-only tables (docs/decisions/0022): <c>kapcare ledger verify</c> on an intact
/// ledger, and on one altered behind the app's back — raw SQL after dropping the triggers, as someone with the database
/// owner's rights or the SQLite file would.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class LedgerVerifyTests : IAsyncLifetime
{
    private const string NurseEmail = "nurse.verify@clinic.test";
    private const string WitnessEmail = "nurse.witness@clinic.test";
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private Task<(int Exit, string Out, string Error)> VerifyAsync() => CliConsole.RunAsync([.. app.CliArguments, "ledger", "verify"]);

    /// <summary>Receipts, administrations, a witnessed waste and a count: eight entries.</summary>
    private async Task<List<LedgerEntry>> SomeEntriesAsync()
    {
        var nurse = await app.SignedInClientAsync(Roles.Nurse, NurseEmail);
        await app.CreateUserAsync(WitnessEmail, Roles.Nurse);
        var patient = await PatientAsync(nurse);
        var principal = await app.PrincipalAsync(NurseEmail);
        Assert.Equal(HttpStatusCode.OK, (await ReceiveAsync(nurse, Vial50, "KV-V1", 4)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReceiveAsync(nurse, Troche100, "TR-V1", 10)).StatusCode);
        var vial = await app.LotIdAsync("KV-V1");
        var troche = await app.LotIdAsync("TR-V1");
        for (var i = 0; i < 3; i++) Assert.IsType<LedgerResult.Recorded>(await app.AdministerAsync(vial, 1.2m, patient, principal));
        Assert.IsType<LedgerResult.Recorded>(await app.AdministerAsync(troche, 1, patient, principal));
        Assert.Equal(HttpStatusCode.OK, (await WasteAsync(nurse, vial, "0.3", WitnessEmail, KapCareTestApp.Password, app.TotpCode(WitnessEmail))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CountAsync(nurse, troche, "9")).StatusCode);
        return await app.WithDbAsync(db => db.LedgerEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
    }

    private Task<int> SqlAsync(string sql) => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));

    private Task<int> DropTriggersAsync() => SqlAsync(TestDatabase.UsesPostgres
        ? """DROP TRIGGER IF EXISTS "LedgerEntries_append_only" ON "LedgerEntries"; DROP TRIGGER IF EXISTS "LedgerLots_append_only" ON "LedgerLots";"""
        : """DROP TRIGGER IF EXISTS "LedgerEntries_no_update"; DROP TRIGGER IF EXISTS "LedgerEntries_no_delete"; DROP TRIGGER IF EXISTS "LedgerLots_no_update";""");

    [Fact]
    public async Task Given_an_intact_ledger_When_verify_runs_Then_it_exits_0_with_the_number_of_entries_and_the_head()
    {
        var entries = await SomeEntriesAsync();
        Assert.Equal(8, entries.Count);

        var (exit, output, error) = await VerifyAsync();

        Assert.True(exit == 0, output + error);
        Assert.Contains("Ledger intact: 8 entries verified.", output, StringComparison.Ordinal);
        Assert.Contains($"Head: sequence 8, hash {entries[^1].Hash}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_empty_ledger_When_verify_runs_Then_it_exits_0()
    {
        var (exit, output, _) = await VerifyAsync();
        Assert.Equal(0, exit);
        Assert.Contains("Ledger intact: 0 entries verified.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_quantity_changed_with_raw_SQL_When_verify_runs_Then_it_exits_2_naming_that_entry()
    {
        var entries = await SomeEntriesAsync();
        var victim = entries[3];
        await DropTriggersAsync();

        Assert.Equal(1, await SqlAsync($"""UPDATE "LedgerEntries" SET "Change" = -20 WHERE "Sequence" = {victim.Sequence}"""));
        var (exit, output, error) = await VerifyAsync();

        Assert.Equal(KapCareCli.LedgerChainBroken, exit);
        Assert.Contains($"Ledger BROKEN at entry {victim.Sequence} (id {victim.Id})", error, StringComparison.Ordinal);
        Assert.DoesNotContain("intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_entry_whose_hash_was_recomputed_after_a_change_When_verify_runs_Then_its_balance_or_the_next_link_breaks()
    {
        var entries = await SomeEntriesAsync();
        var victim = entries[2]; // an administration of 1.2 mL: the attacker makes it 0.2 mL and fixes its hash
        await DropTriggersAsync();
        var previous = entries[1].Hash;
        var forged = await app.WithDbAsync(async db =>
        {
            var sql = $"""UPDATE "LedgerEntries" SET "Change" = -20 WHERE "Sequence" = {victim.Sequence}""";
            await db.Database.ExecuteSqlRawAsync(sql);
            var changed = await db.LedgerEntries.AsNoTracking().SingleAsync(e => e.Sequence == victim.Sequence);
            return LedgerChain.ComputeHash(changed, previous);
        });
        await SqlAsync($"""UPDATE "LedgerEntries" SET "Hash" = '{forged}' WHERE "Sequence" = {victim.Sequence}""");

        var (exit, _, error) = await VerifyAsync();

        Assert.Equal(KapCareCli.LedgerChainBroken, exit);
        Assert.Contains($"Ledger BROKEN at entry {victim.Sequence} ", error, StringComparison.Ordinal);
        Assert.Contains("does not follow from", error, StringComparison.Ordinal); // the balance after it no longer adds up
    }

    [Fact]
    public async Task Given_an_entry_deleted_with_raw_SQL_When_verify_runs_Then_it_names_the_entry_after_the_gap()
    {
        var entries = await SomeEntriesAsync();
        await DropTriggersAsync();

        Assert.Equal(1, await SqlAsync($"""DELETE FROM "LedgerEntries" WHERE "Sequence" = {entries[4].Sequence}"""));
        var (exit, _, error) = await VerifyAsync();

        Assert.Equal(KapCareCli.LedgerChainBroken, exit);
        Assert.Contains($"Ledger BROKEN at entry {entries[5].Sequence} (id {entries[5].Id})", error, StringComparison.Ordinal);
        Assert.Contains("missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_lots_expiry_changed_with_raw_SQL_When_verify_runs_Then_the_first_entry_of_that_lot_breaks()
    {
        var entries = await SomeEntriesAsync();
        await DropTriggersAsync();
        var lot = entries[0].LotId;

        Assert.Equal(1, await SqlAsync($"""UPDATE "LedgerLots" SET "Expiry" = '2031-01-01' WHERE "Id" = '{(TestDatabase.UsesPostgres ? lot.ToString() : lot.ToString().ToUpperInvariant())}'"""));
        var (exit, _, error) = await VerifyAsync();

        Assert.Equal(KapCareCli.LedgerChainBroken, exit);
        Assert.Contains($"Ledger BROKEN at entry {entries[0].Sequence} ", error, StringComparison.Ordinal);
        Assert.Contains("changed behind the app's back", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_ledger_tables_When_raw_SQL_or_the_app_updates_or_deletes_Then_they_refuse()
    {
        var entries = await SomeEntriesAsync();

        var update = await Record.ExceptionAsync(() => SqlAsync($"""UPDATE "LedgerEntries" SET "Reason" = 'rewritten' WHERE "Sequence" = 1"""));
        var delete = await Record.ExceptionAsync(() => SqlAsync("""DELETE FROM "LedgerEntries" WHERE "Sequence" = 1"""));
        var lot = await Record.ExceptionAsync(() => SqlAsync("""DELETE FROM "LedgerLots" """));

        Assert.Contains("append-only", update?.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete?.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", lot?.Message, StringComparison.Ordinal);
        var byTheApp = await Record.ExceptionAsync(() => app.WithDbAsync(async db =>
        {
            var first = await db.LedgerEntries.FirstAsync(e => e.Sequence == 1);
            db.LedgerEntries.Remove(first);
            return await db.SaveChangesAsync();
        }));
        Assert.IsType<InvalidOperationException>(byTheApp);
        Assert.Equal(entries.Count, await app.EntryCountAsync());
        var (exit, output, error) = await VerifyAsync();
        Assert.True(exit == 0, output + error);
    }
}
