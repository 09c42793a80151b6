using System.Net;
using KapCare.Web.Features.Demo;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Ledger;

/// <summary>The demo clinic's ledger is believable and consistent: it verifies, and shows what a reviewer should see.</summary>
public sealed class DemoLedgerTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Given_the_demo_clinic_When_seeded_Then_its_ledger_verifies_with_administrations_a_witnessed_waste_and_a_resolved_discrepancy()
    {
        await app.WithServicesAsync(s => s.GetRequiredService<DemoClinic>().EnsureSeededAsync());

        var report = await app.WithDbAsync(db => new LedgerChainVerifier(db).VerifyAsync());
        Assert.True(report.Intact, report.Problem);
        var entries = await app.WithDbAsync(db => db.LedgerEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        Assert.True(entries.Count(e => e.Kind == LedgerEntryKind.Administered && e.PatientId != null) >= 5);
        Assert.Contains(entries, e => e.Kind == LedgerEntryKind.Wasted && e.WitnessUserId != null && e.WitnessUserId != e.RecordedByUserId);
        var adjusted = Assert.Single(entries, e => e.Kind == LedgerEntryKind.Adjusted);
        Assert.Equal(-200, adjusted.Change);
        Assert.Equal(entries.OrderBy(e => e.OccurredAt).Select(e => e.Id), entries.Select(e => e.Id));

        var nurse = app.CreateClient();
        var email = DemoClinic.Staff.First(s => s.Role == Web.Features.Users.Roles.Nurse).Email;
        app.RememberAuthenticatorKey(email, DemoClinic.TwoFactorKey);
        await app.SignInAsync(nurse, email, DemoClinic.Password);
        var page = await nurse.GetAsync("/Ledger");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("KE2407A", html, StringComparison.Ordinal);
        Assert.Contains("Expires in 45 days", html, StringComparison.Ordinal);
        Assert.DoesNotContain("open count discrepanc", html, StringComparison.Ordinal);
    }
}
