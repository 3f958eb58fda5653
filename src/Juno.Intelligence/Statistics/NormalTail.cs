namespace Juno.Intelligence;

/// <summary>
/// Gaussian tail probabilities in log space. .NET has no erfc, and the statistics here need tails far beyond where a
/// plain 1 − Φ(z) rounds to zero (a 10-sigma deviation has a tail of 1e-23), so everything is carried as logarithms.
/// Shared by the anomaly likelihood, the diagnoser's chi-square tail and the SLO breach predictor.
/// </summary>
internal static class NormalTail
{
    private static readonly double Sqrt2 = Math.Sqrt(2);

    /// <summary>log P(Z &gt; z) for a standard normal Z.</summary>
    public static double LogUpper(double z) => Math.Log(0.5) + LogErfc(z / Sqrt2);

    /// <summary>P(Z &gt; z) for a standard normal Z.</summary>
    public static double Upper(double z) => Math.Exp(LogUpper(z));

    /// <summary>−log10 P(Z ≥ z), the anomaly likelihood's scale: 0.30 at z = 0, 2.0 at z ≈ 2.33, 5.0 at z ≈ 4.26.</summary>
    public static double NegativeLog10(double z) => -LogUpper(z) / Math.Log(10);

    /// <summary>log erfc(x) for any finite x.</summary>
    public static double LogErfc(double x) =>
        x >= 0 ? Math.Log(ScaledErfc(x)) - (x * x) : Math.Log(2 - (ScaledErfc(-x) * Math.Exp(-x * x)));

    /// <summary>
    /// erfc(x)·exp(x²) for x ≥ 0, which stays of order 1/x instead of underflowing. Chebyshev-fitted rational form
    /// with fractional error below 1.2e-7 everywhere (Press et al., Numerical Recipes, erfcc).
    /// </summary>
    public static double ScaledErfc(double x)
    {
        double t = 1 / (1 + (0.5 * x));
        double exponent = -1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418
            + (t * (-0.18628806 + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587
            + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        return t * Math.Exp(exponent);
    }
}
