using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Dosing;
using Route = KapCare.Clinical.Dosing.Route;
using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Sessions;

/// <summary>What the nurse enters to start the dose. Null given = the plan's dose; the time is "HH:mm" today in the clinic's zone.</summary>
public sealed record StartDoseInput(
    decimal? GivenMg, string? Reason, bool Acknowledged, IReadOnlyDictionary<string, Guid> LotByProduct, string? StartedAt,
    CoSignerCredentials? CoSigner = null, string? CoSignReason = null);

/// <summary>The plan's dose for this session as the calculator works it out now, and what it takes from the ledger.</summary>
/// <param name="Calculation">Null when the calculator refused (<see cref="Refusal"/> says why).</param>
/// <param name="Draws">Per ledger product: the quantity the dose draws (mL, troches or devices).</param>
public sealed record PlannedAdministration(
    TreatmentPlanRecord Plan, TemplateDose Rule, DoseCalculation? Calculation, string? Refusal, PlanDosing.DosingFacts Facts, bool FirstDoseOfCourse,
    IReadOnlyList<(ControlledProduct Product, decimal Quantity)> Draws, IReadOnlyList<LotBalance> Lots, bool CoSignedOnPlan, string? TitrationReview = null);

/// <summary>
/// The administration record of a dosing session (issue 10, item 3). The dose is the plan's dose worked out by the dose
/// calculator from the clinician-recorded dosing weight — never typed from memory; a different dose needs a reason and,
/// above a hard limit, a second prescriber's co-signature at the chair (issue 9's co-signature: their own password and
/// code). The lot comes from the ledger and leaves it in the same transaction as the record (docs/decisions/0023). Times
/// are the clinic's, never in the future; esketamine devices are used five minutes apart.
/// </summary>
public sealed class SessionAdministrations(KapCareDbContext db, AuditTrail audit, ClinicClock clock, PlanDosing dosing, ControlledSubstanceLedger ledger,
    LedgerQueries ledgerQueries, DoseCoSigning coSigning, DosingSessions sessions, PlanTitration titration)
{
    /// <summary>The plan's dose for the session, calculated now, with the lots that could supply it.</summary>
    public async Task<PlannedAdministration> PlanAsync(DosingSession session, CancellationToken ct = default)
    {
        var plan = await db.TreatmentPlans.AsNoTracking().FirstAsync(p => p.Id == session.PlanId, ct);
        var (current, history) = await dosing.CurrentAsync(plan, ct);
        // A dose change (titration) applies from when it was made; without one, the session's own planned dose (ascending protocols).
        var entry = plan.Sessions.First(s => s.Kind == SessionKind.Dosing && s.DosingNumber == session.DosingNumber);
        var inForce = history.Where(c => c.ChangedAt <= clock.UtcNow).ToList();
        var rule = inForce.Count > 0 ? inForce[^1].To : entry.Dose ?? current;
        var facts = WithLedgerTroches(await dosing.FactsAsync(session.PatientId, ct));
        var first = !await db.MedicationAdministrations.AnyAsync(a => a.PatientId == session.PatientId && a.Route == plan.Protocol.Route && a.SessionId != session.Id, ct);
        var result = PlanDosing.Calculate(plan, rule, first, facts);
        var calculation = result as DoseCalculation;
        var draws = calculation is null ? [] : Draws(calculation, facts.Stock, out _);
        var codes = draws.Select(d => d.Product.Code).ToHashSet(StringComparer.Ordinal);
        var lots = (await ledgerQueries.BalancesAsync(ct)).Where(b => codes.Contains(b.Lot.ProductCode) && b.Balance > 0 && b.Expiry != ExpiryState.Expired).ToList();
        var coSigned = calculation is { RequiresCoSignature: true } && await CoSignedOnPlanAsync(plan, calculation.Dose.Value, ct);
        // A safety signal in the last session holds this dose until a prescriber has decided (docs/decisions/0025).
        var review = await titration.OutstandingReviewAsync(plan, ct);
        return new PlannedAdministration(plan, rule, calculation, (result as DoseRefused)?.Message, facts, first, draws, lots, coSigned, review);
    }

    /// <summary>
    /// At the chair a troche dose is made only of strengths the ledger can give out: the stock setting's strengths that have a
    /// ledger product (docs/decisions/0023), or every troche product if none match. The plan page may show another mix.
    /// </summary>
    public static PlanDosing.DosingFacts WithLedgerTroches(PlanDosing.DosingFacts facts)
    {
        var ledger = ControlledProducts.All.Where(p => p.Form == ProductForm.Troche).Select(p => p.StrengthMg).ToList();
        var both = facts.Stock.TrocheStrengthsMg.Where(ledger.Contains).ToList();
        return facts with { Stock = facts.Stock with { TrocheStrengthsMg = both.Count > 0 ? both : ledger } };
    }

    public Task<MedicationAdministration?> CurrentAsync(Guid sessionId, CancellationToken ct = default) =>
        db.MedicationAdministrations.AsNoTracking().FirstOrDefaultAsync(a => a.SessionId == sessionId, ct);

    /// <summary>
    /// Starts the dose: the session moves to dosing (IM and SC injections, and a one-device esketamine dose, straight on to
    /// monitoring), the record is written, and the ledger gives out what the dose draws — all in one transaction.
    /// </summary>
    public async Task<SessionResult> StartAsync(Guid sessionId, StartDoseInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.Has(Permissions.SessionRun)) return new SessionResult.Refused("session", "Only a nurse or a prescriber gives a dose.");
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new SessionResult.NotFound();
        if (session.State != SessionState.PreChecksPassed)
            return new SessionResult.Refused("session", session.State == SessionState.Held
                ? "The session is held: a prescriber decides before dosing can start."
                : $"Dosing starts only after every pre-check has passed; this session is {SessionStateMachine.Label(session.State)}.");

        if (!await db.TreatmentPlans.AnyAsync(p => p.PatientId == session.PatientId && p.Status == PlanStatus.Signed, ct))
            return new SessionResult.Refused("plan", "There is no signed treatment plan: a dose is given only under a signed plan. Nothing was given.");
        var planned = await PlanAsync(session, ct);
        if (planned.TitrationReview is { } review) return new SessionResult.Refused("dose", review + " Nothing was given.");
        if (planned.Calculation is not { } plannedDose) return new SessionResult.Refused("dose", "The plan's dose cannot be worked out today: " + planned.Refusal);
        var route = planned.Plan.Protocol.Route;
        var now = clock.UtcNow;
        if (ParseTime(input.StartedAt, now) is not { } startedAt) return new SessionResult.Refused("startedAt", "Give the start time as HH:MM (clinic time).");
        if (AdministrationRules.TimeProblem(startedAt, now, session.CheckedInAt ?? session.OpenedAt, "start", "check-in") is { } timeProblem)
            return new SessionResult.Refused("startedAt", timeProblem);

        var given = input.GivenMg ?? plannedDose.Dose.Value;
        DoseCalculation dose = plannedDose;
        if (given != plannedDose.Dose.Value)
        {
            if (AdministrationRules.ReasonProblem(plannedDose.Dose.Value, given, input.Reason) is { } reasonProblem) return new SessionResult.Refused("reason", reasonProblem);
            var other = DoseCalculator.Calculate(PlanDosing.Request(planned.Plan.Protocol, TemplateDose.Fixed(given), planned.Facts.Weight.Kg, planned.Plan.AgeYears,
                planned.FirstDoseOfCourse, planned.Facts.Stock, planned.Facts.HeightCm, planned.Facts.Sex, planned.Facts.BmiWarningAbove));
            if (other is DoseRefused refused) return new SessionResult.Refused("givenMg", refused.Message);
            dose = (DoseCalculation)other;
            if (dose.Dose.Value != given)
                return new SessionResult.Refused("givenMg", string.Create(CultureInfo.InvariantCulture,
                    $"{given:0.##} mg cannot be measured with this stock; the nearest is {dose.Dose}. Give a measurable dose."));
        }
        if (dose.WarningsToAcknowledge.Count > 0 && !input.Acknowledged)
            return new SessionResult.Refused("acknowledge", "Read and acknowledge the warnings first: " + string.Join(" ", dose.WarningsToAcknowledge));

        var draws = Draws(dose, planned.Facts.Stock, out var drawProblem);
        if (drawProblem is not null) return new SessionResult.Refused("lot", drawProblem);
        var lots = new List<(ControlledProduct Product, decimal Quantity, LedgerLot Lot)>();
        foreach (var (product, quantity) in draws)
        {
            if (!input.LotByProduct.TryGetValue(product.Code, out var lotId))
                return new SessionResult.Refused("lot", $"Choose the lot of {product.Display} in your hand.");
            var lot = await db.LedgerLots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lotId, ct);
            if (lot is null || lot.ProductCode != product.Code) return new SessionResult.Refused("lot", $"That lot is not {product.Display}.");
            // Esketamine: the first device now, each next one when it is used.
            lots.Add((product, route == Route.IntranasalEsketamine ? 1 : quantity, lot));
        }

        var (byId, byName) = (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, user.DisplayName());
        DoseCoSignature? coSignature = null;
        if (dose.RequiresCoSignature && !(given == plannedDose.Dose.Value && planned.CoSignedOnPlan))
        {
            if (input.CoSigner is not { Given: true } credentials)
                return new SessionResult.Refused("coSigner", $"{dose.Limit.Message} A second prescriber co-signs here with their own email, password and code. Nothing was given.");
            var (coSigner, problem) = await coSigning.VerifyAsync(credentials, byId, session.PatientId, ct);
            if (coSigner is null) return new SessionResult.Refused("coSigner", problem!);
            coSignature = dosing.NewRequest(planned.Plan, CoSignatureKind.Administration, TemplateDose.Fixed(given), dose,
                input.Reason?.Trim() is { Length: > 0 } r ? r : "Planned dose above the hard limit, given at the session", byId, byName);
            try
            {
                coSigning.Apply(coSignature, coSigner, input.CoSignReason ?? string.Empty, CoSignatureMethod.AtRequestersScreen);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                db.ChangeTracker.Clear();
                return new SessionResult.Refused("coSignReason", ex.ForPeople());
            }
            db.DoseCoSignatures.Add(coSignature);
        }

        var administration = new MedicationAdministration
        {
            Id = Guid.CreateVersion7(), SessionId = session.Id, PatientId = session.PatientId, PlanId = planned.Plan.Id, Route = route,
            ProductCode = draws[0].Product.Code, PlannedRule = planned.Rule.ToString(), PlannedMg = plannedDose.Dose.Value, WeightKg = planned.Facts.Weight.Kg,
            OrderedMg = given, ReasonOutsidePlan = given == plannedDose.Dose.Value ? null : input.Reason!.Trim(),
            AcknowledgedWarnings = PlanDosing.WarningsText(dose), CoSignatureId = coSignature?.Id, CoSignedByName = coSignature?.CoSignedByName,
            DrawnVolumeMl = dose.Preparation switch
            {
                InfusionPreparation i => i.DrawnVolume.Value,
                InjectionPreparation j => j.TotalVolume.Value,
                OralSolutionPreparation o => o.Volume.Value,
                _ => null,
            },
            PumpRateMlPerHour = (dose.Preparation as InfusionPreparation)?.PumpRate.Value,
            InfusionMinutes = (dose.Preparation as InfusionPreparation)?.Duration.Value is { } m ? (int)m : null,
            Devices = (dose.Preparation as EsketaminePreparation)?.Devices,
            Preparation = dose.Preparation.Instruction,
            StartedAt = startedAt, RecordedByUserId = byId, RecordedByName = byName,
        };
        var immediate = route is Route.Intramuscular or Route.Subcutaneous || administration.Devices == 1;
        if (immediate) (administration.StoppedAt, administration.GivenMg, administration.StoppedByUserId, administration.StoppedByName) = (startedAt, given, byId, byName);
        db.MedicationAdministrations.Add(administration);
        if (route == Route.IntranasalEsketamine)
            db.AdministrationEvents.Add(new AdministrationEvent { Id = Guid.CreateVersion7(), AdministrationId = administration.Id, Kind = AdministrationEventKind.Device, At = startedAt, DeviceNumber = 1, ByUserId = byId, ByName = byName });

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (product, quantity, lot) in lots)
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"dosing session {session.DosingNumber}: {administration.OrderedMg:0.##} mg {RouteLabel(route)}");
            var drawn = await ledger.AdministerAsync(lot.Id, quantity, session.PatientId, administration.Id, label, user, ct);
            if (drawn is not LedgerResult.Recorded recorded)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return drawn is LedgerResult.Refused r ? new SessionResult.Refused("lot", r.Message) : new SessionResult.Refused("lot", "That lot is not in the ledger.");
            }
            db.AdministrationSupplies.Add(new AdministrationSupply
            {
                Id = Guid.CreateVersion7(), AdministrationId = administration.Id, LotId = lot.Id, LotNumber = lot.LotNumber, Expiry = lot.Expiry,
                Quantity = quantity, LedgerEntryId = recorded.Entry.Id, At = startedAt,
            });
        }
        audit.Add(AuditActions.SessionAdminister, AuditOutcome.Success, "MedicationAdministration", administration.Id.ToString(), session.PatientId,
            string.Create(CultureInfo.InvariantCulture, $"started {administration.OrderedMg:0.##} mg (plan {administration.PlannedRule} = {administration.PlannedMg:0.##} mg at {administration.WeightKg:0.#} kg)")
            + (administration.ReasonOutsidePlan is null ? string.Empty : "; outside the plan: " + administration.ReasonOutsidePlan)
            + (coSignature is null ? string.Empty : $"; CO-SIGNED by {coSignature.CoSignedByName}")
            + "; lots " + string.Join(", ", lots.Select(l => l.Lot.LotNumber)));
        var moved = await sessions.MoveAsync(session, SessionTrigger.StartDosing, null, user, "Dosing started.", ct);
        if (moved is SessionResult.Done && immediate)
            moved = await sessions.MoveAsync(session, SessionTrigger.FinishDosing, null, user, "Dose given: monitoring has started.", ct);
        if (moved is not SessionResult.Done)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return moved;
        }
        await transaction.CommitAsync(ct);
        return moved;
    }

    /// <summary>An infusion paused (with its reason) or resumed.</summary>
    public async Task<SessionResult> PauseOrResumeAsync(Guid sessionId, bool pause, string? reason, string? at, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (session, administration, refused) = await DosingAsync(sessionId, user, ct);
        if (refused is not null) return refused;
        if (administration!.Route != Route.Intravenous) return new SessionResult.Refused("session", "Only an infusion is paused and resumed.");
        var events = await db.AdministrationEvents.AsNoTracking().Where(e => e.AdministrationId == administration.Id).OrderBy(e => e.At).ToListAsync(ct);
        var paused = events.LastOrDefault(e => e.Kind is AdministrationEventKind.Paused or AdministrationEventKind.Resumed)?.Kind == AdministrationEventKind.Paused;
        if (pause == paused) return new SessionResult.Refused("session", paused ? "The infusion is already paused." : "The infusion is running.");
        if (pause && (reason?.Trim().Length ?? 0) < AdministrationRules.MinimumReasonLength)
            return new SessionResult.Refused("reason", $"Say why the infusion is paused (at least {AdministrationRules.MinimumReasonLength} characters).");
        var now = clock.UtcNow;
        if (ParseTime(at, now) is not { } when) return new SessionResult.Refused("at", "Give the time as HH:MM (clinic time).");
        var last = events.Count > 0 ? events[^1].At : administration.StartedAt;
        if (AdministrationRules.TimeProblem(when, now, last, pause ? "pause" : "resume", "the infusion's last event") is { } problem) return new SessionResult.Refused("at", problem);
        db.AdministrationEvents.Add(new AdministrationEvent
        {
            Id = Guid.CreateVersion7(), AdministrationId = administration.Id, Kind = pause ? AdministrationEventKind.Paused : AdministrationEventKind.Resumed,
            At = when, Reason = reason?.Trim() is { Length: > 0 } r ? r : null, ByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, ByName = user.DisplayName(),
        });
        audit.Add(AuditActions.SessionAdminister, AuditOutcome.Success, "MedicationAdministration", administration.Id.ToString(), session!.PatientId,
            pause ? "infusion paused: " + reason!.Trim() : "infusion resumed");
        await db.SaveChangesAsync(ct);
        return new SessionResult.Done(session, pause ? "Infusion paused." : "Infusion resumed.");
    }

    /// <summary>The next esketamine device, at least five minutes after the previous one; the last device starts monitoring.</summary>
    public async Task<SessionResult> NextDeviceAsync(Guid sessionId, Guid lotId, string? at, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (session, administration, refused) = await DosingAsync(sessionId, user, ct);
        if (refused is not null) return refused;
        if (administration!.Route != Route.IntranasalEsketamine) return new SessionResult.Refused("session", "Devices are for esketamine.");
        var devices = await db.AdministrationEvents.AsNoTracking().Where(e => e.AdministrationId == administration.Id && e.Kind == AdministrationEventKind.Device)
            .OrderBy(e => e.DeviceNumber).ToListAsync(ct);
        if (devices.Count >= administration.Devices) return new SessionResult.Refused("session", "Every device of the dose has been used.");
        var now = clock.UtcNow;
        if (ParseTime(at, now) is not { } when) return new SessionResult.Refused("at", "Give the time as HH:MM (clinic time).");
        if (AdministrationRules.TimeProblem(when, now, devices[^1].At, "device", "the previous device") is { } timeProblem) return new SessionResult.Refused("at", timeProblem);
        if (AdministrationRules.DeviceSpacingProblem(devices[^1].At, when) is { } spacing) return new SessionResult.Refused("at", spacing);
        var lot = await db.LedgerLots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lotId, ct);
        if (lot is null || lot.ProductCode != administration.ProductCode) return new SessionResult.Refused("lot", "Choose the lot of the device in your hand.");

        var (byId, byName) = (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, user.DisplayName());
        var number = devices.Count + 1;
        db.AdministrationEvents.Add(new AdministrationEvent { Id = Guid.CreateVersion7(), AdministrationId = administration.Id, Kind = AdministrationEventKind.Device, At = when, DeviceNumber = number, ByUserId = byId, ByName = byName });
        var last = number == administration.Devices;
        var tracked = await db.MedicationAdministrations.FirstAsync(a => a.Id == administration.Id, ct);
        if (last) (tracked.StoppedAt, tracked.GivenMg, tracked.StoppedByUserId, tracked.StoppedByName) = (when, tracked.OrderedMg, byId, byName);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var drawn = await ledger.AdministerAsync(lot.Id, 1, session!.PatientId, administration.Id,
            string.Create(CultureInfo.InvariantCulture, $"dosing session {session.DosingNumber}: esketamine device {number} of {administration.Devices}"), user, ct);
        if (drawn is not LedgerResult.Recorded recorded)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new SessionResult.Refused("lot", (drawn as LedgerResult.Refused)?.Message ?? "That lot is not in the ledger.");
        }
        db.AdministrationSupplies.Add(new AdministrationSupply
        {
            Id = Guid.CreateVersion7(), AdministrationId = administration.Id, LotId = lot.Id, LotNumber = lot.LotNumber, Expiry = lot.Expiry, Quantity = 1,
            LedgerEntryId = recorded.Entry.Id, At = when,
        });
        audit.Add(AuditActions.SessionAdminister, AuditOutcome.Success, "MedicationAdministration", administration.Id.ToString(), session.PatientId,
            $"esketamine device {number} of {administration.Devices}, lot {lot.LotNumber}");
        var result = last
            ? await sessions.MoveAsync(session, SessionTrigger.FinishDosing, null, user, "Last device used: monitoring has started.", ct)
            : await sessions.SaveAsync(session, $"Device {number} of {administration.Devices} recorded.", ct);
        if (result is not SessionResult.Done)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return result;
        }
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// The dose stops (infusion ended, troche finished): the time, and what the patient received — the full dose, or less
    /// with a reason (the remainder is then wasted with a witness in the ledger). Monitoring begins.
    /// </summary>
    public async Task<SessionResult> FinishAsync(Guid sessionId, string? stoppedAt, decimal? givenMg, string? reason, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (session, administration, refused) = await DosingAsync(sessionId, user, ct);
        if (refused is not null) return refused;
        if (administration!.Route == Route.IntranasalEsketamine) return new SessionResult.Refused("session", "Esketamine finishes with its last device.");
        var now = clock.UtcNow;
        if (ParseTime(stoppedAt, now) is not { } when) return new SessionResult.Refused("stoppedAt", "Give the stop time as HH:MM (clinic time).");
        if (AdministrationRules.TimeProblem(when, now, administration.StartedAt, "stop", "the start") is { } timeProblem) return new SessionResult.Refused("stoppedAt", timeProblem);
        var given = givenMg ?? administration.OrderedMg;
        if (given <= 0 || given > administration.OrderedMg)
            return new SessionResult.Refused("givenMg", string.Create(CultureInfo.InvariantCulture, $"The dose given is more than 0 and at most the {administration.OrderedMg:0.##} mg prepared."));
        if (given < administration.OrderedMg && (reason?.Trim().Length ?? 0) < AdministrationRules.MinimumReasonLength)
            return new SessionResult.Refused("reason", $"Less than the dose prepared was given: say why (at least {AdministrationRules.MinimumReasonLength} characters).");
        var tracked = await db.MedicationAdministrations.FirstAsync(a => a.Id == administration.Id, ct);
        var (byId, byName) = (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, user.DisplayName());
        (tracked.StoppedAt, tracked.GivenMg, tracked.StopReason, tracked.StoppedByUserId, tracked.StoppedByName) =
            (when, given, given < administration.OrderedMg ? reason!.Trim() : null, byId, byName);
        audit.Add(AuditActions.SessionAdminister, AuditOutcome.Success, "MedicationAdministration", administration.Id.ToString(), session!.PatientId,
            string.Create(CultureInfo.InvariantCulture, $"stopped; {given:0.##} mg of {administration.OrderedMg:0.##} mg given") + (tracked.StopReason is null ? string.Empty : ": " + tracked.StopReason));
        var message = given < administration.OrderedMg
            ? string.Create(CultureInfo.InvariantCulture, $"Dose stopped at {given:0.##} mg: record the waste of the remaining {administration.OrderedMg - given:0.##} mg with a witness in the ledger. Monitoring has started.")
            : "Dose finished: monitoring has started.";
        return await sessions.MoveAsync(session, SessionTrigger.FinishDosing, null, user, message, ct);
    }

    public static string RouteLabel(Route route) => route switch
    {
        Route.Intravenous => "IV",
        Route.Intramuscular => "IM",
        Route.Subcutaneous => "SC",
        Route.Sublingual => "sublingual",
        Route.Oral => "oral",
        Route.IntranasalEsketamine => "intranasal esketamine",
    };

    /// <summary>
    /// What a dose takes from the ledger, per product: the volume drawn from a vial of the stocked concentration, each
    /// troche strength's count, the esketamine devices. A strength the ledger has no product for is a problem, not a guess.
    /// </summary>
    public static IReadOnlyList<(ControlledProduct Product, decimal Quantity)> Draws(DoseCalculation dose, DosingStock stock, out string? problem)
    {
        problem = null;
        ControlledProduct? Vial() => ControlledProducts.All.FirstOrDefault(p => p.Form == ProductForm.Vial && p.StrengthMg == stock.VialMgPerMl);
        switch (dose.Preparation)
        {
            case InfusionPreparation or InjectionPreparation or OralSolutionPreparation:
                var vial = Vial();
                if (vial is null)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"The ledger has no {stock.VialMgPerMl:0.##} mg/mL vial product: ask an admin to check the stock settings.");
                    return [];
                }
                var ml = dose.Preparation switch
                {
                    InfusionPreparation i => i.DrawnVolume.Value,
                    InjectionPreparation j => j.TotalVolume.Value,
                    OralSolutionPreparation o => o.Volume.Value,
                    _ => 0m,
                };
                return [(vial, ml)];
            case LozengePreparation lozenges:
                var draws = new List<(ControlledProduct, decimal)>();
                foreach (var unit in lozenges.Units.Where(u => u.Count > 0))
                {
                    var troche = ControlledProducts.All.FirstOrDefault(p => p.Form == ProductForm.Troche && p.StrengthMg == unit.Strength.Value);
                    if (troche is null)
                    {
                        problem = $"The ledger has no {unit.Strength} troche product: ask an admin to check the stock settings.";
                        return [];
                    }
                    draws.Add((troche, unit.Count));
                }
                return draws;
            case EsketaminePreparation devices:
                return [(ControlledProducts.All.First(p => p.Form == ProductForm.NasalSprayDevice), devices.Devices)];
            default:
                problem = "This preparation has no ledger product.";
                return [];
        }
    }

    /// <summary>
    /// "HH:mm" today in the clinic's zone (a time after now's clock time is taken as today and refused as future). The
    /// current minute means now: the form's default is this minute, and "10:42" typed at 10:42:35 is not before a
    /// check-in at 10:42:10.
    /// </summary>
    public DateTime? ParseTime(string? text, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(text)) return nowUtc;
        if (!TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return null;
        var at = clock.ToUtc(DateOnly.FromDateTime(clock.ToLocal(nowUtc)), time);
        return nowUtc - at is { TotalSeconds: >= 0 and < 60 } ? nowUtc : at;
    }

    private async Task<bool> CoSignedOnPlanAsync(TreatmentPlanRecord plan, decimal mg, CancellationToken ct)
    {
        var sameProtocol = db.TreatmentPlans.Where(p => p.PatientId == plan.PatientId && p.TemplateId == plan.TemplateId && p.PlanVersion <= plan.PlanVersion).Select(p => p.Id);
        return await db.DoseCoSignatures.AnyAsync(c => sameProtocol.Contains(c.PlanId) && c.Status == CoSignatureStatus.CoSigned
            && c.Kind != CoSignatureKind.Administration && c.CalculatedMg == mg, ct);
    }

    private async Task<(DosingSession? Session, MedicationAdministration? Administration, SessionResult? Refused)> DosingAsync(Guid sessionId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.Has(Permissions.SessionRun)) return (null, null, new SessionResult.Refused("session", "Only a nurse or a prescriber records a dose."));
        var session = await db.DosingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return (null, null, new SessionResult.NotFound());
        if (session.State != SessionState.Dosing)
            return (null, null, new SessionResult.Refused("session", $"The dose is recorded while dosing; this session is {SessionStateMachine.Label(session.State)}."));
        var administration = await CurrentAsync(session.Id, ct);
        return administration is null ? (null, null, new SessionResult.Refused("session", "No dose was started.")) : (session, administration, null);
    }
}
