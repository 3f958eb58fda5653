namespace Juno.Actuation.Simulation;

/// <summary>One reading of a simulated workload, in the units of <c>Juno.Contracts.Telemetry.MetricKind</c>:
/// CPU and memory as shares of the request/limit, latency in ms, error rate as a share, requests per second.</summary>
public readonly record struct WorkloadTelemetry(
    double Cpu,
    double Memory,
    double LatencyP95Ms,
    double ErrorRate,
    double RequestRate,
    int DesiredReplicas,
    int ReadyReplicas);
