using Juno.Contracts.Actions;

namespace Juno.Contracts.Governance;

/// <summary>
/// How governance judges a cluster's actions, or one tenant's (a tenant policy replaces the cluster's for that tenant).
/// Thresholds are risks in [0, 1]: an action whose risk is at or under its type's threshold runs without a person.
/// </summary>
/// <param name="AutoApproveAt">Per action type; a type not listed uses the tenant's risk tolerance.</param>
/// <param name="AlwaysHuman">Action types that wait for a person whatever their risk.</param>
/// <param name="Freezes">Change-freeze windows: while one is open, every cluster-changing action waits for a person.</param>
/// <param name="MaxReplicaChangeShare">One scale may change a workload by at most this share of its current replicas.</param>
/// <param name="MaxCordonedNodeShare">Juno may keep at most this share of the cluster's nodes cordoned.</param>
/// <param name="MaxNamespaceActionsPerHour">Cluster-changing actions executed in one namespace per hour.</param>
[GenerateSerializer, Immutable]
[Alias("juno.GovernancePolicy")]
public sealed record GovernancePolicy(
    [property: Id(0)] Dictionary<ActionKind, double> AutoApproveAt,
    [property: Id(1)] ActionKind[] AlwaysHuman,
    [property: Id(2)] FreezeWindow[] Freezes,
    [property: Id(3)] double MaxReplicaChangeShare,
    [property: Id(4)] double MaxCordonedNodeShare,
    [property: Id(5)] int MaxNamespaceActionsPerHour,
    [property: Id(6)] RateLimits RateLimits,
    [property: Id(7)] AdaptiveTolerance Adaptive)
{
    public static GovernancePolicy Default { get; } = new(
        [], [], [], MaxReplicaChangeShare: 1.0, MaxCordonedNodeShare: 0.2, MaxNamespaceActionsPerHour: 30,
        new RateLimits(ClusterPerMinute: 10, TenantPerMinute: 6, NamespacePerMinute: 4),
        AdaptiveTolerance.Default);

    /// <summary>The first problem with the policy, or null.</summary>
    public string? Problem()
    {
        if (AutoApproveAt is null || AlwaysHuman is null || Freezes is null || RateLimits is null || Adaptive is null)
        {
            return "autoApproveAt, alwaysHuman, freezes, rateLimits and adaptive are required";
        }

        foreach (var (kind, threshold) in AutoApproveAt)
        {
            if (!Enum.IsDefined(kind) || kind == ActionKind.Hold)
            {
                return $"autoApproveAt: '{kind}' is not an action type";
            }

            if (!(threshold is >= 0 and <= 1))
            {
                return $"autoApproveAt.{kind} must be a risk in [0, 1]";
            }
        }

        if (AlwaysHuman.Any(k => !Enum.IsDefined(k)))
        {
            return "alwaysHuman names an unknown action type";
        }

        if (Freezes.Length > 50 || Freezes.Any(f => f is null || f.Problem() is not null))
        {
            return Freezes.Length > 50 ? "at most 50 freeze windows" : $"freezes: {Freezes.First(f => f is null || f.Problem() is not null)?.Problem() ?? "a window is null"}";
        }

        return !(MaxReplicaChangeShare is > 0 and <= 10) ? "maxReplicaChangeShare must be in (0, 10]"
            : !(MaxCordonedNodeShare is >= 0 and <= 1) ? "maxCordonedNodeShare must be in [0, 1]"
            : MaxNamespaceActionsPerHour is < 1 or > 10_000 ? "maxNamespaceActionsPerHour must be between 1 and 10,000"
            : RateLimits.Problem() ?? Adaptive.Problem();
    }
}

/// <summary>A change freeze: from <paramref name="Start"/> to <paramref name="End"/> (UTC) every cluster-changing action
/// needs a person.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.FreezeWindow")]
public sealed record FreezeWindow(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] string Reason)
{
    public bool Covers(DateTimeOffset at) => at >= Start && at < End;

    public string? Problem() =>
        End <= Start ? "a freeze window must end after it starts"
        : End - Start > TimeSpan.FromDays(31) ? "a freeze window lasts at most 31 days"
        : string.IsNullOrWhiteSpace(Reason) ? "a freeze window needs a reason"
        : null;
}

/// <summary>Executed actions per sliding minute at nested scopes: a tenant's share of the cluster, a namespace's of
/// its tenant.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.RateLimits")]
public sealed record RateLimits(
    [property: Id(0)] int ClusterPerMinute,
    [property: Id(1)] int TenantPerMinute,
    [property: Id(2)] int NamespacePerMinute)
{
    public string? Problem() =>
        ClusterPerMinute is < 1 or > 10_000 ? "rateLimits.clusterPerMinute must be between 1 and 10,000"
        : TenantPerMinute < 1 || TenantPerMinute > ClusterPerMinute ? "rateLimits.tenantPerMinute must be between 1 and clusterPerMinute"
        : NamespacePerMinute < 1 || NamespacePerMinute > TenantPerMinute ? "rateLimits.namespacePerMinute must be between 1 and tenantPerMinute"
        : null;
}

/// <summary>How an action type's record moves its auto-approval threshold: after every <paramref name="Window"/>
/// outcomes of that type, a success rate at or above <paramref name="RaiseAt"/> raises it by <paramref name="Step"/>
/// (more runs without a person), one under <paramref name="LowerUnder"/> lowers it, never past the bounds.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.AdaptiveTolerance")]
public sealed record AdaptiveTolerance(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] double Min,
    [property: Id(2)] double Max,
    [property: Id(3)] double Step,
    [property: Id(4)] int Window,
    [property: Id(5)] double RaiseAt,
    [property: Id(6)] double LowerUnder)
{
    public static AdaptiveTolerance Default { get; } = new(true, 0.2, 0.7, 0.05, 10, 0.95, 0.8);

    public string? Problem() =>
        !(Min is >= 0 and <= 1) || !(Max is >= 0 and <= 1) || Min > Max ? "adaptive: 0 <= min <= max <= 1"
        : !(Step is > 0 and <= 0.5) ? "adaptive.step must be in (0, 0.5]"
        : Window is < 1 or > 1_000 ? "adaptive.window must be between 1 and 1,000"
        : !(LowerUnder is >= 0 and <= 1) || !(RaiseAt is >= 0 and <= 1) || LowerUnder > RaiseAt ? "adaptive: 0 <= lowerUnder <= raiseAt <= 1"
        : null;
}

/// <summary>One input to a decision's risk: its value, what it added, and why.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.RiskFactor")]
public sealed record RiskFactor(
    [property: Id(0)] string Name,
    [property: Id(1)] double Value,
    [property: Id(2)] double Contribution,
    [property: Id(3)] string Detail);

/// <summary>A change governance made to its own limits (or a person made to a policy), as governance_adaptations
/// holds it. A rollback is a new row that restores the old value and names the row it undoes.</summary>
/// <param name="Parameter">"auto_approve_offset.{ActionKind}" for an adaptive threshold; "policy" for a whole policy,
/// whose old and new versions are in the evidence (the values are then null).</param>
[GenerateSerializer, Immutable]
[Alias("juno.GovernanceAdaptation")]
public sealed record GovernanceAdaptation(
    [property: Id(0)] long Id,
    [property: Id(1)] string Cluster,
    [property: Id(2)] string? Tenant,
    [property: Id(3)] string Parameter,
    [property: Id(4)] double? OldValue,
    [property: Id(5)] double? NewValue,
    [property: Id(6)] string Reason,
    [property: Id(7)] string EvidenceJson,
    [property: Id(8)] string Actor,
    [property: Id(9)] DateTimeOffset At,
    [property: Id(10)] long? RollsBack);

/// <summary>The policy in force for a cluster (or tenant), with the adaptive part: each action type's threshold as
/// configured, the offset its record has earned, and the threshold that applies.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.EffectivePolicy")]
public sealed record EffectivePolicy(
    [property: Id(0)] string Cluster,
    [property: Id(1)] string? Tenant,
    [property: Id(2)] GovernancePolicy Policy,
    [property: Id(3)] bool TenantOverride,
    [property: Id(4)] EffectiveThreshold[] Thresholds);

[GenerateSerializer, Immutable]
[Alias("juno.EffectiveThreshold")]
public sealed record EffectiveThreshold(
    [property: Id(0)] ActionKind Kind,
    [property: Id(1)] double Configured,
    [property: Id(2)] double AdaptiveOffset,
    [property: Id(3)] double Applied,
    [property: Id(4)] bool AlwaysHuman,
    [property: Id(5)] int OutcomesSinceAdaptation,
    [property: Id(6)] int SuccessesSinceAdaptation);

/// <summary>A person (or tool) sets a cluster's or tenant's policy.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyChange")]
public sealed record PolicyChange(
    [property: Id(0)] string? Tenant,
    [property: Id(1)] GovernancePolicy Policy,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Reason);

/// <summary>No adaptation with that id in the cluster.</summary>
[GenerateSerializer]
[Alias("juno.UnknownAdaptationException")]
public sealed class UnknownAdaptationException(long id)
    : KeyNotFoundException($"No governance adaptation #{id} in this cluster.")
{
    [Id(0)]
    public long AdaptationId { get; } = id;
}
