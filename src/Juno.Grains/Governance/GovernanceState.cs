using Juno.Contracts.Actions;
using Juno.Contracts.Governance;

namespace Juno.Grains.Governance;

/// <summary>What governance must not forget across restarts: held actions (their expiry survives the silo), the
/// policies, the rate windows, the breakers' evidence, the adaptive offsets, pending verifications, and recent
/// decisions for duplicate detection.</summary>
[GenerateSerializer]
[Alias("juno.GovernanceState")]
public sealed class GovernanceState
{
    [Id(0)] public List<PendingApproval> Pending { get; set; } = [];
    [Id(1)] public List<GovernanceDecision> Recent { get; set; } = [];

    // Ids 2-4 held the cluster-wide rate window and breaker before both went per scope and per action type
    // (Executions, Breakers). They are kept, unread, so state written by an earlier build still deserializes.
    [Id(2)] public List<DateTimeOffset> ExecutionTimes { get; set; } = [];
    [Id(3)] public List<bool> Outcomes { get; set; } = [];
    [Id(4)] public DateTimeOffset? BreakerOpenedAt { get; set; }

    [Id(5)] public long Decisions { get; set; }
    [Id(6)] public long Executed { get; set; }

    /// <summary>Null until someone sets one: the cluster then runs on the defaults built from configuration.</summary>
    [Id(7)] public GovernancePolicy? ClusterPolicy { get; set; }

    [Id(8)] public Dictionary<string, GovernancePolicy> TenantPolicies { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What each action type's record has added to (or taken from) its auto-approval threshold.</summary>
    [Id(9)] public Dictionary<ActionKind, double> AdaptiveOffsets { get; set; } = [];

    /// <summary>Outcomes per action type since its threshold last adapted: [outcomes, successes].</summary>
    [Id(10)] public Dictionary<ActionKind, int[]> OutcomesSinceAdaptation { get; set; } = [];

    /// <summary>Executed cluster-changing actions of the last hour, for the nested rate limits and the namespace cap.</summary>
    [Id(11)] public List<ExecutionMark> Executions { get; set; } = [];

    /// <summary>One breaker per action type: failing restarts stop restarts, not scale-outs.</summary>
    [Id(12)] public Dictionary<ActionKind, BreakerState> Breakers { get; set; } = [];

    /// <summary>Nodes Juno has cordoned and not uncordoned, for the node-share cap.</summary>
    [Id(13)] public HashSet<string> CordonedNodes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Executed scales and restarts waiting for their check.</summary>
    [Id(14)] public List<PendingVerification> Verifications { get; set; } = [];
}

/// <summary>An executed action governance will check at <paramref name="DueAt"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.PendingVerification")]
public sealed record PendingVerification(
    [property: Id(0)] ProposedAction Action,
    [property: Id(1)] DateTimeOffset DueAt);

/// <summary>An executed action, as the rate limits count it.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ExecutionMark")]
public sealed record ExecutionMark(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Tenant,
    [property: Id(2)] string Namespace,
    [property: Id(3)] ActionKind Kind);

/// <summary>One action type's breaker: its recent outcomes and, while open, when it opened.</summary>
[GenerateSerializer]
[Alias("juno.BreakerState")]
public sealed class BreakerState
{
    [Id(0)] public List<bool> Outcomes { get; set; } = [];
    [Id(1)] public DateTimeOffset? OpenedAt { get; set; }
}
