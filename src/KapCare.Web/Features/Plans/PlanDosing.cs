using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Dosing;
using KapCare.Clinical.Plans;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Intake;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Route = KapCare.Clinical.Dosing.Route;

namespace KapCare.Web.Features.Plans;

/// <summary>
/// A change of a plan's dose (titration): from, to, why, who, and — above the route's hard limit — the co-signing second
/// prescriber and their reason. Immutable: the dose history is the list of these.
/// </summary>
public sealed class DoseChangeRecord
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid PlanId { get; set; }
    public decimal? FromMgPerKg { get; set; }
    public decimal? FromMg { get; set; }
    public decimal? ToMgPerKg { get; set; }
    public decimal? ToMg { get; set; }
    public string Reason { get; set; } = string.Empty;
    public DateTime ChangedAt { get; set; }
    public string ChangedByUserId { get; set; } = string.Empty;
    public string ChangedByName { get; set; } = string.Empty;
    public string? CoSignedByUserId { get; set; }
    public string? CoSignedByName { get; set; }
    public string? CoSignReason { get; set; }

    public TemplateDose From => new(FromMgPerKg, FromMg);
    public TemplateDose To => new(ToMgPerKg, ToMg);
}

public abstract record DoseChangeResult
{
    private DoseChangeResult() { }
    public sealed record Changed(DoseChangeRecord Change, DoseCalculation Calculation) : DoseChangeResult;
    /// <summary>Nothing was recorded; <see cref="Field"/> names the input at fault.</summary>
    public sealed record Refused(string Field, string Message) : DoseChangeResult;
    public sealed record NotFound : DoseChangeResult;
}

/// <summary>
/// The dose calculator applied to a plan (issue 5, item 3): today's dose and its preparation for the patient's weight,
/// the dose history, and dose changes — each with its reason, and above the hard limit only with a second prescriber's
/// co-signature (<see cref="DoseOrder"/> makes an unsigned over-limit order impossible).
/// </summary>
public sealed class PlanDosing(KapCareDbContext db, AuditTrail audit, ClinicClock clock, IntakeService intakes, UserManager<KapCareUser> users,
    DosingStockSettings stockSettings)
{
    public static DoseRule Rule(TemplateDose dose) => dose.MgPerKg is { } perKg ? DoseRule.MgPerKg(perKg) : DoseRule.FixedMg(dose.FixedMg!.Value);

    public static DoseRequest Request(ProtocolTemplate protocol, TemplateDose dose, decimal? weightKg, int ageYears, bool firstDoseOfCourse, DosingStock stock) => new()
    {
        Route = protocol.Route,
        Rule = Rule(dose),
        Limits = LimitsFor(protocol),
        Weight = weightKg is { } w && Kilograms.Problem(w) is null ? new Kilograms(w) : null,
        Concentration = protocol.Route is Route.Intravenous or Route.Intramuscular or Route.Subcutaneous or Route.Oral ? new MilligramsPerMillilitre(stock.VialMgPerMl) : null,
        FinalVolume = protocol.Route == Route.Intravenous ? new Millilitres(stock.BagMl) : null,
        InfusionDuration = protocol.InfusionMinutes is { } m ? new Minutes(m) : null,
        Site = protocol.Route switch
        {
            Route.Intramuscular => stock.ImSite,
            Route.Subcutaneous => stock.ScSite,
            _ => null,
        },
        LozengeStrengths = protocol.Route == Route.Sublingual ? stock.TrocheStrengthsMg.Select(t => new Milligrams(t)).ToList() : null,
        AgeYears = ageYears,
        FirstDoseOfCourse = firstDoseOfCourse,
    };

    /// <summary>
    /// The route's limits narrowed by the protocol (issue 5: "limits per route and per protocol"): a dose above the
    /// protocol's top titration step warns (soft limit) even where the route would allow it; the route's hard limit stays.
    /// </summary>
    public static DoseLimits LimitsFor(ProtocolTemplate protocol)
    {
        var route = DoseLimits.For(protocol.Route);
        var top = protocol.TitrationSteps.Count == 0 ? null : protocol.TitrationSteps[^1];
        var reason = $"{protocol.Name}: its titration steps end at {top}";
        if (top?.MgPerKg is { } perKg && route.SoftPerKilogram is { } soft && perKg < soft.Value)
            return route.Narrow(reason, softPerKg: new MilligramsPerKilogram(perKg));
        if (top?.FixedMg is { } mg && route.SoftAbsolute is { } softMg && mg < softMg.Value)
            return route.Narrow(reason, softMg: new Milligrams(mg));
        return route;
    }

    /// <summary>
    /// The plan's current dose: the last change's, or the first dosing session's. Changes made on earlier versions of the
    /// same protocol carry over (a revision keeps the titrated dose); a plan of another protocol — another route, perhaps
    /// another unit — starts from its own planned dose.
    /// </summary>
    public async Task<(TemplateDose Dose, IReadOnlyList<DoseChangeRecord> History)> CurrentAsync(TreatmentPlanRecord plan, CancellationToken ct = default)
    {
        var sameProtocol = db.TreatmentPlans.Where(p => p.PatientId == plan.PatientId && p.TemplateId == plan.TemplateId && p.PlanVersion <= plan.PlanVersion).Select(p => p.Id);
        var history = await db.DoseChanges.AsNoTracking().Where(c => sameProtocol.Contains(c.PlanId)).OrderBy(c => c.ChangedAt).ToListAsync(ct);
        var first = plan.Sessions.First(s => s.Kind == SessionKind.Dosing).Dose!;
        return (history.Count > 0 ? history[^1].To : first, history);
    }

    /// <summary>Today's weight: the intake's (the medical screen is where the clinic records it).</summary>
    public async Task<decimal?> WeightAsync(Guid patientId, CancellationToken ct = default) => (await intakes.GetAsync(patientId, ct)).Form.Medical.WeightKg;

    public async Task<DoseChangeResult> ChangeAsync(Guid planId, decimal? newDose, string? reason, string? coSignerUserId, string? coSignReason,
        ClaimsPrincipal user, CancellationToken ct = default)
    {
        var plan = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return new DoseChangeResult.NotFound();
        if (plan.Status != PlanStatus.Signed) return new DoseChangeResult.Refused("plan", "Doses change on the signed plan; sign the draft first.");
        if (newDose is not { } amount || amount <= 0) return new DoseChangeResult.Refused("newDose", "Give the new dose.");
        var protocol = plan.Protocol;
        var to = protocol.Route == Route.IntranasalEsketamine ? TemplateDose.Fixed(amount) : TemplateDose.PerKg(amount);
        var (from, _) = await CurrentAsync(plan, ct);
        var byId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        var byName = user.DisplayName();
        var now = clock.UtcNow;

        DoseRule fromRule, toRule;
        try
        {
            fromRule = Rule(from);
            toRule = Rule(to);
            DoseChange.Create(fromRule, toRule, reason ?? string.Empty, byName, new DateTimeOffset(now));
        }
        catch (ArgumentException ex)
        {
            return new DoseChangeResult.Refused(ex.ParamName is "reason" ? "reason" : "newDose", ex.ForPeople());
        }

        var calculation = DoseCalculator.Calculate(Request(protocol, to, await WeightAsync(plan.PatientId, ct), plan.AgeYears, firstDoseOfCourse: false,
            await stockSettings.CurrentAsync(ct)));
        if (calculation is DoseRefused refused) return new DoseChangeResult.Refused("newDose", refused.Message);
        var calculated = (DoseCalculation)calculation;

        KapCareUser? coSigner = null;
        CoSignature? coSignature = null;
        if (!string.IsNullOrWhiteSpace(coSignerUserId))
        {
            coSigner = await users.FindByIdAsync(coSignerUserId);
            if (coSigner is null || !await users.IsInRoleAsync(coSigner, Roles.Prescriber) || !coSigner.IsActive)
                return new DoseChangeResult.Refused("coSigner", "The co-signer must be an active prescriber.");
            try
            {
                coSignature = CoSignature.Create(coSigner.Id, coSignReason ?? string.Empty);
            }
            catch (ArgumentException ex)
            {
                return new DoseChangeResult.Refused("coSignReason", ex.ForPeople());
            }
        }
        try
        {
            DoseOrder.Create(calculated, byId, coSignature);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            await audit.RecordAsync(AuditActions.DoseChange, AuditOutcome.Failure, "CarePlan", plan.Id.ToString(), plan.PatientId, "refused: " + ex.Message, ct);
            return new DoseChangeResult.Refused("coSigner", ex.ForPeople());
        }

        var change = new DoseChangeRecord
        {
            Id = Guid.CreateVersion7(), PatientId = plan.PatientId, PlanId = plan.Id,
            FromMgPerKg = from.MgPerKg, FromMg = from.FixedMg, ToMgPerKg = to.MgPerKg, ToMg = to.FixedMg,
            Reason = reason!.Trim(), ChangedAt = now, ChangedByUserId = byId, ChangedByName = byName,
            CoSignedByUserId = coSigner?.Id, CoSignedByName = coSigner?.DisplayName, CoSignReason = coSignature?.Reason,
        };
        db.DoseChanges.Add(change);
        audit.Add(AuditActions.DoseChange, AuditOutcome.Success, "CarePlan", plan.Id.ToString(), plan.PatientId,
            string.Create(CultureInfo.InvariantCulture, $"{from} → {to} ({calculated.Dose} at {calculated.Weight}); {calculated.Limit.Status}")
            + (coSigner is null ? string.Empty : $"; CO-SIGNED by {coSigner.DisplayName}"));
        await db.SaveChangesAsync(ct);
        return new DoseChangeResult.Changed(change, calculated);
    }
}
