namespace KapCare.Clinical.Tests.Pharmacokinetics;

/// <summary>
/// The textbook closed-form solutions of mammillary compartment models, written out independently of the simulator
/// (which uses a matrix exponential) so that each can check the other. Parameters are typed in from REFERENCE.md §3,
/// not read from <c>PkModels</c>.
/// </summary>
/// <remarks>
/// Unit bolus into the central compartment: amount x1(t) / dose = Σ Aᵢ e^(−λᵢ t).
///
/// Two compartments, derived by hand. With x1(0) = D, x2(0) = 0:
///   dx1/dt = −(k10 + k12) x1 + k21 x2,   dx2/dt = k12 x1 − k21 x2.
/// Laplace transform: (s + k21) X2 = k12 X1, so
///   X1(s) = D (s + k21) / [(s + k10 + k12)(s + k21) − k12 k21] = D (s + k21) / [s² + (k10 + k12 + k21) s + k10 k21].
/// The denominator's roots are s = −λ with
///   λ₁,₂ = [(k10 + k12 + k21) ± √((k10 + k12 + k21)² − 4 k10 k21)] / 2,
/// and partial fractions give A₁ = (k21 − λ₁)/(λ₂ − λ₁), A₂ = (k21 − λ₂)/(λ₁ − λ₂) (A₁ + A₂ = 1, so C(0) = D/V1).
///
/// Three compartments, the same way: X2 = k12 X1/(s + k21), X3 = k13 X1/(s + k31), so
///   X1(s) = D (s + k21)(s + k31) / (s³ + a₂ s² + a₁ s + a₀) with
///   a₂ = k10 + k12 + k13 + k21 + k31, a₁ = k10 k21 + k10 k31 + k21 k31 + k12 k31 + k13 k21, a₀ = k10 k21 k31;
/// the λ are the roots of λ³ − a₂λ² + a₁λ − a₀ (three real roots, solved by Viète's trigonometric formula) and
///   Aᵢ = (k21 − λᵢ)(k31 − λᵢ) / ((λⱼ − λᵢ)(λₖ − λᵢ)).
///
/// Other inputs are convolutions of that unit response:
///   constant infusion R for T min: x1(t) = R Σ Aᵢ/λᵢ (1 − e^(−λᵢ t)) while t ≤ T, then R Σ Aᵢ/λᵢ (e^(λᵢ T) − 1) e^(−λᵢ t);
///   first-order absorption of F·D with rate ka: x1(t) = F D ka Σ Aᵢ (e^(−λᵢ t) − e^(−ka t)) / (ka − λᵢ).
/// </remarks>
internal sealed record ClosedForm(double V1Litres, double[] Lambda, double[] A)
{
    public static ClosedForm TwoCompartment(double v1, double k10, double k12, double k21)
    {
        var sum = k10 + k12 + k21;
        var root = Math.Sqrt(sum * sum - 4 * k10 * k21);
        double l1 = (sum + root) / 2, l2 = (sum - root) / 2;
        return new(v1, [l1, l2], [(k21 - l1) / (l2 - l1), (k21 - l2) / (l1 - l2)]);
    }

    public static ClosedForm ThreeCompartment(double v1, double k10, double k12, double k13, double k21, double k31)
    {
        var a2 = k10 + k12 + k13 + k21 + k31;
        var a1 = k10 * k21 + k10 * k31 + k21 * k31 + k12 * k31 + k13 * k21;
        var a0 = k10 * k21 * k31;
        // λ = y + a₂/3 turns the cubic into y³ + p y + q = 0.
        var p = a1 - a2 * a2 / 3;
        var q = -2 * a2 * a2 * a2 / 27 + a1 * a2 / 3 - a0;
        var r = 2 * Math.Sqrt(-p / 3);
        var phi = Math.Acos(3 * q / (2 * p) * Math.Sqrt(-3 / p)) / 3;
        var lambda = new double[3];
        for (var k = 0; k < 3; k++) lambda[k] = r * Math.Cos(phi - 2 * Math.PI * k / 3) + a2 / 3;
        var a = new double[3];
        for (var i = 0; i < 3; i++)
        {
            double li = lambda[i], lj = lambda[(i + 1) % 3], lk = lambda[(i + 2) % 3];
            a[i] = (k21 - li) * (k31 - li) / ((lj - li) * (lk - li));
        }
        return new(v1, lambda, a);
    }

    private double ToNgPerMl(double mg) => mg / V1Litres * 1000;

    public double Bolus(double doseMg, double t)
    {
        var x = 0.0;
        for (var i = 0; i < A.Length; i++) x += A[i] * Math.Exp(-Lambda[i] * t);
        return ToNgPerMl(doseMg * x);
    }

    public double Infusion(double doseMg, double minutes, double t)
    {
        var rate = doseMg / minutes;
        var x = 0.0;
        for (var i = 0; i < A.Length; i++)
        {
            var l = Lambda[i];
            x += t <= minutes
                ? A[i] / l * (1 - Math.Exp(-l * t))
                : A[i] / l * (Math.Exp(l * minutes) - 1) * Math.Exp(-l * t);
        }
        return ToNgPerMl(rate * x);
    }

    public double FirstOrderAbsorption(double doseMg, double f, double ka, double t)
    {
        var x = 0.0;
        for (var i = 0; i < A.Length; i++) x += A[i] * (Math.Exp(-Lambda[i] * t) - Math.Exp(-ka * t)) / (ka - Lambda[i]);
        return ToNgPerMl(f * doseMg * ka * x);
    }

    /// <summary>Fraction of the total (0–∞) area of a bolus curve that lies beyond <paramref name="t"/>.</summary>
    public double TailFraction(double t)
    {
        double total = 0, tail = 0;
        for (var i = 0; i < A.Length; i++)
        {
            total += A[i] / Lambda[i];
            tail += A[i] / Lambda[i] * Math.Exp(-Lambda[i] * t);
        }
        return tail / total;
    }

    /// <summary>REFERENCE.md §3, Clements &amp; Nimmo: V1 = 1.7522 L/kg; k10 0.0109, k12 0.0186, k21 0.0137 per min.</summary>
    public static ClosedForm ClementsNimmo(double weightKg) => TwoCompartment(1.7522 * weightKg, 0.0109, 0.0186, 0.0137);

    /// <summary>REFERENCE.md §3, Domino: V1 = 0.063 L/kg; k10 0.4381, k12 0.5921, k13 0.5900, k21 0.2470, k31 0.0146.</summary>
    public static ClosedForm Domino(double weightKg) => ThreeCompartment(0.063 * weightKg, 0.4381, 0.5921, 0.5900, 0.2470, 0.0146);

    /// <summary>REFERENCE.md §3, Fanta at 70 kg: V1 133, V2 187, V3 98.8 L; CL 95.2, Q2 23.2, Q3 157 L/h (÷ 60 for per minute).</summary>
    public static ClosedForm Fanta(double weightKg)
    {
        var size = weightKg / 70;
        var flow = Math.Pow(size, 0.75);
        double v1 = 133 * size, v2 = 187 * size, v3 = 98.8 * size, cl = 95.2 * flow, q2 = 23.2 * flow, q3 = 157 * flow;
        return ThreeCompartment(v1, cl / v1 / 60, q2 / v1 / 60, q3 / v1 / 60, q2 / v2 / 60, q3 / v3 / 60);
    }
}
