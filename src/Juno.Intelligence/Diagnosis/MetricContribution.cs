namespace Juno.Intelligence;

/// <summary>One metric's part in an entity diagnosis.</summary>
/// <param name="Metric">Metric index (cpu 0, memory 1, latency p95 2, error rate 3, request rate 4).</param>
/// <param name="Score">The metric detector's own anomaly score for its latest sample.</param>
/// <param name="Deviation">Signed robust z of the latest sample: (value − expected) / scale.</param>
/// <param name="Share">Fraction of the multivariate statistic this metric accounts for.</param>
public readonly record struct MetricContribution(int Metric, double Score, double Deviation, double Share);
