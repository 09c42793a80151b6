namespace KapCare.Clinical.Pharmacokinetics;

/// <summary>
/// A linear mammillary compartment model as a one-minute transition: amounts (mg) x(t + 1) = E·x(t) + r·g, where
/// E = exp(A·1 min) for the rate matrix A and g = ∫₀¹ exp(A·s) ds · e_central is what a unit infusion (1 mg/min) held for
/// that minute adds. Because every input here is constant within each minute (a bolus at minute 0, an infusion over whole
/// minutes, a depot emptying by first-order kinetics inside A), this step is the exact solution of the differential
/// equations at the minute marks, not an approximation like Euler's method: its only error is floating-point rounding.
/// </summary>
/// <remarks>
/// States: the model's compartments (central first), then the absorption depot for extravascular routes, then an
/// "eliminated" sink that collects what leaves the central compartment at k10. With the sink every column of A sums to 0,
/// so the total amount is conserved exactly; the tests use that as a mass-balance check.
/// </remarks>
internal sealed class CompartmentSystem
{
    private readonly double[] transition;
    private readonly double[] unitInfusion;

    private CompartmentSystem(int size, int? depot, double[] transition, double[] unitInfusion)
    {
        Size = size;
        Depot = depot;
        this.transition = transition;
        this.unitInfusion = unitInfusion;
    }

    public const int Central = 0;
    public int Size { get; }
    public int? Depot { get; }
    public int Eliminated => Size - 1;

    public static CompartmentSystem Create(PkMicroConstants k, double? absorptionRatePerMinute)
    {
        var compartments = k.Compartments;
        int? depot = absorptionRatePerMinute is null ? null : compartments;
        var size = compartments + (depot is null ? 0 : 1) + 1;
        var sink = size - 1;

        // Augmented matrix [[A, e_central], [0, 0]] of order size + 1: its exponential holds E and g together
        // (Van Loan, IEEE Trans Automat Control 1978;23:395), so one matrix exponential gives both.
        var n = size + 1;
        var m = new double[n * n];
        void Rate(int from, int to, double rate)
        {
            m[to * n + from] += rate;
            m[from * n + from] -= rate;
        }
        Rate(Central, 1, k.K12);
        Rate(1, Central, k.K21);
        if (compartments == 3)
        {
            Rate(Central, 2, k.K13);
            Rate(2, Central, k.K31);
        }
        Rate(Central, sink, k.K10);
        if (depot is int d) Rate(d, Central, absorptionRatePerMinute!.Value);
        m[Central * n + size] = 1;

        var exp = MatrixExponential(m, n);
        var transition = new double[size * size];
        var unitInfusion = new double[size];
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++) transition[i * size + j] = exp[i * n + j];
            unitInfusion[i] = exp[i * n + size];
        }
        return new CompartmentSystem(size, depot, transition, unitInfusion);
    }

    /// <summary>Advances the amounts by one minute with an infusion of <paramref name="infusionMgPerMinute"/> during it.</summary>
    public void Step(Span<double> amounts, Span<double> scratch, double infusionMgPerMinute)
    {
        var size = Size;
        for (var i = 0; i < size; i++)
        {
            var sum = infusionMgPerMinute * unitInfusion[i];
            var row = transition.AsSpan(i * size, size);
            for (var j = 0; j < size; j++) sum += row[j] * amounts[j];
            scratch[i] = sum;
        }
        scratch[..size].CopyTo(amounts);
    }

    /// <summary>
    /// exp(M) by scaling and squaring with a Taylor series (Moler &amp; Van Loan, SIAM Rev 2003;45:3, method 3): M is
    /// halved until its 1-norm is at most 1/2, the series is summed until a term no longer changes the result in
    /// double precision, and the result is squared back. The matrices here are at most 7 × 7 with norms of a few
    /// per minute, so this is both exact to rounding and cheap; it also has no trouble when ka equals an eigenvalue,
    /// where a sum-of-exponentials formula divides by zero.
    /// </summary>
    internal static double[] MatrixExponential(double[] m, int n)
    {
        var norm = 0.0;
        for (var j = 0; j < n; j++)
        {
            var column = 0.0;
            for (var i = 0; i < n; i++) column += Math.Abs(m[i * n + j]);
            norm = Math.Max(norm, column);
        }
        var squarings = norm > 0.5 ? (int)Math.Ceiling(Math.Log2(norm / 0.5)) : 0;
        var scale = Math.ScaleB(1.0, -squarings);

        var a = new double[n * n];
        for (var i = 0; i < a.Length; i++) a[i] = m[i] * scale;
        var result = Identity(n);
        var term = Identity(n);
        var product = new double[n * n];
        for (var k = 1; k <= 40; k++)
        {
            Multiply(term, a, product, n);
            var largest = 0.0;
            for (var i = 0; i < term.Length; i++)
            {
                term[i] = product[i] / k;
                result[i] += term[i];
                largest = Math.Max(largest, Math.Abs(term[i]));
            }
            if (largest < 1e-18) break;
        }
        for (var s = 0; s < squarings; s++)
        {
            Multiply(result, result, product, n);
            (result, product) = (product, result);
        }
        return result;
    }

    private static double[] Identity(int n)
    {
        var identity = new double[n * n];
        for (var i = 0; i < n; i++) identity[i * n + i] = 1;
        return identity;
    }

    private static void Multiply(double[] left, double[] right, double[] into, int n)
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < n; k++) sum += left[i * n + k] * right[k * n + j];
                into[i * n + j] = sum;
            }
        }
    }
}
