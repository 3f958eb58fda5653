using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Status;
using Juno.Grains.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juno.Grains.Entities;

/// <summary>A tenant, keyed by tenant name: its own telemetry (spend, request totals), its policy
/// (risk tolerance and replica limits governance applies), and a roll-up of its workloads.</summary>
internal sealed class TenantGrain(
    [PersistentState("tenant-models", StorageNames.Entities)] IPersistentState<EntityState> state,
    [PersistentState("tenant-policy", StorageNames.Entities)] IPersistentState<TenantState> policy,
    TimeProvider time,
    IOptions<DecisionOptions> options,
    ILogger<TenantGrain> logger)
    : ModelledEntityGrain(state, time, options.Value, logger), ITenantGrain
{
    /// <summary>Latest anomaly score per workload; rebuilt from reports after a restart.</summary>
    private readonly Dictionary<string, double> _workloads = new(StringComparer.Ordinal);

    protected override EntityKind Kind => EntityKind.Tenant;

    protected override string? DirectoryCluster => null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!EntityKeys.IsValidSegment(this.GetPrimaryKeyString(), out var error))
        {
            throw new InvalidEntityKeyException($"Tenant '{this.GetPrimaryKeyString()}' {error}.");
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public Task<TenantPolicy> GetPolicy() => Task.FromResult(policy.State.Policy);

    public async Task SetPolicy(TenantPolicy newPolicy)
    {
        ArgumentNullException.ThrowIfNull(newPolicy);
        if (newPolicy.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(newPolicy));
        }

        policy.State.Policy = newPolicy;
        await policy.WriteStateAsync();
    }

    public Task ReportWorkload(string workloadKey, double anomalyScore)
    {
        _workloads[workloadKey] = anomalyScore;
        return Task.CompletedTask;
    }

    public Task<TenantStatus> GetRollup() =>
        Task.FromResult(new TenantStatus(
            this.GetPrimaryKeyString(),
            [.. _workloads.Keys.Order(StringComparer.Ordinal)],
            policy.State.Policy.RiskTolerance,
            policy.State.Policy.MaxReplicas,
            Math.Max(Models.AnomalyScore, _workloads.Count == 0 ? 0 : _workloads.Values.Max())));
}
