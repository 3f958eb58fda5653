namespace Juno.Evaluation.Nab;

/// <summary>NAB's probationary period: the first min(⌊0.15 N⌋, 750) rows of a series are not scored.</summary>
public static class Probation
{
    public const double Fraction = 0.15;

    /// <summary>The cap, 0.15 × 5000 rows as NAB writes it.</summary>
    public const int MaximumRows = 750;

    // Same double expression as NAB (floor of 0.15 * N), so the rounding of e.g. 0.15 * 4000 agrees with it.
    public static int Length(int rows) => (int)Math.Min(Math.Floor(Fraction * rows), MaximumRows);
}
