using System.Text.Json.Nodes;

namespace KapCare.Load;

/// <summary>
/// The QuestionnaireResponses wrk sends, one JSON per line: LOINC-coded like another system would send them
/// (linkIds are LOINC item codes, answers LOINC LA codes of answer list LL358-3). Most are GAD-7 with random
/// answers; a small share are PHQ-9 with item 9 answered above 0, which raises a safety alert (a Flag).
/// Patients rotate; a fixed seed makes every run send the same mix.
/// </summary>
public static class RequestBodies
{
    public const string Loinc = "http://loinc.org";
    public const string Gad7Questionnaire = "http://loinc.org/q/69737-5";
    public const string Phq9Questionnaire = "http://loinc.org/q/44249-1";

    public static readonly string[] Gad7Items = ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"];

    /// <summary>PHQ-9 items in order; the last is item 9 (thoughts of self-harm).</summary>
    public static readonly string[] Phq9Items = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"];

    /// <summary>LOINC answer list LL358-3: the LA code for scores 0, 1, 2, 3.</summary>
    public static readonly string[] FrequencyCodes = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];

    public static string Gad7(string patientId, int[] scores) => Response(Gad7Questionnaire, patientId, Gad7Items, scores);

    public static string Phq9(string patientId, int[] scores) => Response(Phq9Questionnaire, patientId, Phq9Items, scores);

    /// <summary>Writes <paramref name="count"/> bodies; returns how many raise an alert.</summary>
    public static int Write(string path, IReadOnlyList<string> patientIds, int count, double alertShare)
    {
        var random = new Random(20261121);
        var alertEvery = alertShare > 0 ? (int)Math.Round(1 / alertShare) : int.MaxValue;
        var alerts = 0;
        using var writer = new StreamWriter(path);
        for (var i = 0; i < count; i++)
        {
            var patient = patientIds[i % patientIds.Count];
            if (i % alertEvery == alertEvery / 2)
            {
                var scores = Enumerable.Range(0, 9).Select(_ => random.Next(4)).ToArray();
                scores[8] = 1 + random.Next(3);
                writer.WriteLine(Phq9(patient, scores));
                alerts++;
            }
            else
            {
                writer.WriteLine(Gad7(patient, [.. Enumerable.Range(0, 7).Select(_ => random.Next(4))]));
            }
        }
        return alerts;
    }

    public static string Patient(int n)
    {
        string[] given = ["Ana", "Ben", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gustavo", "Hana", "Ivan", "Jamal"];
        string[] family = ["García", "Nguyễn", "Okafor", "Smith", "Kowalski", "Haddad", "Tanaka", "Müller", "Silva", "Johnson"];
        var patient = new JsonObject
        {
            ["resourceType"] = "Patient",
            ["name"] = new JsonArray(new JsonObject
            {
                ["use"] = "official",
                ["family"] = family[n / given.Length % family.Length],
                ["given"] = new JsonArray(given[n % given.Length]),
            }),
            ["gender"] = n % 2 == 0 ? "female" : "male",
            ["birthDate"] = new DateOnly(1950, 1, 1).AddDays(n * 97 % 18000).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        return patient.ToJsonString();
    }

    private static string Response(string questionnaire, string patientId, string[] items, int[] scores)
    {
        var answers = new JsonArray();
        for (var i = 0; i < items.Length; i++)
        {
            answers.Add(new JsonObject
            {
                ["linkId"] = items[i],
                ["answer"] = new JsonArray(new JsonObject
                {
                    ["valueCoding"] = new JsonObject { ["system"] = Loinc, ["code"] = FrequencyCodes[scores[i]] },
                }),
            });
        }
        return new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["status"] = "completed",
            ["questionnaire"] = questionnaire,
            ["subject"] = new JsonObject { ["reference"] = $"Patient/{patientId}" },
            ["item"] = answers,
        }.ToJsonString();
    }
}
