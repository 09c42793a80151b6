using System.Security.Claims;
using System.Text.Json;
using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Intake;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Eligibility;
using KapCare.Web.Features.Intake;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// Intakes and eligibility decisions for the demo clinic: patients in treatment have a complete intake (mostly
/// treatment-resistant GAD, some panic or social anxiety, often with depression or PTSD) and an approved decision dated
/// before their course; newer patients are part-way through the intake; one was declined for a psychotic disorder.
/// </summary>
public sealed class DemoIntakes(KapCareDbContext db, AuditTrail audit, EligibilityRules rules, IOptions<ClinicOptions> clinic, ClinicClock clock)
{
    private static readonly (string Drug, string Dose)[] Antidepressants =
        [("Sertraline", "150 mg"), ("Escitalopram", "20 mg"), ("Venlafaxine XR", "225 mg"), ("Duloxetine", "60 mg"), ("Paroxetine", "40 mg"), ("Buspirone", "30 mg twice a day")];

    public async Task SeedAsync(IReadOnlyList<Patient> patients, KapCareUser prescriber, CancellationToken ct)
    {
        var random = new Random(4);
        var doctor = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, prescriber.Id), new Claim(ClaimTypes.Email, prescriber.Email!), new Claim(KapCareClaimsFactory.DisplayNameClaim, prescriber.DisplayName)], "demo"));

        for (var i = 0; i < Math.Min(32, patients.Count); i++)
        {
            var patient = patients[i];
            var inTreatment = i < 22;
            var declined = i == 28;
            var form = Build(random, i, declined);
            if (!inTreatment && !declined && i >= 22)
            {
                // Part-way through: history and presentation answered at home, the rest still to do.
                form = new IntakeForm { History = form.History, Presentation = form.Presentation, Treatments = i % 2 == 0 ? form.Treatments : new() };
            }
            // Never in the future: the newest patients registered only days ago.
            var latest = clock.UtcNow.AddHours(-2);
            var started = Min(patient.CreatedAt.AddDays(1).AddHours(random.Next(0, 8)), latest.AddHours(-6));
            var updated = Min(started.AddDays(inTreatment ? 2 : 0).AddMinutes(random.Next(20, 200)), latest.AddHours(-3));
            var complete = Enum.GetValues<IntakeSectionId>().All(form.IsComplete);
            db.PatientIntakes.Add(new PatientIntake
            {
                Id = Guid.CreateVersion7(), PatientId = patient.Id, FormJson = JsonSerializer.Serialize(form, IntakeService.Json),
                Status = complete ? IntakeStatus.Submitted : IntakeStatus.InProgress, StartedAt = started, UpdatedAt = updated,
                SubmittedAt = complete ? updated : null, UpdatedByName = complete ? prescriber.DisplayName : patient.FullName, Version = 1,
            });
            if (complete && form.Medical.WeightKg is { } kg)
            {
                // Weighed by the prescriber at the intake visit and, for patients in treatment, again at a recent session:
                // doses are calculated only from weights a clinician recorded (issue 9, item 3).
                db.WeightMeasurements.Add(new Plans.WeightMeasurement
                {
                    Id = Guid.CreateVersion7(), PatientId = patient.Id, WeightKg = kg, Source = Plans.WeightSource.Measured, MeasuredAt = updated,
                    RecordedByUserId = prescriber.Id, RecordedByName = prescriber.DisplayName,
                });
                if (inTreatment)
                    db.WeightMeasurements.Add(new Plans.WeightMeasurement
                    {
                        Id = Guid.CreateVersion7(), PatientId = patient.Id, WeightKg = kg + random.Next(-10, 6) / 10m, Source = Plans.WeightSource.Measured,
                        MeasuredAt = Max(updated, latest.AddDays(-random.Next(1, 6))), RecordedByUserId = prescriber.Id, RecordedByName = prescriber.DisplayName,
                    });
            }
            await db.SaveChangesAsync(ct);

            if (!complete) continue;
            // The decision is dated the day after the intake was completed, as the prescriber's review would be.
            var decidedAt = Min(updated.AddDays(1), latest);
            var decisionClock = DemoTime.At(decidedAt, clinic);
            var record = new RecordEligibilityDecision(db, audit, decisionClock, rules, new EligibilityStanding(db, new IntakeService(db, audit, decisionClock), decisionClock));
            // The facts as the intake gives them (with whatever C-SSRS screener exists yet): the prescriber changes none.
            var facts = form.ToFacts(DateOnly.FromDateTime(decidedAt), await EligibilityStanding.SuicideRiskAsync(db, patient.Id, ct));
            var factsJson = JsonSerializer.Serialize(IntakeFactsRequest.From(facts), JsonSerializerOptions.Web);
            var result = EligibilityEngine.Evaluate(facts, await rules.CurrentAsync(ct));
            var outcome = declined
                ? await record.HandleAsync(patient.Id, facts, factsJson, approve: false,
                    "History of schizoaffective disorder: ketamine is not offered. Referred back to Dr Osei (psychiatry) with a summary; discussed TMS as an option.", [], null, doctor, ct: ct)
                : await record.HandleAsync(patient.Id, facts, factsJson, approve: true,
                    result.Outcome == EligibilityOutcome.Eligible ? "Eligible. Plan IV induction."
                        : "Reviewed: " + string.Join(" ", result.Reasons.Select(r => r.Message)) + " Acceptable with monitoring; plan IV induction.",
                    [], null, doctor, ct: ct);
            if (outcome is DecisionResult.Refused refused) throw new InvalidOperationException($"Demo decision refused for {patient.FullName}: {refused.Message}");
        }
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static IntakeForm Build(Random random, int i, bool psychosis)
    {
        // Mostly GAD; every 5th panic disorder, every 7th social anxiety; depression and PTSD as comorbidities.
        var primary = i % 5 == 3 ? DiagnosisKind.PanicDisorder : i % 7 == 4 ? DiagnosisKind.SocialAnxiety : DiagnosisKind.GeneralizedAnxiety;
        var diagnoses = new List<DiagnosisEntry> { new(primary, 14 + random.Next(0, 18), random.Next(0, 3) == 0 ? DiagnosisCourse.Worsening : DiagnosisCourse.Persistent) };
        if (random.NextDouble() < 0.5) diagnoses.Add(new(DiagnosisKind.DepressionRecurrent, 18 + random.Next(0, 15), DiagnosisCourse.Episodic));
        if (random.NextDouble() < 0.2) diagnoses.Add(new(DiagnosisKind.Ptsd, 20 + random.Next(0, 15), DiagnosisCourse.Persistent));

        int Rate(PresentationDomain domain)
        {
            var leads = (primary, domain) is (DiagnosisKind.GeneralizedAnxiety, PresentationDomain.Cognitive)
                or (DiagnosisKind.PanicDisorder, PresentationDomain.Somatic) or (DiagnosisKind.SocialAnxiety, PresentationDomain.Behavioural);
            return Math.Min(3, (leads ? 2 : 0) + random.Next(0, 2));
        }
        var ptsd = diagnoses.Any(d => d.Kind == DiagnosisKind.Ptsd);

        var trials = Antidepressants.OrderBy(_ => random.Next()).Take(1 + random.Next(0, 3))
            .Select(a => new MedicationTrialEntry(a.Drug, a.Dose, 6 + random.Next(0, 10), YesNoUnknown.Yes,
                random.Next(0, 3) == 0 ? TreatmentResponse.Partial : TreatmentResponse.None, random.Next(0, 3) == 0 ? "nausea, poor sleep" : null)).ToList();
        var therapy = new List<PsychotherapyEntry> { new("CBT", 10 + random.Next(0, 10), YesNoUnknown.Yes, TreatmentResponse.Partial) };
        if (ptsd) therapy.Add(new("EMDR", 6 + random.Next(0, 6), random.Next(0, 2) == 0 ? YesNoUnknown.Yes : YesNoUnknown.No, TreatmentResponse.Partial));

        var benzo = i % 9 == 2;
        return new IntakeForm
        {
            History = new() { Diagnoses = diagnoses, InOwnWords = primary switch
            {
                DiagnosisKind.PanicDisorder => "Panic attacks most weeks; I have stopped taking the train.",
                DiagnosisKind.SocialAnxiety => "I avoid meetings and calls; it is costing me at work.",
                _ => "Constant worry I cannot switch off, and nothing has really worked.",
            } },
            Presentation = new()
            {
                Items = PresentationProfile.Items.ToDictionary(item => item.Id, item => Rate(item.Domain)),
                Triggers = new[] { "Work or study", "Health worries", "Social situations", "Crowds or public places", "Night-time" }.OrderBy(_ => random.Next()).Take(2).ToList(),
                LinkedToPastExperiences = ptsd ? YesNoUnknown.Yes : random.Next(0, 3) == 0 ? YesNoUnknown.Yes : YesNoUnknown.No,
                IntrusiveImagery = ptsd ? YesNoUnknown.Yes : YesNoUnknown.No,
            },
            Treatments = new() { Medications = trials, Psychotherapy = therapy },
            Medical = new()
            {
                SystolicMmHg = 108 + random.Next(0, 30), DiastolicMmHg = 68 + random.Next(0, 18),
                WeightKg = 52 + random.Next(0, 45) + random.Next(0, 10) / 10m, HeightCm = 155 + random.Next(0, 35),
                IschaemicHeartDisease = YesNoUnknown.No, CerebrovascularDisease = YesNoUnknown.No, AneurysmalVascularDisease = YesNoUnknown.No,
                ArteriovenousMalformation = YesNoUnknown.No, IntracerebralHaemorrhageHistory = YesNoUnknown.No, LiverDisease = YesNoUnknown.No,
                Pregnant = YesNoUnknown.No, Breastfeeding = YesNoUnknown.No, PsychoticDisorderHistory = psychosis ? YesNoUnknown.Yes : YesNoUnknown.No,
                BipolarDisorder = YesNoUnknown.No, SubstanceUseDisorder = YesNoUnknown.No, Seizures = YesNoUnknown.No,
                CurrentMedications = benzo ? [new CurrentMedication("Lorazepam", "0.5 mg as needed"), new CurrentMedication("Sertraline", "100 mg")] : [new CurrentMedication("Sertraline", "100 mg")],
                TakesBenzodiazepine = benzo ? YesNoUnknown.Yes : YesNoUnknown.No, TakesOpioid = YesNoUnknown.No, TakesMaoi = YesNoUnknown.No,
                TakesPsychostimulant = YesNoUnknown.No, TakesLamotrigine = YesNoUnknown.No,
                Allergies = i % 6 == 1 ? [new Allergy("Penicillin", "hives")] : i % 10 == 7 ? [new Allergy("Sulfonamides", "rash")] : [],
                NoKnownAllergies = i % 6 != 1 && i % 10 != 7,
            },
            Support = new()
            {
                HasSupportPerson = YesNoUnknown.Yes, SupportPersonName = "Partner", SupportPersonRelationship = "Partner",
                TransportHome = YesNoUnknown.Yes, TransportPlan = "Partner drives me home",
            },
        };
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

}
