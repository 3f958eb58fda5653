using Juno.Actuation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Scaling;
using Juno.Contracts.Status;
using Juno.Contracts.Telemetry;
using Juno.Contracts.Policies;
using Juno.Grains.Healing;
using Juno.Grains.Options;
using Juno.Grains.Policies;
using Juno.Inference;
using Juno.Grains.Threats;
using Juno.Intelligence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juno.Grains.Entities;

/// <summary>A Kubernetes workload (Deployment), keyed tenant/cluster/namespace/name. Its decision tick
/// turns detector, forecast and agent into a proposal that governance judges.</summary>
internal sealed class WorkloadGrain(
    [PersistentState("workload", StorageNames.Entities)] IPersistentState<EntityState> state,
    IClusterActuator actuator,
    TimeProvider time,
    IOptions<DecisionOptions> options,
    IOptions<ThreatOptions> threatOptions,
    IThreatNotifier notifier,
    ILogger<WorkloadGrain> logger)
    : GuardedEntityGrain(state, time, options.Value, threatOptions.Value, notifier, logger), IWorkloadGrain
{
    private readonly LiveScalingFeatures _liveFeatures = new();
    private readonly PolicyScorecards _scores = new();
    private WorkloadKey _key = null!;
    private WorkloadAgent _agent = null!;
    private int _replicas;
    private bool _lastChoiceExecuted;
    private string _actingVersion = PolicyVersion.BuiltinVersion;

    /// <summary>Which version proposed each recent action (and, for the builtin agent, the state it chose in), so a
    /// verification reaching us minutes later is credited to it.</summary>
    private readonly Queue<(Guid ActionId, string Version, float[]? State, AgentAction Choice)> _proposedBy = new();

    protected override EntityKind Kind => EntityKind.Workload;

    protected override string? DirectoryCluster => _key.Cluster;

    protected override string Cluster => _key.Cluster;

    protected override (string Tenant, string Namespace, string Name) Target => (_key.Tenant, _key.Namespace, _key.Name);

    protected override ActionKind IsolationAction => ActionKind.Isolate;

    protected override int CurrentReplicas => _replicas;

    protected override SloTarget[] SloTargets =>
    [
        new((int)MetricKind.LatencyP95, Options.LatencySloMs),
        new((int)MetricKind.ErrorRate, Options.ErrorRateSlo),
    ];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!EntityKeys.TryParseWorkload(this.GetPrimaryKeyString(), out var key, out var error))
        {
            throw new InvalidEntityKeyException(error);
        }

        _key = key;
        await base.OnActivateAsync(cancellationToken);
        _agent = WorkloadAgent.Load(State.State.Agent, StableSeed.For(key.ToString(), (uint)Options.ExplorationSeed), Options.InitialExploration);
        StartDecisionTicks();
    }

    public override Task<EntityStatus> GetStatus() => Task.FromResult(WithThreats(BuildStatus(_replicas, _agent.Status())));

    public Task<ProposedAction?> DecideNow() => DecideAsync();

    public async Task ReportOutcome(ProposedAction action, ActionOutcome outcome)
    {
        if (await TryHandleThreatOutcomeAsync(action, outcome))
        {
            return;
        }

        if (State.State.AwaitingDecisionOn == action.ActionId)
        {
            State.State.AwaitingDecisionOn = null;
        }

        MarkChanged();
        if (State.State.LastProposal?.ActionId == action.ActionId && outcome.Succeeded)
        {
            MarkExecuted(action, outcome.CompletedAt);
            _scores.Executed(_actingVersion);
        }
        else if (outcome.Succeeded && action.Kind is ActionKind.ScaleOut or ActionKind.ScaleIn)
        {
            // A person's request that was held and then approved.
            _replicas = action.TargetReplicas;
            State.State.LastActionAt = outcome.CompletedAt;
        }

        Logger.LogInformation("Outcome of {ActionId} ({Kind}) on {Workload}: {Result} {Detail}",
            action.ActionId, action.Kind, _key, outcome.Succeeded ? "succeeded" : "did not run", outcome.Detail);
    }

    public Task ReportVerification(ProposedAction action, bool verified, string detail)
    {
        ArgumentNullException.ThrowIfNull(action);
        foreach (var (actionId, version, stateAtDecision, choice) in _proposedBy)
        {
            if (actionId != action.ActionId)
            {
                continue;
            }

            _scores.Verification(version, verified);
            if (!verified && stateAtDecision is not null)
            {
                _agent.LearnFailedVerification(stateAtDecision, choice);
                MarkChanged();
            }
        }

        Logger.LogInformation("Verification of {ActionId} ({Kind}) on {Workload}: {Result} {Detail}",
            action.ActionId, action.Kind, _key, verified ? "verified" : "FAILED", detail);
        return Task.CompletedTask;
    }

    public Task<CapacityPlan?> PlanCapacity(CapacityPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        var model = Models[MetricKind.RequestRate];
        if (model.SamplesSeen == 0)
        {
            return Task.FromResult<CapacityPlan?>(null);
        }

        // Hours start now; the forecaster's horizons start at its last sample, so the gap between the two is added.
        var now = Time.GetUtcNow();
        var gap = TimeSpan.FromMilliseconds(Math.Max(0, now.ToUnixTimeMilliseconds() - model.Forecaster.LastTimestampMs));
        var latest = model.Forecaster.Options.MaxHorizon - TimeSpan.FromHours(request.Hours + 1) - request.StartupDelay;
        var settings = new CapacityPlanSettings(request.PodCapacity, request.StartupDelay, request.TargetUtilisation,
            request.MinReplicas, request.MaxReplicas, request.PodHourCost, request.Budget, request.Hours);
        var schedule = CapacityPlanner.Plan(horizon => model.Forecaster.Forecast(gap + horizon < latest ? gap + horizon : latest), model.Forecaster.Options.Step, settings);
        var hours = schedule.Hours.Select(h => new CapacityPlanHour(
            DateTimeOffset.FromUnixTimeMilliseconds(h.StartMs), h.DemandMean, h.DemandUpper80, h.NeededReplicas, h.Replicas, h.Replicas < h.NeededReplicas)).ToArray();
        var basis = $"request_rate forecast from {model.SamplesSeen} samples (last at {DateTimeOffset.FromUnixTimeMilliseconds(model.Forecaster.LastTimestampMs):u}); "
            + $"each hour provisioned for the upper 80% bound over the hour and the {request.StartupDelay.TotalSeconds:F0} s startup after it, at {request.TargetUtilisation:P0} utilisation";
        return Task.FromResult<CapacityPlan?>(new CapacityPlan(
            _key.ToString(), now, hours, schedule.PodHours, schedule.Cost, schedule.ReplicaCap, schedule.WithinBudget, basis));
    }

    public async Task<GovernanceDecision> RequestScale(ScaleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Actor, nameof(request.Actor));
        if (request.Replicas is < 1 or > CapacityPlanRequest.MaxReplicaBound)
        {
            throw new ArgumentException($"replicas must be between 1 and {CapacityPlanRequest.MaxReplicaBound}.", nameof(request));
        }

        var observed = await actuator.ObserveWorkloadAsync(_key.Namespace, _key.Name) ?? throw new WorkloadNotFoundException(_key.ToString());
        _replicas = observed.DesiredReplicas;
        if (request.Replicas == _replicas)
        {
            throw new ArgumentException($"{_key} already has {_replicas} replicas.", nameof(request));
        }

        // A person asking is certain; governance still judges risk, limits, the breaker and the rate limit.
        var kind = request.Replicas > _replicas ? ActionKind.ScaleOut : ActionKind.ScaleIn;
        var now = Time.GetUtcNow();
        var (metric, score, value) = Models.DrivingMetric();
        var proposal = new ProposedAction(
            Guid.NewGuid(), _key.Tenant, _key.Cluster, EntityKind.Workload, _key.Namespace, _key.Name, kind, _replicas, request.Replicas, 1,
            new ActionEvidence(score, metric.WireName(), value,
                Models.ForecastMean(MetricKind.RequestRate, TimeSpan.FromMinutes(15)), Models.ForecastMean(MetricKind.RequestRate, TimeSpan.FromHours(1)),
                [], $"requested by {request.Actor}: {request.Reason}"),
            now)
        { ProposerKey = this.GetPrimaryKeyString() };
        var governance = GrainFactory.GetGrain<IGovernanceGrain>(_key.Cluster);
        if (request.DryRun)
        {
            return await governance.DryRun(proposal);
        }

        var decision = await governance.Submit(proposal);
        if (decision.Outcome is { Succeeded: true } outcome)
        {
            // The agent's cooldown starts too, so it doesn't undo a person's change on its next tick.
            _replicas = request.Replicas;
            State.State.LastActionAt = outcome.CompletedAt;
            MarkChanged();
        }

        Logger.LogInformation("{Workload}: {Actor} asked for {From}->{To} replicas ({Reason}); governance: {Verdict} at risk {Risk:F2}",
            _key, request.Actor, proposal.CurrentReplicas, request.Replicas, request.Reason, decision.Verdict, decision.Risk);
        return decision;
    }

    protected override void BeforeCheckpoint()
    {
        base.BeforeCheckpoint();
        State.State.Agent = _agent.Save();
    }

    protected override async Task<ProposedAction?> DecideAsync()
    {
        if (State.State.Retired)
        {
            return null;
        }

        if (Models[MetricKind.Cpu].SamplesSeen < Options.WarmupSamples)
        {
            return null;
        }

        var (diagnosis, _) = await DiagnoseAndReportRiskAsync();
        if (State.State.AwaitingDecisionOn is { } held)
        {
            // One open question per workload: a person is deciding on an earlier proposal. Detection goes on.
            await MaybeOpenIncidentAsync(_key.Cluster, held, "a person is deciding on the action already proposed");
            return null;
        }

        var observed = await actuator.ObserveWorkloadAsync(_key.Namespace, _key.Name);
        if (observed is null)
        {
            await MaybeOpenIncidentAsync(_key.Cluster, null, "workload not found in its cluster, nothing to act on");
            return null;
        }

        _replicas = observed.DesiredReplicas;
        var tenant = GrainFactory.GetGrain<ITenantGrain>(_key.Tenant);
        var policy = await tenant.GetPolicy();
        var now = Time.GetUtcNow();
        var inCooldown = State.State.LastActionAt is { } lastAction && now - lastAction < Options.ActionCooldown;
        // Any executed action starts a cooldown for restarts too: its effect must show before the next one.
        var restartAllowed = !inCooldown && (State.State.LastRestartAt is not { } lastRestart || now - lastRestart >= Options.RestartCooldown);
        var situation = new Situation(
            WorkloadAgent.Observe(Models, _replicas, policy.MaxReplicas, Options.LatencySloMs, Options.IncidentThreshold),
            observed.ReadyReplicas, policy, inCooldown, restartAllowed,
            DiagnosisRemedy.For(EntityKind.Workload, diagnosis).Action == ActionKind.Restart);
        _liveFeatures.Observe(Models.LastTimestampMs, Models[MetricKind.RequestRate].LastValue);

        var rollout = await GrainFactory.GetGrain<IScalingPolicyGrain>(IScalingPolicyGrain.RegistryKey).GetRollout();
        _actingVersion = rollout.ActingFor(_key.ToString());
        var acting = await ChooseAsync(_actingVersion, situation, acts: true);
        var violating = situation.Violating(Options);
        _scores.Acted(_actingVersion, acting.Action, _replicas, violating);
        var actingTarget = WorkloadAgent.ToAction(acting.Action, _replicas).Target;
        foreach (var shadow in rollout.Shadows.Where(v => v != _actingVersion))
        {
            try
            {
                var proposed = await ChooseAsync(shadow, situation, acts: false);
                _scores.Shadowed(shadow, proposed.Action, WorkloadAgent.ToAction(proposed.Action, _replicas).Target, acting.Action, actingTarget, violating);
                Logger.LogDebug("{Workload}: shadow {Version} proposes {Action} where {Acting} chose {Choice}", _key, shadow, proposed.Action, _actingVersion, acting.Action);
            }
            catch (Exception ex) when (ex is PolicyNotFoundException or UnknownModelException or InvalidModelException)
            {
                Logger.LogWarning(ex, "{Workload}: shadow policy {Version} could not be asked", _key, shadow);
            }
        }

        await ReportPolicyScoresIfDueAsync();
        await tenant.ReportWorkload(_key.ToString(), Models.AnomalyScore);

        var (choice, combinedQ, allowed, inputs) = (acting.Action, acting.Q, acting.Allowed, situation.Inputs);
        var (kind, target) = WorkloadAgent.ToAction(choice, _replicas);
        if (kind == ActionKind.Hold)
        {
            await MaybeOpenIncidentAsync(_key.Cluster, null, "agent held");
            return null;
        }

        var (metric, score, value) = Models.DrivingMetric();
        var proposal = new ProposedAction(
            Guid.NewGuid(), _key.Tenant, _key.Cluster, EntityKind.Workload, _key.Namespace, _key.Name, kind,
            _replicas, target, Confidence(combinedQ, allowed, (int)choice),
            new ActionEvidence(
                score, metric.WireName(), value,
                Models.ForecastMean(MetricKind.RequestRate, TimeSpan.FromMinutes(15)),
                Models.ForecastMean(MetricKind.RequestRate, TimeSpan.FromHours(1)),
                combinedQ,
                $"{_actingVersion} chose {choice}{acting.Why}: cpu {inputs.CpuUtilisation:P0}, memory {inputs.MemoryUtilisation:P0}, latency {inputs.LatencyRatio:P0} of SLO, errors {inputs.ErrorRate:P1}, demand forecast x{inputs.Forecast15mRatio:F2} in 15 min and x{inputs.Forecast1hRatio:F2} in 1 h, anomaly {score:F2} on {metric.WireName()}"),
            now)
        { ProposerKey = this.GetPrimaryKeyString() };

        State.State.LastProposal = proposal;
        _proposedBy.Enqueue((proposal.ActionId, _actingVersion, acting.State, choice));
        while (_proposedBy.Count > 32)
        {
            _proposedBy.Dequeue();
        }

        await MaybeOpenIncidentAsync(_key.Cluster, proposal.ActionId, $"proposed {kind} {_replicas}->{target}");

        var decision = await GrainFactory.GetGrain<IGovernanceGrain>(_key.Cluster).Submit(proposal);
        State.State.LastDecision = decision;
        MarkChanged();
        State.State.AwaitingDecisionOn = decision.Verdict == Verdict.Held ? proposal.ActionId : null;
        if (decision.Outcome is { Succeeded: true } outcome)
        {
            MarkExecuted(proposal, outcome.CompletedAt);
            _scores.Executed(_actingVersion);
        }

        Logger.LogInformation("{Workload} proposed {Kind} {From}->{To} ({Evidence}); governance: {Verdict} at risk {Risk:F2}",
            _key, kind, proposal.CurrentReplicas, proposal.TargetReplicas, proposal.Evidence.Reason, decision.Verdict, decision.Risk);
        return proposal;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await ReportPolicyScoresAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// One version's choice for this tick. The builtin agent learns from its last decision only when it acts (another
    /// version's outcome is not its to learn from). A trained version is asked through the inference batcher and
    /// shielded like the agent; as it only knows replicas, a hold becomes a restart when the diagnosis' runbook calls
    /// for one (a leak, errors without more traffic) and restarts are allowed. An acting trained version that cannot
    /// be asked leaves the tick to the builtin agent.
    /// </summary>
    private async Task<PolicyChoice> ChooseAsync(string version, Situation situation, bool acts)
    {
        if (version != PolicyVersion.BuiltinVersion)
        {
            try
            {
                return await AskTrainedPolicyAsync(version, situation);
            }
            catch (Exception ex) when (acts && ex is PolicyNotFoundException or UnknownModelException or InvalidModelException)
            {
                Logger.LogWarning(ex, "{Workload}: policy {Version} could not be asked; the builtin agent decides this tick", _key, version);
                _actingVersion = PolicyVersion.BuiltinVersion;
            }
        }

        var stateVector = WorkloadAgent.Encode(situation.Inputs);
        var networkQ = await WorkloadAgent.QueryNetwork(GrainFactory, stateVector);
        var allowed = new bool[networkQ.Length];
        SafetyShield.Mask(_replicas, situation.Policy.MinReplicas, situation.Policy.MaxReplicas, situation.InCooldown, situation.RestartAllowed, allowed);
        var combinedQ = new float[networkQ.Length];
        if (!acts)
        {
            return new PolicyChoice(_agent.Propose(stateVector, networkQ, allowed, combinedQ), combinedQ, allowed, "");
        }

        var choice = _agent.Decide(situation.Inputs, stateVector, networkQ, _lastChoiceExecuted, allowed, combinedQ);
        _lastChoiceExecuted = false;
        return new PolicyChoice(choice, combinedQ, allowed, "", stateVector);
    }

    private async Task<PolicyChoice> AskTrainedPolicyAsync(string version, Situation situation)
    {
        if (_actingVersion != PolicyVersion.BuiltinVersion)
        {
            _agent.Forget();
        }

        var features = _liveFeatures.Encode(Models, _replicas, situation.ReadyReplicas, Options.LatencySloMs, Options.ErrorRateSlo);
        var q = await GrainFactory.GetGrain<IInferenceBatcher>(PolicyVersion.ModelIdOf(version)).Infer(features);
        if (q.Length != ScalingActions.Count)
        {
            throw new InvalidModelException($"Policy {version} answers {q.Length} values; a replica policy answers {ScalingActions.Count}.");
        }

        var allowed = new bool[AgentActions.Count];
        ScalingActions.Allowed(_replicas, situation.Policy.MinReplicas, situation.Policy.MaxReplicas, situation.Violating(Options), situation.InCooldown, allowed);
        var choice = (AgentAction)ScalingActions.Best(q, allowed);
        var padded = new float[AgentActions.Count];
        for (var a = 0; a < padded.Length; a++)
        {
            padded[a] = a < q.Length && allowed[a] ? q[a] : float.NegativeInfinity;
        }

        if (choice == AgentAction.Hold && situation.RunbookSaysRestart && situation.RestartAllowed)
        {
            // The restart stands in for the hold, with its value, so the proposal's confidence reads as the hold's did.
            allowed[(int)AgentAction.Restart] = true;
            padded[(int)AgentAction.Restart] = padded[(int)AgentAction.Hold];
            return new PolicyChoice(AgentAction.Restart, padded, allowed, " (hold, and the diagnosis' runbook calls for a restart)");
        }

        return new PolicyChoice(choice, padded, allowed, "");
    }

    private Task ReportPolicyScoresIfDueAsync() =>
        _scores.DecisionsSinceReport >= Options.PolicyReportEvery ? ReportPolicyScoresAsync() : Task.CompletedTask;

    private Task ReportPolicyScoresAsync()
    {
        var tallies = _scores.Take(_key.ToString(), Options.TickInterval);
        return tallies.Length == 0
            ? Task.CompletedTask
            : GrainFactory.GetGrain<IScalingPolicyGrain>(IScalingPolicyGrain.RegistryKey).Record(tallies);
    }

    private void MarkExecuted(ProposedAction action, DateTimeOffset at)
    {
        _lastChoiceExecuted = true;
        State.State.LastActionAt = at;
        if (action.Kind == ActionKind.Restart)
        {
            State.State.LastRestartAt = at;
        }

        if (action.Kind is ActionKind.ScaleOut or ActionKind.ScaleIn)
        {
            _replicas = action.TargetReplicas;
        }
    }

    /// <summary>What every policy version is asked about on one tick.</summary>
    private sealed record Situation(StateInputs Inputs, int ReadyReplicas, TenantPolicy Policy, bool InCooldown, bool RestartAllowed, bool RunbookSaysRestart)
    {
        public bool Violating(DecisionOptions options) => Inputs.LatencyRatio > 1 || Inputs.ErrorRate > options.ErrorRateSlo;
    }

    /// <param name="Why">Said after the action in the proposal's reason, when the choice needs explaining.</param>
    /// <param name="State">The builtin agent's state vector when it acted (for late credit), else null.</param>
    private readonly record struct PolicyChoice(AgentAction Action, float[] Q, bool[] Allowed, string Why, float[]? State = null);

    /// <summary>Softmax probability of the chosen action among the allowed ones: how clearly the agent
    /// prefers it. Governance treats low confidence as risk.</summary>
    private static double Confidence(ReadOnlySpan<float> q, ReadOnlySpan<bool> allowed, int chosen)
    {
        var max = float.NegativeInfinity;
        for (var i = 0; i < q.Length; i++)
        {
            if (allowed[i])
            {
                max = Math.Max(max, q[i]);
            }
        }

        double sum = 0;
        for (var i = 0; i < q.Length; i++)
        {
            if (allowed[i])
            {
                sum += Math.Exp(q[i] - max);
            }
        }

        return sum > 0 ? Math.Exp(q[chosen] - max) / sum : 0;
    }
}
