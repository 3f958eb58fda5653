using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Healing;
using Juno.Contracts.Models;
using Juno.Contracts.Policies;
using Juno.Contracts.Scaling;
using Juno.Contracts.Status;
using Juno.Contracts.Telemetry;
using Juno.Contracts.Threats;

namespace Juno.Client;

/// <summary>Typed access to a Juno cluster for other .NET applications.</summary>
public interface IJunoClient
{
    /// <summary>Sends samples for one entity in one grain call. Throws <see cref="ArgumentException"/> for a
    /// malformed key, a non-finite value or more than <see cref="SampleBatch.MaxSamples"/> samples.</summary>
    Task<IngestResult> IngestAsync(EntityKind kind, string entityKey, IReadOnlyCollection<MetricSample> samples, CancellationToken ct = default);

    Task<ForecastReport> GetForecastAsync(string workloadKey, CancellationToken ct = default);

    Task<EntityStatus> GetWorkloadStatusAsync(string workloadKey, CancellationToken ct = default);

    /// <summary>The governance policy in force for the cluster (or a tenant), with each action type's thresholds.</summary>
    Task<EffectivePolicy> GetGovernancePolicyAsync(string? tenant = null, string? cluster = null, CancellationToken ct = default);

    /// <summary>Sets the cluster's (tenant null) or a tenant's policy; throws <see cref="ArgumentException"/> for an invalid one.</summary>
    Task<EffectivePolicy> SetGovernancePolicyAsync(PolicyChange change, string? cluster = null, CancellationToken ct = default);

    /// <summary>Threshold adaptations and policy changes, newest first.</summary>
    Task<GovernanceAdaptation[]> GetGovernanceAdaptationsAsync(string? cluster = null, int max = 100, CancellationToken ct = default);

    /// <summary>Restores what an adaptation replaced; throws <see cref="UnknownAdaptationException"/> for an unknown id.</summary>
    Task<GovernanceAdaptation> RollbackAdaptationAsync(long adaptationId, string actor, string reason, string? cluster = null, CancellationToken ct = default);

    /// <summary>Recomputes the cluster's hash-chained audit log and reports the first row that does not verify.</summary>
    Task<AuditChainReport> VerifyAuditAsync(string? cluster = null, CancellationToken ct = default);

    Task<PendingApproval[]> GetPendingApprovalsAsync(string? cluster = null, CancellationToken ct = default);

    /// <summary>Approves exactly the held action with this id and <paramref name="parametersHash"/> (from
    /// <see cref="GetPendingApprovalsAsync"/>); throws <see cref="UnknownActionException"/> when none is held with that
    /// id, <see cref="ApprovalMismatchException"/> when the hash is not the held action's.</summary>
    Task<GovernanceDecision> ApproveAsync(Guid actionId, string parametersHash, string actor, string? comment = null, string? cluster = null, CancellationToken ct = default);

    Task<GovernanceDecision> RejectAsync(Guid actionId, string actor, string? comment = null, string? cluster = null, CancellationToken ct = default);

    Task<HealingIncident[]> GetIncidentsAsync(string? cluster = null, int max = 100, CancellationToken ct = default);

    /// <summary>Incidents by severity over <paramref name="window"/> (default 24 h), the entities at risk, the latest incidents.</summary>
    Task<HealingStatus> GetHealingStatusAsync(string? cluster = null, TimeSpan? window = null, CancellationToken ct = default);

    /// <summary>A workload's or node's diagnosis across its metrics, with SLO breach probabilities and the remedy.</summary>
    Task<EntityDiagnosisReport> DiagnoseAsync(EntityKind kind, string entityKey, CancellationToken ct = default);

    /// <summary>Scores one workload's or node's behaviour samples (oldest first); new threat episodes raise alerts.
    /// Throws <see cref="ArgumentException"/> naming the sample and signal for a negative or non-finite count.</summary>
    Task<ThreatAnalysis> AnalyzeBehaviourAsync(EntityKind kind, string entityKey, IReadOnlyCollection<BehaviourSample> samples, CancellationToken ct = default);

    /// <summary>Open alerts (<paramref name="openOnly"/>) or the whole history, newest first.</summary>
    Task<ThreatAlert[]> GetThreatAlertsAsync(bool openOnly = true, string? cluster = null, string? entity = null, DateTimeOffset? since = null, int max = 100, CancellationToken ct = default);

    /// <summary>Responds to an alert. Throws <see cref="UnknownAlertException"/> or <see cref="AlertClosedException"/>.</summary>
    Task<ThreatResponseResult> RespondToThreatAsync(Guid alertId, ThreatResponseKind response, string actor, string? comment = null, string? cluster = null, CancellationToken ct = default);

    /// <summary>Marks an alert a false positive: the entity's model learns the behaviour, the alert closes.</summary>
    Task<ThreatResponseResult> MarkFalsePositiveAsync(Guid alertId, string actor, string? comment = null, string? cluster = null, CancellationToken ct = default);

    /// <summary>Replicas per hour from the workload's request-rate forecast; null when it has no request-rate samples.
    /// Throws <see cref="ArgumentException"/> for an invalid request (see <see cref="CapacityPlanRequest.Problem"/>).</summary>
    Task<CapacityPlan?> PlanCapacityAsync(string workloadKey, CapacityPlanRequest request, CancellationToken ct = default);

    /// <summary>Asks governance to change a workload's replicas; returns its decision (executed when approved).
    /// Throws <see cref="WorkloadNotFoundException"/> when the workload is not in its cluster.</summary>
    /// <remarks>With <paramref name="dryRun"/>, the answer is what governance would decide and the cluster's dry run
    /// of it (<see cref="GovernanceDecision.DryRun"/>); nothing is recorded or changed.</remarks>
    Task<GovernanceDecision> RequestScaleAsync(string workloadKey, int replicas, string actor, string? reason = null, bool dryRun = false, CancellationToken ct = default);

    /// <summary>Replica changes made or tried in a cluster, or of one workload (workload key given), newest first.</summary>
    Task<ScalingRecord[]> GetScalingHistoryAsync(string? workloadKey = null, string? cluster = null, DateTimeOffset? since = null, int max = 100, CancellationToken ct = default);

    /// <summary>Every replica-policy version (builtin agent, trained DQNs) with its role and training.</summary>
    Task<PolicyVersion[]> GetPoliciesAsync(CancellationToken ct = default);

    /// <summary>Starts training a DQN version on demand series; returns it as training (poll <see cref="GetPoliciesAsync"/>).
    /// Throws <see cref="ArgumentException"/> for an invalid request (see <see cref="PolicyTrainingRequest.Problem"/>).</summary>
    Task<PolicyVersion> TrainPolicyAsync(PolicyTrainingRequest request, CancellationToken ct = default);

    /// <summary>Scores trained versions beside the HPA rule and forecast-driven provisioning in the trace simulator.
    /// Throws <see cref="PolicyNotFoundException"/> for an unknown version.</summary>
    Task<PolicyEvaluation> EvaluatePoliciesAsync(PolicyEvaluationRequest request, CancellationToken ct = default);

    /// <summary>Makes a version incumbent, an A/B candidate, a shadow or retired. Throws <see cref="PolicyNotFoundException"/>
    /// or <see cref="PolicyConflictException"/> when the change does not fit the current roles.</summary>
    Task<PolicyVersion> ChangePolicyRoleAsync(string version, PolicyRoleRequest request, CancellationToken ct = default);

    /// <summary>Each version's live record while acting and while shadowing.</summary>
    Task<PolicyPerformance[]> GetPolicyPerformanceAsync(CancellationToken ct = default);

    /// <summary>Uploads an ONNX file as the model's next version (validated; not active until activated). Throws
    /// <see cref="ModelRejectedException"/> with the reason when validation refuses it.</summary>
    Task<ModelVersion> UploadModelAsync(string model, byte[] onnx, string actor, string? metadataJson = null, CancellationToken ct = default);

    Task<ModelView> GetModelAsync(string model, CancellationToken ct = default);

    Task<ModelView> ActivateModelAsync(string model, int version, string actor, string reason, CancellationToken ct = default);

    Task<ModelView> RollbackModelAsync(string model, string actor, string reason, CancellationToken ct = default);

    Task<ModelView> SetModelRoutingAsync(string model, Dictionary<int, double> split, int[] shadows, string actor, string reason, CancellationToken ct = default);

    /// <summary>Runs rows (laid out one after another) through the version serving <paramref name="callerKey"/>.</summary>
    Task<ModelAnswer> InferAsync(string model, float[] rows, string callerKey, CancellationToken ct = default);
}
