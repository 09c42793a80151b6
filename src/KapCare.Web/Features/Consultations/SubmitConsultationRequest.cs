using System.Net;
using KapCare.Clinical.Patients;
using KapCare.Clinical.SelfScreen;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Infrastructure;

namespace KapCare.Web.Features.Consultations;

/// <summary>The times a person can choose to be called; "other" is free text beside them.</summary>
public static class ConsultationTimes
{
    public static readonly IReadOnlyList<string> Options = ["Weekday mornings", "Weekday afternoons", "Weekday evenings", "Saturdays"];
}

/// <summary>What the request form sends, as typed. <see cref="Website"/> is the honeypot: people never see it, scripts fill it.</summary>
public sealed record ConsultationRequestInput(
    string? Name,
    string? Email,
    string? Phone,
    IReadOnlyList<string> PreferredTimes,
    string? OtherTimes,
    string? Note,
    bool AgreedToContact,
    string? Website);

/// <summary>Validated, trimmed contact details.</summary>
public sealed record ConsultationContact(string Name, string? Email, string? Phone, string? PreferredTimes, string? Note)
{
    /// <summary>The details, or every problem keyed by the form field it belongs to.</summary>
    public static (ConsultationContact? Contact, IReadOnlyDictionary<string, string> Errors) From(ConsultationRequestInput input)
    {
        var errors = new Dictionary<string, string>();
        var name = Clean(input.Name);
        if (name is null) errors[nameof(input.Name)] = "Tell us your name, so we know whom to ask for.";
        else if (name.Length > ConsultationRequest.MaxNameLength) errors[nameof(input.Name)] = $"Keep your name to {ConsultationRequest.MaxNameLength} characters.";
        else if (!name.Any(char.IsLetter)) errors[nameof(input.Name)] = "Your name must contain letters.";

        // The same checks as registration (PatientDemographics), so a request converts without retyping.
        var email = Clean(input.Email);
        var phone = Clean(input.Phone);
        if (email is null && phone is null) errors["Contact"] = "Give an email address or a phone number (or both), so we can reach you.";
        if (email is not null && !PatientDemographics.IsValidEmail(email)) errors[nameof(input.Email)] = "Enter an email address like name@example.com.";
        if (phone is not null && !PatientDemographics.IsValidPhone(phone)) errors[nameof(input.Phone)] = "Enter a phone number of 7 to 15 digits, for example +1 312 555 0143.";

        var unknownTime = input.PreferredTimes.FirstOrDefault(t => !ConsultationTimes.Options.Contains(t, StringComparer.Ordinal));
        if (unknownTime is not null) errors[nameof(input.PreferredTimes)] = "Choose times from the list, or write them under \"Other times\".";
        var chosen = ConsultationTimes.Options.Where(o => input.PreferredTimes.Contains(o, StringComparer.Ordinal)).ToList();
        if (Clean(input.OtherTimes) is { } other) chosen.Add("Other: " + other);
        var times = chosen.Count == 0 ? null : string.Join("; ", chosen);
        if (times is { Length: > ConsultationRequest.MaxPreferredTimesLength }) errors[nameof(input.OtherTimes)] = "Keep the times shorter, please.";

        var note = Clean(input.Note);
        if (note is { Length: > ConsultationRequest.MaxNoteLength }) errors[nameof(input.Note)] = $"Keep the note to {ConsultationRequest.MaxNoteLength} characters.";
        if (!input.AgreedToContact) errors[nameof(input.AgreedToContact)] = "Tick the box to let us keep your answers and contact you; without it we cannot send your request.";

        return errors.Count > 0 ? (null, errors) : (new ConsultationContact(name!, email, phone, times, note), errors);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public abstract record ConsultationSubmitResult
{
    private ConsultationSubmitResult() { }
    public sealed record Stored(ConsultationRequest Request) : ConsultationSubmitResult;
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : ConsultationSubmitResult;
    /// <summary>The honeypot was filled: the sender is told it worked, and nothing is stored.</summary>
    public sealed record Discarded : ConsultationSubmitResult;
    public sealed record RateLimited(TimeSpan RetryAfter) : ConsultationSubmitResult;
}

/// <summary>
/// Stores a consultation request with the self-screen answers it was sent with. The outcome is computed again from
/// those answers, never taken from the form. A filled honeypot is discarded as if accepted; an address over its
/// limit gets <see cref="ConsultationSubmitResult.RateLimited"/>. The request and its audit entry commit together.
/// </summary>
public sealed class SubmitConsultationRequest(KapCareDbContext db, AuditTrail audit, ClinicClock clock, ConsultationRateLimiter limiter)
{
    /// <summary>The key under which a problem with the carried answers (not a field the person typed) is reported.</summary>
    public const string AnswersKey = "Answers";

    public async Task<ConsultationSubmitResult> HandleAsync(ConsultationRequestInput input, SelfScreenAnswers answers, IPAddress? from, CancellationToken ct = default)
    {
        if (!string.IsNullOrEmpty(input.Website))
        {
            // Counted like a real request, so a script that keeps trying is slowed down too; nothing else happens.
            return limiter.TryAcquire(from, out var wait) ? new ConsultationSubmitResult.Discarded() : new ConsultationSubmitResult.RateLimited(wait);
        }

        if (answers.Missing().Count > 0)
            return new ConsultationSubmitResult.Invalid(new Dictionary<string, string> { [AnswersKey] = "Some of your self-screen answers did not reach us. Please go through the questions again." });
        var (contact, errors) = ConsultationContact.From(input);
        if (contact is null) return new ConsultationSubmitResult.Invalid(errors);

        ConsultationRequest request;
        try
        {
            request = ConsultationRequest.Submit(contact, answers, clock.UtcNow);
        }
        catch (ArgumentException)
        {
            return new ConsultationSubmitResult.Invalid(new Dictionary<string, string> { [AnswersKey] = "Some of your self-screen answers could not be read. Please go through the questions again." });
        }

        if (!limiter.TryAcquire(from, out var retryAfter)) return new ConsultationSubmitResult.RateLimited(retryAfter);

        audit.AnonymousActor ??= "public self-screen";
        db.ConsultationRequests.Add(request);
        audit.Add(AuditActions.ConsultationSubmit, AuditOutcome.Success, nameof(ConsultationRequest), request.Id.ToString(), null,
            $"outcome {request.Outcome}" + (request.ShowedCrisisResources ? "; crisis resources shown" : string.Empty));
        await db.SaveChangesAsync(ct);
        return new ConsultationSubmitResult.Stored(request);
    }
}
