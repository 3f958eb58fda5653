namespace Juno.Storage;

/// <summary>A replica change Juno made, or tried to make, to a workload.</summary>
public sealed record ScalingEvent(
    Guid ActionId,
    string Cluster,
    string Entity,
    int FromReplicas,
    int ToReplicas,
    bool Succeeded,
    string Detail,
    DateTimeOffset At);
