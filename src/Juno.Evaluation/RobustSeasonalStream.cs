using System.Diagnostics;
using Juno.Evaluation.Nab;
using Juno.Intelligence;

namespace Juno.Evaluation;

/// <summary>
/// Streams series through <see cref="RobustSeasonalDetector"/> the way a grain does: a fresh detector per series,
/// one <see cref="RobustSeasonalDetector.Update"/> per row in order, each score produced before the detector sees any
/// later row, and no labels. The stopwatch covers the detector work only (the series are already in memory).
/// </summary>
public static class RobustSeasonalStream
{
    /// <param name="onsetMemory">When set, each score also passes through an <see cref="AnomalyOnset"/> with this memory.</param>
    public static StreamedScores Run(IReadOnlyList<LabelledSeries> series, RobustSeasonalDetectorOptions? options = null, TimeSpan? onsetMemory = null)
    {
        ArgumentNullException.ThrowIfNull(series);
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
            var detector = new RobustSeasonalDetector(options);
            var onset = onsetMemory is { } memory ? new AnomalyOnset(memory) : null;
            long[] timestamps = series[s].TimestampsMs;
            double[] values = series[s].Values;
            double[] output = scores[s];
            for (int i = 0; i < output.Length; i++)
            {
                var score = detector.Update(timestamps[i], values[i]);
                output[i] = onset is null ? score : onset.Update(timestamps[i], score);
            }
        }

        return new StreamedScores(scores, samples, Stopwatch.GetElapsedTime(started));
    }
}
