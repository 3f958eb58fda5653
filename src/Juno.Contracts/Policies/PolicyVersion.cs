namespace Juno.Contracts.Policies;

/// <summary>One version of the replica policy the workload grains run.</summary>
/// <param name="Version">"builtin" for the pretrained Q-network with per-workload residuals, "dqn-N" for trained ones.</param>
/// <param name="Kind">"q-agent" (builtin: hold, +-1, +-2 replicas, restart, learning online per workload) or "dqn"
/// (hold, +-1, +-2 replicas from a network trained on demand traces; restarts come from the diagnosis' runbook).</param>
/// <param name="TrafficShare">The share of workloads a candidate acts on; the incumbent's is what candidates leave.</param>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyVersion")]
public sealed record PolicyVersion(
    [property: Id(0)] string Version,
    [property: Id(1)] string Kind,
    [property: Id(2)] PolicyRole Role,
    [property: Id(3)] double TrafficShare,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string Description,
    [property: Id(6)] PolicyTrainingSummary? Training,
    [property: Id(7)] PolicyRoleChange[] RoleChanges)
{
    public const string BuiltinVersion = "builtin";
    public const string QAgentKind = "q-agent";
    public const string DqnKind = "dqn";

    /// <summary>The model id the inference batcher serves this version's network under.</summary>
    public static string ModelIdOf(string version) => $"policy:{version}";
}

/// <summary>How a version was trained.</summary>
/// <param name="Transitions">Simulated minutes the network learned from (all epochs).</param>
/// <param name="Error">Why training failed, when it did.</param>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyTrainingSummary")]
public sealed record PolicyTrainingSummary(
    [property: Id(0)] string[] Traces,
    [property: Id(1)] double TrainShare,
    [property: Id(2)] int Epochs,
    [property: Id(3)] int Seed,
    [property: Id(4)] long Transitions,
    [property: Id(5)] double Seconds,
    [property: Id(6)] int Parameters,
    [property: Id(7)] string RequestedBy,
    [property: Id(8)] DateTimeOffset? CompletedAt,
    [property: Id(9)] string? Error);

/// <summary>A change of a version's role, as recorded (who, when, why).</summary>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyRoleChange")]
public sealed record PolicyRoleChange(
    [property: Id(0)] PolicyRole From,
    [property: Id(1)] PolicyRole To,
    [property: Id(2)] double TrafficShare,
    [property: Id(3)] string Actor,
    [property: Id(4)] string Reason,
    [property: Id(5)] DateTimeOffset At);

/// <summary>Asks for a version's role to change: promote to incumbent (the old one retires; rollback is promoting it
/// again), start an A/B test as a candidate with a traffic share, shadow it, or retire it.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyRoleRequest")]
public sealed record PolicyRoleRequest(
    [property: Id(0)] PolicyRole Role,
    [property: Id(1)] double? TrafficShare,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Reason)
{
    /// <summary>Candidates together act on at most half of the workloads: the incumbent keeps a comparable arm.</summary>
    public const double MaxCandidateShare = 0.5;

    public string? Problem() =>
        string.IsNullOrWhiteSpace(Actor) ? "actor is required: who changes which policy acts on production replicas"
        : Role is not (PolicyRole.Incumbent or PolicyRole.Candidate or PolicyRole.Shadow or PolicyRole.Retired) ? "role must be incumbent, candidate, shadow or retired"
        : Role == PolicyRole.Candidate && TrafficShare is not (> 0 and <= MaxCandidateShare) ? $"a candidate needs a trafficShare in (0, {MaxCandidateShare}]"
        : Role != PolicyRole.Candidate && TrafficShare is not null ? "trafficShare applies to candidates only"
        : null;
}
