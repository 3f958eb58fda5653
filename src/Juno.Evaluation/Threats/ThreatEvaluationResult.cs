using Juno.Intelligence;

namespace Juno.Evaluation.Threats;

/// <summary>What <see cref="ThreatEvaluation.Run"/> measured.</summary>
/// <param name="NormalSamples">Samples after the warm-up that are outside every attack episode (benign bursts included).</param>
/// <param name="Elapsed">Time spent inside <see cref="ThreatDetector.Assess"/> over the whole set, warm-up and regrowth included.</param>
public sealed record ThreatEvaluationResult(
    int DetectorSeed,
    ThreatDetectorOptions Options,
    IReadOnlyList<ClassMetrics> ByClass,
    ClassMetrics Overall,
    long NormalSamples,
    long BenignBurstSamples,
    long BenignBurstAlerts,
    int SamplesPerDay,
    long Samples,
    TimeSpan Elapsed)
{
    /// <summary>False alerts per normal sample (all classes).</summary>
    public double FalsePositiveRate => NormalSamples == 0 ? 0 : (double)Overall.FalseAlerts / NormalSamples;

    /// <summary>False alerts per entity-day of normal samples.</summary>
    public double FalseAlertsPerEntityDay => FalseAlertsPerEntityDayOf(Overall);

    /// <summary>How scores spread on normal samples and peak in episodes, for choosing a threshold.</summary>
    public ScoreSummary? Scores { get; init; }

    /// <summary>Samples after the warm-up, outside attack episodes, inside a benign load surge (counted in <see cref="NormalSamples"/> too).</summary>
    public long BenignSurgeSamples { get; init; }

    /// <summary>False alerts on <see cref="BenignSurgeSamples"/>.</summary>
    public long BenignSurgeAlerts { get; init; }

    /// <summary>Whether false alerts were marked as false positives during the run.</summary>
    public bool OperatorFeedback { get; init; }

    public double NanosecondsPerSample => Samples == 0 ? 0 : Elapsed.TotalNanoseconds / Samples;

    public double FalsePositiveRateOf(ClassMetrics metrics) => NormalSamples == 0 ? 0 : (double)metrics.FalseAlerts / NormalSamples;

    public double FalseAlertsPerEntityDayOf(ClassMetrics metrics) =>
        NormalSamples == 0 ? 0 : metrics.FalseAlerts / ((double)NormalSamples / SamplesPerDay);
}
