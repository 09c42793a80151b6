using System.Globalization;
using System.Security.Claims;
using KapCare.Clinical.Dosing;
using KapCare.Clinical.Plans;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Users;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Plans;

/// <summary>What a co-signer types at the requesting prescriber's screen: their own email, password and current authenticator code.</summary>
public sealed record CoSignerCredentials(string? Email, string? Password, string? Code)
{
    public bool Given => !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrWhiteSpace(Password) || !string.IsNullOrWhiteSpace(Code);
}

public abstract record CoSignResult
{
    private CoSignResult() { }
    public sealed record Signed(DoseCoSignature CoSignature, DoseChangeRecord? Change) : CoSignResult;
    public sealed record Refused(string Field, string Message) : CoSignResult;
    public sealed record NotFound : CoSignResult;
}

/// <summary>
/// The second prescriber's side of a hard-limit dose (issue 9, item 1): proving who co-signs, and co-signing from the queue
/// in one's own session. Every co-signature is audited under the co-signer; a failed proof counts towards their lockout
/// like a failed sign-in, so the co-sign form cannot be used to guess a colleague's password.
/// </summary>
public sealed class DoseCoSigning(KapCareDbContext db, AuditTrail audit, ClinicClock clock, SecondPersonVerification secondPerson, IHttpContextAccessor http)
{
    public const string WrongCredentials = "The co-signer's email, password or authenticator code is not right. Nothing was recorded.";

    /// <summary>
    /// The co-signer named by <paramref name="credentials"/> if they are an active prescriber other than <paramref name="requesterId"/>
    /// with two-factor sign-in, whose password and current code are right; otherwise why not (the same words for any wrong
    /// credential, so the form tells an attacker nothing).
    /// </summary>
    public Task<(KapCareUser? CoSigner, string? Problem)> VerifyAsync(CoSignerCredentials credentials, string requesterId, Guid patientId, CancellationToken ct = default) =>
        secondPerson.VerifyAsync(new SecondPersonCredentials(credentials.Email, credentials.Password, credentials.Code), requesterId, new SecondPersonAct(
            Noun: "co-signer",
            RefusedAction: AuditActions.CoSignRefused,
            Permission: Permissions.DoseOrder,
            ResourceType: "Patient",
            ResourceId: patientId.ToString(),
            PatientId: patientId,
            MissingCredentials: "To co-sign here, the second prescriber enters their own email, password and current authenticator code.",
            WrongCredentials: WrongCredentials,
            SamePerson: "The co-signature must come from a second prescriber, not the one ordering the dose.",
            LockedOut: "That co-signer's account is locked after failed attempts; try again later or ask another prescriber.",
            NoTwoFactor: "That prescriber has no two-factor sign-in set up, so they cannot co-sign at another person's screen: they co-sign from their own queue.",
            LacksPermission: "Only a prescriber can co-sign a dose.",
            LacksPermissionAudit: "not a prescriber"), ct);

    /// <summary>Marks a request co-signed by <paramref name="coSigner"/>; the caller saves (with the rows the co-signature unblocks).</summary>
    public void Apply(DoseCoSignature request, KapCareUser coSigner, string reason, CoSignatureMethod method)
    {
        var coSignature = CoSignature.Create(coSigner.Id, reason); // the reason's length rule lives in the domain
        if (string.Equals(coSignature.CoSignedBy, request.RequestedByUserId, StringComparison.Ordinal))
            throw new InvalidOperationException("The co-signature must come from a second prescriber, not the one ordering the dose.");
        request.Status = CoSignatureStatus.CoSigned;
        request.Method = method;
        request.CoSignedByUserId = coSigner.Id;
        request.CoSignedByName = coSigner.DisplayName;
        request.CoSignedAt = clock.UtcNow;
        request.CoSignReason = coSignature.Reason;
        request.CoSignedFromIp = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        audit.AddAs(coSigner.Id, coSigner.Email ?? coSigner.UserName ?? coSigner.Id, AuditActions.CoSign, AuditOutcome.Success, "CarePlan", request.PlanId.ToString(), request.PatientId,
            string.Create(CultureInfo.InvariantCulture, $"{request.Kind} {request.Dose} = {request.CalculatedMg} mg")
            + (request.WeightKg is { } kg ? string.Create(CultureInfo.InvariantCulture, $" at {kg} kg") : string.Empty)
            + $" requested by {request.RequestedByName}; {method}; reason: {coSignature.Reason}");
    }

    /// <summary>The requests waiting for a co-signer, oldest first, with the patient they concern.</summary>
    public async Task<IReadOnlyList<(DoseCoSignature Request, string PatientName, string Mrn)>> PendingAsync(CancellationToken ct = default)
    {
        var rows = await (from c in db.DoseCoSignatures.AsNoTracking()
                          join p in db.Patients.AsNoTracking() on c.PatientId equals p.Id
                          where c.Status == CoSignatureStatus.Pending
                          orderby c.RequestedAt
                          select new { c, p.GivenName, p.FamilyName, p.Mrn }).ToListAsync(ct);
        return rows.Select(r => (r.c, $"{r.GivenName} {r.FamilyName}", r.Mrn)).ToList();
    }

    /// <summary>The requesting prescriber takes back a request nobody has co-signed yet.</summary>
    public async Task<bool> WithdrawAsync(Guid requestId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var request = await db.DoseCoSignatures.FirstOrDefaultAsync(c => c.Id == requestId && c.Status == CoSignatureStatus.Pending, ct);
        if (request is null || request.RequestedByUserId != user.FindFirstValue(ClaimTypes.NameIdentifier)) return false;
        request.Status = CoSignatureStatus.Withdrawn;
        request.WithdrawnAt = clock.UtcNow;
        audit.Add(AuditActions.CoSignWithdraw, AuditOutcome.Success, "CarePlan", request.PlanId.ToString(), request.PatientId, $"{request.Kind} {request.Dose} withdrawn");
        await db.SaveChangesAsync(ct);
        return true;
    }
}
