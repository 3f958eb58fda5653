using System.Diagnostics;
using Juno.Evaluation.Nab;
using Juno.Intelligence;

namespace Juno.Evaluation.Reference;

/// <summary>
/// Streams series through a fresh <see cref="ContextualAnomalyDetector"/> each, row by row, like
/// <see cref="EnsembleStream"/>. The options come per series so NAB's own setting (the detector told the series'
/// whole-file range, which every leaderboard detector is given) can be measured beside the streaming one.
/// </summary>
public static class ContextualStream
{
    public static StreamedScores Run(IReadOnlyList<LabelledSeries> series, Func<LabelledSeries, ContextualDetectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        var scores = new double[series.Count][];
        long samples = 0;
        long started = Stopwatch.GetTimestamp();
        for (int s = 0; s < series.Count; s++)
        {
            var detector = new ContextualAnomalyDetector(options(series[s]));
            double[] values = series[s].Values;
            double[] output = scores[s] = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                output[i] = detector.Update(values[i]);
            }

            samples += values.Length;
        }

        return new StreamedScores(scores, samples, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>NAB's setting: the whole file's minimum and maximum, known before the first row (look-ahead).</summary>
    public static ContextualDetectorOptions WithWholeFileRange(ContextualDetectorOptions options, LabelledSeries series)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(series);
        return options with { Range = (series.Values.Min(), series.Values.Max()) };
    }
}
