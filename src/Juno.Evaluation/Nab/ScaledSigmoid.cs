namespace Juno.Evaluation.Nab;

/// <summary>
/// NAB's scaled sigmoid s(x) = 2 / (1 + e^(5x)) − 1 of a relative position x: s(−1) ≈ 0.98661 at a window's left
/// edge, s(0) = 0 at its right edge, s(1) ≈ −0.98661 one window width past it, and exactly −1 beyond x = 3.
/// </summary>
public static class ScaledSigmoid
{
    /// <summary>s(−1): the credit of a detection at a window's first row, which NAB scales to the full tp weight.</summary>
    public static readonly double AtWindowStart = Of(-1);

    public static double Of(double relativePosition) =>
        relativePosition > 3 ? -1 : (2 / (1 + Math.Exp(5 * relativePosition))) - 1;
}
