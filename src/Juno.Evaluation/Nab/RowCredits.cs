namespace Juno.Evaluation.Nab;

/// <summary>
/// What a detection at each row of a series would earn before the profile's weights, as NAB's sweeper defines it:
/// <list type="bullet">
/// <item>inside window [L, R] of width w: s(−(R − i + 1) / w) / s(−1), which is 1 at the window's first row and falls
/// towards 0 at its last (multiplied by tpWeight; only a window's best, i.e. earliest, detection counts);</item>
/// <item>outside windows, before the first window: −1 (multiplied by fpWeight);</item>
/// <item>outside windows, after a window ending at R' of width w': s(|R' − i| / (w' − 1)), which is slightly below
/// 0 just after the window and reaches −1 beyond three widths (multiplied by fpWeight).</item>
/// </list>
/// Rows in the probationary period still carry their credit here; the scorers skip them.
/// </summary>
public sealed class RowCredits
{
    private RowCredits(int[] windowOf, double[] credit)
    {
        WindowOf = windowOf;
        Credit = credit;
    }

    /// <summary>Index into the series' windows of the window containing each row, or −1 outside windows.</summary>
    public int[] WindowOf { get; }

    /// <summary>Unweighted credit of a detection at each row (see the type's remarks).</summary>
    public double[] Credit { get; }

    public static RowCredits For(LabelledSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var windowOf = new int[series.Count];
        var credit = new double[series.Count];
        int next = 0;
        AnomalyWindow? previous = null;
        for (int i = 0; i < series.Count; i++)
        {
            if (next < series.Windows.Count && series.Windows[next].Contains(i))
            {
                AnomalyWindow window = series.Windows[next];
                windowOf[i] = next;
                credit[i] = ScaledSigmoid.Of(-(window.End - i + 1) / (double)window.Width) / ScaledSigmoid.AtWindowStart;
                if (i == window.End)
                {
                    previous = window;
                    next++;
                }

                continue;
            }

            windowOf[i] = -1;
            credit[i] = previous is { } last ? ScaledSigmoid.Of(PositionPast(last, i)) : -1;
        }

        return new RowCredits(windowOf, credit);
    }

    // NAB divides by (w' − 1), which is zero for a one-row window (Python would raise); we divide by 1 instead, so
    // the row right after such a window sits one width past it. No window in the NAB corpus is one row wide.
    private static double PositionPast(AnomalyWindow window, int row) =>
        Math.Abs(window.End - row) / (double)Math.Max(window.Width - 1, 1);
}
