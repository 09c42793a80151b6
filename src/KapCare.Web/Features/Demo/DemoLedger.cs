using System.Security.Claims;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// The demo clinic's controlled-substance ledger (docs/decisions/0022), written through the real handler with the clock set
/// to each day: two lots of ketamine 50 mg/mL 10 mL vials (the older one expiring within the 60-day warning), 100 mg and
/// 10 mg troches, esketamine devices; the administrations of the past eight weeks' dosing sessions (DemoSessions, through
/// the MAR, played in time order among the ledger's own events); a witnessed waste; a return; counts, one with a
/// discrepancy resolved by a second person.
/// </summary>
public sealed class DemoLedger(KapCareDbContext db, AuditTrail audit, UserManager<KapCareUser> users, IOptions<ClinicOptions> clinic, ClinicClock clock)
{
    public async Task SeedAsync(KapCareUser nurse, KapCareUser secondNurse, KapCareUser prescriber, IReadOnlyList<(DateTime At, Func<Task> Run)> sessions, CancellationToken ct)
    {
        var today = clock.Today;
        var rn = Principal(nurse, Roles.Nurse);
        var rn2 = Principal(secondNurse, Roles.Nurse);
        var md = Principal(prescriber, Roles.Prescriber);
        string Date(int days) => today.AddDays(days).ToString("yyyy-MM-dd");

        await At(-75, 9).ReceiveAsync(new ReceiptInput("ketamine-hcl-50mg-ml-10ml", "KE2407A", Date(45), "20", "Henry Schein, DEA RH0412345", "HS-884213"), rn, ct);
        await At(-75, 9).ReceiveAsync(new ReceiptInput("ketamine-troche-100mg", "BLM-24-118", Date(210), "60", "Belmar Pharma Solutions (503B), DEA RB0533112", "BPS-55120"), rn, ct);
        await At(-74, 10).ReceiveAsync(new ReceiptInput("ketamine-troche-10mg", "BLM-24-131", Date(180), "100", "Belmar Pharma Solutions (503B), DEA RB0533112", "BPS-55187"), rn, ct);
        await At(-60, 11).ReceiveAsync(new ReceiptInput("esketamine-28mg-device", "SPR4K21", Date(300), "48", "Janssen CarePath specialty pharmacy, DEA RJ0198877", "JCP-20261007-3"), rn, ct);

        var lots = await db.LedgerLots.AsNoTracking().ToDictionaryAsync(l => l.LotNumber, l => l.Id, ct);
        // The ledger is in time order (an inventory for a date reads each lot's entries up to it): events are played by time,
        // the dosing sessions' administrations (DemoSessions, through the MAR) among them.
        var events = new List<(DateTime At, Func<Task<LedgerResult>> Record)>();
        void Add(int day, int hour, Func<Task<LedgerResult>> record) => events.Add((clock.ToUtc(today.AddDays(day), new TimeOnly(hour, 0)), record));
        // The second lot arrives while courses are under way: among the sessions, in time order.
        Add(-30, 9, () => At(-30, 9).ReceiveAsync(new ReceiptInput("ketamine-hcl-50mg-ml-10ml", "KE2411C", Date(410), "10", "Henry Schein, DEA RH0412345", "HS-891077"), rn, ct));
        Add(-20, 11, () => At(-20, 11).RecordDemoWasteAsync(lots["KE2407A"], 0.35m, "Remainder of a drawn syringe after an IV dose, into the drug-disposal container", secondNurse, rn, ct));
        Add(-18, 15, () => At(-18, 15).ReturnAsync(lots["SPR4K21"], "2", "Janssen CarePath specialty pharmacy", "RA-77310", "Two devices with a cracked blister", rn2, ct));
        // Weekly counts: the vials match the ledger; the troches' count finds two fewer, resolved the next day by the prescriber.
        Add(-7, 17, async () =>
        {
            var lot = await db.LedgerLots.AsNoTracking().Where(l => l.LotNumber == "KE2411C").Select(l => l.Id).SingleAsync(ct);
            var balance = await LedgerChain.BalanceAsync(db, lot, ct);
            return await At(-7, 17).CountAsync(lot, (balance / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ((balance % 1000) / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture), rn, ct);
        });
        Add(-7, 18, async () =>
        {
            var balance = await LedgerChain.BalanceAsync(db, lots["BLM-24-118"], ct);
            return await At(-7, 18).CountAsync(lots["BLM-24-118"], (balance / 100 - 2).ToString(System.Globalization.CultureInfo.InvariantCulture), null, rn, ct);
        });
        Add(-6, 9, async () =>
        {
            var count = await db.LedgerEntries.AsNoTracking().Where(e => e.LotId == lots["BLM-24-118"] && e.Kind == LedgerEntryKind.Counted).SingleAsync(ct);
            return await At(-6, 9).ResolveAsync(count.Id, "Two troches found crushed in the blister pack during the count; wasted and the compounding pharmacy informed.",
                new SecondPersonCredentials(null, null, null), md, ct);
        });
        foreach (var (at, run) in sessions) events.Add((at, async () => { await run(); return null!; }));
        foreach (var (_, record) in events.OrderBy(e => e.At))
        {
            if (await record() is LedgerResult.Refused refused) throw new InvalidOperationException($"Demo ledger entry refused: {refused.Field}: {refused.Message}");
        }
    }

    private ControlledSubstanceLedger At(int days, int hour)
    {
        var at = DemoTime.At(clock.ToUtc(clock.Today.AddDays(days), new TimeOnly(hour, 0)), clinic);
        return new ControlledSubstanceLedger(db, new AuditTrail(db, new HttpContextAccessor(), at), at, new SecondPersonVerification(db, audit, users));
    }

    private static ClaimsPrincipal Principal(KapCareUser user, string role) => DemoTime.Principal(user, role);
}
