using System.Security.Claims;
using KapCare.Clinical.Dosing;
using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Consent;
using KapCare.Web.Features.Intake;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Plans;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Route = KapCare.Clinical.Dosing.Route;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// The demo clinic's dosing room, run through the real session handlers with the clinic clock stopped at each moment
/// (DemoTime): check-in, weighing, the pre-dose GAD-7, pre-checks, the dose from the ledger, vitals every 10–15 minutes,
/// the CADSS-6 at the peak, discharge by the nurse and the prescriber's co-signature — so every record, ledger entry and
/// audit line is what the clinic would have made that day.
/// </summary>
public sealed class DemoChair(KapCareDbContext db, UserManager<KapCareUser> users, IOptions<ClinicOptions> clinic, SubmitResponse submit)
{
    /// <summary>What a session should show beyond the routine: a BP hold a prescriber decided, a nausea episode, no co-signature yet.</summary>
    /// <param name="RemsSubmitted">Esketamine: the Patient Monitoring Form completed and submitted to the REMS that afternoon.</param>
    public sealed record Story(bool BpHold = false, bool Nausea = false, bool Sign = true, int StopAtMinute = int.MaxValue, string? Chair = null, bool RemsSubmitted = true);

    private sealed record Handlers(DosingSessions Sessions, SessionAdministrations Mar, SessionMonitoring Monitoring, SessionDischarge Discharge, RemsForms Rems, PlanTitration Titration);

    private Handlers At(DateTime utc)
    {
        var clock = DemoTime.At(utc, clinic);
        var http = new HttpContextAccessor();
        var audit = new AuditTrail(db, http, clock);
        var weights = new DosingWeights(db, audit, clock);
        var intakes = new IntakeService(db, audit, clock);
        var sessions = new DosingSessions(db, audit, clock, new ConsentService(db, audit, clock, http), weights, intakes);
        var coSigning = new DoseCoSigning(db, audit, clock, new SecondPersonVerification(db, audit, users), http);
        var dosing = new PlanDosing(db, audit, clock, intakes, coSigning, new DosingStockSettings(db, audit, clock), weights);
        var titration = new PlanTitration(db, audit, clock, dosing);
        var mar = new SessionAdministrations(db, audit, clock, dosing, new ControlledSubstanceLedger(db, audit, clock, new SecondPersonVerification(db, audit, users)),
            new LedgerQueries(db, clock), coSigning, sessions, titration);
        var monitoring = new SessionMonitoring(db, audit, clock, mar, sessions);
        return new Handlers(sessions, mar, monitoring, new SessionDischarge(db, audit, clock, sessions, mar, monitoring), new RemsForms(db, audit, clock, clinic, sessions),
            titration);
    }

    /// <summary>
    /// Runs one dosing session from check-in at <paramref name="arrival"/>, as far as <paramref name="story"/> says (minutes
    /// after arrival; past the end, to discharge and — if asked — the co-signature four hours later).
    /// </summary>
    public async Task RunAsync(Guid patientId, int dosingNumber, DateTime arrival, KapCareUser nurse, KapCareUser prescriber, Story story, int variant, CancellationToken ct)
    {
        var rn = DemoTime.Principal(nurse, Roles.Nurse);
        var md = DemoTime.Principal(prescriber, Roles.Prescriber);
        DateTime T(int minutes) => arrival.AddMinutes(minutes);
        bool Reached(int minute) => minute <= story.StopAtMinute;
        static T Ok<T>(T result) where T : SessionResult =>
            result is SessionResult.Refused r ? throw new InvalidOperationException($"Demo session step refused: {r.Field}: {r.Message}") : result;

        var session = ((SessionResult.Done)Ok(await At(T(0)).Sessions.OpenAsync(patientId, dosingNumber, rn, ct))).Session;
        Ok(await At(T(0)).Sessions.CheckInAsync(session.Id, story.Chair, rn, ct));
        var plan = await db.TreatmentPlans.AsNoTracking().FirstAsync(p => p.Id == session.PlanId, ct);
        var route = plan.Protocol.Route;
        // Weighed at the chair, as the dosing weight must be recent (issue 9, item 3).
        db.WeightMeasurements.Add(new WeightMeasurement
        {
            Id = Guid.CreateVersion7(), PatientId = patientId, WeightKg = (plan.WeightKg ?? 70m) + (variant % 3 - 1) * 0.4m, Source = WeightSource.Measured,
            MeasuredAt = T(2), RecordedByUserId = nurse.Id, RecordedByName = nurse.DisplayName,
        });
        await db.SaveChangesAsync(ct);
        var gad7 = KapCare.Clinical.Instruments.InstrumentLibrary.Get(KapCare.Clinical.Instruments.InstrumentIds.Gad7);
        // The pre-dose GAD-7 falls across the course from a moderate 16: about 2 points a session for most patients, half
        // that for every fourth (a slower responder) — so the titration panel sees responders, partial and slow ones.
        var fall = (dosingNumber - 1) * (variant % 4 == 3 ? 1 : 2) + (dosingNumber - 1) * (variant % 3) / 3;
        var gadScores = new[] { 3, 2, 2, 3, 2, 2, 2 }.Select((s, i) => Math.Max(0, s - fall / 7 - ((i - variant % 7 + 7) % 7 < fall % 7 ? 1 : 0))).ToArray();
        await submit.HandleAsync(new ResponseSubmission(patientId, gad7, gad7.Items.Select((item, i) => (item.LinkId, gadScores[i])).ToDictionary(a => a.LinkId, a => a.Item2),
            ResponseSource.Staff, T(3), nurse.Id), ct);

        var (sys, dia, hr) = (118 + variant * 3 % 17, 74 + variant * 2 % 9, 68 + variant % 11);
        if (story.BpHold) (sys, dia) = (146, 92);
        Ok(await At(T(6)).Sessions.RecordPreChecksAsync(session.Id, new PreCheckInput(true, true, true,
            session.PregnancyTestRequired ? PregnancyTestResult.Negative : null, true, null, sys, dia, hr, 98, 14), rn, ct));
        var start = 15;
        if (story.BpHold)
        {
            Ok(await At(T(14)).Sessions.DecideHoldAsync(session.Id, HoldDecision.Proceed,
                "Repeat seated BP 142/90 after 10 min rest; usual readings 130s at home. Proceed with BP every 10 min.", md, ct));
            start = 18;
        }
        if (!Reached(start)) return;

        var planned = await At(T(start)).Mar.PlanAsync(session, ct);
        if (planned.TitrationReview is not null)
        {
            // A safety signal last time: the prescriber takes the proposal before this dose, as the chart asks.
            var review = await At(T(start - 1)).Titration.ReviewAsync(planned.Plan, ct);
            if (await At(T(start - 1)).Titration.DecideAsync(planned.Plan.Id, review.Latest!.Session.Id, accept: true, null, null, acknowledged: true, md, ct)
                is TitrationDecisionResult.Refused refused)
                throw new InvalidOperationException("Demo titration decision refused: " + refused.Message);
            planned = await At(T(start)).Mar.PlanAsync(session, ct);
        }
        var lots = planned.Draws.ToDictionary(d => d.Product.Code,
            d => planned.Lots.Where(l => l.Lot.ProductCode == d.Product.Code && l.Balance >= (long)(d.Quantity * 100)).OrderBy(l => l.Lot.Expiry).First().Lot.Id);
        Ok(await At(T(start)).Mar.StartAsync(session.Id, new StartDoseInput(null, null, Acknowledged: true, lots, null), rn, ct));
        var administration = (await At(T(start)).Mar.CurrentAsync(session.Id, ct))!;

        // When the dose ends and how long monitoring runs (REFERENCE.md §4; MonitoringMinimums).
        var (doseMinutes, monitorUntil) = route switch
        {
            Route.Intravenous => (administration.InfusionMinutes ?? 40, (administration.InfusionMinutes ?? 40) + 32),
            Route.IntranasalEsketamine => (((administration.Devices ?? 2) - 1) * 5, 122),
            Route.Sublingual => (15, 78),
            _ => (0, 62),
        };
        // Esketamine: the next devices five minutes apart (Spravato label).
        for (var device = 2; device <= (administration.Devices ?? 0); device++)
        {
            if (!Reached(start + (device - 1) * 5)) return;
            Ok(await At(T(start + (device - 1) * 5)).Mar.NextDeviceAsync(session.Id, lots.Values.First(), null, rn, ct));
        }
        var interval = (await At(T(start)).Monitoring.FlowsheetAsync(session, route, ct)).IntervalMinutes;
        var rise = route == Route.IntranasalEsketamine ? 14 : 11;
        for (var m = interval; m <= monitorUntil; m += interval)
        {
            var minute = start + m;
            if (!Reached(minute)) return;
            if (route is Route.Intravenous or Route.Sublingual && m >= doseMinutes && m - interval < doseMinutes)
                Ok(await At(T(start + doseMinutes)).Mar.FinishAsync(session.Id, null, null, null, rn, ct));
            // BP rises to a peak near 40 min and falls back (REFERENCE.md §4: +16/+11 on average).
            var peak = Math.Max(0, 1 - Math.Abs(m - 40) / 40.0);
            var (s, d) = (sys + (int)(rise * peak + (story.BpHold ? 4 : 0) * peak), dia + (int)(8 * peak));
            Ok((await At(T(minute)).Monitoring.RecordVitalsAsync(session.Id, new VitalsInput(s, d, hr + (int)(6 * peak), m is >= 30 and <= 50 ? 97 : 98, 14,
                peak > 0.6 ? 4 : 5, story.Nausea && m >= 30 && m <= 60 ? NauseaLevel.Mild : NauseaLevel.None), rn, ct)).Result);
            if (m is >= 38 and < 53 && Math.Abs(m - 40) < interval)
            {
                var cadss6 = KapCare.Clinical.Instruments.InstrumentLibrary.Get(KapCare.Clinical.Instruments.InstrumentIds.Cadss6);
                await submit.HandleAsync(new ResponseSubmission(patientId, cadss6, cadss6.Items.Select((item, i) => (item.LinkId, Score: (i + variant + dosingNumber) % 3 == 0 ? 2 : 1))
                    .ToDictionary(a => a.LinkId, a => a.Score), ResponseSource.Staff, T(minute + 1), nurse.Id), ct);
            }
            if (story.Nausea && m == interval * 3)
                Ok(await At(T(minute + 1)).Monitoring.RecordAdverseEventAsync(session.Id,
                    new AdverseEventInput(AdverseEventKind.Nausea, AdverseEventSeverity.Mild, false, null, "Ondansetron 4 mg ODT; lights dimmed", AdverseEventOutcome.Ongoing), null, rn, ct));
            if (story.Nausea && m == interval * 4)
            {
                var nausea = (await At(T(minute)).Monitoring.AdverseEventsAsync(session.Id, ct)).Single();
                Ok(await At(T(minute + 1)).Monitoring.RecordAdverseEventAsync(session.Id,
                    new AdverseEventInput(AdverseEventKind.Nausea, AdverseEventSeverity.Mild, false, null, "Settled 20 min after ondansetron; sipping water", AdverseEventOutcome.Resolved), nausea.Id, rn, ct));
            }
        }
        var end = start + monitorUntil + 2;
        if (!Reached(end)) return;
        Ok(await At(T(end)).Discharge.RecordChecksAsync(session.Id, new DischargeChecksInput(true, true, true, true), rn, ct));
        Ok(await At(T(end + 1)).Discharge.DischargeAsync(session.Id, rn, ct));
        if (route == Route.IntranasalEsketamine && story.RemsSubmitted)
        {
            // The nurse's judgement for the form, then the form filed in the REMS portal that afternoon.
            var couldHaveLeft = DemoTime.At(T(start + 95), clinic);
            Ok(await At(T(end + 20)).Rems.RecordCouldHaveLeftAsync(session.Id, couldHaveLeft.ToLocal(T(start + 95)).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), rn, ct));
            Ok(await At(T(end + 25)).Rems.MarkSubmittedAsync(session.Id, $"SPR-{DateOnly.FromDateTime(arrival):yyyyMMdd}-{dosingNumber}{variant % 10}", rn, ct));
        }
        if (story.Sign) Ok(await At(T(end + 240)).Discharge.SignAsync(session.Id, md, ct));
    }
}
