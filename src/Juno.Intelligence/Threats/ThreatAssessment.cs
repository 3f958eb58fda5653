namespace Juno.Intelligence;

/// <summary>The detector's verdict on one sample.</summary>
/// <param name="Score">
/// Isolation-forest anomaly score in [0, 1], 2^(−mean path length / c(ψ)): about 0.5 and below for typical behaviour,
/// towards 1 for behaviour the baseline has never shown. On non-threat verdicts it is rounded to 0.001 (those verdicts
/// are shared instances so the normal path allocates nothing); <see cref="ThreatDetector.LastScore"/> is exact. 0 during warm-up.
/// </param>
/// <param name="IsThreat">The score reached <see cref="ThreatDetectorOptions.Threshold"/> and no false-positive mark covers the sample.</param>
/// <param name="Class">The attack the indicator pattern resembles; <see cref="ThreatClass.None"/> on non-threats or when no pattern fits.</param>
/// <param name="Confidence">In [0, 1]: how far the score is past the threshold times how clearly the pattern singles out the class. 0 on non-threats.</param>
/// <param name="Severity">From score and class; <see cref="ThreatSeverity.Low"/> on non-threats.</param>
/// <param name="Indicators">Signals that deviate, largest |deviation| first; empty on non-threats.</param>
public sealed record ThreatAssessment(
    double Score,
    bool IsThreat,
    ThreatClass Class,
    double Confidence,
    ThreatSeverity Severity,
    IReadOnlyList<ThreatIndicator> Indicators)
{
    /// <summary>
    /// Robust z-score of CPU utilisation against the baseline (same definition as <see cref="ThreatIndicator.Deviation"/>
    /// but on the raw utilisation, floored at <see cref="ThreatDetectorOptions.MinimumCpuScale"/>); NaN when CPU was not
    /// supplied or the verdict is not a threat. CPU is context rather than a <see cref="BehaviourSignal"/>, so it is
    /// reported here instead of among the indicators.
    /// </summary>
    public double CpuDeviation { get; init; } = double.NaN;
}
