namespace KapCare.Clinical.Instruments;

/// <summary>Every instrument KapCare ships. Filled in by the instrument definitions in this folder.</summary>
public static partial class InstrumentLibrary
{
    /// <summary>Canonical URLs of KapCare's Questionnaires: {CanonicalBase}/{id}, e.g. https://fhir.kapcare.org/Questionnaire/gad-7.</summary>
    public const string CanonicalBase = "https://fhir.kapcare.org/Questionnaire";

    public static Instrument? Find(string id) => All.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase));

    public static Instrument Get(string id) => Find(id) ?? throw new KeyNotFoundException($"No instrument \"{id}\".");

    /// <summary>Finds an instrument by KapCare's canonical URL, its id, or <c>http://loinc.org/q/{panel}</c>.</summary>
    public static Instrument? FindByCanonical(string canonical)
    {
        var value = canonical.Split('|')[0].Trim();
        if (value.StartsWith("http://loinc.org/q/", StringComparison.Ordinal))
        {
            var panel = value["http://loinc.org/q/".Length..];
            return All.FirstOrDefault(i => i.PanelLoinc == panel);
        }
        if (value.StartsWith(CanonicalBase + "/", StringComparison.Ordinal)) return Find(value[(CanonicalBase.Length + 1)..]);
        return Find(value);
    }
}

public static partial class InstrumentLibrary
{
    /// <summary>
    /// All instruments, in the order staff see them, with their default (published) cut-offs. A clinic that
    /// configures another PCL-5 or HAM-A cut-off gets its instrument from <see cref="Pcl5"/> or <see cref="HamA"/>.
    /// The definitions live in the InstrumentLibrary.*.cs files beside this one; they are built by methods, not static
    /// fields, because the initialisation order of static fields across partial files is unspecified.
    /// </summary>
    public static IReadOnlyList<Instrument> All { get; } =
    [
        BuildGad7(),
        BuildPhq9(),
        BuildGad2(),
        BuildPhq2(),
        BuildPhq4(),
        Pcl5(),
        BuildSpin(),
        BuildPdssSr(),
        BuildOasis(),
        HamA(),
        BuildCadss(),
        BuildCadss6(),
        BuildCssrsScreen(),
    ];
}
