namespace Juno.Intelligence;

/// <summary>
/// A service-level objective on one metric: the value must stay at or below <paramref name="Threshold"/> (or at or
/// above it when <paramref name="UpperBound"/> is false), e.g. latency p95 ≤ 300 ms, error rate ≤ 0.01.
/// </summary>
public readonly record struct SloTarget(int Metric, double Threshold, bool UpperBound = true);
