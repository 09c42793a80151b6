using System.Net;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KapCare.Web.Tests.Ledger.LedgerTestKit;

namespace KapCare.Web.Tests.Ledger;

/// <summary>
/// Issue 10 item 9: the controlled-substance ledger (docs/decisions/0022). Balances are worked by hand from the entries
/// the test makes; the witness is a second person's own authenticated act; a count's discrepancy stays open until it is
/// resolved with a reason; the inventory for a date counts only what happened before its close of business.
/// </summary>
public sealed class LedgerTests : IAsyncLifetime
{
    private const string NurseEmail = "nurse.reyes@clinic.test";
    private const string WitnessEmail = "nurse.tanaka@clinic.test";
    private const string Resolution = "Troche found crushed in the blister pack; wasted without a witness on the night shift.";
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(HttpClient Nurse, HttpClient Witness)> NursesAsync()
    {
        var nurse = await app.SignedInClientAsync(Roles.Nurse, NurseEmail);
        var witness = await app.SignedInClientAsync(Roles.Nurse, WitnessEmail);
        return (nurse, witness);
    }

    [Fact]
    public async Task Given_10_troches_When_2_are_administered_1_wasted_with_a_witness_and_6_counted_Then_the_discrepancy_of_1_is_resolved_to_6()
    {
        var (nurse, witness) = await NursesAsync();
        var patient = await PatientAsync(nurse);

        Assert.Equal(HttpStatusCode.OK, (await ReceiveAsync(nurse, Troche100, "TR-2401", 10)).StatusCode);
        var lot = await app.LotIdAsync("TR-2401");
        Assert.Equal(1000, await app.BalanceAsync(lot));

        var administered = await app.AdministerAsync(lot, 2, patient, await app.PrincipalAsync(NurseEmail));
        var entry = Assert.IsType<LedgerResult.Recorded>(administered).Entry;
        Assert.Equal(800, entry.BalanceAfter);
        Assert.Equal(patient, entry.PatientId);

        var waste = await WasteAsync(nurse, lot, "1", WitnessEmail, KapCareTestApp.Password, app.TotpCode(WitnessEmail));
        Assert.Equal(HttpStatusCode.OK, waste.StatusCode);
        Assert.Equal(700, await app.BalanceAsync(lot));

        Assert.Equal(HttpStatusCode.OK, (await CountAsync(nurse, lot, "6")).StatusCode);
        var count = await app.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.Kind == LedgerEntryKind.Counted));
        Assert.Equal(600, count.Counted);
        Assert.Equal(700, count.BalanceAfter);
        Assert.Equal(-100, count.Discrepancy);
        Assert.Equal(700, await app.BalanceAsync(lot)); // a count changes nothing until its discrepancy is resolved
        var page = await nurse.GetStringAsync("/Ledger");
        Assert.Contains("1 open count discrepancy to resolve", page, StringComparison.Ordinal);
        Assert.Contains("Discrepancy open", page, StringComparison.Ordinal);

        // The other nurse resolves it: a second person, in their own session.
        var resolved = await KapCareTestApp.PostFormAsync(witness, $"/Ledger/Discrepancy/{count.Id}", new() { ["Reason"] = Resolution });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(600, await app.BalanceAsync(lot));
        var adjustment = await app.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.Kind == LedgerEntryKind.Adjusted));
        Assert.Equal(count.Id, adjustment.ResolvesEntryId);
        Assert.Equal(-100, adjustment.Change);
        Assert.Equal(Resolution, adjustment.Reason);

        page = await nurse.GetStringAsync("/Ledger");
        Assert.DoesNotContain("open count discrepanc", page, StringComparison.Ordinal);
        Assert.Contains("6 troches", page, StringComparison.Ordinal);
        var kinds = await app.WithDbAsync(db => db.LedgerEntries.OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.Kind, e.BalanceAfter }).ToListAsync());
        Assert.Equal([1L, 2, 3, 4, 5], kinds.Select(k => k.Sequence));
        Assert.Equal([1000L, 800, 700, 700, 600], kinds.Select(k => k.BalanceAfter));
        var report = await app.WithDbAsync(db => new LedgerChainVerifier(db).VerifyAsync());
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(5, report.Verified);
    }

    [Fact]
    public async Task Given_two_10_mL_vials_When_1_5_mL_is_administered_Then_18_5_mL_remain_as_one_unopened_and_one_opened_vial()
    {
        var (nurse, _) = await NursesAsync();
        var patient = await PatientAsync(nurse);
        await ReceiveAsync(nurse, Vial50, "KV-1001", 2);
        var lot = await app.LotIdAsync("KV-1001");
        Assert.Equal(2000, await app.BalanceAsync(lot));

        Assert.IsType<LedgerResult.Recorded>(await app.AdministerAsync(lot, 1.5m, patient, await app.PrincipalAsync(NurseEmail)));

        Assert.Equal(1850, await app.BalanceAsync(lot));
        var page = await nurse.GetStringAsync("/Ledger");
        Assert.Contains("18.5 mL", page, StringComparison.Ordinal);
        Assert.Contains("1 unopened vial and 1 opened vial, about 8.5 mL (estimated)", page, StringComparison.Ordinal);
        // 0.001 mL cannot be drawn or counted: refused, not rounded.
        var refused = Assert.IsType<LedgerResult.Refused>(await app.AdministerAsync(lot, 0.001m, patient, await app.PrincipalAsync(NurseEmail)));
        Assert.Equal("quantity", refused.Field);
    }

    [Fact]
    public async Task Given_a_lot_of_2_devices_When_3_are_administered_or_transferred_Then_it_is_refused_and_the_balance_never_goes_below_zero()
    {
        var (nurse, _) = await NursesAsync();
        var patient = await PatientAsync(nurse);
        await ReceiveAsync(nurse, Esketamine, "SPR-77", 2);
        var lot = await app.LotIdAsync("SPR-77");
        var entries = await app.EntryCountAsync();

        var refused = Assert.IsType<LedgerResult.Refused>(await app.AdministerAsync(lot, 3, patient, await app.PrincipalAsync(NurseEmail)));
        Assert.Equal("quantity", refused.Field);
        Assert.Contains("cannot go below zero", refused.Message, StringComparison.Ordinal);

        var transfer = await KapCareTestApp.PostFormAsync(nurse, "/Ledger/Outgoing", new()
        {
            ["Kind"] = "transfer-out", ["LotId"] = lot.ToString(), ["Quantity"] = "3", ["Counterparty"] = "Lakeside Clinic, DEA FL7654321",
        });
        AssertRefused(transfer, "quantity", await transfer.Content.ReadAsStringAsync());

        Assert.Equal(entries, await app.EntryCountAsync());
        Assert.Equal(200, await app.BalanceAsync(lot));
        var half = Assert.IsType<LedgerResult.Refused>(await app.AdministerAsync(lot, 0.5m, patient, await app.PrincipalAsync(NurseEmail)));
        Assert.Equal("quantity", half.Field); // whole devices only

        var returned = await KapCareTestApp.PostFormAsync(nurse, "/Ledger/Outgoing", new()
        {
            ["Kind"] = "return", ["LotId"] = lot.ToString(), ["Quantity"] = "2", ["Counterparty"] = "Janssen returns", ["Document"] = "RA-555",
        });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        Assert.Equal(0, await app.BalanceAsync(lot));
    }

    [Fact]
    public async Task Given_a_lot_past_its_expiry_When_it_is_administered_Then_it_is_refused_and_the_ledger_warns()
    {
        var (nurse, _) = await NursesAsync();
        var patient = await PatientAsync(nurse);
        var principal = await app.PrincipalAsync(NurseEmail);
        // Received ten days ago, when the lot was still in date; it expired yesterday.
        app.Clock.Advance(TimeSpan.FromDays(-10));
        Assert.IsType<LedgerResult.Recorded>(await app.ReceiveDirectAsync(principal, Troche100, "OLD-1", 5, InDays(-1)));
        app.Clock.Advance(TimeSpan.FromDays(10));
        await ReceiveAsync(nurse, Troche100, "SOON-1", 5, InDays(30));
        await ReceiveAsync(nurse, Troche100, "LATER-1", 5, InDays(300));
        var old = await app.LotIdAsync("OLD-1");
        var entries = await app.EntryCountAsync();

        var refused = Assert.IsType<LedgerResult.Refused>(await app.AdministerAsync(old, 1, patient, principal));

        Assert.Equal("lotId", refused.Field);
        Assert.Contains("expired", refused.Message, StringComparison.Ordinal);
        Assert.Equal(entries, await app.EntryCountAsync());
        Assert.IsType<LedgerResult.Recorded>(await app.AdministerAsync(await app.LotIdAsync("SOON-1"), 1, patient, principal));
        var page = await nurse.GetStringAsync("/Ledger");
        Assert.Contains("Expired — do not administer", page, StringComparison.Ordinal);
        Assert.Contains("Expires in 30 days", page, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "Expires in "));
        // Receiving stock that is already expired is refused too.
        var expired = await ReceiveAsync(nurse, Troche100, "OLD-2", 5, InDays(-1));
        AssertRefused(expired, "expiry", await expired.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Given_a_waste_When_the_witness_is_missing_the_same_person_wrong_or_not_a_ledger_keeper_Then_it_is_refused_and_nothing_is_written()
    {
        var (nurse, _) = await NursesAsync();
        await app.CreateUserAsync("therapist@clinic.test", Roles.Therapist, enrolTwoFactor: true);
        await ReceiveAsync(nurse, Vial50, "KV-2002", 1);
        var lot = await app.LotIdAsync("KV-2002");
        var entries = await app.EntryCountAsync();

        var none = await WasteAsync(nurse, lot, "0.5", null, null, null);
        AssertRefused(none, "witnessEmail", await none.Content.ReadAsStringAsync());
        var self = await WasteAsync(nurse, lot, "0.5", NurseEmail, KapCareTestApp.Password, app.TotpCode(NurseEmail));
        var selfHtml = await self.Content.ReadAsStringAsync();
        AssertRefused(self, "witnessEmail", selfHtml);
        Assert.Contains("second person", selfHtml, StringComparison.Ordinal);
        var wrongCode = await WasteAsync(nurse, lot, "0.5", WitnessEmail, KapCareTestApp.Password, "000000");
        AssertRefused(wrongCode, "witnessEmail", await wrongCode.Content.ReadAsStringAsync());
        var wrongPassword = await WasteAsync(nurse, lot, "0.5", WitnessEmail, "not the password", app.TotpCode(WitnessEmail));
        AssertRefused(wrongPassword, "witnessEmail", await wrongPassword.Content.ReadAsStringAsync());
        var therapist = await WasteAsync(nurse, lot, "0.5", "therapist@clinic.test", KapCareTestApp.Password, app.TotpCode("therapist@clinic.test"));
        AssertRefused(therapist, "witnessEmail", await therapist.Content.ReadAsStringAsync());
        // A name typed into a field is no witness: the old-style field is ignored.
        var typed = await KapCareTestApp.PostFormAsync(nurse, "/Ledger/Waste", new() { ["LotId"] = lot.ToString(), ["Quantity"] = "0.5", ["Reason"] = "remainder of syringe", ["WitnessName"] = "Kenji Tanaka" });
        AssertRefused(typed, "witnessEmail", await typed.Content.ReadAsStringAsync());

        Assert.Equal(entries, await app.EntryCountAsync());
        Assert.Equal(1000, await app.BalanceAsync(lot));
        var witness = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == WitnessEmail));
        var refusals = (await app.AuditEntriesAsync()).Where(a => a.Action == AuditActions.LedgerWitnessRefused).ToList();
        Assert.Equal(2, refusals.Count(a => a.UserId == witness.Id)); // wrong code and wrong password, each under the witness
        Assert.Equal(2, witness.AccessFailedCount);
    }

    [Fact]
    public async Task Given_a_waste_with_the_witnesss_own_sign_in_When_recorded_Then_the_witness_is_on_the_entry_and_audited_as_the_actor()
    {
        var (nurse, _) = await NursesAsync();
        await ReceiveAsync(nurse, Vial50, "KV-3003", 1);
        var lot = await app.LotIdAsync("KV-3003");

        var waste = await WasteAsync(nurse, lot, "0.4", WitnessEmail, KapCareTestApp.Password, app.TotpCode(WitnessEmail));

        Assert.Equal(HttpStatusCode.OK, waste.StatusCode);
        var witness = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == WitnessEmail));
        var nurseUser = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == NurseEmail));
        var entry = await app.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.Kind == LedgerEntryKind.Wasted));
        Assert.Equal(witness.Id, entry.WitnessUserId);
        Assert.Equal(nurseUser.Id, entry.RecordedByUserId);
        Assert.Equal(-40, entry.Change);
        Assert.Equal(960, entry.BalanceAfter);
        var audit = await app.AuditEntriesAsync();
        var witnessed = Assert.Single(audit, a => a.Action == AuditActions.LedgerWitness);
        Assert.Equal(witness.Id, witnessed.UserId);
        Assert.Equal(WitnessEmail, witnessed.Actor);
        Assert.Equal(entry.Id.ToString(), witnessed.ResourceId);
        Assert.Equal(nurseUser.Id, Assert.Single(audit, a => a.Action == AuditActions.LedgerWaste).UserId);
    }

    [Fact]
    public async Task Given_a_count_with_a_discrepancy_When_it_is_resolved_Then_a_reason_of_20_characters_and_a_second_person_are_needed()
    {
        var (nurse, witness) = await NursesAsync();
        await ReceiveAsync(nurse, Troche100, "TR-9", 4);
        var lot = await app.LotIdAsync("TR-9");
        await CountAsync(nurse, lot, "5");
        var count = await app.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.Kind == LedgerEntryKind.Counted));
        Assert.Equal(100, count.Discrepancy);
        var entries = await app.EntryCountAsync();
        var url = $"/Ledger/Discrepancy/{count.Id}";

        var again = await CountAsync(nurse, lot, "5");
        AssertRefused(again, "lotId", await again.Content.ReadAsStringAsync());
        var noReason = await KapCareTestApp.PostFormAsync(witness, url, new() { ["Reason"] = "" });
        AssertRefused(noReason, "reason", await noReason.Content.ReadAsStringAsync());
        var shortReason = await KapCareTestApp.PostFormAsync(witness, url, new() { ["Reason"] = "miscounted earlier" });
        AssertRefused(shortReason, "reason", await shortReason.Content.ReadAsStringAsync());
        var alone = await KapCareTestApp.PostFormAsync(nurse, url, new() { ["Reason"] = "Receipt of 5 was recorded as 4 by mistake." });
        AssertRefused(alone, "witnessEmail", await alone.Content.ReadAsStringAsync());
        Assert.Equal(entries, await app.EntryCountAsync());
        Assert.Equal(400, await app.BalanceAsync(lot));

        // The counter resolves it with the other nurse witnessing at the same screen.
        var witnessed = await KapCareTestApp.PostFormAsync(nurse, url, new()
        {
            ["Reason"] = "Receipt of 5 was recorded as 4 by mistake (invoice INV-2026-0042 says 5).",
            ["WitnessEmail"] = WitnessEmail, ["WitnessPassword"] = KapCareTestApp.Password, ["WitnessCode"] = app.TotpCode(WitnessEmail),
        });
        Assert.Equal(HttpStatusCode.OK, witnessed.StatusCode);
        Assert.Equal(500, await app.BalanceAsync(lot));
        var twice = await KapCareTestApp.PostFormAsync(witness, url, new() { ["Reason"] = "Resolving once more should not be possible." }, "/Ledger");
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(500, await app.BalanceAsync(lot));
        Assert.Contains((await app.AuditEntriesAsync()), a => a.Action == AuditActions.LedgerWitness);
        Assert.Equal(HttpStatusCode.OK, (await CountAsync(nurse, lot, "5")).StatusCode); // counted again once resolved
    }

    [Fact]
    public async Task Given_bad_receipt_input_When_posted_Then_400_names_the_field_and_nothing_is_written()
    {
        var (nurse, _) = await NursesAsync();
        async Task Refused(Dictionary<string, string> changes, string field)
        {
            var form = new Dictionary<string, string>
            {
                ["ProductCode"] = Troche100, ["LotNumber"] = "TR-1", ["Expiry"] = InDays(100), ["Containers"] = "10", ["Supplier"] = "Compounding pharmacy", ["Invoice"] = "C-1",
            };
            foreach (var (k, v) in changes) form[k] = v;
            var response = await KapCareTestApp.PostFormAsync(nurse, "/Ledger/Receive", form);
            AssertRefused(response, field, await response.Content.ReadAsStringAsync());
        }

        await Refused(new() { ["ProductCode"] = "heroin" }, "productCode");
        await Refused(new() { ["LotNumber"] = " " }, "lotNumber");
        await Refused(new() { ["LotNumber"] = new string('x', 41) }, "lotNumber");
        await Refused(new() { ["Expiry"] = "31/12/2027" }, "expiry");
        await Refused(new() { ["Containers"] = "0" }, "containers");
        await Refused(new() { ["Containers"] = "2.5" }, "containers");
        await Refused(new() { ["Supplier"] = "" }, "supplier");
        await Refused(new() { ["Invoice"] = new string('9', 65) }, "invoice");

        Assert.Equal(0, await app.EntryCountAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.LedgerLots.CountAsync()));
    }

    [Fact]
    public async Task Given_entries_over_ten_days_When_the_inventory_is_taken_for_a_past_date_Then_it_counts_only_entries_up_to_that_date_in_CSV_and_PDF()
    {
        var (nurse, _) = await NursesAsync();
        var patient = await PatientAsync(nurse);
        var principal = await app.PrincipalAsync(NurseEmail);
        var admin = await app.SignedInClientAsync(Roles.Admin);
        app.Clock.Advance(TimeSpan.FromDays(-10));
        var tenDaysAgo = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime.AddHours(-6));
        await app.ReceiveDirectAsync(principal, Vial50, "KV-INV", 3, InDays(300));
        await app.ReceiveDirectAsync(principal, Troche100, "TR-INV", 20, InDays(300));
        app.Clock.Advance(TimeSpan.FromDays(5));
        var lot = await app.LotIdAsync("KV-INV");
        Assert.IsType<LedgerResult.Recorded>(await app.AdministerAsync(lot, 2.5m, patient, principal));
        Assert.IsType<LedgerResult.Recorded>(await app.AdministerAsync(await app.LotIdAsync("TR-INV"), 2, patient, principal));
        app.Clock.Advance(TimeSpan.FromDays(5));
        var yesterday = tenDaysAgo.AddDays(9);

        var csvThen = await admin.GetAsync($"/Ledger/Inventory?handler=Csv&date={tenDaysAgo:yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.OK, csvThen.StatusCode);
        Assert.Equal("text/csv", csvThen.Content.Headers.ContentType?.MediaType);
        var rows = ParseCsv(await csvThen.Content.ReadAsStringAsync());
        Assert.Equal(InventoryReport.CsvColumns, rows[0]);
        var byLot = rows.Skip(1).Where(r => r[10].Length > 0).ToDictionary(r => r[10], r => r);
        Assert.Equal("30", byLot["KV-INV"][12]);
        Assert.Equal("mL", byLot["KV-INV"][13]);
        Assert.Equal("3", byLot["KV-INV"][14]);
        Assert.Equal("20", byLot["TR-INV"][12]);
        Assert.Equal("50 mg/mL", byLot["KV-INV"][8]);
        Assert.Equal("10 mL multi-dose vial", byLot["KV-INV"][7]);
        Assert.Contains(rows.Skip(1), r => r[4] == Esketamine && r[12] == "0" && r[16] == "none on hand");
        Assert.All(rows.Skip(1), r => Assert.Equal("KapCare Clinic", r[0]));

        var now = ParseCsv(await admin.GetStringAsync($"/Ledger/Inventory?handler=Csv&date={yesterday:yyyy-MM-dd}")).Skip(1).Where(r => r[10].Length > 0).ToDictionary(r => r[10]);
        Assert.Equal("27.5", now["KV-INV"][12]);
        Assert.Equal("2", now["KV-INV"][14]);
        Assert.Equal("7.5 mL", now["KV-INV"][15]);
        Assert.Equal("opened container: estimated measure", now["KV-INV"][16]);
        Assert.Equal("18", now["TR-INV"][12]);

        var before = await admin.GetAsync($"/Ledger/Inventory?handler=Csv&date={tenDaysAgo.AddDays(-1):yyyy-MM-dd}");
        Assert.DoesNotContain("KV-INV", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var pdf = await admin.GetAsync($"/Ledger/Inventory?handler=Pdf&date={tenDaysAgo:yyyy-MM-dd}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = await PdfText.ReadAsync(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Controlled substance inventory", text, StringComparison.Ordinal);
        Assert.Contains("Registrant: KapCare Clinic", text, StringComparison.Ordinal);
        Assert.Contains($"{tenDaysAgo:yyyy-MM-dd}, close of business", text, StringComparison.Ordinal);
        Assert.Contains("Lot KV-INV", text, StringComparison.Ordinal);
        Assert.Contains("30 mL = 3 unopened vials", text, StringComparison.Ordinal);
        Assert.Contains("20 troches", text, StringComparison.Ordinal);
        Assert.DoesNotContain("27.5 mL", text, StringComparison.Ordinal);

        var bad = await admin.GetAsync("/Ledger/Inventory?date=06/12/2026");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("date:", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.LedgerInventory && a.Detail!.Contains("PDF", StringComparison.Ordinal));
    }


    [Theory]
    [InlineData(Roles.Therapist)]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Researcher)]
    public async Task Given_a_role_without_the_ledger_When_it_opens_the_ledger_Then_403(string role)
    {
        var client = await app.SignedInClientAsync(role);
        foreach (var url in new[] { "/Ledger", "/Ledger/Inventory", "/Ledger/Receive", "/Ledger/Count" })
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Given_an_admin_When_they_use_the_ledger_Then_they_read_balances_and_inventory_but_cannot_record()
    {
        var (nurse, _) = await NursesAsync();
        await ReceiveAsync(nurse, Troche100, "TR-ADM", 3);
        var admin = await app.SignedInClientAsync(Roles.Admin);

        var page = await admin.GetAsync("/Ledger");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("TR-ADM", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Ledger/Receive\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Ledger/Inventory")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/Ledger/Receive")).StatusCode);
        var post = await admin.PostAsync("/Ledger/Receive", new FormUrlEncodedContent(new Dictionary<string, string> { ["ProductCode"] = Troche100 }));
        Assert.True(post.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"admin posted a receipt: {(int)post.StatusCode}");
        var refused = Assert.IsType<LedgerResult.Refused>(await app.ReceiveDirectAsync(await app.PrincipalAsync((await app.WithDbAsync(db => db.Users.Where(u => u.Email!.StartsWith("admin")).Select(u => u.Email).FirstAsync()))!),
            Troche100, "TR-ADM2", 1, InDays(100)));
        Assert.Equal("user", refused.Field);
        Assert.Equal(1, await app.EntryCountAsync());
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.LedgerRead);
    }
}
