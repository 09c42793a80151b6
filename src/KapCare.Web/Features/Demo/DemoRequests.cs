using KapCare.Clinical.SelfScreen;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Consultations;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// The front desk's queue in the demo clinic: consultation requests from the public self-screen over the past week,
/// with every outcome and status — two new (one with thoughts of self-harm, to be contacted first), one contacted, one
/// declined with a note, and one converted to the demo patient who came in through it.
/// </summary>
public sealed class DemoRequests(KapCareDbContext db, ClinicClock clock)
{
    private static readonly int[] Moderate = [2, 2, 2, 1, 1, 2, 2];   // 12, moderate
    private static readonly int[] Severe = [3, 3, 2, 2, 2, 2, 3];     // 17, severe
    private static readonly int[] Mild = [1, 1, 1, 1, 1, 1, 0];       // 6, mild

    public async Task SeedAsync(IReadOnlyList<Patient> patients, KapCareUser frontDesk, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var staff = (frontDesk.Id, frontDesk.DisplayName);
        ConsultationRequest Add(string name, string? email, string? phone, string? times, string? note, int[] gad7, int selfHarm, double hoursAgo,
            params (string Id, ScreenAnswer Answer)[] changes)
        {
            var yesNo = SelfScreenQuestions.YesNo.ToDictionary(q => q.Id, q => q.PassingAnswer);
            foreach (var (id, answer) in changes) yesNo[id] = answer;
            var answers = new SelfScreenAnswers(gad7.Select((s, i) => ((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), s)).ToDictionary(), yesNo, selfHarm);
            var request = ConsultationRequest.Submit(new ConsultationContact(name, email, phone, times, note), answers, now.AddHours(-hoursAgo));
            db.ConsultationRequests.Add(request);
            db.AuditEntries.Add(new AuditEntry
            {
                OccurredAt = request.SubmittedAt, Actor = "public self-screen", Action = AuditActions.ConsultationSubmit, ResourceType = nameof(ConsultationRequest),
                ResourceId = request.Id.ToString(), Channel = "web", Outcome = AuditOutcome.Success, Detail = $"outcome {request.Outcome} (demo)",
            });
            return request;
        }

        Add("Hannah Kowalski", "hannah.kowalski@example.com", "+1 312 555 0114", "Weekday evenings", "Sertraline and then escitalopram helped only a little; two rounds of CBT.", Severe, 0, 3);
        Add("Marcus Bell", null, "(773) 555-0162", "Weekday mornings; Saturdays", null, Moderate, 1, 20,
            (SelfScreenQuestions.HeartOrBloodPressure, ScreenAnswer.NotSure));
        var contacted = Add("Priya Raman", "priya.r@example.com", null, "Weekday afternoons", "Is this covered by insurance?", Mild, 0, 50,
            (SelfScreenQuestions.PriorTreatments, ScreenAnswer.No));
        contacted.MarkContacted("Called; explained first-line options and sent our CBT group details. She will call back.", staff.Id, staff.DisplayName, now.AddHours(-30));
        var declined = Add("Evan Doyle", "evan.doyle@example.com", "+1 312 555 0190", null, null, Severe, 0, 100,
            (SelfScreenQuestions.Psychosis, ScreenAnswer.Yes));
        declined.Decline("Schizoaffective disorder: explained why ketamine is not offered; referred back to his psychiatrist.", staff.Id, staff.DisplayName, now.AddHours(-80));
        Add("Lucía Fernández", "lucia.fernandez@example.com", "+1 872 555 0137", "Other: lunchtime", null, Moderate, 0, 30,
            (SelfScreenQuestions.PregnantOrBreastfeeding, ScreenAnswer.Yes));
        if (patients.Count > 30)
        {
            // A newer patient came in through the self-screen.
            var patient = patients[30];
            var converted = Add(patient.FullName, patient.Email, patient.Phone, "Weekday mornings", null, Severe, 0, 24 * 6);
            converted.Convert(patient.Id, staff.Id, staff.DisplayName, now.AddDays(-5));
            AddSelfScreenGad7(converted, patient.Id, now.AddDays(-5));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What the conversion stores (ConvertConsultationRequest): the self-screen GAD-7 as the patient's first response, with its total.</summary>
    private void AddSelfScreenGad7(ConsultationRequest request, Guid patientId, DateTime recordedAt)
    {
        var gad7 = SelfScreenAssessment.Gad7;
        var score = gad7.Score(request.Answers().Gad7);
        var response = new Measures.QuestionnaireResponseRecord
        {
            Id = Guid.CreateVersion7(), PatientId = patientId, InstrumentId = gad7.Id, Status = Measures.ResponseStatus.Completed,
            Source = Measures.ResponseSource.SelfScreen, AuthoredAt = request.SubmittedAt, RecordedAt = recordedAt, AnswersJson = request.Gad7AnswersJson,
            Total = score.Total, BandCode = score.Band?.Code, BandLabel = score.Band?.Label, Version = 1,
        };
        db.QuestionnaireResponses.Add(response);
        db.ScoreObservations.Add(new Measures.ScoreObservation
        {
            Id = Guid.CreateVersion7(), PatientId = patientId, ResponseId = response.Id, InstrumentId = gad7.Id, CodeSystem = gad7.TotalCode.System,
            Code = gad7.TotalCode.Code, Display = gad7.TotalCode.Display, Value = score.Total, BandCode = score.Band?.Code, BandLabel = score.Band?.Label,
            EffectiveAt = response.AuthoredAt, Status = Measures.ObservationStatus.Final,
        });
    }
}
