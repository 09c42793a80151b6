using KapCare.Clinical.Plans;
using KapCare.Clinical.Sessions;
using KapCare.Web.Features.Consent;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Sessions;

/// <summary>A dosing session as the tests drive it: a patient ready for the chair, the pre-check form, the chart's handlers.</summary>
internal static class SessionTestKit
{
    public const string NurseEmail = "nurse.reyes@clinic.test";
    public const string PrescriberEmail = "dr.osei@clinic.test";

    public static string Chart(Guid id, int n = 1) => $"/Patients/{id}/Sessions/{n}";

    /// <summary>
    /// An approved 70 kg patient (weighed by the prescriber) with a signed plan (IV 0.5 mg/kg over 40 min unless
    /// <paramref name="plan"/> says otherwise), a signed treatment consent and, unless told otherwise, today's GAD-7.
    /// </summary>
    /// <param name="team">The prescriber and nurse already signed in, for a second patient in the same test.</param>
    public static async Task<(HttpClient Prescriber, HttpClient Nurse, Guid PatientId)> ReadyPatientAsync(this KapCareTestApp app, bool consent = true, bool gad7 = true,
        Dictionary<string, string>? plan = null, string birthDate = "1985-06-01", (HttpClient Prescriber, HttpClient Nurse)? team = null,
        IReadOnlyList<string>? modalities = null)
    {
        var prescriber = team?.Prescriber ?? await app.SignedInClientAsync(Roles.Prescriber, PrescriberEmail);
        var id = await KapCareTestApp.ApprovedPatientAsync(prescriber, birthDate);
        if (modalities is not null)
        {
            // The draft's modalities are accepted before signing (they are fixed on a signed plan).
            await KapCareTestApp.SaveDraftPlanAsync(prescriber, id, plan ?? KapCareTestApp.PlanForm());
            var draft = await app.LatestPlanIdAsync(id);
            var accepted = modalities.Select((m, i) => (m, i)).ToDictionary(x => $"accepted[{x.i}]", x => x.m);
            await KapCareTestApp.PostFormAsync(prescriber, $"/Patients/{id}/Plan/{draft}?handler=Modalities", accepted, $"/Patients/{id}/Plan/{draft}");
            await KapCareTestApp.SignPlanAsync(prescriber, id, draft, new() { ["acknowledge"] = "true" });
        }
        else if (plan is null) await app.SignedPlanAsync(prescriber, id);
        else
        {
            await KapCareTestApp.SaveDraftPlanAsync(prescriber, id, plan);
            await KapCareTestApp.SignPlanAsync(prescriber, id, await app.LatestPlanIdAsync(id), new() { ["acknowledge"] = "true" });
        }
        var nurse = team?.Nurse ?? await app.SignedInClientAsync(Roles.Nurse, NurseEmail);
        if (consent)
        {
            await app.WithServicesAsync(async s =>
            {
                var witness = await s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<KapCareUser>>().FindByEmailAsync(NurseEmail);
                var document = ConsentDocuments.Treatment;
                return await s.GetRequiredService<ConsentService>().SignAsync(id, document.Id, document.Version, "Ines Moreau", agreed: true,
                    SignatureMethod.InClinic, null, witness!.Id, witness.DisplayName);
            });
        }
        if (gad7)
        {
            var answers = Enumerable.Range(1, 7).ToDictionary(i => $"answers[{i}]", _ => "1");
            await KapCareTestApp.PostFormAsync(nurse, $"/Patients/{id}/Measures/New?instrument=gad-7", answers);
        }
        return (prescriber, nurse, id);
    }

    /// <summary>An esketamine plan (56 mg, the label's first dose) in place of the IV default.</summary>
    public static Dictionary<string, string> EsketaminePlan() => new()
    {
        ["TemplateId"] = ProtocolTemplates.Esketamine,
        ["FirstDosingDate"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Dictionary<string, string> PreChecks(int systolic = 128, int diastolic = 82) => new()
    {
        ["identity"] = "yes", ["fasting"] = "yes", ["escort"] = "yes", ["pregnancy"] = "negative", ["medications"] = "none",
        ["systolic"] = systolic.ToString(System.Globalization.CultureInfo.InvariantCulture), ["diastolic"] = diastolic.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["heartRate"] = "74", ["spo2"] = "98", ["respiratoryRate"] = "14",
    };

    public static Dictionary<string, string> Vitals(int systolic, int diastolic, int heartRate = 78, int spo2 = 98, int respiratoryRate = 14) => new()
    {
        ["systolic"] = systolic.ToString(System.Globalization.CultureInfo.InvariantCulture), ["diastolic"] = diastolic.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["heartRate"] = heartRate.ToString(System.Globalization.CultureInfo.InvariantCulture), ["spo2"] = spo2.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["respiratoryRate"] = respiratoryRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Dictionary<string, string> DischargeChecks(string answer = "yes") => new()
    {
        ["alert"] = answer, ["effects"] = answer, ["escort"] = answer, ["instructions"] = answer,
    };

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, Guid id, string handler, Dictionary<string, string>? form = null) =>
        KapCareTestApp.PostFormAsync(client, $"{Chart(id)}?handler={handler}", form ?? [], Chart(id));

    /// <summary>The state of the patient's one session (the tests open one per patient).</summary>
    public static Task<SessionState> StateAsync(this KapCareTestApp app, Guid id) =>
        app.WithDbAsync(db => db.DosingSessions.Where(s => s.PatientId == id).Select(s => s.State).SingleAsync());

    /// <summary>
    /// Lets time pass at the chair: the clock moves in steps of 7 minutes and each signed-in client opens a page between
    /// them, as a nurse's tablet does, so the 15-minute idle time-out (issue 9) does not sign them out of a long session.
    /// </summary>
    public static async Task PassAsync(this KapCareTestApp app, TimeSpan span, params HttpClient[] keepSignedIn)
    {
        var step = TimeSpan.FromMinutes(7);
        while (span > TimeSpan.Zero)
        {
            var now = span < step ? span : step;
            app.Clock.Advance(now);
            span -= now;
            foreach (var client in keepSignedIn) (await client.GetAsync("/")).EnsureSuccessStatusCode();
        }
    }
}
