using System.Text.Json;
using System.Text.Json.Nodes;
using KapCare.Clinical.Eligibility;
using KapCare.Web.Data;
using KapCare.Web.Features.Intake;
using KapCare.Web.Features.Measures;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Eligibility;

/// <summary>One fact that differs between two sets of facts: its name and both values as the form shows them.</summary>
public sealed record ChangedFact(string Field, string? Before, string? After)
{
    /// <summary>
    /// The first set did not know it (unknown, empty or no list): the second completes it rather than contradicting it. A
    /// prescriber completing what the intake left open is recorded; contradicting an answer the intake has needs a reason.
    /// </summary>
    public bool Completes => Before is null or "unknown" or "[]";

    public override string ToString() => $"{Field}: {Before ?? "—"} → {After ?? "—"}";
}

/// <summary>Where a patient's eligibility stands now: the latest decision, and what in the intake changed since it was made.</summary>
public sealed record EligibilityStatus(EligibilityDecisionRecord? Decision, IReadOnlyList<ChangedFact> ChangedSinceDecision)
{
    public bool Approved => Decision?.Kind == EligibilityDecisionKind.Approve;
    public bool NeedsReview => ChangedSinceDecision.Count > 0;
}

/// <summary>
/// The intake facts a decision is made on, and whether they changed after it (issue 9, items 3 and 8): when a patient edits
/// the intake after the prescriber decided, the decision is marked "facts changed since decision — review" and no plan is
/// signed or revised until a prescriber decides again.
/// </summary>
public sealed class EligibilityStanding(KapCareDbContext db, IntakeService intakes, ClinicClock clock)
{
    /// <summary>
    /// The suicide risk the latest C-SSRS screener shows (REFERENCE.md §1): a completed screener's risk level; a newer
    /// incomplete one counts when the answers it has already show moderate or high risk (its alerts say so) — an older
    /// "low" never hides them (issue 9, item 8). Unknown when there is none.
    /// </summary>
    public static async Task<CssrsRiskLevel> SuicideRiskAsync(KapCareDbContext db, Guid patientId, CancellationToken ct = default)
    {
        var screeners = await db.QuestionnaireResponses.AsNoTracking()
            .Where(r => r.PatientId == patientId && r.InstrumentId == KapCare.Clinical.Instruments.InstrumentIds.CssrsScreen && r.Status != ResponseStatus.EnteredInError)
            .OrderByDescending(r => r.AuthoredAt).Select(r => new { r.Id, r.Status, r.BandCode }).Take(20).ToListAsync(ct);
        foreach (var screener in screeners)
        {
            if (screener.Status == ResponseStatus.Completed) return Level(screener.BandCode);
            var shown = await db.SafetyAlerts.AsNoTracking().Where(a => a.ResponseId == screener.Id).Select(a => a.Code).ToListAsync(ct);
            if (shown.Contains("cssrs-high-risk")) return CssrsRiskLevel.High;
            if (shown.Contains("cssrs-moderate-risk")) return CssrsRiskLevel.Moderate;
        }
        return CssrsRiskLevel.Unknown;
    }

    private static CssrsRiskLevel Level(string? band) => band switch
    {
        "low" => CssrsRiskLevel.Low,
        "moderate" => CssrsRiskLevel.Moderate,
        "high" => CssrsRiskLevel.High,
        _ => CssrsRiskLevel.Unknown,
    };

    /// <summary>The intake's facts today, with the latest C-SSRS risk; null when the patient has no intake.</summary>
    public async Task<IntakeFacts?> IntakeFactsAsync(Guid patientId, CancellationToken ct = default)
    {
        var (intake, form) = await intakes.GetAsync(patientId, ct);
        return intake is null ? null : form.ToFacts(clock.Today, await SuicideRiskAsync(db, patientId, ct));
    }

    public async Task<EligibilityStatus> CurrentAsync(Guid patientId, CancellationToken ct = default)
    {
        var decision = await db.EligibilityDecisions.AsNoTracking().Where(d => d.PatientId == patientId).OrderByDescending(d => d.DecidedAt).FirstOrDefaultAsync(ct);
        if (decision is null) return new(null, []);
        var now = await IntakeFactsAsync(patientId, ct);
        if (now is null) return new(decision, []);
        var basis = decision.BasisFactsJson ?? decision.FactsJson;
        var before = JsonSerializer.Deserialize<IntakeFactsRequest>(basis, JsonSerializerOptions.Web);
        if (before is null) return new(decision, []);
        var changed = Compare(before, IntakeFactsRequest.From(now))
            // A decision made without an intake (facts entered on the form) is not contradicted by an intake that simply
            // does not know a fact yet; it is by one that says something else.
            .Where(c => decision.BasisFactsJson is not null || c.After is not (null or "unknown" or "[]"))
            // Months of abstinence grow as time passes: that is not a changed fact unless the answer behind it changed.
            .Where(c => !(c.Field == nameof(IntakeFactsRequest.MonthsAbstinent) && int.TryParse(c.Before, out var b) && int.TryParse(c.After, out var a) && a >= b))
            // Weight and height feed the dose, not the decision: a new weight is handled as a reported or clinician-recorded
            // dosing weight (DosingWeights), not as a reason to decide eligibility again.
            .Where(c => c.Field is not (nameof(IntakeFactsRequest.WeightKg) or nameof(IntakeFactsRequest.HeightCm)))
            .ToList();
        return new(decision, changed);
    }

    /// <summary>Every fact whose value differs, by the names the form and API use (trials compared as whole lists).</summary>
    public static IReadOnlyList<ChangedFact> Compare(IntakeFactsRequest before, IntakeFactsRequest after)
    {
        static IntakeFactsRequest Normal(IntakeFactsRequest r)
        {
            // Empty rows are not facts, and a list left out is the same as an empty one.
            r.MedicationTrials = (r.MedicationTrials ?? []).Where(t => !string.IsNullOrWhiteSpace(t.Drug)).ToList();
            r.PsychotherapyCourses = (r.PsychotherapyCourses ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Type)).ToList();
            return r;
        }
        var a = JsonSerializer.SerializeToNode(Normal(Copy(before)), JsonSerializerOptions.Web)!.AsObject();
        var b = JsonSerializer.SerializeToNode(Normal(Copy(after)), JsonSerializerOptions.Web)!.AsObject();
        var changed = new List<ChangedFact>();
        foreach (var (name, value) in a)
        {
            var other = b[name];
            if (!JsonNode.DeepEquals(value, other))
                changed.Add(new ChangedFact(char.ToUpperInvariant(name[0]) + name[1..], Text(value), Text(other)));
        }
        return changed;
    }

    private static IntakeFactsRequest Copy(IntakeFactsRequest r) =>
        JsonSerializer.Deserialize<IntakeFactsRequest>(JsonSerializer.Serialize(r, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!;

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => v.ToString(),
        _ => node.ToJsonString(),
    };
}
