using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Scaling;

namespace Juno.Contracts.Grains;

/// <summary>One per Kubernetes cluster, keyed by cluster name: the only path to the actuator.</summary>
[Alias("juno.IGovernanceGrain")]
public interface IGovernanceGrain : IGrainWithStringKey
{
    /// <summary>Decides on a proposal. An auto-approved action is recorded, executed and its outcome
    /// recorded before this returns; a held one waits for <see cref="Decide"/> or expiry.
    /// Submitting the same action id twice returns the first decision and executes nothing.</summary>
    [Alias("Submit")]
    Task<GovernanceDecision> Submit(ProposedAction action);

    /// <summary>What <see cref="Submit"/> would decide, and (for an action that would run, now or once approved) the
    /// cluster's server-side dry run of it. Records, claims and changes nothing.</summary>
    [Alias("DryRun")]
    Task<GovernanceDecision> DryRun(ProposedAction action);

    [Alias("Decide")]
    Task<GovernanceDecision> Decide(ApprovalRequest request);

    [Alias("GetPending")]
    Task<PendingApproval[]> GetPending();

    [Alias("GetDecision")]
    Task<GovernanceDecision?> GetDecision(Guid actionId);

    [Alias("GetRecentDecisions")]
    Task<GovernanceDecision[]> GetRecentDecisions(int max);

    [Alias("GetSnapshot")]
    Task<GovernanceSnapshot> GetSnapshot();

    /// <summary>The cluster's newest replica changes (of one "namespace/name" when given, since a time when given), newest first.</summary>
    [Alias("GetScalingHistory")]
    Task<ScalingRecord[]> GetScalingHistory(string? entity, DateTimeOffset? since, int max);

    /// <summary>Recomputes the cluster's audit chain.</summary>
    [Alias("VerifyAudit")]
    Task<AuditChainReport> VerifyAudit();

    /// <summary>Settles what is due: expired approvals, due verifications, and the record of every action whose
    /// execution began and recorded no outcome (from what the cluster shows; nothing is executed again). Runs on
    /// activation and every sweep too.</summary>
    [Alias("Reconcile")]
    Task<ReconciliationReport> Reconcile();

    /// <summary>Checks the executed actions whose verification is due (as every sweep does); returns how many were checked.</summary>
    [Alias("VerifyDue")]
    Task<int> VerifyDue();

    /// <summary>The policy in force for the cluster (tenant null) or a tenant, with each action type's threshold.</summary>
    [Alias("GetPolicy")]
    Task<EffectivePolicy> GetPolicy(string? tenant);

    /// <summary>Sets the cluster's or a tenant's policy; recorded in governance_adaptations and the audit log.</summary>
    [Alias("SetPolicy")]
    Task<EffectivePolicy> SetPolicy(PolicyChange change);

    /// <summary>Threshold adaptations and policy changes, newest first.</summary>
    [Alias("GetAdaptations")]
    Task<GovernanceAdaptation[]> GetAdaptations(int max);

    /// <summary>Restores what an adaptation (or a policy change) replaced, as a new recorded adaptation.</summary>
    [Alias("RollbackAdaptation")]
    Task<GovernanceAdaptation> RollbackAdaptation(long adaptationId, string actor, string reason);
}
