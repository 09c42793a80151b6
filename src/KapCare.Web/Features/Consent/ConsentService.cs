using KapCare.Clinical.Patients;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Consent;

public enum ConsentState
{
    NotSigned = 0,
    /// <summary>Signed, but an earlier version: the patient must sign the current wording.</summary>
    Outdated = 1,
    Signed = 2,
}

public sealed record ConsentStatus(ConsentDocument Document, ConsentState State, SignedConsent? Latest);

public abstract record SignResult
{
    private SignResult() { }
    public sealed record Signed(SignedConsent Consent) : SignResult;
    public sealed record Refused(string Field, string Message) : SignResult;
}

/// <summary>Signing consents and answering "may this patient be dosed?" from the signatures.</summary>
public sealed class ConsentService(KapCareDbContext db, AuditTrail audit, ClinicClock clock, IHttpContextAccessor http)
{
    public async Task<IReadOnlyList<ConsentStatus>> StatusAsync(Guid patientId, CancellationToken ct = default)
    {
        var signed = await db.SignedConsents.AsNoTracking().Where(c => c.PatientId == patientId).OrderByDescending(c => c.SignedAt).ToListAsync(ct);
        return ConsentDocuments.Current.Select(document =>
        {
            var latest = signed.FirstOrDefault(c => c.DocumentId == document.Id);
            var state = latest is null ? ConsentState.NotSigned : latest.DocumentVersion == document.Version ? ConsentState.Signed : ConsentState.Outdated;
            return new ConsentStatus(document, state, latest);
        }).ToList();
    }

    /// <summary>The check dosing uses (issue 5): a signature on the current version of the treatment consent.</summary>
    public Task<bool> HasCurrentTreatmentConsentAsync(Guid patientId, CancellationToken ct = default) =>
        db.SignedConsents.AnyAsync(c => c.PatientId == patientId && c.DocumentId == ConsentDocuments.Treatment.Id && c.DocumentVersion == ConsentDocuments.Treatment.Version, ct);

    public async Task<SignResult> SignAsync(Guid patientId, string documentId, string documentVersion, string? typedName, bool agreed,
        SignatureMethod method, string? signedByUserId, string? witnessUserId, string? witnessName, CancellationToken ct = default)
    {
        var document = ConsentDocuments.Find(documentId);
        if (document is null) return new SignResult.Refused("document", "There is no such consent document.");
        // The patient signs the text they read: if the wording changed meanwhile, they must read the new version.
        if (documentVersion != document.Version) return new SignResult.Refused("document", "This consent was updated while you were reading it. Please read the new version.");
        if (!agreed) return new SignResult.Refused("agreed", "Tick the box to say you have read and agree to this consent.");
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == patientId && p.ArchivedAt == null, ct);
        if (patient is null) return new SignResult.Refused("patient", "The patient record was not found.");
        if (!NameMatches(typedName, patient.GivenName, patient.FamilyName))
            return new SignResult.Refused("typedName", $"Type the patient's full name as registered: {patient.GivenName} {patient.FamilyName}.");
        if (method == SignatureMethod.InClinic && witnessUserId is null) return new SignResult.Refused("witness", "An in-clinic signature needs a staff witness.");
        if (await db.SignedConsents.AnyAsync(c => c.PatientId == patientId && c.DocumentId == document.Id && c.DocumentVersion == document.Version, ct))
            return new SignResult.Refused("document", "This version is already signed.");

        var consent = new SignedConsent
        {
            Id = Guid.CreateVersion7(),
            PatientId = patientId,
            DocumentId = document.Id,
            DocumentVersion = document.Version,
            Title = document.Title,
            Text = document.Text,
            TextSha256 = SignedConsent.Hash(document.Text),
            SignedName = typedName!.Trim(),
            SignedAt = clock.UtcNow,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Method = method,
            SignedByUserId = signedByUserId,
            WitnessUserId = witnessUserId,
            WitnessName = witnessName,
        };
        db.SignedConsents.Add(consent);
        audit.Add(AuditActions.ConsentSign, AuditOutcome.Success, "Consent", consent.Id.ToString(), patientId,
            $"{document.Id} v{document.Version} signed {(method == SignatureMethod.Portal ? "in the portal" : "in clinic, witnessed by " + witnessName)}");
        await db.SaveChangesAsync(ct);
        return new SignResult.Signed(consent);
    }

    /// <summary>The typed name must be the registered name, whatever the case, accents or order of the words.</summary>
    public static bool NameMatches(string? typed, string given, string family)
    {
        var words = SearchText.Terms(typed).Order(StringComparer.Ordinal).ToList();
        var expected = SearchText.Terms($"{given} {family}").Order(StringComparer.Ordinal).ToList();
        return words.Count > 0 && words.SequenceEqual(expected);
    }
}
