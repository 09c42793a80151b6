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
[AppendOnly("A recorded dose change is immutable: record a new change instead.")]
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
    /// <summary>The co-signature this change was recorded under (above a hard limit).</summary>
    public Guid? CoSignatureId { get; set; }
    /// <summary>Soft-limit warnings the prescriber acknowledged for this dose, one per line.</summary>
    public string? AcknowledgedWarnings { get; set; }

    public TemplateDose From => new(FromMgPerKg, FromMg);
    public TemplateDose To => new(ToMgPerKg, ToMg);
}

public abstract record DoseChangeResult
{
    private DoseChangeResult() { }
    public sealed record Changed(DoseChangeRecord Change, DoseCalculation Calculation) : DoseChangeResult;
    /// <summary>Above the hard limit: nothing changed yet; the request waits in the co-signature queue.</summary>
    public sealed record AwaitingCoSignature(DoseCoSignature Request) : DoseChangeResult;
    /// <summary>Nothing was recorded; <see cref="Field"/> names the input at fault.</summary>
    public sealed record Refused(string Field, string Message) : DoseChangeResult;
    public sealed record NotFound : DoseChangeResult;
}

/// <summary>
/// The dose calculator applied to a plan (issue 5, item 3): today's dose and its preparation for the patient's weight,
/// the dose history, and dose changes — each with its reason, and above the hard limit only with a second prescriber's
/// co-signature (<see cref="DoseOrder"/> makes an unsigned over-limit order impossible).
/// </summary>
public sealed class PlanDosing(KapCareDbContext db, AuditTrail audit, ClinicClock clock, IntakeService intakes, DoseCoSigning coSigning,
    DosingStockSettings stockSettings, DosingWeights weights)
{
    /// <summary>How a prescriber asks for a dose above a hard limit to be co-signed: not at all yet, in the queue, or at their screen.</summary>
    public enum CoSignMode { None, Queue, AtScreen }

    /// <param name="Reason">The co-signer's reason.</param>
    /// <param name="RequestReason">The requesting prescriber's reason, for a planned dose (a dose change carries its own).</param>
    public sealed record CoSignInput(CoSignMode Mode, CoSignerCredentials? Credentials, string? Reason, string? RequestReason = null)
    {
        public static readonly CoSignInput None = new(CoSignMode.None, null, null);
    }

    /// <summary>A dose of the plan as the calculator sees it today: which dosing sessions have it and what it works out to.</summary>
    public sealed record PlannedDoseCheck(IReadOnlyList<int> DosingNumbers, TemplateDose Dose, DoseResult Result)
    {
        public DoseCalculation? Calculation => Result as DoseCalculation;
    }

    public static DoseRule Rule(TemplateDose dose) => dose.MgPerKg is { } perKg ? DoseRule.MgPerKg(perKg) : DoseRule.FixedMg(dose.FixedMg!.Value);

    public static DoseRequest Request(ProtocolTemplate protocol, TemplateDose dose, decimal? weightKg, int ageYears, bool firstDoseOfCourse, DosingStock stock,
        decimal? heightCm = null, KapCare.Clinical.Patients.AdministrativeSex? sex = null, decimal? bmiWarningAbove = null) => new()
    {
        HeightCm = heightCm,
        Sex = sex,
        BmiWarningAbove = bmiWarningAbove,
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
    /// The plan's current dose — the one its next dosing session would be given: the last change's, or else the planned
    /// dose of the first dosing session not yet given (an ascending protocol's entries differ). Changes made on earlier
    /// versions of the same protocol carry over (a revision keeps the titrated dose); a plan of another protocol — another
    /// route, perhaps another unit — starts from its own planned dose.
    /// </summary>
    public async Task<(TemplateDose Dose, IReadOnlyList<DoseChangeRecord> History)> CurrentAsync(TreatmentPlanRecord plan, CancellationToken ct = default)
    {
        var sameProtocol = db.TreatmentPlans.Where(p => p.PatientId == plan.PatientId && p.TemplateId == plan.TemplateId && p.PlanVersion <= plan.PlanVersion).Select(p => p.Id);
        var history = await db.DoseChanges.AsNoTracking().Where(c => sameProtocol.Contains(c.PlanId)).OrderBy(c => c.ChangedAt).ToListAsync(ct);
        if (history.Count > 0) return (history[^1].To, history);
        var entries = plan.Sessions.Where(s => s.Kind == SessionKind.Dosing && s.Dose is not null).OrderBy(s => s.DosingNumber).ToList();
        var lastGiven = await db.DosingSessions.AsNoTracking()
            .Where(s => s.PlanId == plan.Id && db.MedicationAdministrations.Any(a => a.SessionId == s.Id))
            .MaxAsync(s => (int?)s.DosingNumber, ct) ?? 0;
        return ((entries.FirstOrDefault(s => s.DosingNumber > lastGiven) ?? entries[^1]).Dose!, history);
    }

    /// <summary>
    /// The weight doses are calculated from: one a clinician recorded within the validity window, never the patient's own
    /// entry alone (issue 9, item 3). The intake's weight is returned beside it as "reported".
    /// </summary>
    public async Task<DosingWeight> DosingWeightAsync(Guid patientId, CancellationToken ct = default) =>
        await weights.CurrentAsync(patientId, (await intakes.GetAsync(patientId, ct)).Form.Medical.WeightKg, ct);

    public async Task<decimal?> WeightAsync(Guid patientId, CancellationToken ct = default) => (await DosingWeightAsync(patientId, ct)).Kg;

    /// <summary>
    /// What every dose calculation for a patient reads from the database — the dosing weight, height (intake), sex
    /// (registration), the clinic's BMI threshold and stock — read once, so checking all of a plan's doses reads them once.
    /// </summary>
    public sealed record DosingFacts(DosingWeight Weight, decimal? HeightCm, KapCare.Clinical.Patients.AdministrativeSex? Sex, decimal BmiWarningAbove, DosingStock Stock);

    public async Task<DosingFacts> FactsAsync(Guid patientId, CancellationToken ct = default)
    {
        var medical = (await intakes.GetAsync(patientId, ct)).Form.Medical;
        var sex = await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => (KapCare.Clinical.Patients.AdministrativeSex?)p.Sex).FirstOrDefaultAsync(ct);
        return new DosingFacts(await weights.CurrentAsync(patientId, medical.WeightKg, ct), medical.HeightCm, sex,
            await weights.BmiWarningAboveAsync(ct), await stockSettings.CurrentAsync(ct));
    }

    /// <summary>The plan's dose worked out for the patient's dosing weight and the clinic's stock.</summary>
    public static DoseResult Calculate(TreatmentPlanRecord plan, TemplateDose dose, bool firstDoseOfCourse, DosingFacts facts) =>
        DoseCalculator.Calculate(Request(plan.Protocol, dose, facts.Weight.Kg, plan.AgeYears, firstDoseOfCourse, facts.Stock, facts.HeightCm, facts.Sex, facts.BmiWarningAbove));

    /// <summary>The plan's dose as it would be given next: today's facts, and the first-dose rules if the course has not started.</summary>
    public async Task<DoseResult> CalculateNextAsync(TreatmentPlanRecord plan, TemplateDose dose, CancellationToken ct = default) =>
        Calculate(plan, dose, NextDoseIsFirstOfCourse(plan, await CourseStartAsync(plan, ct)), await FactsAsync(plan.PatientId, ct));

    /// <summary>The first dosing date of the course: the earliest of this plan and the signed versions of the same protocol before it.</summary>
    public async Task<DateOnly> CourseStartAsync(TreatmentPlanRecord plan, CancellationToken ct = default)
    {
        var earlier = await db.TreatmentPlans.AsNoTracking()
            .Where(p => p.PatientId == plan.PatientId && p.TemplateId == plan.TemplateId && p.PlanVersion < plan.PlanVersion && p.Status != PlanStatus.Draft)
            .Select(p => (DateOnly?)p.FirstDosingDate).MinAsync(ct);
        return earlier is { } e && e < plan.FirstDosingDate ? e : plan.FirstDosingDate;
    }

    /// <summary>
    /// Whether the next dose is the first of the course, so the starting-dose rules apply (esketamine: 56 mg, 28 mg at 65 and
    /// over). Until dosing sessions are recorded (issue 10), a course has not started before its first dosing date: a change
    /// made before that day is a change of the first dose (issue 9, item 8: "a dose change before session 1").
    /// </summary>
    public bool NextDoseIsFirstOfCourse(TreatmentPlanRecord plan, DateOnly courseStart) => clock.Today <= courseStart;

    /// <summary>Every distinct planned dose of the plan's dosing sessions, calculated as it would be given (issue 9, item 1: signing re-runs the calculator).</summary>
    public async Task<IReadOnlyList<PlannedDoseCheck>> PlannedDosesAsync(TreatmentPlanRecord plan, CancellationToken ct = default)
    {
        var first = NextDoseIsFirstOfCourse(plan, await CourseStartAsync(plan, ct));
        var facts = await FactsAsync(plan.PatientId, ct);
        var dosing = plan.Sessions.Where(s => s.Kind == SessionKind.Dosing && s.Dose is not null).OrderBy(s => s.DosingNumber).ToList();
        var checks = new List<PlannedDoseCheck>();
        // The first session is checked as the first dose of the course; the others as later doses.
        foreach (var group in dosing.GroupBy(s => (s.Dose!, First: first && s.DosingNumber == dosing[0].DosingNumber)))
            checks.Add(new PlannedDoseCheck([.. group.Select(s => s.DosingNumber ?? s.Number)], group.Key.Item1, Calculate(plan, group.Key.Item1, group.Key.First, facts)));
        return checks;
    }

    /// <summary>Soft-limit and rounding warnings of a calculation, as recorded when acknowledged.</summary>
    public static string? WarningsText(DoseCalculation calculation) => calculation.WarningsToAcknowledge.Count == 0 ? null : string.Join("\n", calculation.WarningsToAcknowledge);

    /// <summary>
    /// Changes a signed plan's dose. Soft-limit warnings must be acknowledged; above a hard limit nothing changes until a
    /// second prescriber co-signs — in the queue (the request waits there) or here with their own password and code.
    /// </summary>
    public async Task<DoseChangeResult> ChangeAsync(Guid planId, decimal? newDose, string? reason, bool acknowledged, CoSignInput coSign,
        ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.DoseOrder)) return new DoseChangeResult.Refused("plan", "Only a prescriber changes a dose.");
        var plan = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return new DoseChangeResult.NotFound();
        if (plan.Status != PlanStatus.Signed) return new DoseChangeResult.Refused("plan", "Doses change on the signed plan; sign the draft first.");
        if (newDose is not { } amount || amount <= 0) return new DoseChangeResult.Refused("newDose", "Give the new dose.");
        var protocol = plan.Protocol;
        var to = protocol.Route == Route.IntranasalEsketamine ? TemplateDose.Fixed(amount) : TemplateDose.PerKg(amount);
        var (from, _) = await CurrentAsync(plan, ct);
        var byId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        var byName = user.DisplayName();

        try
        {
            DoseChange.Create(Rule(from), Rule(to), reason ?? string.Empty, byName, new DateTimeOffset(clock.UtcNow));
        }
        catch (ArgumentException ex)
        {
            return new DoseChangeResult.Refused(ex.ParamName is "reason" ? "reason" : "newDose", ex.ForPeople());
        }

        var calculation = await CalculateNextAsync(plan, to, ct);
        if (calculation is DoseRefused refused) return new DoseChangeResult.Refused("newDose", refused.Message);
        var calculated = (DoseCalculation)calculation;
        if (calculated.WarningsToAcknowledge.Count > 0 && !acknowledged)
            return new DoseChangeResult.Refused("acknowledge", "Read and acknowledge the warnings first: " + string.Join(" ", calculated.WarningsToAcknowledge));

        if (!calculated.RequiresCoSignature)
        {
            var change = NewChange(plan, from, to, reason!, byId, byName, calculated);
            db.DoseChanges.Add(change);
            AuditChange(plan, change, calculated, null);
            await db.SaveChangesAsync(ct);
            return new DoseChangeResult.Changed(change, calculated);
        }

        var request = NewRequest(plan, CoSignatureKind.DoseChange, to, calculated, reason!, byId, byName);
        request.FromMgPerKg = from.MgPerKg;
        request.FromMg = from.FixedMg;
        switch (coSign.Mode)
        {
            case CoSignMode.Queue:
                db.DoseCoSignatures.Add(request);
                audit.Add(AuditActions.CoSignRequest, AuditOutcome.Success, "CarePlan", plan.Id.ToString(), plan.PatientId,
                    string.Create(CultureInfo.InvariantCulture, $"dose change {from} → {to} ({calculated.Dose}) waits for co-signature: {calculated.Limit.Message}"));
                await db.SaveChangesAsync(ct);
                return new DoseChangeResult.AwaitingCoSignature(request);
            case CoSignMode.AtScreen:
                var (coSigner, problem) = await coSigning.VerifyAsync(coSign.Credentials ?? new(null, null, null), byId, plan.PatientId, ct);
                if (coSigner is null) return new DoseChangeResult.Refused("coSigner", problem!);
                try
                {
                    coSigning.Apply(request, coSigner, coSign.Reason ?? string.Empty, CoSignatureMethod.AtRequestersScreen);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    return new DoseChangeResult.Refused("coSignReason", ex.ForPeople());
                }
                db.DoseCoSignatures.Add(request);
                var coSigned = RecordChange(plan, request, calculated);
                await db.SaveChangesAsync(ct);
                return new DoseChangeResult.Changed(coSigned, calculated);
            default:
                await audit.RecordAsync(AuditActions.DoseChange, AuditOutcome.Failure, "CarePlan", plan.Id.ToString(), plan.PatientId, "refused: " + calculated.Limit.Message, ct);
                return new DoseChangeResult.Refused("coSigner",
                    $"{calculated.Limit.Message} Send it to the co-signature queue, or have the second prescriber co-sign here with their own password and code. Nothing was recorded.");
        }
    }

    /// <summary>
    /// A second prescriber co-signs a pending request from the queue, in their own session. The dose is worked out again
    /// first: if the weight or the stock changed since it was asked for, the mg differ and the co-signer is told to have it
    /// asked again — they co-sign the exact dose they were shown, never a different one.
    /// </summary>
    public async Task<CoSignResult> CoSignFromQueueAsync(Guid requestId, string? reason, KapCareUser? me, CancellationToken ct = default)
    {
        var request = await db.DoseCoSignatures.FirstOrDefaultAsync(c => c.Id == requestId, ct);
        if (request is null) return new CoSignResult.NotFound();
        if (request.Status != CoSignatureStatus.Pending)
            return new CoSignResult.Refused("request", request.Status == CoSignatureStatus.CoSigned ? $"Already co-signed by {request.CoSignedByName}." : "The request was withdrawn.");
        if (me is null || !me.IsActive) return new CoSignResult.Refused("reason", "Only an active prescriber can co-sign a dose.");
        if (me.Id == request.RequestedByUserId) return new CoSignResult.Refused("reason", "The co-signature must come from a second prescriber, not the one ordering the dose.");

        var plan = await db.TreatmentPlans.AsNoTracking().FirstAsync(p => p.Id == request.PlanId, ct);
        var expected = request.Kind == CoSignatureKind.DoseChange ? PlanStatus.Signed : PlanStatus.Draft;
        if (plan.Status != expected)
            return new CoSignResult.Refused("request", $"The plan is {plan.Status.ToString().ToLowerInvariant()} now; the request no longer applies. Ask for a new one.");
        DoseResult now;
        if (request.Kind == CoSignatureKind.DoseChange)
        {
            var (current, _) = await CurrentAsync(plan, ct);
            if (current != request.From)
                return new CoSignResult.Refused("request", $"The dose has changed to {current} since the request (it was {request.From}); the request no longer applies.");
            now = await CalculateNextAsync(plan, request.Dose, ct);
        }
        else
        {
            now = (await PlannedDosesAsync(plan, ct)).FirstOrDefault(c => c.Dose == request.Dose)?.Result
                ?? Calculate(plan, request.Dose, false, await FactsAsync(plan.PatientId, ct));
        }
        if (now is not DoseCalculation calculation || calculation.Dose.Value != request.CalculatedMg)
            return new CoSignResult.Refused("request",
                $"The dose works out differently now ({(now is DoseCalculation c ? c.Dose.ToString() : ((DoseRefused)now).Message)}, "
                + $"was {request.CalculatedMg.ToString("0.##", CultureInfo.InvariantCulture)} mg): the weight or the stock changed. Ask the prescriber to request the co-signature again.");
        try
        {
            coSigning.Apply(request, me, reason ?? string.Empty, CoSignatureMethod.OwnSession);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return new CoSignResult.Refused("reason", ex.ForPeople());
        }
        var change = request.Kind == CoSignatureKind.DoseChange ? RecordChange(plan, request, calculation) : null;
        await db.SaveChangesAsync(ct);
        return new CoSignResult.Signed(request, change);
    }

    /// <summary>A pending or co-signed request for a dose above the hard limit, as asked for now.</summary>
    public DoseCoSignature NewRequest(TreatmentPlanRecord plan, CoSignatureKind kind, TemplateDose dose, DoseCalculation calculated, string reason, string byId, string byName) => new()
    {
        Id = Guid.CreateVersion7(), PatientId = plan.PatientId, PlanId = plan.Id, Kind = kind,
        DoseMgPerKg = dose.MgPerKg, DoseMg = dose.FixedMg, CalculatedMg = calculated.Dose.Value, WeightKg = calculated.Weight?.Value,
        LimitMessage = calculated.Limit.Message, RequestReason = reason.Trim(), AcknowledgedWarnings = WarningsText(calculated),
        RequestedByUserId = byId, RequestedByName = byName, RequestedAt = clock.UtcNow, Status = CoSignatureStatus.Pending,
    };

    /// <summary>The dose change a co-signed request stands for: the requester's change, co-signed by the co-signer.</summary>
    public DoseChangeRecord RecordChange(TreatmentPlanRecord plan, DoseCoSignature request, DoseCalculation calculated)
    {
        var change = NewChange(plan, request.From!, request.Dose, request.RequestReason, request.RequestedByUserId, request.RequestedByName, calculated);
        change.CoSignatureId = request.Id;
        change.CoSignedByUserId = request.CoSignedByUserId;
        change.CoSignedByName = request.CoSignedByName;
        change.CoSignReason = request.CoSignReason;
        db.DoseChanges.Add(change);
        AuditChange(plan, change, calculated, request);
        return change;
    }

    private DoseChangeRecord NewChange(TreatmentPlanRecord plan, TemplateDose from, TemplateDose to, string reason, string byId, string byName, DoseCalculation calculated) => new()
    {
        Id = Guid.CreateVersion7(), PatientId = plan.PatientId, PlanId = plan.Id,
        FromMgPerKg = from.MgPerKg, FromMg = from.FixedMg, ToMgPerKg = to.MgPerKg, ToMg = to.FixedMg,
        Reason = reason.Trim(), ChangedAt = clock.UtcNow, ChangedByUserId = byId, ChangedByName = byName,
        AcknowledgedWarnings = WarningsText(calculated),
    };

    private void AuditChange(TreatmentPlanRecord plan, DoseChangeRecord change, DoseCalculation calculated, DoseCoSignature? coSignature) =>
        audit.Add(AuditActions.DoseChange, AuditOutcome.Success, "CarePlan", plan.Id.ToString(), plan.PatientId,
            string.Create(CultureInfo.InvariantCulture, $"{change.From} → {change.To} ({calculated.Dose} at {calculated.Weight}); {calculated.Limit.Status}")
            + (change.AcknowledgedWarnings is null ? string.Empty : "; warnings acknowledged")
            + (coSignature is null ? string.Empty : $"; requested by {coSignature.RequestedByName}; CO-SIGNED by {coSignature.CoSignedByName} ({coSignature.Method})"));
}
