using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using KapCare.Web.Data;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using static KapCare.Web.Tests.Fhir.FhirMeasures;
using static KapCare.Web.Tests.Fhir.FhirTestClient;

namespace KapCare.Web.Tests.Measures;

/// <summary>
/// Issue 9, item 7: a check-in must cost the same whether the patient has 5 or 5,000 responses. The oracle is the
/// shape of the work, not a timing: the database commands one submission issues are the same for a patient with a
/// handful of responses and for one with hundreds, and none of them reads the patient's earlier responses, scores or
/// alerts. (The throughput side by side is in bench/results/submission-path.md.)
/// </summary>
public sealed class SubmissionCostTests(KapCareTestApp app) : IClassFixture<KapCareTestApp>
{
    private static readonly string[] PatientHistoryTables = ["QuestionnaireResponses", "ScoreObservations", "SafetyAlerts"];

    [Fact]
    public async Task Given_a_patient_with_3_and_then_400_responses_When_one_more_is_submitted_over_FHIR_Then_the_same_commands_run_and_none_reads_history()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Nurse, "user/*.*"));
        var patient = await NewPatientIdAsync(client, "Hedda");
        var patientId = Guid.Parse(patient);
        int[] scores = [1, 2, 1, 0, 2, 1, 1];
        async Task SubmitOneAsync()
        {
            var (_, response) = await SubmitAsync(client, Response("http://loinc.org/q/69737-5", patient, LoincItems(Gad7Items, scores)));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        // Three responses first; the first also warms the token cache, so later requests authenticate the same way.
        for (var i = 0; i < 3; i++) await SubmitOneAsync();
        var database = await app.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));

        var few = await CommandsDuringAsync(database, SubmitOneAsync);

        // Years of weekly check-ins and then some: 400 more, stored directly (the path under test is the next one).
        await app.WithDbAsync(async db =>
        {
            var start = DateTime.UtcNow.AddDays(-400 * 7);
            for (var i = 0; i < 400; i++)
            {
                db.QuestionnaireResponses.Add(new QuestionnaireResponseRecord
                {
                    Id = Guid.CreateVersion7(), PatientId = patientId, InstrumentId = "gad-7", Status = ResponseStatus.Completed,
                    Source = ResponseSource.Api, AuthoredAt = start.AddDays(7 * i), RecordedAt = start.AddDays(7 * i),
                    AnswersJson = "{}", Total = 8, BandLabel = "Mild", BandCode = "mild", Version = 1,
                });
            }
            return await db.SaveChangesAsync();
        });

        var many = await CommandsDuringAsync(database, SubmitOneAsync);

        // The listener sees the submission itself: its insert of the response is among the commands.
        Assert.Contains(few, c => Regex.IsMatch(c, @"INSERT INTO\s+""?QuestionnaireResponses""?", RegexOptions.IgnoreCase));
        Assert.Equal(few.Select(Shape).Order(), many.Select(Shape).Order());
        // The audit chain's head (the last row's sequence and hash, one indexed row) is read on every save; reading the
        // patient's own audit rows would grow with history.
        var reads = many.Where(c => c.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            && (PatientHistoryTables.Any(t => Regex.IsMatch(c, $@"FROM\s+""?{t}""?", RegexOptions.IgnoreCase))
                || Regex.IsMatch(c, @"FROM\s+""?AuditEntries""?", RegexOptions.IgnoreCase) && c.Contains("PatientId", StringComparison.Ordinal))).ToList();
        Assert.True(reads.Count == 0, "A submission read the patient's history:\n" + string.Join("\n---\n", reads));
    }

    /// <summary>A command with its literal values and parameter names taken out, so two submissions compare equal.</summary>
    private static string Shape(string sql) => Regex.Replace(Regex.Replace(sql, @"[@$:]\w+", "?"), @"'[^']*'|\b\d+\b", "#");

    /// <summary>Every command EF Core sends to this test's own database while <paramref name="work"/> runs.</summary>
    private static async Task<List<string>> CommandsDuringAsync(string database, Func<Task> work)
    {
        using var listener = new CommandListener(database);
        using var subscription = DiagnosticListener.AllListeners.Subscribe(listener);
        await work();
        // Group commit answers the request once its rows are committed; nothing of this submission is still in flight.
        return [.. listener.Commands];
    }

    private sealed class CommandListener(string database) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> subscriptions = [];
        public ConcurrentQueue<string> Commands { get; } = new();

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name) lock (subscriptions) subscriptions.Add(value.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            // Other test classes run at the same time in this process: keep only the commands sent to this app's database.
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data
                && data.Context?.Database.GetConnectionString() == database)
                Commands.Enqueue(data.Command.CommandText);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (subscriptions) foreach (var s in subscriptions) s.Dispose();
        }
    }
}
