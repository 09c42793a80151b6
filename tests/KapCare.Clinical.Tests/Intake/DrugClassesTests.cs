using KapCare.Clinical.Intake;

namespace KapCare.Clinical.Tests.Intake;

public sealed class DrugClassesTests
{
    // Classes from the Spravato prescribing information's interaction list and standard drug references.
    [Theory]
    [InlineData("Xanax 0.5 mg as needed", DrugClass.Benzodiazepine)]
    [InlineData("lorazepam", DrugClass.Benzodiazepine)]
    [InlineData("Tramadol 50mg", DrugClass.Opioid)]
    [InlineData("Suboxone 8/2", DrugClass.Opioid)]
    [InlineData("phenelzine (Nardil)", DrugClass.Maoi)]
    [InlineData("Emsam patch", DrugClass.Maoi)]
    [InlineData("Adderall XR 20 mg", DrugClass.Psychostimulant)]
    [InlineData("modafinil", DrugClass.Psychostimulant)]
    [InlineData("Lamictal 200 mg", DrugClass.Lamotrigine)]
    [InlineData("lithium carbonate", DrugClass.MoodStabilizer)]
    public void Recognises_generic_and_brand_names(string entry, DrugClass expected) =>
        Assert.Contains(expected, DrugClasses.Of(entry));

    [Fact]
    public void Lamotrigine_is_also_a_mood_stabilizer() =>
        Assert.Equal(new HashSet<DrugClass> { DrugClass.Lamotrigine, DrugClass.MoodStabilizer }, DrugClasses.Of("lamotrigine"));

    [Theory]
    [InlineData("sertraline 100 mg")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_entries_have_no_class(string? entry) => Assert.Empty(DrugClasses.Of(entry));
}
