using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Healing;
using Juno.Contracts.Keys;
using Juno.Contracts.Models;
using Juno.Contracts.Policies;
using Juno.Contracts.Scaling;
using Juno.Contracts.Status;
using Juno.Contracts.Telemetry;
using Juno.Contracts.Threats;
using Microsoft.Extensions.Options;

namespace Juno.Client;

/// <summary>Validates at the edge (a bad key never reaches a silo) and calls the grains.</summary>
internal sealed class JunoClient(IGrainFactory grains, IOptions<JunoClientOptions> options) : IJunoClient
{
    public Task<IngestResult> IngestAsync(EntityKind kind, string entityKey, IReadOnlyCollection<MetricSample> samples, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one sample.", nameof(samples));
        }

        if (samples.Count > SampleBatch.MaxSamples)
        {
            throw new ArgumentException($"A batch holds at most {SampleBatch.MaxSamples} samples; split these {samples.Count}.", nameof(samples));
        }

        foreach (var sample in samples)
        {
            if (!double.IsFinite(sample.Value))
            {
                throw new ArgumentException($"Sample of {sample.Metric.WireName()} at {sample.TimestampMs} has non-finite value {sample.Value}.", nameof(samples));
            }
        }

        var batch = new SampleBatch([.. samples]);
        return kind switch
        {
            EntityKind.Workload => grains.GetGrain<IWorkloadGrain>(ValidWorkload(entityKey)).Ingest(batch).WaitAsync(ct),
            EntityKind.Node => grains.GetGrain<INodeGrain>(ValidNode(entityKey)).Ingest(batch).WaitAsync(ct),
            EntityKind.Tenant => grains.GetGrain<ITenantGrain>(ValidSegment(entityKey, "tenant")).Ingest(batch).WaitAsync(ct),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown entity kind."),
        };
    }

    public Task<ForecastReport> GetForecastAsync(string workloadKey, CancellationToken ct = default) =>
        grains.GetGrain<IWorkloadGrain>(ValidWorkload(workloadKey)).GetForecast().WaitAsync(ct);

    public Task<EntityStatus> GetWorkloadStatusAsync(string workloadKey, CancellationToken ct = default) =>
        grains.GetGrain<IWorkloadGrain>(ValidWorkload(workloadKey)).GetStatus().WaitAsync(ct);

    public Task<EffectivePolicy> GetGovernancePolicyAsync(string? tenant = null, string? cluster = null, CancellationToken ct = default) =>
        Governance(cluster).GetPolicy(tenant).WaitAsync(ct);

    public Task<EffectivePolicy> SetGovernancePolicyAsync(PolicyChange change, string? cluster = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrWhiteSpace(change.Actor, nameof(change));
        return change.Policy?.Problem() is { } problem || change.Policy is null
            ? throw new ArgumentException(change.Policy is null ? "a policy is required" : change.Policy.Problem(), nameof(change))
            : Governance(cluster).SetPolicy(change).WaitAsync(ct);
    }

    public Task<GovernanceAdaptation[]> GetGovernanceAdaptationsAsync(string? cluster = null, int max = 100, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return Governance(cluster).GetAdaptations(max).WaitAsync(ct);
    }

    public Task<GovernanceAdaptation> RollbackAdaptationAsync(long adaptationId, string actor, string reason, string? cluster = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return Governance(cluster).RollbackAdaptation(adaptationId, actor, reason ?? "").WaitAsync(ct);
    }

    public Task<ModelVersion> UploadModelAsync(string model, byte[] onnx, string actor, string? metadataJson = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return Model(model).Upload(onnx, metadataJson ?? "", actor).WaitAsync(ct);
    }

    public Task<ModelView> GetModelAsync(string model, CancellationToken ct = default) => Model(model).Get().WaitAsync(ct);

    public Task<ModelView> ActivateModelAsync(string model, int version, string actor, string reason, CancellationToken ct = default) =>
        Model(model).Activate(version, actor, reason ?? "").WaitAsync(ct);

    public Task<ModelView> RollbackModelAsync(string model, string actor, string reason, CancellationToken ct = default) =>
        Model(model).Rollback(actor, reason ?? "").WaitAsync(ct);

    public Task<ModelView> SetModelRoutingAsync(string model, Dictionary<int, double> split, int[] shadows, string actor, string reason, CancellationToken ct = default) =>
        Model(model).SetRouting(split, shadows, actor, reason ?? "").WaitAsync(ct);

    public Task<ModelAnswer> InferAsync(string model, float[] rows, string callerKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Model(model).Infer(rows, callerKey ?? "").WaitAsync(ct);
    }

    private IModelRegistryGrain Model(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return grains.GetGrain<IModelRegistryGrain>(model);
    }

    public Task<AuditChainReport> VerifyAuditAsync(string? cluster = null, CancellationToken ct = default) =>
        Governance(cluster).VerifyAudit().WaitAsync(ct);

    public Task<PendingApproval[]> GetPendingApprovalsAsync(string? cluster = null, CancellationToken ct = default) =>
        Governance(cluster).GetPending().WaitAsync(ct);

    public Task<GovernanceDecision> ApproveAsync(Guid actionId, string parametersHash, string actor, string? comment = null, string? cluster = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parametersHash);
        return DecideAsync(actionId, true, actor, comment, cluster, ct, parametersHash);
    }

    public Task<GovernanceDecision> RejectAsync(Guid actionId, string actor, string? comment = null, string? cluster = null, CancellationToken ct = default) =>
        DecideAsync(actionId, false, actor, comment, cluster, ct);

    public Task<HealingIncident[]> GetIncidentsAsync(string? cluster = null, int max = 100, CancellationToken ct = default) =>
        grains.GetGrain<IIncidentLogGrain>(ValidSegment(cluster ?? options.Value.DefaultCluster, "cluster")).Recent(max).WaitAsync(ct);

    public Task<HealingStatus> GetHealingStatusAsync(string? cluster = null, TimeSpan? window = null, CancellationToken ct = default) =>
        grains.GetGrain<IIncidentLogGrain>(ValidSegment(cluster ?? options.Value.DefaultCluster, "cluster"))
            .GetHealingStatus(window ?? TimeSpan.FromHours(24)).WaitAsync(ct);

    public Task<EntityDiagnosisReport> DiagnoseAsync(EntityKind kind, string entityKey, CancellationToken ct = default) =>
        Guarded(kind, entityKey).Diagnose().WaitAsync(ct);

    public Task<ThreatAnalysis> AnalyzeBehaviourAsync(EntityKind kind, string entityKey, IReadOnlyCollection<BehaviourSample> samples, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one sample.", nameof(samples));
        }

        if (samples.Count > BehaviourBatch.MaxSamples)
        {
            throw new ArgumentException($"A behaviour batch holds at most {BehaviourBatch.MaxSamples} samples; split these {samples.Count}.", nameof(samples));
        }

        var index = 0;
        foreach (var sample in samples)
        {
            if (sample.Validate() is { } error)
            {
                throw new ArgumentException($"Behaviour sample {index}: {error}.", nameof(samples));
            }

            index++;
        }

        return Guarded(kind, entityKey).AnalyzeBehaviour(new BehaviourBatch([.. samples])).WaitAsync(ct);
    }

    public Task<ThreatAlert[]> GetThreatAlertsAsync(bool openOnly = true, string? cluster = null, string? entity = null, DateTimeOffset? since = null, int max = 100, CancellationToken ct = default) =>
        Threats(cluster).List(openOnly, entity, since, max).WaitAsync(ct);

    public Task<ThreatResponseResult> RespondToThreatAsync(Guid alertId, ThreatResponseKind response, string actor, string? comment = null, string? cluster = null, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new ArgumentException("Name the person responding; the alert and audit log record it.", nameof(actor));
        }

        return Threats(cluster).Respond(new ThreatResponseRequest(alertId, response, actor, comment)).WaitAsync(ct);
    }

    public Task<ThreatResponseResult> MarkFalsePositiveAsync(Guid alertId, string actor, string? comment = null, string? cluster = null, CancellationToken ct = default) =>
        RespondToThreatAsync(alertId, ThreatResponseKind.FalsePositive, actor, comment, cluster, ct);

    private IGuardedEntityGrain Guarded(EntityKind kind, string entityKey) => kind switch
    {
        EntityKind.Workload => grains.GetGrain<IWorkloadGrain>(ValidWorkload(entityKey)),
        EntityKind.Node => grains.GetGrain<INodeGrain>(ValidNode(entityKey)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only workloads and nodes have behaviour and a diagnosis."),
    };

    private IThreatLogGrain Threats(string? cluster) =>
        grains.GetGrain<IThreatLogGrain>(ValidSegment(cluster ?? options.Value.DefaultCluster, "cluster"));

    private Task<GovernanceDecision> DecideAsync(Guid actionId, bool approve, string actor, string? comment, string? cluster, CancellationToken ct, string? parametersHash = null)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new ArgumentException("Name the person deciding; the audit log records it.", nameof(actor));
        }

        return Governance(cluster).Decide(new ApprovalRequest(actionId, approve, actor, comment) { ParametersHash = parametersHash }).WaitAsync(ct);
    }

    public Task<CapacityPlan?> PlanCapacityAsync(string workloadKey, CapacityPlanRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        return grains.GetGrain<IWorkloadGrain>(ValidWorkload(workloadKey)).PlanCapacity(request).WaitAsync(ct);
    }

    public Task<GovernanceDecision> RequestScaleAsync(string workloadKey, int replicas, string actor, string? reason = null, bool dryRun = false, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicas, CapacityPlanRequest.MaxReplicaBound);
        return grains.GetGrain<IWorkloadGrain>(ValidWorkload(workloadKey)).RequestScale(new ScaleRequest(replicas, actor, reason ?? "") { DryRun = dryRun }).WaitAsync(ct);
    }

    private IScalingPolicyGrain Policies => grains.GetGrain<IScalingPolicyGrain>(IScalingPolicyGrain.RegistryKey);

    public Task<PolicyVersion[]> GetPoliciesAsync(CancellationToken ct = default) => Policies.List().WaitAsync(ct);

    public Task<PolicyVersion> TrainPolicyAsync(PolicyTrainingRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Problem() is { } problem ? throw new ArgumentException(problem, nameof(request)) : Policies.Train(request).WaitAsync(ct);
    }

    public Task<PolicyEvaluation> EvaluatePoliciesAsync(PolicyEvaluationRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Problem() is { } problem ? throw new ArgumentException(problem, nameof(request)) : Policies.Evaluate(request).WaitAsync(ct);
    }

    public Task<PolicyVersion> ChangePolicyRoleAsync(string version, PolicyRoleRequest request, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(request);
        return request.Problem() is { } problem ? throw new ArgumentException(problem, nameof(request)) : Policies.ChangeRole(version, request).WaitAsync(ct);
    }

    public Task<PolicyPerformance[]> GetPolicyPerformanceAsync(CancellationToken ct = default) => Policies.GetPerformance().WaitAsync(ct);

    public Task<ScalingRecord[]> GetScalingHistoryAsync(string? workloadKey = null, string? cluster = null, DateTimeOffset? since = null, int max = 100, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (workloadKey is null)
        {
            return Governance(cluster).GetScalingHistory(null, since, max).WaitAsync(ct);
        }

        if (!EntityKeys.TryParseWorkload(workloadKey, out var key, out var error))
        {
            throw new InvalidEntityKeyException(error);
        }

        if (cluster is not null && cluster != key.Cluster)
        {
            throw new ArgumentException($"Workload '{workloadKey}' is in cluster '{key.Cluster}', not '{cluster}'.", nameof(cluster));
        }

        return Governance(key.Cluster).GetScalingHistory($"{key.Namespace}/{key.Name}", since, max).WaitAsync(ct);
    }

    private IGovernanceGrain Governance(string? cluster) =>
        grains.GetGrain<IGovernanceGrain>(ValidSegment(cluster ?? options.Value.DefaultCluster, "cluster"));

    private static string ValidWorkload(string key) =>
        EntityKeys.TryParseWorkload(key, out _, out var error) ? key : throw new InvalidEntityKeyException(error);

    private static string ValidNode(string key) =>
        EntityKeys.TryParseNode(key, out _, out var error) ? key : throw new InvalidEntityKeyException(error);

    private static string ValidSegment(string value, string what) =>
        EntityKeys.IsValidSegment(value, out var error) ? value : throw new InvalidEntityKeyException($"The {what} '{value}' {error}.");
}
