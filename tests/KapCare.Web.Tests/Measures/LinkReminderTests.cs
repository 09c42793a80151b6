using System.Text.RegularExpressions;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Tests.Measures;

public sealed partial class LinkReminderTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private Task<int> SendAsync(int? smtpPort) => app.WithServicesAsync(s => new LinkReminders(
        s.GetRequiredService<KapCareDbContext>(), s.GetRequiredService<AuditTrail>(), s.GetRequiredService<ClinicClock>(),
        Options.Create(new EmailOptions { Host = smtpPort is null ? null : "127.0.0.1", Port = smtpPort ?? 0, EnableSsl = false, From = "clinic@kapcare.test" }),
        Options.Create(new ClinicOptions { Name = "Lakeside Clinic" })).SendDueAsync());

    [Fact]
    public async Task Given_an_unused_link_past_its_reminder_time_When_email_is_configured_Then_one_reminder_without_the_link_is_sent()
    {
        var client = await app.SignedInClientAsync(Roles.Nurse);
        var patientId = await KapCareTestApp.RegisterPatientAsync(client, new()
        {
            ["Input.GivenName"] = "Noor", ["Input.FamilyName"] = "Haddad", ["Input.BirthDate"] = "1987-03-03", ["Input.Sex"] = "Female", ["Input.Email"] = "noor@example.com",
        });
        var page = await KapCareTestApp.PostFormAsync(client, $"/Patients/{patientId}/Measures/Link", new() { ["instruments"] = "gad-7" });
        var token = Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;

        await using var smtp = new FakeSmtpServer();
        Assert.Equal(0, await SendAsync(null)); // no e-mail configured: nothing sent
        Assert.Equal(0, await SendAsync(smtp.Port)); // reminder not due yet (2 days after sending)

        await app.WithDbAsync(async db =>
        {
            var link = await db.MeasureLinks.SingleAsync();
            Assert.Equal(2, (link.ReminderDueAt!.Value - link.CreatedAt).TotalDays, 3);
            link.ReminderDueAt = DateTime.UtcNow.AddMinutes(-1);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(1, await SendAsync(smtp.Port));
        Assert.Equal(0, await SendAsync(smtp.Port)); // only once

        var (to, data) = Assert.Single(smtp.Messages);
        Assert.Equal("noor@example.com", to);
        Assert.Contains("Hello Noor", data, StringComparison.Ordinal);
        Assert.DoesNotContain(token, data, StringComparison.Ordinal);
        Assert.DoesNotContain("/m/", data, StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.MeasureLinkRemind && a.PatientId == patientId);
    }

    [GeneratedRegex("/m/([A-Za-z0-9_-]{43})")]
    private static partial Regex Token();
}
