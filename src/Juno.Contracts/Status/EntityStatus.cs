using Juno.Contracts.Actions;
using Juno.Contracts.Governance;

namespace Juno.Contracts.Status;

/// <summary>What an entity grain knows about itself right now.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.EntityStatus")]
public sealed record EntityStatus(
    [property: Id(0)] string Entity,
    [property: Id(1)] EntityKind Kind,
    [property: Id(2)] MetricStatus[] Metrics,
    [property: Id(3)] double AnomalyScore,
    [property: Id(4)] int Replicas,
    [property: Id(5)] ProposedAction? LastProposal,
    [property: Id(6)] GovernanceDecision? LastDecision,
    [property: Id(7)] AgentStatus Agent)
{
    /// <summary>Behaviour samples the entity's threat detector has seen (0 for tenants and silent entities).</summary>
    [Id(8)]
    public long BehaviourSamples { get; init; }

    /// <summary>The threat detector's score of the latest behaviour sample, in [0, 1] (0 while it learns).</summary>
    [Id(9)]
    public double ThreatScore { get; init; }
}

/// <summary>The entity's reinforcement-learning agent, as an operator sees it.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.AgentStatus")]
public sealed record AgentStatus(
    [property: Id(0)] long Decisions,
    [property: Id(1)] long Updates,
    [property: Id(2)] double Epsilon,
    [property: Id(3)] double MeanReward);

/// <summary>A tenant's roll-up and the policy its workloads are governed by.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.TenantStatus")]
public sealed record TenantStatus(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string[] Workloads,
    [property: Id(2)] double RiskTolerance,
    [property: Id(3)] int MaxReplicasPerWorkload,
    [property: Id(4)] double AnomalyScore);

/// <summary>An anomaly that crossed the incident threshold, and what Juno did about it.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.HealingIncident")]
public sealed record HealingIncident(
    [property: Id(0)] Guid IncidentId,
    [property: Id(1)] string Entity,
    [property: Id(2)] EntityKind Kind,
    [property: Id(3)] string Metric,
    [property: Id(4)] double Score,
    [property: Id(5)] string Severity,
    [property: Id(6)] DateTimeOffset DetectedAt,
    [property: Id(7)] Guid? ActionId,
    [property: Id(8)] string Summary);
