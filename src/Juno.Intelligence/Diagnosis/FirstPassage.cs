namespace Juno.Intelligence;

/// <summary>
/// Probability that a drifting random walk crosses a level at any time within a horizon, not only at its end.
/// </summary>
/// <remarks>
/// For X(t) = μt + σW(t) and a level a &gt; 0 above the start, the reflection principle with drift (Bachelier–Lévy)
/// gives P(max_{t≤T} X(t) ≥ a) = Φ((m − a)/s) + exp(2am/s²)·Φ((−a − m)/s), with m = μT the mean displacement and
/// s² = σ²T the variance at the horizon. With no drift it is twice the probability of ending above the level. The
/// second term is evaluated in log space because exp(2am/s²) overflows exactly when its Φ factor underflows.
/// </remarks>
internal static class FirstPassage
{
    public static double Probability(double distance, double meanDisplacement, double variance)
    {
        if (distance <= 0)
        {
            return 1;
        }

        if (!(variance > 0))
        {
            return meanDisplacement >= distance ? 1 : 0;
        }

        double s = Math.Sqrt(variance);
        double endsAbove = NormalTail.Upper((distance - meanDisplacement) / s);
        double logReflected = (2 * distance * meanDisplacement / variance)
            + NormalTail.LogUpper((distance + meanDisplacement) / s);
        return Math.Clamp(endsAbove + Math.Exp(logReflected), 0, 1);
    }
}
