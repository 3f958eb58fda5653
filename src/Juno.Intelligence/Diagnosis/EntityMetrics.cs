namespace Juno.Intelligence;

/// <summary>
/// The metric indices an entity diagnoser models. They follow Juno.Contracts' MetricKind order and wire names; this
/// project doesn't reference Contracts, so the order is restated here and must stay in step with it.
/// </summary>
internal static class EntityMetrics
{
    public const int Count = 5;
    public const int Cpu = 0;
    public const int Memory = 1;
    public const int LatencyP95 = 2;
    public const int ErrorRate = 3;
    public const int RequestRate = 4;

    /// <summary>Latency and errors are what users feel, so they weigh on severity.</summary>
    public static bool IsUserFacing(int metric) => metric is LatencyP95 or ErrorRate;

    public static string Name(int metric) => metric switch
    {
        Cpu => "cpu",
        Memory => "memory",
        LatencyP95 => "latency_p95_ms",
        ErrorRate => "error_rate",
        RequestRate => "request_rate",
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"metric {metric}"),
    };
}
