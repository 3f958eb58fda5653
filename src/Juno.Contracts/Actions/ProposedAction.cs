namespace Juno.Contracts.Actions;

/// <summary>An action an entity grain wants to take, with everything governance and a person need
/// to judge it. The id is minted by the proposer and travels to Kubernetes, so a retry is recognised.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ProposedAction")]
public sealed record ProposedAction(
    [property: Id(0)] Guid ActionId,
    [property: Id(1)] string Tenant,
    [property: Id(2)] string Cluster,
    [property: Id(3)] EntityKind TargetKind,
    [property: Id(4)] string Namespace,
    [property: Id(5)] string Name,
    [property: Id(6)] ActionKind Kind,
    [property: Id(7)] int CurrentReplicas,
    [property: Id(8)] int TargetReplicas,
    [property: Id(9)] double Confidence,
    [property: Id(10)] ActionEvidence Evidence,
    [property: Id(11)] DateTimeOffset ProposedAt)
{
    /// <summary>The proposing grain's key, so outcomes can flow back to it.</summary>
    [Id(12)]
    public string ProposerKey { get; init; } = "";

    /// <summary>A threat playbook's containment step. Governance holds it for a person rather than refusing it on
    /// risk alone: the risk of acting is high by nature, and whether to pay it against an attack is a person's call.
    /// Policy limits, the breaker and the rate limit still apply.</summary>
    [Id(13)]
    public bool IsContainment { get; init; }

    /// <summary>Governance's own undo of an action whose verification failed: judged like any proposal, never itself
    /// verified and rolled back (no ping-pong).</summary>
    [Id(14)]
    public Guid? RollsBack { get; init; }

    /// <summary>Share of the workload's replicas (or of the cluster's nodes) the action touches, in [0,1].</summary>
    public double BlastRadius => Kind switch
    {
        ActionKind.Hold or ActionKind.RaiseMonitoring => 0,
        ActionKind.Restart or ActionKind.Cordon or ActionKind.Isolate or ActionKind.Drain or ActionKind.Rollback => 1,
        ActionKind.Uncordon => 0,
        ActionKind.DeletePod => CurrentReplicas <= 0 ? 1 : 1.0 / CurrentReplicas,
        _ => CurrentReplicas <= 0 ? 1 : Math.Min(1, Math.Abs(TargetReplicas - CurrentReplicas) / (double)CurrentReplicas),
    };
}

/// <summary>Why the action was proposed: the detector, forecaster and agent outputs at decision time.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ActionEvidence")]
public sealed record ActionEvidence(
    [property: Id(0)] double AnomalyScore,
    [property: Id(1)] string DrivingMetric,
    [property: Id(2)] double DrivingValue,
    [property: Id(3)] double Forecast15m,
    [property: Id(4)] double Forecast1h,
    [property: Id(5)] float[] QValues,
    [property: Id(6)] string Reason);

/// <summary>What happened when an approved action reached the cluster.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ActionOutcome")]
public sealed record ActionOutcome(
    [property: Id(0)] Guid ActionId,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] string Detail,
    [property: Id(3)] int? ObservedReplicas,
    [property: Id(4)] DateTimeOffset CompletedAt);
