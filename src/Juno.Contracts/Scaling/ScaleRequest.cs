namespace Juno.Contracts.Scaling;

/// <summary>A person (or tool) asks for a workload's replicas to change; governance decides like for any proposal.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ScaleRequest")]
public sealed record ScaleRequest(
    [property: Id(0)] int Replicas,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Reason)
{
    /// <summary>Judge it and have the cluster dry-run it; change and record nothing.</summary>
    [Id(3)]
    public bool DryRun { get; init; }
}

/// <summary>A replica change Juno made or tried to make, as the scaling_events table holds it.</summary>
/// <param name="Entity">namespace/name within <paramref name="Cluster"/>.</param>
[GenerateSerializer, Immutable]
[Alias("juno.ScalingRecord")]
public sealed record ScalingRecord(
    [property: Id(0)] Guid ActionId,
    [property: Id(1)] string Cluster,
    [property: Id(2)] string Entity,
    [property: Id(3)] int FromReplicas,
    [property: Id(4)] int ToReplicas,
    [property: Id(5)] bool Succeeded,
    [property: Id(6)] string Detail,
    [property: Id(7)] DateTimeOffset At);

/// <summary>The workload is not (or no longer) in its cluster, so there is nothing to scale.</summary>
[GenerateSerializer]
[Alias("juno.WorkloadNotFoundException")]
public sealed class WorkloadNotFoundException(string workload)
    : InvalidOperationException($"Workload {workload} was not found in its cluster.")
{
    [Id(0)]
    public string Workload { get; } = workload;
}
