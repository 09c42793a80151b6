using System.Globalization;
using KapCare.Clinical.Eligibility;
using KapCare.Clinical.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace KapCare.Web.Features.Intake;

/// <summary>
/// Reads one intake section from a posted form. Input names are the field keys <see cref="IntakeForm.Problems"/> uses
/// (e.g. <c>weightKg</c>, <c>medicationTrials[0].weeks</c>), so an error lands next to its input. Rows left entirely
/// blank are dropped (the form always offers empty rows to add to); a number that does not parse is an error, never a
/// silent blank.
/// </summary>
public static class IntakeFormBinder
{
    public const int MaxRows = 20;

    public static (IntakeForm Form, IReadOnlyList<IntakeProblem> Problems) Read(IntakeSectionId section, IFormCollection form, IntakeForm current)
    {
        var reader = new Reader(form);
        var result = section switch
        {
            IntakeSectionId.History => current with { History = reader.History() },
            IntakeSectionId.Presentation => current with { Presentation = reader.Presentation() },
            IntakeSectionId.Treatments => current with { Treatments = reader.Treatments() },
            IntakeSectionId.Medical => current with { Medical = reader.Medical() },
            IntakeSectionId.Support => current with { Support = reader.Support() },
        };
        return (result, reader.Problems);
    }

    private sealed class Reader(IFormCollection form)
    {
        public List<IntakeProblem> Problems { get; } = [];

        // Kept whole: IntakeForm.Problems refuses an over-long answer by name (issue 9) rather than cutting it silently.
        private string? Text(string name) => form.TryGetValue(name, out var v) && !StringValues.IsNullOrEmpty(v) && v.ToString().Trim() is { Length: > 0 } t
            ? t
            : null;

        private bool Checked(string name) => Text(name) is "true" or "on";

        private int? Int(string name)
        {
            var text = Text(name);
            if (text is null) return null;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
            Problems.Add(new(name, $"\"{text}\" is not a whole number."));
            return null;
        }

        private decimal? Decimal(string name)
        {
            var text = Text(name)?.Replace(',', '.');
            if (text is null) return null;
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return value;
            Problems.Add(new(name, $"\"{text}\" is not a number."));
            return null;
        }

        private YesNoUnknown Tri(string name) => Text(name) switch
        {
            "yes" => YesNoUnknown.Yes,
            "no" => YesNoUnknown.No,
            _ => YesNoUnknown.Unknown,
        };

        private TEnum Enum<TEnum>(string name, TEnum fallback) where TEnum : struct, System.Enum =>
            System.Enum.TryParse<TEnum>(Text(name), ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value : fallback;

        /// <summary>Rows 0..MaxRows-1 whose inputs are not all blank.</summary>
        private IEnumerable<int> Rows(string prefix, params string[] fields) =>
            Enumerable.Range(0, MaxRows).Where(i => fields.Any(f => Text($"{prefix}[{i}].{f}") is not null));

        public AnxietyHistorySection History()
        {
            var diagnoses = new List<DiagnosisEntry>();
            foreach (var i in Rows("history.diagnoses", "kind"))
            {
                var p = $"history.diagnoses[{i}]";
                if (!System.Enum.TryParse<DiagnosisKind>(Text($"{p}.kind"), out var kind) || !System.Enum.IsDefined(kind)) continue;
                // Errors are keyed by the row's position in the saved list, which is what the page renders back.
                var onset = Int($"{p}.onsetAge");
                if (Problems.LastOrDefault() is { } last && last.Field == $"{p}.onsetAge")
                    Problems[^1] = last with { Field = $"history.diagnoses[{diagnoses.Count}].onsetAge" };
                diagnoses.Add(new DiagnosisEntry(kind, onset, Enum($"{p}.course", DiagnosisCourse.Unknown)));
            }
            return new AnxietyHistorySection
            {
                Diagnoses = diagnoses.DistinctBy(d => d.Kind).ToList(),
                NoDiagnosisYet = diagnoses.Count == 0 && Checked("history.noDiagnosisYet"),
                InOwnWords = Text("history.inOwnWords"),
            };
        }

        public PresentationSection Presentation()
        {
            var items = new Dictionary<string, int>();
            foreach (var item in PresentationProfile.Items)
            {
                if (Int($"presentation.{item.Id}") is { } v and >= 0 and <= PresentationProfile.MaximumItemScore) items[item.Id] = v;
            }
            var triggers = form.TryGetValue("presentation.triggers", out var t)
                ? t.Where(x => x is not null && PresentationSection.TriggerChoices.Contains(x)).Select(x => x!).Distinct().ToList()
                : [];
            return new PresentationSection
            {
                Items = items,
                Triggers = triggers,
                OtherTriggers = Text("presentation.otherTriggers"),
                LinkedToPastExperiences = Tri("presentation.linkedToPastExperiences"),
                PastExperiencesNote = Text("presentation.pastExperiencesNote"),
                IntrusiveImagery = Tri("presentation.intrusiveImagery"),
                InnerConflict = Tri("presentation.innerConflict"),
            };
        }

        public PriorTreatmentsSection Treatments()
        {
            var medications = Rows("medicationTrials", "drug", "dose", "weeks", "sideEffects").Select(i =>
            {
                var p = $"medicationTrials[{i}]";
                return new MedicationTrialEntry(Text($"{p}.drug") ?? string.Empty, Text($"{p}.dose"), Int($"{p}.weeks"), Tri($"{p}.doseAdequate"),
                    Enum($"{p}.response", TreatmentResponse.Unknown), Text($"{p}.sideEffects"));
            }).ToList();
            var courses = Rows("psychotherapyCourses", "type", "sessions").Select(i =>
            {
                var p = $"psychotherapyCourses[{i}]";
                return new PsychotherapyEntry(Text($"{p}.type") ?? string.Empty, Int($"{p}.sessions"), Tri($"{p}.completed"),
                    Enum($"{p}.response", TreatmentResponse.Unknown));
            }).ToList();
            return new PriorTreatmentsSection
            {
                Medications = medications,
                Psychotherapy = courses,
                NoneTried = medications.Count + courses.Count == 0 && Checked("treatments.noneTried"),
            };
        }

        public MedicalScreenSection Medical()
        {
            DateOnly? lastUse = null;
            if (Text("medical.lastUse") is { } month)
            {
                // <input type="month"> posts "2026-01"; a full date is accepted too.
                if (DateOnly.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)
                    || DateOnly.TryParseExact(month, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out m))
                    lastUse = m;
                else Problems.Add(new("medical.lastUse", $"\"{month}\" is not a month (e.g. 2026-01)."));
            }
            var allergies = Rows("medical.allergies", "substance").Select(i => new Allergy(Text($"medical.allergies[{i}].substance")!, Text($"medical.allergies[{i}].reaction"))).ToList();
            return new MedicalScreenSection
            {
                SystolicMmHg = Int("systolicMmHg"),
                DiastolicMmHg = Int("diastolicMmHg"),
                WeightKg = Decimal("weightKg"),
                HeightCm = Decimal("heightCm"),
                IschaemicHeartDisease = Tri("ischaemicHeartDisease"),
                CerebrovascularDisease = Tri("cerebrovascularDisease"),
                AneurysmalVascularDisease = Tri("aneurysmalVascularDisease"),
                ArteriovenousMalformation = Tri("arteriovenousMalformation"),
                IntracerebralHaemorrhageHistory = Tri("intracerebralHaemorrhageHistory"),
                LiverDisease = Tri("liverDisease"),
                Pregnant = Tri("pregnant"),
                Breastfeeding = Tri("breastfeeding"),
                PsychoticDisorderHistory = Tri("psychoticDisorderHistory"),
                BipolarDisorder = Tri("bipolarDisorder"),
                OnMoodStabilizer = Tri("onMoodStabilizer"),
                SubstanceUseDisorder = Tri("substanceUseDisorder"),
                SubstancesUsed = Text("medical.substancesUsed"),
                LastUse = lastUse,
                Seizures = Tri("seizures"),
                CurrentMedications = Rows("medical.currentMedications", "name").Select(i => new CurrentMedication(Text($"medical.currentMedications[{i}].name")!, Text($"medical.currentMedications[{i}].dose"))).ToList(),
                TakesBenzodiazepine = Tri("takesBenzodiazepine"),
                TakesOpioid = Tri("takesOpioid"),
                TakesMaoi = Tri("takesMaoi"),
                TakesPsychostimulant = Tri("takesPsychostimulant"),
                TakesLamotrigine = Tri("takesLamotrigine"),
                Allergies = allergies,
                NoKnownAllergies = allergies.Count == 0 && Checked("medical.noKnownAllergies"),
            };
        }

        public SupportSection Support() => new()
        {
            HasSupportPerson = Tri("supportPerson"),
            SupportPersonName = Text("support.name"),
            SupportPersonRelationship = Text("support.relationship"),
            SupportPersonPhone = Text("support.phone"),
            TransportHome = Tri("transportHome"),
            TransportPlan = Text("support.transportPlan"),
        };
    }
}
