namespace KapCare.Clinical.Intake;

/// <summary>Drug classes the eligibility rules and the prescriber need to know about.</summary>
public enum DrugClass
{
    Benzodiazepine,
    Opioid,
    Maoi,
    Psychostimulant,
    /// <summary>Lamotrigine pretreatment attenuates ketamine's perceptual effects (Anand et al., Arch Gen Psychiatry 2000;57:270).</summary>
    Lamotrigine,
    MoodStabilizer,
}

/// <summary>
/// Recognises common generic and US brand names in a free-text medication list, so that a listed drug can never
/// contradict an answer ("lorazepam" listed, "no benzodiazepines" answered). The classes follow the Spravato
/// prescribing information's interaction list (benzodiazepines, opioids, MAOIs, psychostimulants such as amphetamines,
/// methylphenidate, modafinil, armodafinil). Not recognising a name proves nothing: the explicit yes/no questions stay.
/// </summary>
public static class DrugClasses
{
    private static readonly Dictionary<string, DrugClass[]> Names = Build(
        (DrugClass.Benzodiazepine, ["alprazolam", "xanax", "lorazepam", "ativan", "clonazepam", "klonopin", "diazepam", "valium",
            "chlordiazepoxide", "librium", "temazepam", "restoril", "oxazepam", "triazolam", "halcion", "clorazepate", "tranxene", "midazolam"]),
        (DrugClass.Opioid, ["oxycodone", "oxycontin", "percocet", "hydrocodone", "norco", "vicodin", "morphine", "codeine", "tramadol", "ultram",
            "fentanyl", "hydromorphone", "dilaudid", "methadone", "buprenorphine", "suboxone", "subutex", "tapentadol", "nucynta", "oxymorphone"]),
        (DrugClass.Maoi, ["phenelzine", "nardil", "tranylcypromine", "parnate", "isocarboxazid", "marplan", "selegiline", "emsam", "eldepryl",
            "rasagiline", "azilect", "moclobemide"]),
        (DrugClass.Psychostimulant, ["amphetamine", "adderall", "dextroamphetamine", "dexedrine", "lisdexamfetamine", "vyvanse", "methylphenidate",
            "ritalin", "concerta", "dexmethylphenidate", "focalin", "modafinil", "provigil", "armodafinil", "nuvigil"]),
        (DrugClass.Lamotrigine, ["lamotrigine", "lamictal"]),
        (DrugClass.MoodStabilizer, ["lithium", "lithobid", "valproate", "valproic", "divalproex", "depakote", "lamotrigine", "lamictal",
            "carbamazepine", "tegretol"]));

    private static Dictionary<string, DrugClass[]> Build(params (DrugClass Class, string[] Names)[] groups) =>
        groups.SelectMany(g => g.Names.Select(n => (Name: n, g.Class)))
            .GroupBy(x => x.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Class).ToArray(), StringComparer.Ordinal);

    /// <summary>The classes of every word in a free-text entry ("Xanax 0.5 mg as needed" → benzodiazepine).</summary>
    public static IReadOnlySet<DrugClass> Of(string? medication)
    {
        var classes = new HashSet<DrugClass>();
        if (string.IsNullOrWhiteSpace(medication)) return classes;
        foreach (var word in medication.ToLowerInvariant().Split([' ', ',', '/', '-', '(', ')', '.', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Names.TryGetValue(word, out var found)) classes.UnionWith(found);
        }
        return classes;
    }

    public static string Label(DrugClass drugClass) => drugClass switch
    {
        DrugClass.Benzodiazepine => "a benzodiazepine",
        DrugClass.Opioid => "an opioid",
        DrugClass.Maoi => "an MAOI",
        DrugClass.Psychostimulant => "a psychostimulant",
        DrugClass.Lamotrigine => "lamotrigine",
        DrugClass.MoodStabilizer => "a mood stabilizer",
    };
}
