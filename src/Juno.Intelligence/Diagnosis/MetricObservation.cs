namespace Juno.Intelligence;

/// <summary>
/// What a per-metric detector said about one sample: the value, what it expected, its robust noise scale (a
/// Gaussian-equivalent sigma) and its anomaly score. The diagnoser consumes only these outputs, so detector internals
/// can change without touching it.
/// </summary>
public readonly record struct MetricObservation(long TimestampMs, double Value, double Expected, double Scale, double Score);
