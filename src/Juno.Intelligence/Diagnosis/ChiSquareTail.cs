namespace Juno.Intelligence;

/// <summary>
/// Upper tail of the chi-square distribution with a small integer number of degrees of freedom, in log space, and
/// its conversion to the equivalent single-metric robust z, so a multivariate statistic can be scored on the same
/// logistic scale as a single detector.
/// </summary>
internal static class ChiSquareTail
{
    // Beyond this the equivalent z is far past any score threshold; capping keeps the series terms finite.
    private const double MaxStatistic = 1e12;
    private static readonly double TwoOverSqrtPi = 2 / Math.Sqrt(Math.PI);

    /// <summary>log P(χ²ₖ &gt; x), from the closed forms for integer k (a finite Poisson-like series).</summary>
    public static double LogUpper(double x, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (!(x > 0))
        {
            return 0;
        }

        double half = Math.Min(x, MaxStatistic) / 2;
        double sum;
        if (degreesOfFreedom % 2 == 0)
        {
            // Q = e^(−x/2) Σ_{i<k/2} (x/2)^i / i!
            double term = 1;
            sum = 1;
            for (int i = 1; i < degreesOfFreedom / 2; i++)
            {
                term *= half / i;
                sum += term;
            }
        }
        else
        {
            // Q = erfc(√(x/2)) + e^(−x/2) Σ_{i=1..(k−1)/2} (x/2)^(i−½) / Γ(i+½); the erfc is taken scaled by
            // e^(x/2) so that the common factor e^(−x/2) can come out as a log.
            double root = Math.Sqrt(half);
            double term = root * TwoOverSqrtPi;
            sum = NormalTail.ScaledErfc(root);
            for (int i = 1; i <= (degreesOfFreedom - 1) / 2; i++)
            {
                sum += term;
                term *= half / (i + 0.5);
            }
        }

        return Math.Log(sum) - half;
    }

    /// <summary>
    /// The |z| of a single standard-normal deviation whose two-sided tail equals the χ²ₖ tail of <paramref name="x"/>:
    /// the identity for k = 1, and for k &gt; 1 it discounts the statistic for having k chances to be large.
    /// </summary>
    public static double EquivalentZ(double x, int degreesOfFreedom)
    {
        if (!(x > 0))
        {
            return 0;
        }

        double capped = Math.Min(x, MaxStatistic);
        if (degreesOfFreedom == 1)
        {
            return Math.Sqrt(capped);
        }

        // P(χ²₁ > z²) = erfc(z/√2) falls monotonically in z, and χ²ₖ's tail is never below χ²₁'s, so the answer
        // lies in [0, √x]; bisection to 1e-9 is exact enough and runs once per decision tick.
        double target = LogUpper(capped, degreesOfFreedom);
        double low = 0;
        double high = Math.Sqrt(capped);
        while (high - low > 1e-9 * Math.Max(1, high))
        {
            double middle = 0.5 * (low + high);
            if (LogUpper(middle * middle, 1) > target)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return 0.5 * (low + high);
    }
}
