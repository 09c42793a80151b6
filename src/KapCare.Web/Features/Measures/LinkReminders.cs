using System.Net;
using System.Net.Mail;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Measures;

/// <summary>Outgoing e-mail. Reminders are sent only when <see cref="Host"/> is set (issue 3: "when email is configured").</summary>
public sealed class EmailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "no-reply@kapcare.local";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>
/// Reminds a patient whose questionnaire link is still unused when its reminder time comes (default 2 days
/// after sending, 2 days before expiry). The reminder carries no link and no health details: only the secret
/// link can answer, and only its hash is kept, so it points the patient back to the message they received.
/// </summary>
public sealed class LinkReminders(KapCareDbContext db, AuditTrail audit, ClinicClock clock, IOptions<EmailOptions> email, IOptions<ClinicOptions> clinic)
{
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        if (!email.Value.IsConfigured) return 0;
        var now = clock.UtcNow;
        var due = await (from l in db.MeasureLinks
                         join p in db.Patients on l.PatientId equals p.Id
                         where l.ReminderDueAt <= now && l.ReminderSentAt == null && l.UsedAt == null && l.ExpiresAt > now && p.Email != null && p.ArchivedAt == null
                         select new { Link = l, p.Email, p.GivenName }).Take(100).ToListAsync(ct);
        var sent = 0;
        audit.AnonymousActor = "system:reminders";
        foreach (var item in due)
        {
            using var message = new MailMessage(email.Value.From, item.Email!)
            {
                Subject = $"A reminder from {clinic.Value.Name}",
                Body = $"Hello {item.GivenName},\n\nYour care team sent you a short questionnaire that you haven't answered yet. " +
                       $"The link in that message works until {clock.ToLocal(item.Link.ExpiresAt).ToString("dddd d MMMM, h:mm tt", System.Globalization.CultureInfo.InvariantCulture)}.\n\n" +
                       $"If you can't find it, call the clinic and we will send a new one.\n\n{clinic.Value.Name}",
            };
            using var smtp = new SmtpClient(email.Value.Host, email.Value.Port) { EnableSsl = email.Value.EnableSsl };
            if (!string.IsNullOrEmpty(email.Value.Username)) smtp.Credentials = new NetworkCredential(email.Value.Username, email.Value.Password);
            try
            {
                await smtp.SendMailAsync(message, ct);
            }
            catch (SmtpException)
            {
                await audit.RecordAsync(AuditActions.MeasureLinkRemind, AuditOutcome.Failure, "MeasureLink", item.Link.Id.ToString(), item.Link.PatientId, "e-mail server refused", ct);
                continue;
            }
            item.Link.ReminderSentAt = now;
            audit.Add(AuditActions.MeasureLinkRemind, AuditOutcome.Success, "MeasureLink", item.Link.Id.ToString(), item.Link.PatientId, "reminder e-mailed");
            await db.SaveChangesAsync(ct);
            sent++;
        }
        return sent;
    }
}

/// <summary>Sends due reminders every few minutes when e-mail is configured.</summary>
public sealed class LinkReminderSweep(IServiceScopeFactory scopes, IOptions<EmailOptions> email, ILogger<LinkReminderSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!email.Value.IsConfigured) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var sent = await scope.ServiceProvider.GetRequiredService<LinkReminders>().SendDueAsync(stoppingToken);
                if (sent > 0) logger.LogInformation("Sent {Count} questionnaire reminders", sent);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Reminder sweep failed: {Error}", ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
