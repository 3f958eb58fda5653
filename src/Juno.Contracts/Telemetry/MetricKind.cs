namespace Juno.Contracts.Telemetry;

/// <summary>The metrics every entity models. A fixed set keeps per-sample work allocation-free
/// (state is indexed by the enum) and makes the state vector of the agent stable.</summary>
[GenerateSerializer]
[Alias("juno.MetricKind")]
public enum MetricKind : byte
{
    /// <summary>CPU utilisation as a fraction of requested CPU (0..n).</summary>
    Cpu = 0,
    /// <summary>Memory utilisation as a fraction of the limit (0..1).</summary>
    Memory = 1,
    /// <summary>p95 request latency in milliseconds.</summary>
    LatencyP95 = 2,
    /// <summary>Share of requests that failed (0..1).</summary>
    ErrorRate = 3,
    /// <summary>Requests per second.</summary>
    RequestRate = 4,
}

public static class MetricKinds
{
    public const int Count = 5;

    public static readonly IReadOnlyList<MetricKind> All =
        [MetricKind.Cpu, MetricKind.Memory, MetricKind.LatencyP95, MetricKind.ErrorRate, MetricKind.RequestRate];

    /// <summary>Wire names used by the HTTP facade and documentation.</summary>
    public static string WireName(this MetricKind kind) => kind switch
    {
        MetricKind.Cpu => "cpu",
        MetricKind.Memory => "memory",
        MetricKind.LatencyP95 => "latency_p95_ms",
        MetricKind.ErrorRate => "error_rate",
        MetricKind.RequestRate => "request_rate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown metric."),
    };

    public static bool TryParse(string? wireName, out MetricKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.WireName(), wireName, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
