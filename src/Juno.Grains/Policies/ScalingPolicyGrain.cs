using Juno.Contracts.Grains;
using Juno.Contracts.Policies;
using Juno.Grains.Entities;
using Juno.Grains.Governance;
using Juno.Inference;
using Juno.Intelligence;
using Juno.Storage;
using Microsoft.Extensions.Logging;

namespace Juno.Grains.Policies;

/// <summary>
/// The registry of replica-policy versions. The builtin agent is the first incumbent; trained versions start retired
/// and are given a role by a person (shadow, candidate with a traffic share, incumbent), every change audited in the
/// hash-chained log under <see cref="IScalingPolicyGrain.RegistryKey"/>. Live counts from the workloads are summed here
/// and written at most once a <see cref="TotalsWriteInterval"/>, so reports don't turn into a write per tick.
/// </summary>
internal sealed class ScalingPolicyGrain(
    [PersistentState("policies", StorageNames.Governance)] IPersistentState<ScalingPolicyState> state,
    IJunoRecordStore records,
    TimeProvider time,
    ILogger<ScalingPolicyGrain> logger) : Grain, IScalingPolicyGrain
{
    /// <summary>A training that has not reported back by then was lost with its silo.</summary>
    public static readonly TimeSpan TrainingDeadline = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan TotalsWriteInterval = TimeSpan.FromMinutes(1);

    private bool _totalsDirty;
    private DateTimeOffset _lastWrite;

    private ScalingPolicyState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Versions.Count == 0)
        {
            State.Versions.Add(new StoredPolicy
            {
                Info = new PolicyVersion(
                    PolicyVersion.BuiltinVersion, PolicyVersion.QAgentKind, PolicyRole.Incumbent, 0, time.GetUtcNow(),
                    "pretrained Q-network prior (10-64-32-6, ONNX through the batcher) plus a per-workload residual learned online; hold, +-1, +-2 replicas, restart",
                    null, []),
            });
            await state.WriteStateAsync(cancellationToken);
        }

        if (FailStaleTraining())
        {
            await state.WriteStateAsync(cancellationToken);
        }

        _lastWrite = time.GetUtcNow();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_totalsDirty)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<PolicyVersion[]> List()
    {
        if (FailStaleTraining())
        {
            await state.WriteStateAsync();
        }

        return [.. State.Versions.Select(v => v.Info)];
    }

    public Task<PolicyRollout> GetRollout() => Task.FromResult(State.Rollout());

    public Task<byte[]> GetModel(string version)
    {
        var stored = State.Find(version);
        if (stored.Network is null)
        {
            throw new PolicyNotFoundException(version);
        }

        using var reader = new BinaryReader(new MemoryStream(stored.Network));
        return Task.FromResult(OnnxModelWriter.WriteMlp(Mlp.ReadFrom(reader)));
    }

    public async Task<PolicyVersion> Train(PolicyTrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        var version = $"{PolicyVersion.DqnKind}-{State.NextNumber++}";
        var info = new PolicyVersion(
            version, PolicyVersion.DqnKind, PolicyRole.Training, 0, time.GetUtcNow(),
            string.IsNullOrWhiteSpace(request.Description) ? $"DQN trained on {string.Join(", ", request.Traces.Select(t => t.Name))}" : request.Description,
            new PolicyTrainingSummary([.. request.Traces.Select(t => t.Name)], request.TrainShare, request.Epochs, request.Seed, 0, 0, 0, request.Actor, null, null),
            []);
        State.Versions.Add(new StoredPolicy { Info = info });
        await WriteAsync();
        await GrainFactory.GetGrain<IPolicyLabGrain>(0).Train(version, request);
        logger.LogInformation("Training {Version} for {Actor} on {Traces}", version, request.Actor, string.Join(", ", info.Training!.Traces));
        return info;
    }

    public async Task CompleteTraining(string version, byte[] network, PolicyTrainingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(summary);
        var stored = State.Find(version);
        if (stored.Info.Role != PolicyRole.Training)
        {
            // Declared lost at the deadline (or reported twice): the first word stands.
            logger.LogWarning("Training result for {Version} arrived while it is {Role}; ignored", version, stored.Info.Role);
            return;
        }

        var failed = summary.Error is not null || network.Length == 0;
        stored.Network = failed ? null : network;
        stored.Info = stored.Info with { Role = failed ? PolicyRole.Failed : PolicyRole.Retired, Training = summary };
        await WriteAsync();
        if (failed)
        {
            logger.LogWarning("Training {Version} failed: {Error}", version, summary.Error);
        }
        else
        {
            logger.LogInformation("Trained {Version}: {Transitions} transitions in {Seconds:F1} s, {Parameters} parameters", version, summary.Transitions, summary.Seconds, summary.Parameters);
        }
    }

    public async Task<PolicyVersion> ChangeRole(string version, PolicyRoleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        var now = time.GetUtcNow();
        var changes = State.ChangeRole(version, request, now);
        await WriteAsync();
        foreach (var (policy, change) in changes)
        {
            await records.AppendAuditAsync(new AuditEntry(
                IScalingPolicyGrain.RegistryKey, Guid.NewGuid(), "policy-role-changed", change.Actor,
                AuditPayloads.PolicyRoleChange(policy.Info.Version, change), now));
            logger.LogWarning("Scaling policy {Version}: {From} -> {To} (share {Share:P0}) by {Actor}: {Reason}",
                policy.Info.Version, change.From, change.To, change.TrafficShare, change.Actor, change.Reason);
        }

        return changes[0].Policy.Info;
    }

    public async Task<PolicyEvaluation> Evaluate(PolicyEvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        var networks = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var version in request.Versions.Distinct(StringComparer.Ordinal))
        {
            var stored = State.Find(version);
            if (stored.Info.Kind != PolicyVersion.DqnKind || stored.Network is null)
            {
                throw new ArgumentException(stored.Info.Kind == PolicyVersion.QAgentKind
                    ? $"{version} learns per workload from live cpu, memory and restarts, which the trace simulator does not model: it is scored live (GET /api/v4/rl/performance)"
                    : $"{version} is {stored.Info.Role.ToString().ToLowerInvariant()} and has no network to evaluate", nameof(request));
            }

            networks[version] = stored.Network;
        }

        var rows = await GrainFactory.GetGrain<IPolicyLabGrain>(0).Evaluate(request, networks);
        var workload = ScalingSimulationOptions.Default;
        return new PolicyEvaluation(time.GetUtcNow(), rows,
            $"trace simulator: {workload.PodCapacity:F0} req/s per pod, {workload.StartupDelay.TotalMinutes:F0} min startup, objectives {workload.LatencySloMs:F0} ms p95 and {workload.ErrorRateSlo:P0} errors, "
            + $"{workload.PodHourCost:F2} per pod-hour; each series rescaled so the 99th percentile of its first {request.ScoreFrom:P0} is {request.PeakRequestRate:F0} req/s; "
            + $"that part is warm-up, the rest is scored; costVsHpa against the HPA rule (70% CPU, 5 min scale-down stabilisation) on the same trace");
    }

    public async Task Record(PolicyTally[] tallies)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        foreach (var tally in tallies)
        {
            if (State.Versions.Exists(v => v.Info.Version == tally.Version))
            {
                if (!State.Totals.TryGetValue(tally.Version, out var totals))
                {
                    State.Totals[tally.Version] = totals = new PolicyTotals();
                }

                totals.Add(tally);
                _totalsDirty = true;
            }
        }

        if (_totalsDirty && time.GetUtcNow() - _lastWrite >= TotalsWriteInterval)
        {
            await WriteAsync();
        }
    }

    public Task<PolicyPerformance[]> GetPerformance() => Task.FromResult<PolicyPerformance[]>([..
        State.Versions
            .Where(v => v.Info.Role is not (PolicyRole.Training or PolicyRole.Failed))
            .Select(v => (State.Totals.TryGetValue(v.Info.Version, out var totals) ? totals : new PolicyTotals()).ToPerformance(v.Info))]);

    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        _totalsDirty = false;
        _lastWrite = time.GetUtcNow();
    }

    private bool FailStaleTraining()
    {
        var now = time.GetUtcNow();
        var changed = false;
        foreach (var stored in State.Versions.Where(v => v.Info.Role == PolicyRole.Training && now - v.Info.CreatedAt > TrainingDeadline))
        {
            stored.Info = stored.Info with
            {
                Role = PolicyRole.Failed,
                Training = stored.Info.Training! with { Error = $"no result within {TrainingDeadline.TotalMinutes:F0} minutes: the silo training it stopped" },
            };
            changed = true;
        }

        return changed;
    }
}
