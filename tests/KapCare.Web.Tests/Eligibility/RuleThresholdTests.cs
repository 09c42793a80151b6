using System.Net;
using System.Text;
using System.Text.Json;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Eligibility;

/// <summary>An admin edits a rule threshold: the change is versioned, audited and used by every evaluation after it.</summary>
public sealed class RuleThresholdTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Given_the_systolic_limit_lowered_to_130_When_135_over_85_is_evaluated_Then_it_needs_review_under_rule_set_1_1()
    {
        var api = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/*.read"));
        // The typical patient of EligibilityApiTests with BP 135/85: under the default 140/90 limit (REFERENCE.md §4).
        var intake = """
            {"systolicMmHg":135,"diastolicMmHg":85,"weightKg":70,"heightCm":170,"psychoticDisorderHistory":"no","bipolarDisorder":"no","onMoodStabilizer":"no",
             "substanceUseDisorder":"no","monthsAbstinent":null,"aneurysmalVascularDisease":"no","arteriovenousMalformation":"no","intracerebralHaemorrhageHistory":"no",
             "ischaemicHeartDisease":"no","cerebrovascularDisease":"no","pregnant":"no","breastfeeding":"no","takesBenzodiazepine":"no","takesOpioid":"no",
             "takesMaoi":"no","takesPsychostimulant":"no","suicideRisk":"low","supportPerson":"yes","transportHome":"yes",
             "medicationTrials":[{"drug":"sertraline","doseAdequate":"yes","weeks":8},{"drug":"escitalopram","doseAdequate":"yes","weeks":8}],
             "psychotherapyCourses":[{"type":"CBT","sessions":12,"completed":"yes"}]}
            """;
        async Task<JsonElement> EvaluateAsync() => JsonDocument.Parse(await (await api.PostAsync("/api/eligibility/evaluate",
            new StringContent(intake, Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync()).RootElement;

        var before = await EvaluateAsync();
        Assert.Equal(("Eligible", "1.0"), (before.GetProperty("outcome").GetString(), before.GetProperty("ruleSetVersion").GetString()));

        var admin = await app.SignedInClientAsync(Roles.Admin);
        var refused = await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings?handler=Threshold",
            new() { ["ruleId"] = "uncontrolled-hypertension", ["name"] = "systolic-limit", ["value"] = "300" }, "/Admin/Settings");
        Assert.Contains("Nothing was changed", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("1.0", (await EvaluateAsync()).GetProperty("ruleSetVersion").GetString());

        await KapCareTestApp.PostFormAsync(admin, "/Admin/Settings?handler=Threshold",
            new() { ["ruleId"] = "uncontrolled-hypertension", ["name"] = "systolic-limit", ["value"] = "130" }, "/Admin/Settings");
        var after = await EvaluateAsync();
        Assert.Equal(("NeedsReview", "1.1"), (after.GetProperty("outcome").GetString(), after.GetProperty("ruleSetVersion").GetString()));
        var reason = Assert.Single(after.GetProperty("reasons").EnumerateArray());
        Assert.Equal(("uncontrolled-hypertension", 2), (reason.GetProperty("ruleId").GetString(), reason.GetProperty("ruleVersion").GetInt32()));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.SettingUpdate && a.Detail!.Contains("140 → 130", StringComparison.Ordinal));
    }
}
