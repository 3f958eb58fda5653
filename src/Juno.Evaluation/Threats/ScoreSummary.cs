using Juno.Intelligence;

namespace Juno.Evaluation.Threats;

/// <summary>
/// Score quantiles that show where a threshold can go: over normal samples after the warm-up (benign bursts separately),
/// and over each attack episode's highest score.
/// </summary>
public sealed record ScoreSummary(
    IReadOnlyList<double> Quantiles,
    IReadOnlyList<double> Normal,
    IReadOnlyList<double> BenignBurst,
    IReadOnlyList<double> EpisodePeak)
{
    private static readonly double[] Levels = [0.5, 0.9, 0.99, 0.999, 0.9999];

    internal static ScoreSummary Of(AttackSet set, ThreatDetectorOptions options, float[][] scores)
    {
        var normal = new List<float>();
        var benign = new List<float>();
        var peaks = new List<float>();
        for (int e = 0; e < set.Entities.Count; e++)
        {
            EntityTrace entity = set.Entities[e];
            for (int sample = options.WarmupSamples; sample < entity.Count; sample++)
            {
                if (!entity.IsAttack(sample))
                {
                    (entity.BenignBurst[sample] ? benign : normal).Add(scores[e][sample]);
                }
            }

            if (entity.Episode is { } episode)
            {
                peaks.Add(scores[e].AsSpan(episode.Start, episode.Length).ToArray().Max());
            }
        }

        return new ScoreSummary(Levels, QuantilesOf(normal), QuantilesOf(benign), QuantilesOf(peaks));
    }

    private static double[] QuantilesOf(List<float> values)
    {
        values.Sort();
        return [.. Levels.Select(q => values.Count == 0 ? double.NaN : values[Math.Max(0, (int)Math.Ceiling(q * values.Count) - 1)])];
    }
}
