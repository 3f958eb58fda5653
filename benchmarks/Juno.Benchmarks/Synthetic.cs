using Juno.Contracts.Telemetry;

namespace Juno.Benchmarks;

/// <summary>Plausible values with a daily cycle, so the models do their normal work (not a constant).</summary>
internal static class Synthetic
{
    public static double Value(MetricKind metric, long timestampMs)
    {
        var day = Math.Sin(timestampMs / 86_400_000.0 * 2 * Math.PI);
        var jitter = ((timestampMs / 10_000) * 2654435761L % 1000) / 1000.0 - 0.5;
        return metric switch
        {
            MetricKind.Cpu => 0.5 + 0.2 * day + 0.02 * jitter,
            MetricKind.Memory => 0.6 + 0.01 * jitter,
            MetricKind.LatencyP95 => 120 + 30 * day + 5 * jitter,
            MetricKind.ErrorRate => 0.002 + 0.001 * jitter,
            _ => 200 + 80 * day + 4 * jitter,
        };
    }
}
