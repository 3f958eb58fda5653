namespace Juno.Evaluation.Nab;

/// <summary>
/// NAB's normalised score 100 (S − S_null) / (S_perfect − S_null) with S_perfect = tpWeight × windows (every window
/// detected at its first row, no false positives) and S_null = −fnWeight × windows (nothing detected).
/// </summary>
/// <remarks>
/// NAB measures S_null by running its null detector, which equals −fnWeight × the windows that reach past the
/// probationary period; in the NAB corpus every window does, so the two agree there.
/// </remarks>
public static class NormalisedScore
{
    /// <returns>The normalised score, or null when there are no windows (the ratio is undefined).</returns>
    public static double? Of(NabTally tally, NabProfile profile) => Of(tally.Score, tally.Windows, profile);

    public static double? Of(double score, int windows, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegative(windows);
        if (windows == 0)
        {
            return null;
        }

        double perfect = profile.TruePositiveWeight * windows;
        double baseline = -profile.FalseNegativeWeight * windows;
        return 100 * (score - baseline) / (perfect - baseline);
    }
}
