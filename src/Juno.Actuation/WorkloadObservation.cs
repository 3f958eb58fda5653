namespace Juno.Actuation;

/// <summary>A workload as the cluster reports it. <paramref name="LastActionId"/> is the id of the last
/// Juno action applied to it, if any.</summary>
public sealed record WorkloadObservation(
    string Namespace,
    string Name,
    int DesiredReplicas,
    int ReadyReplicas,
    string? LastActionId);
