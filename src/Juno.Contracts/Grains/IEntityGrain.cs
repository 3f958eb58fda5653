using Orleans.Concurrency;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Status;
using Juno.Contracts.Healing;
using Juno.Contracts.Scaling;
using Juno.Contracts.Telemetry;
using Juno.Contracts.Threats;

namespace Juno.Contracts.Grains;

/// <summary>What every modelled entity (workload, node, tenant) does: ingest, report, forecast.</summary>
[Alias("juno.IEntityGrain")]
public interface IEntityGrain : IGrainWithStringKey
{
    /// <summary>One call per entity per batch: detectors and forecasters update for every sample.</summary>
    [Alias("Ingest")]
    Task<IngestResult> Ingest(SampleBatch batch);

    [Alias("GetStatus")]
    Task<EntityStatus> GetStatus();

    [Alias("GetForecast")]
    Task<ForecastReport> GetForecast();
}

/// <summary>An entity that runs on a cluster and can be attacked: it models its own behaviour, raises threat
/// alerts, and diagnoses itself across its metrics.</summary>
[Alias("juno.IGuardedEntityGrain")]
public interface IGuardedEntityGrain : IEntityGrain
{
    /// <summary>Scores each behaviour sample against the entity's own normal, in order; raises (and returns) an
    /// alert for each new threat episode and starts its response playbook.</summary>
    [Alias("AnalyzeBehaviour")]
    Task<ThreatAnalysis> AnalyzeBehaviour(BehaviourBatch batch);

    /// <summary>A person said the behaviour behind an alert is normal here: the entity's threat model learns it.</summary>
    [Alias("AcceptAsNormal")]
    Task AcceptAsNormal(BehaviourSample behaviour);

    /// <summary>Proposes a response to one of this entity's alerts to governance, on a person's request. Returns the
    /// alert as the response left it; the caller records it.</summary>
    [Alias("RespondToThreat")]
    Task<ThreatResponseResult> RespondToThreat(ThreatAlert alert, ThreatResponseKind response, string actor);

    /// <summary>The multivariate diagnosis, SLO breach probabilities and the recommended remedy, now.</summary>
    [Alias("Diagnose")]
    Task<EntityDiagnosisReport> Diagnose();
}

/// <summary>Keyed tenant/cluster/namespace/name.</summary>
[Alias("juno.IWorkloadGrain")]
public interface IWorkloadGrain : IGuardedEntityGrain, IDiscoveredEntityGrain
{
    /// <summary>Runs the decision tick now (the grain timer calls the same path): detector, forecast and
    /// agent produce a proposal, which goes to governance unless it is Hold. Returns the proposal.</summary>
    [Alias("DecideNow")]
    Task<ProposedAction?> DecideNow();

    /// <summary>Governance reports how an action this grain proposed ended: the agent's reward.
    /// One-way, so governance never waits on a proposer that may itself be waiting on governance.</summary>
    [OneWay]
    [Alias("ReportOutcome")]
    Task ReportOutcome(ProposedAction action, ActionOutcome outcome);

    /// <summary>Replicas per hour from the workload's request-rate forecast; null when it has no request-rate samples.</summary>
    /// <summary>Governance checked an executed action of this workload: did it land, did the metrics recover.</summary>
    [Alias("ReportVerification"), Orleans.Concurrency.OneWay]
    Task ReportVerification(ProposedAction action, bool verified, string detail);

    [Alias("PlanCapacity")]
    Task<CapacityPlan?> PlanCapacity(CapacityPlanRequest request);

    /// <summary>Proposes a person's replica change to governance and returns its decision (executed when approved).</summary>
    /// <exception cref="WorkloadNotFoundException">The workload is not in its cluster.</exception>
    /// <exception cref="ArgumentException">The replica count is the current one or outside [1, 10000], or no actor.</exception>
    [Alias("RequestScale")]
    Task<GovernanceDecision> RequestScale(ScaleRequest request);
}

/// <summary>Keyed cluster/node.</summary>
[Alias("juno.INodeGrain")]
public interface INodeGrain : IGuardedEntityGrain, IDiscoveredEntityGrain
{
    [Alias("DecideNow")]
    Task<ProposedAction?> DecideNow();

    [OneWay]
    [Alias("ReportOutcome")]
    Task ReportOutcome(ProposedAction action, ActionOutcome outcome);
}

/// <summary>Keyed tenant. Holds the tenant's risk tolerance and limits, and rolls up its workloads.</summary>
[Alias("juno.ITenantGrain")]
public interface ITenantGrain : IEntityGrain
{
    [Alias("GetPolicy")]
    Task<TenantPolicy> GetPolicy();

    [Alias("SetPolicy")]
    Task SetPolicy(TenantPolicy policy);

    /// <summary>A workload reports its latest anomaly score for the roll-up.</summary>
    [Alias("ReportWorkload")]
    Task ReportWorkload(string workloadKey, double anomalyScore);

    /// <summary>The tenant's workloads and the worst anomaly among them.</summary>
    [Alias("GetRollup")]
    Task<TenantStatus> GetRollup();
}

/// <summary>Per-tenant limits governance applies to that tenant's actions.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.TenantPolicy")]
public sealed record TenantPolicy(
    /// <summary>0 = approve nothing automatically, 1 = approve anything under the hard limits.</summary>
    [property: Id(0)] double RiskTolerance,
    [property: Id(1)] int MinReplicas,
    [property: Id(2)] int MaxReplicas)
{
    public static TenantPolicy Default { get; } = new(0.5, 1, 20);

    public string? Validate() =>
        double.IsFinite(RiskTolerance) && RiskTolerance is >= 0 and <= 1
            ? MinReplicas >= 0 && MaxReplicas >= MinReplicas && MaxReplicas <= 1000
                ? null
                : "MinReplicas must be >= 0 and MaxReplicas between MinReplicas and 1000."
            : "RiskTolerance must be between 0 and 1.";
}

/// <summary>An entity discovery follows in the cluster: tracked while its Deployment or Node exists, retired when it goes.</summary>
[Alias("juno.IDiscoveredEntityGrain")]
public interface IDiscoveredEntityGrain : IGrainWithStringKey
{
    /// <summary>The object exists in the cluster: listed in the directory, deciding again if it was retired.</summary>
    [Alias("Track")]
    Task Track();

    /// <summary>The object is gone: off the directory, no more decisions; the models stay in storage in case it returns.</summary>
    [Alias("Retire")]
    Task Retire();
}
