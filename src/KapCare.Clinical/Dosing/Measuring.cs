namespace KapCare.Clinical.Dosing;

/// <summary>A syringe and the smallest volume its scale shows.</summary>
public sealed record Syringe(Millilitres Capacity, decimal Graduation)
{
    /// <summary>
    /// The smallest syringe that holds <paramref name="volume"/>, or null above 60 mL. Graduations of common Luer syringes
    /// (KapCare assumption, see <see cref="DosingSources.SyringeGraduations"/>): the smallest syringe measures finest, so
    /// rounding down to its graduation loses the least.
    /// </summary>
    public static Syringe? For(Millilitres volume) => volume.Value switch
    {
        <= 1m => new(new(1m), 0.01m),
        <= 3m => new(new(3m), 0.1m),
        <= 5m => new(new(5m), 0.2m),
        <= 10m => new(new(10m), 0.2m),
        <= 20m => new(new(20m), 1m),
        <= 60m => new(new(60m), 1m),
        _ => null,
    };

    public override string ToString() => $"{Capacity} syringe (graduated by {Units.Format(Graduation)} mL)";
}

/// <summary>Where an injection goes. IM sites take IM doses, SC sites SC doses.</summary>
public enum InjectionSite
{
    Deltoid,
    Ventrogluteal,
    VastusLateralis,
    AbdomenSubcutaneous,
    UpperArmSubcutaneous,
    ThighSubcutaneous,
}

public static class InjectionSites
{
    /// <summary>The route a site belongs to.</summary>
    public static Route RouteOf(InjectionSite site) => site switch
    {
        InjectionSite.Deltoid or InjectionSite.Ventrogluteal or InjectionSite.VastusLateralis => Route.Intramuscular,
        InjectionSite.AbdomenSubcutaneous or InjectionSite.UpperArmSubcutaneous or InjectionSite.ThighSubcutaneous => Route.Subcutaneous,
    };

    /// <summary>
    /// The largest volume for one injection at the site in an adult. IM: 5 mL in a large muscle, 2 mL in the deltoid
    /// (<see cref="DosingSources.IntramuscularVolumes"/>); SC: 1.5 mL (<see cref="DosingSources.SubcutaneousVolume"/>).
    /// </summary>
    public static Millilitres MaximumVolume(InjectionSite site) => site switch
    {
        InjectionSite.Deltoid => new(2m),
        InjectionSite.Ventrogluteal => new(5m),
        InjectionSite.VastusLateralis => new(5m),
        InjectionSite.AbdomenSubcutaneous => new(1.5m),
        InjectionSite.UpperArmSubcutaneous => new(1.5m),
        InjectionSite.ThighSubcutaneous => new(1.5m),
    };

    public static string Label(InjectionSite site) => site switch
    {
        InjectionSite.Deltoid => "deltoid",
        InjectionSite.Ventrogluteal => "ventrogluteal",
        InjectionSite.VastusLateralis => "vastus lateralis",
        InjectionSite.AbdomenSubcutaneous => "abdomen (SC)",
        InjectionSite.UpperArmSubcutaneous => "upper arm (SC)",
        InjectionSite.ThighSubcutaneous => "thigh (SC)",
    };
}

/// <summary>How the dose is prepared and given; one kind per route.</summary>
public abstract record Preparation
{
    private protected Preparation()
    {
    }

    /// <summary>The instruction a nurse reads.</summary>
    public abstract string Instruction { get; }
}

/// <summary>
/// IV: draw <see cref="DrawnVolume"/> from the vial, add it to diluent to make <see cref="FinalVolume"/>, and run the pump at
/// <see cref="PumpRate"/> (final volume ÷ minutes × 60, rounded down to 0.1 mL/h: slower, never faster).
/// </summary>
public sealed record InfusionPreparation(
    MilligramsPerMillilitre VialConcentration,
    Millilitres DrawnVolume,
    Syringe Syringe,
    Millilitres DiluentVolume,
    Millilitres FinalVolume,
    MilligramsPerMillilitre FinalConcentration,
    Minutes Duration,
    MillilitresPerHour PumpRate) : Preparation
{
    public override string Instruction =>
        $"Draw {DrawnVolume} of {VialConcentration} ketamine ({Syringe}); add to {DiluentVolume} of diluent for a final volume of " +
        $"{FinalVolume} ({Units.Format(Math.Round(FinalConcentration.Value, 4))} mg/mL); infuse over {Duration} at {PumpRate}.";
}

/// <summary>IM or SC: the total volume, split into equal injections when it is above the site's maximum.</summary>
public sealed record InjectionPreparation(
    MilligramsPerMillilitre Concentration,
    InjectionSite Site,
    Millilitres MaximumPerInjection,
    IReadOnlyList<Millilitres> Injections,
    Syringe Syringe) : Preparation
{
    public Millilitres TotalVolume => new(Injections.Sum(i => i.Value));

    public override string Instruction => Injections.Count == 1
        ? $"Draw {Injections[0]} of {Concentration} ketamine ({Syringe}); inject into the {InjectionSites.Label(Site)}."
        : $"Draw {Injections.Count} × {Injections[0]} of {Concentration} ketamine ({Syringe}); inject into {Injections.Count} separate " +
          $"{InjectionSites.Label(Site)} sites (at most {MaximumPerInjection} each).";
}

/// <summary>One strength of lozenge / troche and how many of it.</summary>
public sealed record LozengeUnits(Milligrams Strength, int Count);

/// <summary>Sublingual: whole lozenges / troches of the stocked strengths, adding up to no more than the dose.</summary>
public sealed record LozengePreparation(IReadOnlyList<LozengeUnits> Units, IReadOnlyList<Milligrams> Stocked) : Preparation
{
    public int Count => Units.Sum(u => u.Count);

    public override string Instruction =>
        string.Join(" + ", Units.Select(u => $"{u.Count} × {u.Strength}")) + " lozenge(s)/troche(s), held under the tongue.";
}

/// <summary>Oral solution: a volume measured in an oral syringe.</summary>
public sealed record OralSolutionPreparation(MilligramsPerMillilitre Concentration, Millilitres Volume, Syringe Syringe) : Preparation
{
    public override string Instruction => $"Measure {Volume} of {Concentration} oral ketamine solution ({Syringe}).";
}

/// <summary>Esketamine: a number of 28 mg devices, 5 minutes apart (Spravato label).</summary>
public sealed record EsketaminePreparation(int Devices) : Preparation
{
    public const decimal MilligramsPerDevice = 28m;
    public const int MinutesBetweenDevices = 5;

    /// <summary>From the first device to the last: 5 minutes between devices.</summary>
    public int MinutesFirstToLastDevice => (Devices - 1) * MinutesBetweenDevices;

    public override string Instruction =>
        $"{Devices} × 28 mg esketamine device(s), one spray per nostril each, {MinutesBetweenDevices} min between devices.";
}
