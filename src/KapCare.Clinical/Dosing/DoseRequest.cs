namespace KapCare.Clinical.Dosing;

/// <summary>
/// What a prescriber asks the calculator: a route, a dose rule and what the route's preparation needs. Which inputs each
/// route needs:
/// IV — <see cref="Weight"/> (for mg/kg), <see cref="Concentration"/> (vial), <see cref="FinalVolume"/>, <see cref="InfusionDuration"/>;
/// IM / SC — <see cref="Concentration"/>, <see cref="Site"/>;
/// sublingual — optionally <see cref="LozengeStrengths"/> (default <see cref="DefaultLozengeStrengths"/>);
/// oral — <see cref="Concentration"/> (oral solution);
/// esketamine — a fixed 28, 56 or 84 mg rule, <see cref="AgeYears"/> and <see cref="FirstDoseOfCourse"/>.
/// A missing or implausible input is refused with the name of the property at fault.
/// </summary>
public sealed record DoseRequest
{
    public required Route Route { get; init; }
    public required DoseRule Rule { get; init; }

    /// <summary>Today's weight; needed for a mg/kg rule and for checking any mg/kg limit.</summary>
    public Kilograms? Weight { get; init; }

    /// <summary>The protocol's limits (<see cref="DoseLimits.For"/>, narrowed); null uses the route's defaults.</summary>
    public DoseLimits? Limits { get; init; }

    /// <summary>The vial (IV, IM, SC) or oral solution strength, 10–100 mg/mL.</summary>
    public MilligramsPerMillilitre? Concentration { get; init; }

    /// <summary>IV: the bag or pump syringe's final volume, 20–500 mL (e.g. 50, 100 or 250 mL).</summary>
    public Millilitres? FinalVolume { get; init; }

    /// <summary>IV: the infusion time, 10–240 min.</summary>
    public Minutes? InfusionDuration { get; init; }

    /// <summary>IM or SC: where it is injected (sets the largest volume per injection).</summary>
    public InjectionSite? Site { get; init; }

    /// <summary>Sublingual: the lozenge / troche strengths in stock (whole mg); null uses <see cref="DefaultLozengeStrengths"/>.</summary>
    public IReadOnlyList<Milligrams>? LozengeStrengths { get; init; }

    /// <summary>The patient's age in whole years (18–120); needed for esketamine.</summary>
    public int? AgeYears { get; init; }

    /// <summary>Whether this is the first dose of a course (esketamine: the label's day-1 starting dose applies).</summary>
    public bool FirstDoseOfCourse { get; init; }

    /// <summary>Height in cm, for the body-mass-index check of a mg/kg dose (with <see cref="BmiWarningAbove"/>).</summary>
    public decimal? HeightCm { get; init; }

    /// <summary>Sex for the ideal-body-weight formula (Devine); null uses the female formula, the lower of the two.</summary>
    public KapCare.Clinical.Patients.AdministrativeSex? Sex { get; init; }

    /// <summary>A BMI above this (a clinic setting, e.g. 35) warns and shows the dose by ideal and adjusted body weight; null: no check.</summary>
    public decimal? BmiWarningAbove { get; init; }

    /// <summary>
    /// Strengths assumed when a clinic gives none: 25, 50, 100, 150 and 200 mg (<see cref="DosingSources.LozengeStrengths"/>).
    /// </summary>
    public static IReadOnlyList<Milligrams> DefaultLozengeStrengths { get; } = [new(25m), new(50m), new(100m), new(150m), new(200m)];
}
