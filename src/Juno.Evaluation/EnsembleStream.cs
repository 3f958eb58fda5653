using System.Diagnostics;
using Juno.Evaluation.Nab;
using Juno.Intelligence;

namespace Juno.Evaluation;

/// <summary>
/// Streams series through <see cref="EnsembleDetector"/> the way a grain does: a fresh detector per series, one
/// <see cref="EnsembleDetector.Update"/> per row in order, each score produced before the detector sees any later row,
/// and no labels. The stopwatch covers the detector work only (the series are already in memory).
/// </summary>
public static class EnsembleStream
{
    public static StreamedScores Run(IReadOnlyList<LabelledSeries> series, EnsembleDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        var scores = new double[series.Count][];
        long samples = 0;
        for (int s = 0; s < series.Count; s++)
        {
            scores[s] = new double[series[s].Count];
            samples += series[s].Count;
        }

        long started = Stopwatch.GetTimestamp();
        for (int s = 0; s < series.Count; s++)
        {
            var detector = new EnsembleDetector(options);
            long[] timestamps = series[s].TimestampsMs;
            double[] values = series[s].Values;
            double[] output = scores[s];
            for (int i = 0; i < output.Length; i++)
            {
                output[i] = detector.Update(timestamps[i], values[i]);
            }
        }

        return new StreamedScores(scores, samples, Stopwatch.GetElapsedTime(started));
    }
}
