namespace Juno.Contracts.Policies;

/// <summary>What one workload grain counted for one version since its last report; the registry sums these.</summary>
/// <param name="Acting">True for the version that acted on the workload, false for a shadow.</param>
/// <param name="ViolationDecisions">Decisions taken while p95 latency or the error rate broke its objective.</param>
/// <param name="ReplicaSum">Desired replicas summed over the decisions (acting): replica-ticks, the cost.</param>
/// <param name="Agreements">Shadow: decisions where it chose what the acting version chose.</param>
/// <param name="MoreCapacityWhileViolating">Shadow: violating decisions where it asked for more replicas than the acting version.</param>
/// <param name="LessCapacityWhileHealthy">Shadow: healthy decisions where it asked for fewer replicas than the acting version.</param>
/// <param name="ReplicaDeltaSum">Shadow: its target minus the acting version's, summed.</param>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyTally")]
public sealed record PolicyTally(
    [property: Id(0)] string Version,
    [property: Id(1)] string Workload,
    [property: Id(2)] bool Acting,
    [property: Id(3)] long Decisions,
    [property: Id(4)] long ViolationDecisions,
    [property: Id(5)] long ReplicaSum,
    [property: Id(6)] long ScaleOuts,
    [property: Id(7)] long ScaleIns,
    [property: Id(8)] long Restarts,
    [property: Id(9)] long Executed,
    [property: Id(10)] long Agreements,
    [property: Id(11)] long MoreCapacityWhileViolating,
    [property: Id(12)] long LessCapacityWhileHealthy,
    [property: Id(13)] long ReplicaDeltaSum,
    [property: Id(14)] double DecisionMinutes)
{
    /// <summary>Acting: executed actions governance verified (they landed and the workload recovered).</summary>
    [Id(15)]
    public long Verified { get; init; }

    /// <summary>Acting: executed actions that failed verification.</summary>
    [Id(16)]
    public long VerificationFailures { get; init; }
}

/// <summary>A version's live record: as the acting policy (an A/B arm) and as a shadow.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyPerformance")]
public sealed record PolicyPerformance(
    [property: Id(0)] string Version,
    [property: Id(1)] PolicyRole Role,
    [property: Id(2)] double TrafficShare,
    [property: Id(3)] PolicyArmScore Acting,
    [property: Id(4)] PolicyShadowScore Shadow);

/// <summary>Decisions a version took while acting. Rates are per decision or per workload-hour so arms of different
/// sizes compare.</summary>
/// <param name="ViolationMinutes">Decision intervals that began with an objective broken, in minutes.</param>
/// <param name="MeanReplicas">Desired replicas per workload, averaged over decisions: the cost side.</param>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyArmScore")]
public sealed record PolicyArmScore(
    [property: Id(0)] int Workloads,
    [property: Id(1)] long Decisions,
    [property: Id(2)] double WorkloadHours,
    [property: Id(3)] double ViolationMinutes,
    [property: Id(4)] double ViolationShare,
    [property: Id(5)] double MeanReplicas,
    [property: Id(6)] long ScaleOuts,
    [property: Id(7)] long ScaleIns,
    [property: Id(8)] long Restarts,
    [property: Id(9)] long Executed,
    [property: Id(10)] double ActionsPerWorkloadHour)
{
    /// <summary>Executed actions governance verified, and those that failed verification.</summary>
    [Id(11)]
    public long Verified { get; init; }

    [Id(12)]
    public long VerificationFailures { get; init; }
}

/// <summary>What a version proposed while another acted.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyShadowScore")]
public sealed record PolicyShadowScore(
    [property: Id(0)] int Workloads,
    [property: Id(1)] long Decisions,
    [property: Id(2)] double AgreementShare,
    [property: Id(3)] long ScaleOuts,
    [property: Id(4)] long ScaleIns,
    [property: Id(5)] long Restarts,
    [property: Id(6)] long MoreCapacityWhileViolating,
    [property: Id(7)] long LessCapacityWhileHealthy,
    [property: Id(8)] double MeanReplicaDelta);

/// <summary>No version by that name.</summary>
[GenerateSerializer]
[Alias("juno.PolicyNotFoundException")]
public sealed class PolicyNotFoundException(string version)
    : KeyNotFoundException($"No scaling policy version '{version}'.")
{
    [Id(0)]
    public string Version { get; } = version;
}

/// <summary>The change asked for does not fit the version's state (a failed version cannot act, the incumbent cannot
/// retire without a successor, candidates would take more than their share).</summary>
[GenerateSerializer]
[Alias("juno.PolicyConflictException")]
public sealed class PolicyConflictException(string message) : InvalidOperationException(message);
