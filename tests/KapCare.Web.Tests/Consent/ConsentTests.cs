using System.Net;
using System.Text.RegularExpressions;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Consent;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Consent;

public sealed partial class ConsentTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<(HttpClient Staff, HttpClient Patient, Guid PatientId)> PortalPatientAsync()
    {
        // A nurse: witnessing consent and opening the signed document are not front-desk permissions (docs/decisions/0015).
        var staff = await app.SignedInClientAsync(Roles.Nurse);
        var patientId = await KapCareTestApp.RegisterPatientAsync(staff, new()
        {
            ["Input.GivenName"] = "Zoë", ["Input.FamilyName"] = "O'Brien", ["Input.BirthDate"] = "1988-02-02", ["Input.Sex"] = "Female",
        });
        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/PortalAccess", new() { ["email"] = "zoe@example.com", ["password"] = "zoe's long password" });
        var patient = app.CreateClient();
        await KapCareTestApp.PostFormAsync(patient, "/Account/Login", new() { ["Input.Email"] = "zoe@example.com", ["Input.Password"] = "zoe's long password" });
        return (staff, patient, patientId);
    }

    [Fact]
    public async Task Given_a_patient_in_the_portal_When_they_sign_the_treatment_consent_Then_it_is_stored_immutably_and_the_PDF_shows_the_exact_text()
    {
        var (staff, patient, patientId) = await PortalPatientAsync();
        var document = ConsentDocuments.Treatment;
        Assert.False(await app.WithServicesAsync(s => s.GetRequiredService<ConsentService>().HasCurrentTreatmentConsentAsync(patientId)));

        var wrongName = await KapCareTestApp.PostFormAsync(patient, $"/Portal/Consents/{document.Id}",
            new() { ["documentVersion"] = document.Version, ["agreed"] = "true", ["typedName"] = "Someone Else" });
        Assert.Contains("Type the patient's full name", WebUtility.HtmlDecode(await wrongName.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var notAgreed = await KapCareTestApp.PostFormAsync(patient, $"/Portal/Consents/{document.Id}",
            new() { ["documentVersion"] = document.Version, ["typedName"] = "Zoe OBrien" });
        Assert.Contains("Tick the box", await notAgreed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.SignedConsents.CountAsync()));

        // Typed plainly (no diaeresis, no apostrophe): the name still matches the record.
        await KapCareTestApp.PostFormAsync(patient, $"/Portal/Consents/{document.Id}",
            new() { ["documentVersion"] = document.Version, ["agreed"] = "true", ["typedName"] = "zoe obrien" });
        var signed = await app.WithDbAsync(db => db.SignedConsents.SingleAsync());
        Assert.Equal((document.Id, document.Version, document.Text, SignatureMethod.Portal), (signed.DocumentId, signed.DocumentVersion, signed.Text, signed.Method));
        Assert.Equal(SignedConsent.Hash(document.Text), signed.TextSha256);
        Assert.True(await app.WithServicesAsync(s => s.GetRequiredService<ConsentService>().HasCurrentTreatmentConsentAsync(patientId)));
        Assert.Contains(await app.AuditEntriesAsync(), a => a.Action == AuditActions.ConsentSign && a.PatientId == patientId);

        var pdf = await patient.GetAsync($"/Portal/Consents/{signed.Id}/Pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var text = Normalize(await PdfText.ReadAsync(await pdf.Content.ReadAsByteArrayAsync()));
        foreach (var paragraph in document.Paragraphs) Assert.Contains(Normalize(paragraph), text, StringComparison.Ordinal);
        Assert.Contains(signed.TextSha256, text, StringComparison.Ordinal);
        Assert.Contains("zoe obrien", text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/Patients/{patientId}/Consents/{signed.Id}/Pdf")).StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            (await db.SignedConsents.SingleAsync()).SignedName = "changed";
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Given_staff_witnessing_in_clinic_When_the_patient_has_not_agreed_Then_nothing_is_recorded_and_with_agreement_it_is()
    {
        var (staff, _, patientId) = await PortalPatientAsync();
        var telehealth = ConsentDocuments.Telehealth;
        var refused = await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/Consents",
            new() { ["documentId"] = telehealth.Id, ["documentVersion"] = telehealth.Version, ["typedName"] = "Zoë O'Brien" });
        Assert.Contains("Nothing was recorded", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await KapCareTestApp.PostFormAsync(staff, $"/Patients/{patientId}/Consents",
            new() { ["documentId"] = telehealth.Id, ["documentVersion"] = telehealth.Version, ["typedName"] = "Zoë O'Brien", ["agreed"] = "true" });
        var signed = await app.WithDbAsync(db => db.SignedConsents.SingleAsync());
        Assert.Equal(SignatureMethod.InClinic, signed.Method);
        Assert.NotNull(signed.WitnessUserId);
        Assert.False(await app.WithServicesAsync(s => s.GetRequiredService<ConsentService>().HasCurrentTreatmentConsentAsync(patientId)));
    }

    [Theory]
    [InlineData("Zoë O'Brien", true)]
    [InlineData("OBRIEN zoe", true)]
    [InlineData("Zoe", false)]
    [InlineData("Zoe O'Brien Smith", false)]
    [InlineData("", false)]
    public void Given_a_typed_name_When_compared_with_the_record_Then_case_accents_punctuation_and_order_do_not_matter(string typed, bool matches) =>
        Assert.Equal(matches, ConsentService.NameMatches(typed, "Zoë", "O'Brien"));

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim().ToLowerInvariant();


    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
