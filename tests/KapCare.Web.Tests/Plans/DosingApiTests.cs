using System.Net;
using System.Text;
using System.Text.Json;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;

namespace KapCare.Web.Tests.Plans;

/// <summary>
/// <c>POST /api/dosing/calculate</c> (issue 10, item 11) on SQLite and PostgreSQL: the same answers as <c>kapcare dose</c>
/// (worked by hand there), behind a bearer token whose user holds clinical.read and whose scope allows user/Dosing.read.
/// </summary>
public sealed class DosingApiTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json) =>
        client.PostAsync("/api/dosing/calculate", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_prescribers_token_gets_the_IV_dose_volume_and_pump_rate_and_the_call_is_audited()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/Dosing.read"));

        var response = await PostAsync(client, """{"route":"iv","mgPerKg":0.5,"weightKg":70}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        // 0.5 × 70 = 35 mg; 35 ÷ 50 = 0.7 mL; 100 mL over 40 min = 150 mL/h.
        Assert.Equal(("ok", 35m, 0.7m, 150m), (json.GetProperty("status").GetString(), json.GetProperty("doseMg").GetDecimal(),
            json.GetProperty("vialVolumeMl").GetDecimal(), json.GetProperty("pumpRateMlPerHour").GetDecimal()));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.DoseCalculate && a.Detail!.Contains("ok", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dose_above_the_hard_limit_answers_block_without_preparation()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Nurse, "user/*.read"));

        var json = JsonDocument.Parse(await (await PostAsync(client, """{"route":"iv","mgPerKg":1.2,"weightKg":70}""")).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("block", json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("preparation").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("vialVolumeMl").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("pumpRateMlPerHour").ValueKind);
    }

    [Fact]
    public async Task Input_that_cannot_be_calculated_answers_refuse_naming_the_field()
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/Dosing.read"));

        var response = await PostAsync(client, """{"route":"esketamine","doseMg":56}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("refuse", "age"), (json.GetProperty("status").GetString(), json.GetProperty("field").GetString()));
    }

    [Theory]
    [InlineData("""{"route":"iv","mgPerKg":0.5,"weightKg":70""")]
    [InlineData("""{"route":"iv","mgPerKg":"half","weightKg":70}""")]
    [InlineData("""{"route":"iv","mgPerKg":0.5,"weightKg":70,"patientName":"Ines"}""")]
    public async Task Malformed_json_a_wrong_type_or_an_unknown_field_is_a_400(string body)
    {
        var client = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/Dosing.read"));

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(client, body)).StatusCode);
    }

    [Fact]
    public async Task A_token_scoped_to_another_resource_or_a_user_without_clinical_read_is_refused()
    {
        var patientScoped = app.CreateApiClient(await app.CreateTokenAsync(Roles.Prescriber, "user/Patient.read"));
        var frontDesk = app.CreateApiClient(await app.CreateTokenAsync(Roles.FrontDesk, "user/*.*"));
        var anonymous = app.CreateApiClient(null);
        const string body = """{"route":"iv","mgPerKg":0.5,"weightKg":70}""";

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(patientScoped, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(frontDesk, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, body)).StatusCode);
    }
}
