using Juno.Contracts.Actions;

namespace Juno.Contracts.Governance;

[GenerateSerializer]
[Alias("juno.Verdict")]
public enum Verdict : byte
{
    /// <summary>Risk under the auto-approval threshold: executed without a person.</summary>
    AutoApproved = 0,
    /// <summary>Waiting for a person; expires.</summary>
    Held = 1,
    /// <summary>Refused by policy, rate limit or circuit breaker. Never executed.</summary>
    Refused = 2,
    /// <summary>A person approved a held action.</summary>
    Approved = 3,
    /// <summary>A person rejected a held action.</summary>
    Rejected = 4,
    /// <summary>Nobody decided before the approval window closed.</summary>
    Expired = 5,
}

/// <summary>The decision on one action, and its outcome once executed.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.GovernanceDecision")]
public sealed record GovernanceDecision(
    [property: Id(0)] Guid ActionId,
    [property: Id(1)] Verdict Verdict,
    [property: Id(2)] double Risk,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset DecidedAt,
    [property: Id(5)] string DecidedBy,
    [property: Id(6)] ActionOutcome? Outcome)
{
    public bool WillExecute => Verdict is Verdict.AutoApproved or Verdict.Approved;

    /// <summary>The inputs that made up <see cref="Risk"/>, each with what it added.</summary>
    [Id(7)]
    public RiskFactor[] Factors { get; init; } = [];

    /// <summary>The auto-approval threshold the risk was held against (configured plus the adaptive offset).</summary>
    [Id(8)]
    public double? Threshold { get; init; }

    /// <summary>What governance would decide, with the cluster's server-side dry run as the outcome: nothing was
    /// recorded, claimed or changed.</summary>
    [Id(9)]
    public bool DryRun { get; init; }
}

/// <summary>A held action waiting for a person.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.PendingApproval")]
public sealed record PendingApproval(
    [property: Id(0)] ProposedAction Action,
    [property: Id(1)] double Risk,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset HeldAt,
    [property: Id(4)] DateTimeOffset ExpiresAt)
{
    [Id(5)]
    public RiskFactor[] Factors { get; init; } = [];

    /// <summary>SHA-256 (hex) of the action's parameters: an approval must quote it, so it approves exactly this action.</summary>
    [Id(6)]
    public string ParametersHash { get; init; } = "";
}

/// <summary>Governance state for operators: limits in force and recent outcomes.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.GovernanceSnapshot")]
public sealed record GovernanceSnapshot(
    [property: Id(0)] string Cluster,
    [property: Id(1)] int ActionsInLastMinute,
    [property: Id(2)] int RateLimitPerMinute,
    [property: Id(3)] bool CircuitOpen,
    [property: Id(4)] double RecentSuccessRate,
    [property: Id(5)] int RecentOutcomes,
    [property: Id(6)] int Pending,
    [property: Id(7)] long Decisions,
    [property: Id(8)] long Executed);

/// <summary>A person's answer to a held action.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ApprovalRequest")]
public sealed record ApprovalRequest(
    [property: Id(0)] Guid ActionId,
    [property: Id(1)] bool Approve,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Comment)
{
    /// <summary>The <see cref="PendingApproval.ParametersHash"/> the person saw; required to approve.</summary>
    [Id(4)]
    public string? ParametersHash { get; init; }
}

/// <summary>Thrown when an approval names an action governance is not holding.</summary>
[GenerateSerializer]
[Alias("juno.UnknownActionException")]
public sealed class UnknownActionException(Guid actionId)
    : InvalidOperationException($"No held action with id {actionId}: it is unknown, already decided or expired.")
{
    [Id(0)]
    public Guid ActionId { get; } = actionId;
}

/// <summary>An approval quoted a parameters hash other than the held action's: it was given for something else (or for
/// nothing: the hash is required), so the action stays held.</summary>
[GenerateSerializer]
[Alias("juno.ApprovalMismatchException")]
public sealed class ApprovalMismatchException(Guid actionId, string? quoted)
    : InvalidOperationException(quoted is null
        ? $"Approving {actionId} needs the parametersHash shown with the held action."
        : $"The approval quotes parameters hash {quoted}, which is not the held action {actionId}'s: it stays held.")
{
    [Id(0)]
    public Guid ActionId { get; } = actionId;

    [Id(1)]
    public string? Quoted { get; } = quoted;
}
