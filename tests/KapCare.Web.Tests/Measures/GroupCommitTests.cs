using KapCare.Clinical.Instruments;
using KapCare.Web.Data;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Measures;

/// <summary>Concurrent submissions share commits, and one that cannot be stored fails alone.</summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Given_many_concurrent_submissions_and_one_bad_one_When_stored_Then_every_good_one_is_committed_whole_and_the_bad_one_fails()
    {
        var client = await app.SignedInClientAsync(Roles.Nurse);
        var patientId = await KapCareTestApp.RegisterPatientAsync(client, new()
        {
            ["Input.GivenName"] = "Eva", ["Input.FamilyName"] = "Lind", ["Input.BirthDate"] = "1975-06-01", ["Input.Sex"] = "Female",
        });
        var phq9 = InstrumentLibrary.Get("phq-9");
        var answers = phq9.Items.ToDictionary(i => i.LinkId, i => i.LinkId == "9" ? 1 : 2); // 8 × 2 + 1 = 17, item 9 alert

        Task<SubmissionResult> Submit(Guid patient, bool verified) => app.WithServicesAsync(s =>
            s.GetRequiredService<SubmitResponse>().HandleAsync(new ResponseSubmission(patient, phq9, answers, ResponseSource.Api, PatientVerified: verified)));

        // A patient id that does not exist, claimed as verified: only the foreign key can refuse it.
        var tasks = Enumerable.Range(0, 40).Select(i => i == 17 ? Submit(Guid.NewGuid(), verified: true) : Submit(patientId, verified: false)).ToList();
        var bad = tasks[17];
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => bad);
        var good = await Task.WhenAll(tasks.Where(t => t != bad));

        Assert.All(good, r => Assert.IsType<SubmissionResult.Stored>(r));
        Assert.Equal(39, await app.WithDbAsync(db => db.QuestionnaireResponses.CountAsync(r => r.PatientId == patientId && r.Total == 17)));
        Assert.Equal(39, await app.WithDbAsync(db => db.ScoreObservations.CountAsync(o => o.PatientId == patientId && o.Value == 17)));
        Assert.Equal(39, await app.WithDbAsync(db => db.SafetyAlerts.CountAsync(a => a.PatientId == patientId)));
        Assert.Equal(39, (await app.AuditEntriesAsync()).Count(a => a.Action == Features.Audit.AuditActions.MeasureSubmit));
    }
}
