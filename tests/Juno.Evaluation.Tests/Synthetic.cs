using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Tests;

/// <summary>Hand-sized series for scorer tests: rows five minutes apart, values irrelevant to scoring.</summary>
internal static class Synthetic
{
    public const long Start = 1_400_000_000_000;
    public const long Step = 5 * 60_000;

    public static LabelledSeries Series(string name, int rows, params AnomalyWindow[] windows)
    {
        var timestamps = new long[rows];
        for (int i = 0; i < rows; i++)
        {
            timestamps[i] = Start + (i * Step);
        }

        return new LabelledSeries(name, timestamps, new double[rows], windows);
    }

    /// <summary>Scores of 1 at <paramref name="detections"/>, 0 elsewhere.</summary>
    public static ScoredSeries Detecting(LabelledSeries series, params int[] detections)
    {
        var scores = new double[series.Count];
        foreach (int row in detections)
        {
            scores[row] = 1;
        }

        return new ScoredSeries(series, scores);
    }

    public static ScoredSeries WithScores(LabelledSeries series, params (int Row, double Score)[] scores)
    {
        var all = new double[series.Count];
        foreach ((int row, double score) in scores)
        {
            all[row] = score;
        }

        return new ScoredSeries(series, all);
    }
}
