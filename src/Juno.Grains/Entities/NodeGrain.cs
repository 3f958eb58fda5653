using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Status;
using Juno.Contracts.Telemetry;
using Juno.Grains.Options;
using Juno.Grains.Threats;
using Juno.Intelligence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juno.Grains.Entities;

/// <summary>A Kubernetes node, keyed cluster/node. Proposes a cordon when CPU or memory stays anomalous
/// for several consecutive ticks: one spike is noise, a sustained anomaly on a node predicts failure.
/// Cordoning touches every pod on the node, so governance holds it for a person.</summary>
internal sealed class NodeGrain(
    [PersistentState("node", StorageNames.Entities)] IPersistentState<EntityState> state,
    TimeProvider time,
    IOptions<DecisionOptions> options,
    IOptions<ThreatOptions> threatOptions,
    IThreatNotifier notifier,
    ILogger<NodeGrain> logger)
    : GuardedEntityGrain(state, time, options.Value, threatOptions.Value, notifier, logger), INodeGrain
{
    /// <summary>Consecutive anomalous ticks before a cordon is proposed.</summary>
    internal const int SustainedTicks = 3;

    private NodeKey _key = null!;
    private int _anomalousTicks;

    protected override EntityKind Kind => EntityKind.Node;

    protected override string? DirectoryCluster => _key.Cluster;

    protected override string Cluster => _key.Cluster;

    protected override (string Tenant, string Namespace, string Name) Target => ("", "", _key.Node);

    /// <summary>A node can't be fenced by a NetworkPolicy (that selects pods); cordoning stops new work landing on it.</summary>
    protected override ActionKind IsolationAction => ActionKind.Cordon;

    protected override int CurrentReplicas => 0;

    protected override SloTarget[] SloTargets =>
    [
        new((int)MetricKind.Cpu, Options.NodeSaturation),
        new((int)MetricKind.Memory, Options.NodeSaturation),
    ];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!EntityKeys.TryParseNode(this.GetPrimaryKeyString(), out var key, out var error))
        {
            throw new InvalidEntityKeyException(error);
        }

        _key = key;
        await base.OnActivateAsync(cancellationToken);
        StartDecisionTicks();
    }

    public Task<ProposedAction?> DecideNow() => DecideAsync();

    public override async Task<EntityStatus> GetStatus() => WithThreats(await base.GetStatus());

    public async Task ReportOutcome(ProposedAction action, ActionOutcome outcome)
    {
        if (await TryHandleThreatOutcomeAsync(action, outcome))
        {
            return;
        }

        if (outcome.Succeeded)
        {
            State.State.LastActionAt = outcome.CompletedAt;
        }

        if (State.State.AwaitingDecisionOn == action.ActionId)
        {
            State.State.AwaitingDecisionOn = null;
        }

        MarkChanged();
    }

    protected override async Task<ProposedAction?> DecideAsync()
    {
        if (State.State.Retired)
        {
            return null;
        }

        var cpu = Models[MetricKind.Cpu];
        var memory = Models[MetricKind.Memory];
        if (cpu.SamplesSeen + memory.SamplesSeen < Options.WarmupSamples)
        {
            return null;
        }

        await DiagnoseAndReportRiskAsync();
        var score = Math.Max(cpu.SamplesSeen > 0 ? cpu.AnomalyScore : 0, memory.SamplesSeen > 0 ? memory.AnomalyScore : 0);
        _anomalousTicks = score >= Options.IncidentThreshold ? _anomalousTicks + 1 : 0;
        var now = Time.GetUtcNow();
        var alreadyCordoned = State.State.LastActionAt is not null;
        if (_anomalousTicks < SustainedTicks || alreadyCordoned || State.State.AwaitingDecisionOn is not null)
        {
            return null;
        }

        var (metric, driving, value) = Models.DrivingMetric();
        var proposal = new ProposedAction(
            Guid.NewGuid(), Tenant: "", _key.Cluster, EntityKind.Node, Namespace: "", _key.Node, ActionKind.Cordon,
            CurrentReplicas: 0, TargetReplicas: 0, Confidence: Math.Min(1, score),
            new ActionEvidence(driving, metric.WireName(), value,
                Models.ForecastMean(metric, TimeSpan.FromMinutes(15)), Models.ForecastMean(metric, TimeSpan.FromHours(1)), [],
                $"{metric.WireName()} anomalous for {_anomalousTicks} consecutive ticks (score {driving:F2})"),
            now)
        { ProposerKey = this.GetPrimaryKeyString() };

        State.State.LastProposal = proposal;
        await MaybeOpenIncidentAsync(_key.Cluster, proposal.ActionId, "proposed cordon");
        State.State.LastDecision = await GrainFactory.GetGrain<IGovernanceGrain>(_key.Cluster).Submit(proposal);
        State.State.AwaitingDecisionOn = State.State.LastDecision.Verdict == Contracts.Governance.Verdict.Held ? proposal.ActionId : null;
        MarkChanged();
        if (State.State.LastDecision.Outcome is { Succeeded: true } outcome)
        {
            State.State.LastActionAt = outcome.CompletedAt;
        }

        return proposal;
    }
}
