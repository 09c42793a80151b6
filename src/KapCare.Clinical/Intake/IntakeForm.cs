using KapCare.Clinical.Eligibility;

namespace KapCare.Clinical.Intake;

/// <summary>How well a treatment worked, in the patient's or clinician's words.</summary>
public enum TreatmentResponse
{
    Unknown = 0,
    None,
    Partial,
    Good,
}

public sealed record DiagnosisEntry(DiagnosisKind Kind, int? OnsetAge, DiagnosisCourse Course);

public sealed record MedicationTrialEntry(string Drug, string? Dose, int? Weeks, YesNoUnknown DoseAdequate, TreatmentResponse Response, string? SideEffects);

public sealed record PsychotherapyEntry(string Type, int? Sessions, YesNoUnknown Completed, TreatmentResponse Response);

public sealed record CurrentMedication(string Name, string? Dose);

public sealed record Allergy(string Substance, string? Reaction);

/// <summary>Section 1: anxiety history — diagnoses with onset and course.</summary>
public sealed record AnxietyHistorySection
{
    public IReadOnlyList<DiagnosisEntry> Diagnoses { get; init; } = [];
    /// <summary>The patient says no diagnosis has been made yet (an answer, unlike an empty list).</summary>
    public bool NoDiagnosisYet { get; init; }
    public string? InOwnWords { get; init; }
    public bool IsComplete => Diagnoses.Count > 0 || NoDiagnosisYet;
}

/// <summary>Section 2: the presentation profile, triggers and roots (guides the integration approach later).</summary>
public sealed record PresentationSection
{
    public IReadOnlyDictionary<string, int> Items { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<string> Triggers { get; init; } = [];
    public string? OtherTriggers { get; init; }
    public YesNoUnknown LinkedToPastExperiences { get; init; }
    public string? PastExperiencesNote { get; init; }
    public YesNoUnknown IntrusiveImagery { get; init; }
    /// <summary>Feeling torn, as if part of oneself wants change and another part holds back (guides IFS); optional.</summary>
    public YesNoUnknown InnerConflict { get; init; }

    public static readonly IReadOnlyList<string> TriggerChoices =
        ["Social situations", "Work or study", "Health worries", "Crowds or public places", "Driving or travel", "Relationships", "Money", "Being alone", "Night-time"];

    public PresentationProfileResult Profile() => PresentationProfile.Score(Items);
    public bool IsComplete => Profile().IsComplete && LinkedToPastExperiences != YesNoUnknown.Unknown && IntrusiveImagery != YesNoUnknown.Unknown;
}

/// <summary>Section 3: each medication trial and psychotherapy course tried for anxiety or depression.</summary>
public sealed record PriorTreatmentsSection
{
    public IReadOnlyList<MedicationTrialEntry> Medications { get; init; } = [];
    public IReadOnlyList<PsychotherapyEntry> Psychotherapy { get; init; } = [];
    /// <summary>The patient says nothing has been tried (an answer, unlike an empty list).</summary>
    public bool NoneTried { get; init; }
    public bool IsComplete => Medications.Count + Psychotherapy.Count > 0 || NoneTried;
}

/// <summary>Section 4: the medical screen the eligibility rules read (REFERENCE.md §2).</summary>
public sealed record MedicalScreenSection
{
    public int? SystolicMmHg { get; init; }
    public int? DiastolicMmHg { get; init; }
    public decimal? WeightKg { get; init; }
    public decimal? HeightCm { get; init; }
    public YesNoUnknown IschaemicHeartDisease { get; init; }
    public YesNoUnknown CerebrovascularDisease { get; init; }
    public YesNoUnknown AneurysmalVascularDisease { get; init; }
    public YesNoUnknown ArteriovenousMalformation { get; init; }
    public YesNoUnknown IntracerebralHaemorrhageHistory { get; init; }
    /// <summary>Recorded for the prescriber: severe hepatic impairment is not recommended with esketamine (Spravato PI §8.7).</summary>
    public YesNoUnknown LiverDisease { get; init; }
    /// <summary>"No" also when it does not apply.</summary>
    public YesNoUnknown Pregnant { get; init; }
    public YesNoUnknown Breastfeeding { get; init; }
    public YesNoUnknown PsychoticDisorderHistory { get; init; }
    public YesNoUnknown BipolarDisorder { get; init; }
    public YesNoUnknown OnMoodStabilizer { get; init; }
    public YesNoUnknown SubstanceUseDisorder { get; init; }
    public string? SubstancesUsed { get; init; }
    /// <summary>The month of last use (day 1); current use is this month.</summary>
    public DateOnly? LastUse { get; init; }
    public YesNoUnknown Seizures { get; init; }
    public IReadOnlyList<CurrentMedication> CurrentMedications { get; init; } = [];
    public YesNoUnknown TakesBenzodiazepine { get; init; }
    public YesNoUnknown TakesOpioid { get; init; }
    public YesNoUnknown TakesMaoi { get; init; }
    public YesNoUnknown TakesPsychostimulant { get; init; }
    public YesNoUnknown TakesLamotrigine { get; init; }
    public IReadOnlyList<Allergy> Allergies { get; init; } = [];
    public bool NoKnownAllergies { get; init; }

    /// <summary>Body-mass index in kg/m², one decimal, when weight and height are both known.</summary>
    public decimal? Bmi => WeightKg is { } w && HeightCm is { } h and > 0 ? Math.Round(w / (h / 100m * (h / 100m)), 1) : null;

    /// <summary>A listed drug overrides a "no" or "not sure" for its class: what is written in the list is a fact.</summary>
    public YesNoUnknown Takes(DrugClass drugClass, YesNoUnknown answered) =>
        CurrentMedications.Any(m => DrugClasses.Of(m.Name).Contains(drugClass)) ? YesNoUnknown.Yes : answered;

    /// <summary>Listed drugs that contradict an explicit "no" (shown to the person filling the form).</summary>
    public IEnumerable<string> MedicationConflicts()
    {
        (DrugClass Class, YesNoUnknown Answer)[] answered =
        [
            (DrugClass.Benzodiazepine, TakesBenzodiazepine), (DrugClass.Opioid, TakesOpioid), (DrugClass.Maoi, TakesMaoi),
            (DrugClass.Psychostimulant, TakesPsychostimulant), (DrugClass.Lamotrigine, TakesLamotrigine),
        ];
        foreach (var medication in CurrentMedications)
        {
            foreach (var (drugClass, answer) in answered)
            {
                if (answer == YesNoUnknown.No && DrugClasses.Of(medication.Name).Contains(drugClass))
                    yield return $"{medication.Name} is {DrugClasses.Label(drugClass)}, but the answer above is \"no\": counted as yes.";
            }
        }
    }

    public bool AllergiesAnswered => NoKnownAllergies || Allergies.Count > 0;
}

/// <summary>Section 5: who supports the patient and how they get home after a session (Spravato REMS; KAP practice).</summary>
public sealed record SupportSection
{
    public YesNoUnknown HasSupportPerson { get; init; }
    public string? SupportPersonName { get; init; }
    public string? SupportPersonRelationship { get; init; }
    public string? SupportPersonPhone { get; init; }
    public YesNoUnknown TransportHome { get; init; }
    public string? TransportPlan { get; init; }
    public bool IsComplete => HasSupportPerson != YesNoUnknown.Unknown && TransportHome != YesNoUnknown.Unknown;
}

public enum IntakeSectionId
{
    History,
    Presentation,
    Treatments,
    Medical,
    Support,
}

/// <summary>
/// The structured intake, section by section, as the patient (at home, in the portal) or staff (in the clinic) fill it.
/// Every answer starts unknown; <see cref="ToFacts"/> turns it into the facts the eligibility rules read, so nothing the
/// intake did not learn can pass silently.
/// </summary>
public sealed record IntakeForm
{
    public AnxietyHistorySection History { get; init; } = new();
    public PresentationSection Presentation { get; init; } = new();
    public PriorTreatmentsSection Treatments { get; init; } = new();
    public MedicalScreenSection Medical { get; init; } = new();
    public SupportSection Support { get; init; } = new();

    public static string Title(IntakeSectionId section) => section switch
    {
        IntakeSectionId.History => "Anxiety history",
        IntakeSectionId.Presentation => "How your anxiety shows up",
        IntakeSectionId.Treatments => "Treatments you have tried",
        IntakeSectionId.Medical => "Health and medicines",
        IntakeSectionId.Support => "Support and getting home",
    };

    public IReadOnlyList<string> Missing(IntakeSectionId section) => section switch
    {
        IntakeSectionId.History => History.IsComplete ? [] : ["at least one diagnosis, or \"no diagnosis yet\""],
        IntakeSectionId.Presentation => PresentationMissing(),
        IntakeSectionId.Treatments => Treatments.IsComplete ? [] : ["at least one treatment, or \"none tried yet\""],
        IntakeSectionId.Medical => MedicalMissing(),
        IntakeSectionId.Support => SupportMissing(),
    };

    public bool IsComplete(IntakeSectionId section) => Missing(section).Count == 0;

    private List<string> PresentationMissing()
    {
        var missing = new List<string>();
        var unanswered = PresentationProfile.Items.Count(i => !Presentation.Items.ContainsKey(i.Id));
        if (unanswered > 0) missing.Add($"{unanswered} of {PresentationProfile.Items.Count} profile questions");
        if (Presentation.LinkedToPastExperiences == YesNoUnknown.Unknown) missing.Add("whether it is linked to past experiences");
        if (Presentation.IntrusiveImagery == YesNoUnknown.Unknown) missing.Add("intrusive images or memories");
        return missing;
    }

    private List<string> MedicalMissing()
    {
        var m = Medical;
        var missing = new List<string>();
        if (m.SystolicMmHg is null) missing.Add("blood pressure");
        if (m.WeightKg is null) missing.Add("weight");
        if (m.HeightCm is null) missing.Add("height");
        (YesNoUnknown Value, string Label)[] findings =
        [
            (m.IschaemicHeartDisease, "heart disease"), (m.CerebrovascularDisease, "stroke"), (m.AneurysmalVascularDisease, "aneurysm"),
            (m.ArteriovenousMalformation, "AVM"), (m.IntracerebralHaemorrhageHistory, "bleeding in the brain"), (m.LiverDisease, "liver disease"),
            (m.Pregnant, "pregnancy"), (m.Breastfeeding, "breastfeeding"), (m.PsychoticDisorderHistory, "psychosis"), (m.BipolarDisorder, "bipolar disorder"),
            (m.SubstanceUseDisorder, "substance use"), (m.Seizures, "seizures"), (m.TakesBenzodiazepine, "benzodiazepines"), (m.TakesOpioid, "opioids"),
            (m.TakesMaoi, "MAOIs"), (m.TakesPsychostimulant, "stimulants"), (m.TakesLamotrigine, "lamotrigine"),
        ];
        missing.AddRange(findings.Where(f => f.Value == YesNoUnknown.Unknown).Select(f => f.Label));
        if (m.BipolarDisorder == YesNoUnknown.Yes && m.OnMoodStabilizer == YesNoUnknown.Unknown) missing.Add("mood stabilizer");
        if (m.SubstanceUseDisorder == YesNoUnknown.Yes && m.LastUse is null) missing.Add("last substance use");
        if (!m.AllergiesAnswered) missing.Add("allergies");
        return missing;
    }

    private List<string> SupportMissing()
    {
        var missing = new List<string>();
        if (Support.HasSupportPerson == YesNoUnknown.Unknown) missing.Add("support person");
        if (Support.TransportHome == YesNoUnknown.Unknown) missing.Add("transport home");
        return missing;
    }

    /// <summary>
    /// The facts for the eligibility engine on <paramref name="asOf"/> (months since last substance use are counted to
    /// that day). The suicide-risk level comes from the C-SSRS screener, which is a measure and not part of the intake.
    /// </summary>
    public IntakeFacts ToFacts(DateOnly asOf, CssrsRiskLevel suicideRisk)
    {
        var m = Medical;
        // The mood-stabilizer answer stands unless a listed drug proves it.
        var onMoodStabilizer = m.Takes(DrugClass.MoodStabilizer, m.OnMoodStabilizer);
        return new IntakeFacts
        {
            SystolicMmHg = m.SystolicMmHg,
            DiastolicMmHg = m.DiastolicMmHg,
            WeightKg = m.WeightKg,
            HeightCm = m.HeightCm,
            PsychoticDisorderHistory = m.PsychoticDisorderHistory,
            BipolarDisorder = m.BipolarDisorder,
            OnMoodStabilizer = m.BipolarDisorder == YesNoUnknown.Yes ? onMoodStabilizer : m.OnMoodStabilizer,
            SubstanceUseDisorder = m.SubstanceUseDisorder,
            MonthsAbstinent = m.SubstanceUseDisorder == YesNoUnknown.Yes && m.LastUse is { } last ? WholeMonthsPassedSince(last, asOf) : null,
            AneurysmalVascularDisease = m.AneurysmalVascularDisease,
            ArteriovenousMalformation = m.ArteriovenousMalformation,
            IntracerebralHaemorrhageHistory = m.IntracerebralHaemorrhageHistory,
            IschaemicHeartDisease = m.IschaemicHeartDisease,
            CerebrovascularDisease = m.CerebrovascularDisease,
            Pregnant = m.Pregnant,
            Breastfeeding = m.Breastfeeding,
            TakesBenzodiazepine = m.Takes(DrugClass.Benzodiazepine, m.TakesBenzodiazepine),
            TakesOpioid = m.Takes(DrugClass.Opioid, m.TakesOpioid),
            TakesMaoi = m.Takes(DrugClass.Maoi, m.TakesMaoi),
            TakesPsychostimulant = m.Takes(DrugClass.Psychostimulant, m.TakesPsychostimulant),
            SuicideRisk = suicideRisk,
            SupportPerson = Support.HasSupportPerson,
            TransportHome = Support.TransportHome,
            MedicationTrials = Treatments.Medications.Select(t => new MedicationTrial(t.Drug, t.DoseAdequate, t.Weeks)).ToList(),
            PsychotherapyCourses = Treatments.Psychotherapy.Select(c => new PsychotherapyCourse(c.Type, c.Sessions, c.Completed)).ToList(),
        };
    }

    /// <summary>
    /// Whole calendar months that have fully passed since the month of <paramref name="lastUse"/> (the intake asks for the
    /// month only, so the patient may have used on its last day): last use in December 2025 is 11 months on 3 December
    /// 2026 and 12 only from 1 January 2027. Counting from the first of the month instead rounded abstinence up by up to a
    /// month, so a borderline exclusion did not fire (issue 9, item 8). 0 when the month is the current one or later.
    /// </summary>
    public static int WholeMonthsPassedSince(DateOnly lastUse, DateOnly asOf) =>
        Math.Max(0, (asOf.Year * 12 + asOf.Month) - (lastUse.Year * 12 + lastUse.Month) - 1);

    /// <summary>Whole calendar months from <paramref name="from"/> to <paramref name="to"/>; 0 when use is current or dated in the future.</summary>
    public static int WholeMonthsBetween(DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        if (to.Day < from.Day) months--;
        return Math.Max(0, months);
    }

    /// <summary>What is impossible in the form (a typo, not a finding), keyed by field; the facts' own checks included.</summary>
    public IReadOnlyList<IntakeProblem> Problems(DateOnly asOf)
    {
        var problems = new List<IntakeProblem>(ToFacts(asOf, CssrsRiskLevel.Unknown).Problems());
        for (var i = 0; i < History.Diagnoses.Count; i++)
        {
            if (History.Diagnoses[i].OnsetAge is < 0 or > 120) problems.Add(new($"history.diagnoses[{i}].onsetAge", "Age at onset must be 0–120 years."));
        }
        if (Medical.LastUse is { } last && last > asOf) problems.Add(new("medical.lastUse", "Last use cannot be in the future."));
        problems.AddRange(TextProblems());
        return problems;
    }

    /// <summary>Longest note a person may write in a free-text box of the intake.</summary>
    public const int MaxNoteLength = 2000;
    /// <summary>Longest short entry: a drug, a dose, a substance, a name.</summary>
    public const int MaxShortLength = 100;
    /// <summary>Most rows in one list (trials, courses, medications, allergies, diagnoses): more is a paste, not a history.</summary>
    public const int MaxRows = 20;

    /// <summary>
    /// Every free-text answer has a limit (issue 9, finding 6), keyed by the field the editor shows it beside; together they keep
    /// the stored form well inside its column, so an over-long answer is named here rather than failing the save.
    /// </summary>
    private IEnumerable<IntakeProblem> TextProblems()
    {
        static IntakeProblem? Check(string field, string? value, int max) =>
            value is not null && value.Trim().Length > max ? new(field, $"Keep this to {max} characters (it has {value.Trim().Length}).") : null;
        static IntakeProblem? Rows(string field, int count) =>
            count > MaxRows ? new(field, $"List at most {MaxRows} here (there are {count}).") : null;

        var checks = new List<IntakeProblem?>
        {
            Check("history.inOwnWords", History.InOwnWords, MaxNoteLength),
            Check("presentation.otherTriggers", Presentation.OtherTriggers, MaxNoteLength),
            Check("presentation.pastExperiencesNote", Presentation.PastExperiencesNote, MaxNoteLength),
            Check("medical.substancesUsed", Medical.SubstancesUsed, MaxNoteLength),
            Check("support.name", Support.SupportPersonName, MaxShortLength),
            Check("support.relationship", Support.SupportPersonRelationship, MaxShortLength),
            Check("support.phone", Support.SupportPersonPhone, MaxShortLength),
            Check("support.transportPlan", Support.TransportPlan, MaxNoteLength),
            Rows("history.diagnoses", History.Diagnoses.Count),
            Rows("medicationTrials", Treatments.Medications.Count),
            Rows("psychotherapyCourses", Treatments.Psychotherapy.Count),
            Rows("medical.currentMedications", Medical.CurrentMedications.Count),
            Rows("medical.allergies", Medical.Allergies.Count),
        };
        for (var i = 0; i < Treatments.Medications.Count; i++)
        {
            var m = Treatments.Medications[i];
            checks.Add(Check($"medicationTrials[{i}].drug", m.Drug, MaxShortLength));
            checks.Add(Check($"medicationTrials[{i}].dose", m.Dose, MaxShortLength));
            checks.Add(Check($"medicationTrials[{i}].sideEffects", m.SideEffects, MaxShortLength * 5));
        }
        for (var i = 0; i < Treatments.Psychotherapy.Count; i++)
            checks.Add(Check($"psychotherapyCourses[{i}].type", Treatments.Psychotherapy[i].Type, MaxShortLength));
        for (var i = 0; i < Medical.CurrentMedications.Count; i++)
        {
            checks.Add(Check($"medical.currentMedications[{i}].name", Medical.CurrentMedications[i].Name, MaxShortLength));
            checks.Add(Check($"medical.currentMedications[{i}].dose", Medical.CurrentMedications[i].Dose, MaxShortLength));
        }
        for (var i = 0; i < Medical.Allergies.Count; i++)
        {
            checks.Add(Check($"medical.allergies[{i}].substance", Medical.Allergies[i].Substance, MaxShortLength));
            checks.Add(Check($"medical.allergies[{i}].reaction", Medical.Allergies[i].Reaction, MaxShortLength * 2));
        }
        return checks.OfType<IntakeProblem>();
    }
}
