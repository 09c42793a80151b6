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
/// 10 mg troches, esketamine devices; administrations to patients with signed plans; a witnessed waste; a return; counts,
/// one with a discrepancy resolved by a second person.
/// </summary>
public sealed class DemoLedger(KapCareDbContext db, AuditTrail audit, UserManager<KapCareUser> users, IOptions<ClinicOptions> clinic, ClinicClock clock)
{
    public async Task SeedAsync(KapCareUser nurse, KapCareUser secondNurse, KapCareUser prescriber, CancellationToken ct)
    {
        var today = clock.Today;
        var rn = Principal(nurse, Roles.Nurse);
        var rn2 = Principal(secondNurse, Roles.Nurse);
        var md = Principal(prescriber, Roles.Prescriber);
        string Date(int days) => today.AddDays(days).ToString("yyyy-MM-dd");

        await At(-75, 9).ReceiveAsync(new ReceiptInput("ketamine-hcl-50mg-ml-10ml", "KE2407A", Date(45), "10", "Henry Schein, DEA RH0412345", "HS-884213"), rn, ct);
        await At(-75, 9).ReceiveAsync(new ReceiptInput("ketamine-troche-100mg", "BLM-24-118", Date(210), "60", "Belmar Pharma Solutions (503B), DEA RB0533112", "BPS-55120"), rn, ct);
        await At(-74, 10).ReceiveAsync(new ReceiptInput("ketamine-troche-10mg", "BLM-24-131", Date(180), "100", "Belmar Pharma Solutions (503B), DEA RB0533112", "BPS-55187"), rn, ct);
        await At(-60, 11).ReceiveAsync(new ReceiptInput("esketamine-28mg-device", "SPR4K21", Date(300), "24", "Janssen CarePath specialty pharmacy, DEA RJ0198877", "JCP-20261007-3"), rn, ct);
        await At(-30, 9).ReceiveAsync(new ReceiptInput("ketamine-hcl-50mg-ml-10ml", "KE2411C", Date(410), "10", "Henry Schein, DEA RH0412345", "HS-891077"), rn, ct);

        var lots = await db.LedgerLots.AsNoTracking().ToDictionaryAsync(l => l.LotNumber, l => l.Id, ct);
        var plans = await db.TreatmentPlans.AsNoTracking().Where(p => p.Status == PlanStatus.Signed)
            .OrderBy(p => p.SignedAt).Select(p => new { p.PatientId, p.TemplateId, p.WeightKg }).ToListAsync(ct);
        // The ledger is in time order (an inventory for a date reads each lot's entries up to it): events are played by time.
        var events = new List<(int Day, int Hour, Func<Task<LedgerResult>> Record)>();
        // The MAR (dosing sessions) is being built: until then an administration links to a placeholder id and says so.
        var day = -28;
        foreach (var plan in plans.Take(14))
        {
            var kg = plan.WeightKg ?? 70m;
            var (lot, quantity) = plan.TemplateId switch
            {
                Clinical.Plans.ProtocolTemplates.Esketamine => ("SPR4K21", 2m),
                Clinical.Plans.ProtocolTemplates.SublingualKap => ("BLM-24-131", Math.Max(1, Math.Round(0.3m * kg / 10m))),
                // 0.5 mg/kg IV from 50 mg/mL, drawn to 0.01 mL; the older lot first (first expiry, first out).
                _ => (day < -14 ? "KE2407A" : "KE2411C", Math.Round(0.5m * kg / 50m, 2)),
            };
            var (when, by, patient) = (day, plan.TemplateId == Clinical.Plans.ProtocolTemplates.Esketamine ? rn2 : rn, plan.PatientId);
            events.Add((when, 10, () => At(when, 10).AdministerAsync(lots[lot], quantity, patient, Guid.NewGuid(), "demo session (MAR not built yet)", by, ct)));
            day += 2;
        }
        events.Add((-20, 11, () => At(-20, 11).RecordDemoWasteAsync(lots["KE2407A"], 0.35m, "Remainder of a drawn syringe after an IV dose, into the drug-disposal container", secondNurse, rn, ct)));
        events.Add((-18, 15, () => At(-18, 15).ReturnAsync(lots["SPR4K21"], "2", "Janssen CarePath specialty pharmacy", "RA-77310", "Two devices with a cracked blister", rn2, ct)));
        // Weekly counts: the vials match the ledger; the troches' count finds two fewer, resolved the next day by the prescriber.
        events.Add((-7, 17, async () =>
        {
            var balance = await LedgerChain.BalanceAsync(db, lots["KE2411C"], ct);
            return await At(-7, 17).CountAsync(lots["KE2411C"], (balance / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ((balance % 1000) / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture), rn, ct);
        }));
        events.Add((-7, 18, () => At(-7, 18).CountAsync(lots["BLM-24-118"], "58", null, rn, ct)));
        events.Add((-6, 9, async () =>
        {
            var count = await db.LedgerEntries.AsNoTracking().Where(e => e.LotId == lots["BLM-24-118"] && e.Kind == LedgerEntryKind.Counted).SingleAsync(ct);
            return await At(-6, 9).ResolveAsync(count.Id, "Two troches found crushed in the blister pack during the count; wasted and the compounding pharmacy informed.",
                new SecondPersonCredentials(null, null, null), md, ct);
        }));
        foreach (var (_, _, record) in events.OrderBy(e => e.Day).ThenBy(e => e.Hour))
        {
            if (await record() is LedgerResult.Refused refused) throw new InvalidOperationException($"Demo ledger entry refused: {refused.Field}: {refused.Message}");
        }
    }

    private ControlledSubstanceLedger At(int days, int hour)
    {
        var at = DemoTime.At(clock.ToUtc(clock.Today.AddDays(days), new TimeOnly(hour, 0)), clinic);
        return new ControlledSubstanceLedger(db, new AuditTrail(db, new HttpContextAccessor(), at), at, new SecondPersonVerification(db, audit, users));
    }

    private static ClaimsPrincipal Principal(KapCareUser user, string role) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Email, user.Email!),
        new Claim(KapCareClaimsFactory.DisplayNameClaim, user.DisplayName), new Claim(ClaimTypes.Role, role),
    ], "demo"));
}
