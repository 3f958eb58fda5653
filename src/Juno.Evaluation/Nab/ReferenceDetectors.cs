namespace Juno.Evaluation.Nab;

/// <summary>The two reference detectors NAB's normalisation is anchored on, as row-aligned score arrays.</summary>
public static class ReferenceDetectors
{
    /// <summary>NAB's null detector: 0.5 on every row, so the sweep can only choose all rows or none.</summary>
    public static double[] Null(LabelledSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var scores = new double[series.Count];
        Array.Fill(scores, 0.5);
        return scores;
    }

    /// <summary>1 on the first row of every window, 0 elsewhere: each window detected as early as possible.</summary>
    public static double[] Perfect(LabelledSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var scores = new double[series.Count];
        foreach (AnomalyWindow window in series.Windows)
        {
            scores[window.Start] = 1;
        }

        return scores;
    }
}
