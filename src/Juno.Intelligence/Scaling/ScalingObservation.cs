namespace Juno.Intelligence;

/// <summary>What a scaling policy sees at the end of a simulated minute: the metrics a cluster would report.</summary>
/// <param name="CpuUtilisation">Mean CPU of ready pods against their request (above 1 when they burst past it, up to 2).</param>
public readonly record struct ScalingObservation(
    long TimestampMs,
    double RequestRate,
    double CpuUtilisation,
    double LatencyP95Ms,
    double ErrorRate,
    int DesiredReplicas,
    int ReadyReplicas);
