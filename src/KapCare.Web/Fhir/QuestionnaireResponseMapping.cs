using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KapCare.Clinical.Instruments;
using KapCare.Web.Features.Measures;
using KapCare.Web.Fhir.Models;
using QuestionnaireResponseResource = KapCare.Web.Fhir.Models.QuestionnaireResponse;

namespace KapCare.Web.Fhir;

/// <summary>
/// What a submitted QuestionnaireResponse means to KapCare: the instrument, the patient, when it was answered, the
/// score of each answered item keyed by KapCare's linkId, and where in the resource each answer came from.
/// </summary>
public sealed record ResponseInput(
    Instrument Instrument,
    Guid PatientId,
    DateTime? AuthoredUtc,
    bool InProgress,
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyDictionary<string, string> Paths,
    SentTotal? Total = null)
{
    /// <summary>The element a problem with item <paramref name="linkId"/> points to.</summary>
    public string PathOf(string? linkId) =>
        linkId is not null && Paths.TryGetValue(linkId, out var path) ? path : "QuestionnaireResponse.item";
}

/// <summary>
/// The total a client computed and sent as an item (LOINC's forms carry it, e.g. 44261-6 in the PHQ-9 panel). KapCare
/// does not store it, since it scores the answers itself, but checks it: a disagreement means the two sides read the
/// form differently.
/// </summary>
public sealed record SentTotal(decimal Value, string LinkId, string Path);

/// <summary>Reads a submitted QuestionnaireResponse into answers, and writes a stored response back out as FHIR R4.</summary>
public static partial class QuestionnaireResponseMapping
{
    private const string LoincQuestionnaireBase = "http://loinc.org/q/";

    public static QuestionnaireResponseResource ToFhir(QuestionnaireResponseRecord record)
    {
        var instrument = InstrumentLibrary.Find(record.InstrumentId);
        var answers = JsonSerializer.Deserialize<Dictionary<string, int>>(record.AnswersJson) ?? [];
        var items = new List<QuestionnaireResponseItem>();
        foreach (var item in instrument?.Items ?? [])
        {
            if (!answers.Remove(item.LinkId, out var score)) continue;
            var option = item.OptionFor(score);
            items.Add(new QuestionnaireResponseItem
            {
                LinkId = item.LinkId,
                Text = item.Text,
                Answer = [option is null ? new QuestionnaireResponseAnswer { ValueInteger = score } : new QuestionnaireResponseAnswer { ValueCoding = QuestionnaireMapping.Answer(option, withScore: true) }],
            });
        }
        // Answers to items the library no longer has (or an instrument it no longer has) still come back, as their score.
        items.AddRange(answers.OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => new QuestionnaireResponseItem { LinkId = a.Key, Answer = [new QuestionnaireResponseAnswer { ValueInteger = a.Value }] }));

        return new QuestionnaireResponseResource
        {
            Id = record.Id.ToString(),
            Meta = new Meta { VersionId = record.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = PatientMapping.Instant(record.RecordedAt) },
            Questionnaire = instrument?.CanonicalUrl ?? $"{InstrumentLibrary.CanonicalBase}/{record.InstrumentId}",
            Status = record.Status switch
            {
                ResponseStatus.Completed => "completed",
                ResponseStatus.InProgress => "in-progress",
                ResponseStatus.EnteredInError => "entered-in-error",
            },
            Subject = Reference.To("Patient", record.PatientId),
            Authored = PatientMapping.Instant(record.AuthoredAt),
            Item = items.Count > 0 ? items : null,
        };
    }

    /// <summary>
    /// Reads a submitted response. Every problem is collected, each naming the element it is in, so a client
    /// learns all that is wrong at once. <paramref name="baseUrl"/> is this server's FHIR base, for absolute references.
    /// </summary>
    public static (ResponseInput? Input, List<OperationOutcomeIssue> Issues) FromFhir(QuestionnaireResponseResource r, string baseUrl, TimeZoneInfo clinicZone, DateTime nowUtc)
    {
        const string resource = "QuestionnaireResponse";
        var issues = new List<OperationOutcomeIssue>();
        void Refuse(string code, string path, string message) => issues.Add(OperationOutcomeIssue.Error(code, $"{path}: {message}", path));

        if (r.Id is not null)
            Refuse("invalid", $"{resource}.id", "a create must not carry an id; KapCare assigns it.");

        var inProgress = false;
        switch (r.Status)
        {
            case null:
                Refuse("required", $"{resource}.status", "the status is required: completed, or in-progress for a form not fully answered.");
                break;
            case "completed":
                break;
            case "in-progress":
                inProgress = true;
                break;
            case "amended" or "entered-in-error" or "stopped":
                Refuse("business-rule", $"{resource}.status", $"KapCare takes a new response as completed or in-progress, not '{r.Status}'. "
                    + "A stored response is never changed: a wrong one is marked entered-in-error in KapCare and a new one submitted.");
                break;
            default:
                Refuse("value", $"{resource}.status", $"'{r.Status}' is not a QuestionnaireResponse status; send completed or in-progress.");
                break;
        }

        var instrument = FindQuestionnaire(r.Questionnaire, Refuse);
        var patientId = ReadSubject(r.Subject, baseUrl, Refuse);
        var authored = ReadAuthored(r.Authored, clinicZone, nowUtc, Refuse);

        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var totals = new List<SentTotal>();
        if (instrument is not null) ReadItems(instrument, r.Item, resource, answers, paths, totals, issues);
        if (totals.Count > 1)
            issues.Add(ItemIssue("business-rule", totals[1].Path, totals[1].Path, $"the total score is sent twice (also at {totals[0].Path}); send it once."));

        if (issues.Count > 0 || instrument is null || patientId is not Guid patient) return (null, issues);
        return (new ResponseInput(instrument, patient, authored, inProgress, answers, paths, totals.FirstOrDefault()), issues);
    }

    /// <summary>
    /// KapCare's canonical (<c>{CanonicalBase}/{id}</c>, optionally <c>|version</c>), LOINC's (<c>http://loinc.org/q/{panel}</c>),
    /// or a reference <c>Questionnaire/{id}</c>.
    /// </summary>
    private static Instrument? FindQuestionnaire(string? canonical, Action<string, string, string> refuse)
    {
        const string path = "QuestionnaireResponse.questionnaire";
        if (string.IsNullOrWhiteSpace(canonical))
        {
            refuse("required", path, $"say which questionnaire was answered, e.g. {InstrumentLibrary.CanonicalBase}/gad-7 or {LoincQuestionnaireBase}69737-5.");
            return null;
        }
        var value = canonical.Trim();
        if (value.StartsWith("Questionnaire/", StringComparison.Ordinal)) value = value["Questionnaire/".Length..];
        var instrument = InstrumentLibrary.FindByCanonical(value);
        if (instrument is null)
        {
            var known = string.Join(", ", InstrumentLibrary.All.Select(i => i.PanelLoinc is null ? i.CanonicalUrl : $"{i.CanonicalUrl} ({LoincQuestionnaireBase}{i.PanelLoinc})"));
            refuse("not-found", path, $"'{canonical}' is not a questionnaire KapCare scores. Known: {(known.Length > 0 ? known : "none")}.");
        }
        return instrument;
    }

    private static Guid? ReadSubject(Reference? subject, string baseUrl, Action<string, string, string> refuse)
    {
        const string path = "QuestionnaireResponse.subject";
        if (subject is null)
        {
            refuse("required", path, "the patient who answered is required, as a reference Patient/{id}.");
            return null;
        }
        if (subject.Type is not (null or "Patient"))
        {
            refuse("invalid", $"{path}.type", $"the subject of a response KapCare stores is a Patient, not a {subject.Type}.");
            return null;
        }
        var target = subject.Target;
        if (string.IsNullOrWhiteSpace(target))
        {
            refuse("required", $"{path}.reference", "KapCare finds the patient by reference: send subject.reference Patient/{id}, with the id KapCare gave the patient.");
            return null;
        }
        if (target.StartsWith(baseUrl + "/", StringComparison.Ordinal)) target = target[(baseUrl.Length + 1)..];
        if (!target.StartsWith("Patient/", StringComparison.Ordinal) || !Guid.TryParse(target["Patient/".Length..], out var id))
        {
            refuse("value", $"{path}.reference", $"'{subject.Target}' is not a KapCare patient; send Patient/{{id}} with the id KapCare gave the patient.");
            return null;
        }
        return id;
    }

    /// <summary>
    /// A FHIR dateTime (http://hl7.org/fhir/R4/datatypes.html#dateTime). A day without a time means the start of
    /// that day in the clinic's time zone; a year or a month alone is too vague to place a score on a trend.
    /// </summary>
    private static DateTime? ReadAuthored(string? authored, TimeZoneInfo clinicZone, DateTime nowUtc, Action<string, string, string> refuse)
    {
        const string path = "QuestionnaireResponse.authored";
        if (authored is null) return null;
        var m = FhirDateTime().Match(authored);
        if (!m.Success)
        {
            refuse("value", path, $"'{authored}' is not a FHIR dateTime; write it as 2026-11-21T09:30:00Z or 2026-11-21T09:30:00-06:00.");
            return null;
        }
        if (!m.Groups["day"].Success)
        {
            refuse("value", path, $"'{authored}' names a year or a month; KapCare needs at least the day the form was answered.");
            return null;
        }
        DateTime utc;
        if (m.Groups["time"].Success)
        {
            if (!DateTimeOffset.TryParse(authored, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                refuse("value", path, $"'{authored}' is not a date and time that exists.");
                return null;
            }
            utc = instant.UtcDateTime;
        }
        else
        {
            if (!DateOnly.TryParseExact(authored, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                refuse("value", path, $"'{authored}' is not a date that exists.");
                return null;
            }
            var local = day.ToDateTime(TimeOnly.MinValue);
            utc = new DateTime(local.Ticks - clinicZone.GetUtcOffset(local).Ticks, DateTimeKind.Utc);
        }
        // A few minutes of grace for a client whose clock runs ahead, as SubmitResponse allows.
        if (utc > nowUtc.AddMinutes(5))
        {
            refuse("value", path, $"'{authored}' is in the future; send the time the form was answered.");
            return null;
        }
        return utc;
    }

    /// <summary>
    /// Walks the items, groups included, and reads each answer. An item is matched by KapCare's linkId or by its
    /// LOINC code (as LOINC's forms write it, with or without a leading '/'), never by its text.
    /// </summary>
    private static void ReadItems(Instrument instrument, List<QuestionnaireResponseItem>? items, string parent,
        Dictionary<string, int> answers, Dictionary<string, string> paths, List<SentTotal> totals, List<OperationOutcomeIssue> issues)
    {
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var item = items![i];
            var path = $"{parent}.item[{i}]";
            if (string.IsNullOrWhiteSpace(item.LinkId))
            {
                issues.Add(ItemIssue("required", path, $"{path}.linkId", "every item needs the linkId of the question it answers."));
                continue;
            }
            var question = FindItem(instrument, item.LinkId);
            if (item.Answer is { Count: > 0 } && question is null && IsTotal(instrument, item.LinkId))
                ReadTotal(instrument, item, path, totals, issues);
            else if (item.Answer is { Count: > 0 })
            {
                if (question is null)
                    issues.Add(ItemIssue("value", path, path, $"linkId '{item.LinkId}' is not a question of {instrument.ShortName}. Its questions are, by linkId or LOINC code: "
                        + string.Join(", ", instrument.Items.Select(q => q.LoincCode is null ? q.LinkId : $"{q.LinkId} / {q.LoincCode}")) + "."));
                else
                    ReadAnswer(question, item, path, answers, paths, issues);
            }
            // A group holds its questions; an item with neither answers nor items (a display item, or a question
            // left unanswered) carries nothing to store.
            if (item.Item is { Count: > 0 }) ReadItems(instrument, item.Item, path, answers, paths, totals, issues);
        }
    }

    /// <summary>Whether the item is the instrument's LOINC total score (e.g. "/44261-6").</summary>
    private static bool IsTotal(Instrument instrument, string linkId)
    {
        if (instrument.TotalCode.System != CodeRef.Loinc) return false;
        var id = linkId.Trim();
        return id == instrument.TotalCode.Code || (id.StartsWith('/') && id[(id.LastIndexOf('/') + 1)..] == instrument.TotalCode.Code);
    }

    /// <summary>A total is a number: valueInteger, valueDecimal or valueQuantity.value.</summary>
    private static void ReadTotal(Instrument instrument, QuestionnaireResponseItem item, string path, List<SentTotal> totals, List<OperationOutcomeIssue> issues)
    {
        var answerPath = $"{path}.answer[0]";
        var name = $"the total score item '{item.LinkId}' ({instrument.TotalCode.Display})";
        if (item.Answer!.Count > 1)
        {
            issues.Add(ItemIssue("business-rule", path, path, $"{name} takes one answer; {item.Answer.Count} were sent."));
            return;
        }
        var answer = item.Answer[0];
        decimal? value = answer.ValueInteger;
        foreach (var (key, element) in answer.OtherValues ?? [])
        {
            var number = key switch
            {
                "valueDecimal" when element.ValueKind == System.Text.Json.JsonValueKind.Number => element.GetDecimal(),
                "valueQuantity" when element.ValueKind == System.Text.Json.JsonValueKind.Object && element.TryGetProperty("value", out var v)
                    && v.ValueKind == System.Text.Json.JsonValueKind.Number => v.GetDecimal(),
                _ => (decimal?)null,
            };
            if (number is null)
            {
                issues.Add(ItemIssue("not-supported", path, $"{answerPath}.{key}", $"{name} is a number: send valueInteger, valueDecimal or valueQuantity with a value."));
                return;
            }
            value = number;
        }
        if (value is null || answer.ValueCoding is not null)
        {
            issues.Add(ItemIssue("value", path, answerPath, $"{name} is a number: send valueInteger, valueDecimal or valueQuantity with a value."));
            return;
        }
        totals.Add(new SentTotal(value.Value, item.LinkId!, path));
    }

    private static InstrumentItem? FindItem(Instrument instrument, string linkId)
    {
        var id = linkId.Trim();
        if (instrument.FindItem(id) is { } exact) return exact;
        // LOINC's forms write linkIds as paths of codes ("/44250-9", or "/44249-1/44250-9" inside the panel's group).
        return id.StartsWith('/') ? instrument.FindItem(id[(id.LastIndexOf('/') + 1)..]) : null;
    }

    private static void ReadAnswer(InstrumentItem question, QuestionnaireResponseItem item, string path,
        Dictionary<string, int> answers, Dictionary<string, string> paths, List<OperationOutcomeIssue> issues)
    {
        void Refuse(string code, string where, string message) => issues.Add(ItemIssue(code, path, where, message));
        var name = $"item '{item.LinkId}'";
        if (item.Answer!.Count > 1)
        {
            Refuse("business-rule", path, $"{name} takes one answer; {item.Answer.Count} were sent.");
            return;
        }
        var answer = item.Answer[0];
        var answerPath = $"{path}.answer[0]";
        foreach (var key in answer.OtherValues?.Keys ?? Enumerable.Empty<string>())
        {
            if (key.StartsWith("value", StringComparison.Ordinal))
                Refuse("not-supported", $"{answerPath}.{key}", $"{name} is answered with {key}; KapCare takes valueCoding (one of the item's answer codes) or valueInteger (the answer's score).");
            else if (key == "item")
                Refuse("structure", $"{answerPath}.item", $"{name} has no questions nested under its answer.");
            else
                Refuse("structure", $"{answerPath}.{key}", $"Unknown element '{key}' in {answerPath}: it is not part of FHIR R4 QuestionnaireResponse or not one KapCare records.");
        }
        if (answer.OtherValues is { Count: > 0 }) return;

        AnswerOption? option;
        string valuePath;
        if (answer.ValueCoding is not null && answer.ValueInteger is not null)
        {
            Refuse("structure", answerPath, $"an answer has one value; {name} has both valueCoding and valueInteger.");
            return;
        }
        if (answer.ValueCoding is { } coding)
        {
            valuePath = $"{answerPath}.valueCoding";
            if (string.IsNullOrWhiteSpace(coding.Code))
            {
                Refuse("required", $"{valuePath}.code", $"the answer to {name} needs a code: {Options(question)}.");
                return;
            }
            option = question.OptionFor(coding.Code);
            if (option is null)
            {
                Refuse("code-invalid", valuePath, $"'{coding.Code}' is not an answer to {name}; its answers are {Options(question)}.");
                return;
            }
            if (coding.System is not null && coding.System != option.System)
            {
                Refuse("code-invalid", $"{valuePath}.system", $"the answer code '{coding.Code}' of {name} is from {option.System}, not {coding.System}.");
                return;
            }
        }
        else if (answer.ValueInteger is int score)
        {
            valuePath = $"{answerPath}.valueInteger";
            option = question.OptionFor(score);
            if (option is null)
            {
                Refuse("value", valuePath, $"{score} is not a score {name} allows; its answers score {string.Join(", ", question.Options.Select(o => o.Score))} ({Options(question)}).");
                return;
            }
        }
        else
        {
            Refuse("required", answerPath, $"the answer to {name} needs a value: valueCoding (one of {Options(question)}) or valueInteger (its score).");
            return;
        }

        if (paths.TryGetValue(question.LinkId, out var earlier))
        {
            Refuse("business-rule", path, $"{name} answers question {question.LinkId}{(question.LoincCode is null ? "" : $" (LOINC {question.LoincCode})")}, which is already answered at {earlier}; answer each question once.");
            return;
        }
        answers[question.LinkId] = option.Score;
        paths[question.LinkId] = path;
    }

    /// <summary>
    /// A problem with an item: the expression names the item first (<c>QuestionnaireResponse.item[3]</c>), then the
    /// element inside it at fault when that is more precise.
    /// </summary>
    private static OperationOutcomeIssue ItemIssue(string code, string itemPath, string where, string message) => new()
    {
        Code = code,
        Diagnostics = $"{where}: {message}",
        Expression = where == itemPath ? [itemPath] : [itemPath, where],
    };

    private static string Options(InstrumentItem question) =>
        string.Join(", ", question.Options.Select(o => $"{o.Code} \"{o.Display}\" = {o.Score}"));

    /// <summary>The R4 dateTime regex (http://hl7.org/fhir/R4/datatypes.html#dateTime), with the parts named.</summary>
    [GeneratedRegex(@"^(?<year>[0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(?<month>0[1-9]|1[0-2])(-(?<day>0[1-9]|[1-2][0-9]|3[0-1])(?<time>T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$")]
    private static partial Regex FhirDateTime();
}
