using System.Net;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests.Measures;

public sealed class ChangeConventionSettingsTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Given_a_4_point_GAD7_fall_When_the_clinic_switches_convention_Then_the_chart_judges_it_reliable_and_says_so()
    {
        var nurse = await app.SignedInClientAsync(Roles.Nurse);
        var patientId = await KapCareTestApp.RegisterPatientAsync(nurse, new()
        {
            ["Input.GivenName"] = "Omar", ["Input.FamilyName"] = "Farah", ["Input.BirthDate"] = "1980-01-01", ["Input.Sex"] = "Male",
        });
        static Dictionary<string, string> Gad(params int[] s) => s.Select((v, i) => ($"answers[{i + 1}]", v.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToDictionary(x => x.Item1, x => x.Item2);
        await KapCareTestApp.PostFormAsync(nurse, $"/Patients/{patientId}/Measures/New?instrument=gad-7", Gad(2, 2, 2, 2, 2, 1, 1)); // 12
        await KapCareTestApp.PostFormAsync(nurse, $"/Patients/{patientId}/Measures/New?instrument=gad-7", Gad(1, 1, 1, 1, 2, 1, 1)); // 8

        // Default (Jacobson–Truax, SD₁ 5.59, r 0.87): reliable only from 6 points, so a 4-point fall is not reliable.
        var before = WebUtility.HtmlDecode(await nurse.GetStringAsync($"/Patients/{patientId}/Measures"));
        Assert.Contains("No reliable change", before, StringComparison.Ordinal);

        var admin = await app.SignedInClientAsync(Roles.Admin);
        var refused = await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings", new() { ["instrument"] = "gad-7", ["method"] = "jt", ["sd"] = "5.59", ["r"] = "1.2" });
        Assert.Contains("reliability r between 0 and 1", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.ClinicSettings.CountAsync()));

        await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings", new() { ["instrument"] = "gad-7", ["method"] = "points", ["points"] = "4" });
        var after = WebUtility.HtmlDecode(await nurse.GetStringAsync($"/Patients/{patientId}/Measures"));
        Assert.Contains("Reliable improvement", after, StringComparison.Ordinal);
        Assert.Contains("clinic setting", after, StringComparison.Ordinal);
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.SettingUpdate && a.Detail!.EndsWith("→ points:4", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync("/Admin/Settings")).StatusCode);
    }
}
