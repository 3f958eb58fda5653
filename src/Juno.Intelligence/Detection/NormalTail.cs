namespace Juno.Intelligence;

/// <summary>Upper tail of the standard normal distribution, on a log scale so tiny probabilities don't underflow.</summary>
internal static class NormalTail
{
    private const double Ln10 = 2.302585092994046;

    /// <summary>−log10 P(Z ≥ z) for a standard normal Z: 0.30 at z = 0, 2.0 at z ≈ 2.33, 5.0 at z ≈ 4.26.</summary>
    public static double NegativeLog10(double z)
    {
        // P(Z ≥ z) = erfc(z / √2) / 2, with erfc in the exponential form of Press et al. (Numerical Recipes, erfcc;
        // fractional error under 1.2e-7 everywhere), so its logarithm is taken without ever forming the tiny number.
        double x = z / Math.Sqrt(2);
        double ax = Math.Abs(x);
        double t = 1 / (1 + (0.5 * ax));
        double polynomial = -1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806
            + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        double lnErfcAbs = Math.Log(t) - (ax * ax) + polynomial;
        double lnTail = x >= 0
            ? lnErfcAbs - Math.Log(2)
            : Math.Log(1 - (0.5 * Math.Exp(lnErfcAbs)));
        return -lnTail / Ln10;
    }
}
