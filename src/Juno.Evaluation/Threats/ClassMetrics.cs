using Juno.Intelligence;

namespace Juno.Evaluation.Threats;

/// <summary>
/// Detection figures for the episodes of one attack class (or all of them, with <see cref="Class"/> = None), and the
/// false alerts the detector gave that class on normal samples.
/// </summary>
/// <param name="TimesToDetect">Per detected episode: first alert minus onset, ascending.</param>
public sealed record ClassMetrics(
    ThreatClass Class,
    int Episodes,
    int Detected,
    int SubtleEpisodes,
    int SubtleDetected,
    int CorrectlyClassified,
    long FalseAlerts,
    IReadOnlyList<TimeSpan> TimesToDetect)
{
    /// <summary>Share of episodes with at least one alert inside the episode.</summary>
    public double TruePositiveRate => Episodes == 0 ? double.NaN : (double)Detected / Episodes;

    public double SubtleTruePositiveRate => SubtleEpisodes == 0 ? double.NaN : (double)SubtleDetected / SubtleEpisodes;

    /// <summary>Share of detected episodes whose first alert named the right class.</summary>
    public double ClassificationAccuracy => Detected == 0 ? double.NaN : (double)CorrectlyClassified / Detected;

    public TimeSpan? MedianTimeToDetect => Quantile(0.5);

    public TimeSpan? P90TimeToDetect => Quantile(0.9);

    // Nearest-rank quantile: an actual observed delay, never an interpolation between two.
    private TimeSpan? Quantile(double q) =>
        TimesToDetect.Count == 0 ? null : TimesToDetect[Math.Max(0, (int)Math.Ceiling(q * TimesToDetect.Count) - 1)];
}
