namespace Juno.Intelligence;

/// <summary>How a policy did over the scored minutes of a trace.</summary>
/// <param name="ViolationMinutes">Minutes whose p95 latency or error rate broke its objective.</param>
/// <param name="ScalingActions">Changes of the desired replica count.</param>
public sealed record ScalingOutcome(
    string Policy,
    string Trace,
    int Minutes,
    double Cost,
    int ViolationMinutes,
    int ScalingActions,
    double MeanReplicas,
    double FailedRequestShare);
