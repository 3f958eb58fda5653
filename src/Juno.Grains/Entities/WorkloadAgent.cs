using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Contracts.Status;
using Juno.Contracts.Telemetry;
using Juno.Grains.Modelling;
using Juno.Inference;
using Juno.Intelligence;

namespace Juno.Grains.Entities;

/// <summary>One workload's reinforcement-learning agent: builds the state vector from the entity's
/// models, asks the shared Q-network (through the inference batcher) for Q-values, masks unsafe actions,
/// picks one, and learns from the previous tick's transition with the reward observed now.</summary>
internal sealed class WorkloadAgent
{
    private readonly QAgent _agent;
    private readonly Random _random;
    private float[]? _previousState;
    private int _previousAction;

    private WorkloadAgent(QAgentState state, int seed)
    {
        _agent = new QAgent(state);
        _random = new Random(seed);
    }

    public QAgentState State => _agent.State;

    public static WorkloadAgent Load(byte[]? snapshot, int seed, double initialExploration)
    {
        if (snapshot is not { Length: > 0 })
        {
            return new WorkloadAgent(new QAgentState(initialExploration), seed);
        }

        using var reader = new BinaryReader(new MemoryStream(snapshot));
        return new WorkloadAgent(QAgentState.ReadFrom(reader), seed);
    }

    public byte[] Save()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            _agent.State.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    public AgentStatus Status() =>
        new(_agent.State.Decisions, _agent.State.Updates, _agent.State.Epsilon, _agent.State.MeanReward);

    /// <summary>During an incident (<paramref name="incidentThreshold"/> reached) the demand ratios are floored at 1:
    /// the forecaster is robust to outliers by design, so in a surge it forecasts the baseline it expects demand to
    /// return to, and capacity planned on that would leave the surge unserved. The agent plans for the demand it sees.</summary>
    public static StateInputs Observe(EntityModels models, int replicas, int maxReplicas, double latencySloMs, double incidentThreshold)
    {
        var requestRate = models[MetricKind.RequestRate].LastValue;
        var inIncident = models.AnomalyScore >= incidentThreshold;
        var lastTimestamp = models.LastTimestampMs;
        var hour = DateTimeOffset.FromUnixTimeMilliseconds(lastTimestamp).UtcDateTime.TimeOfDay.TotalHours;
        return new StateInputs(
            CpuUtilisation: models[MetricKind.Cpu].LastValue,
            MemoryUtilisation: models[MetricKind.Memory].LastValue,
            LatencyRatio: models[MetricKind.LatencyP95].LastValue / latencySloMs,
            ErrorRate: models[MetricKind.ErrorRate].LastValue,
            Replicas: replicas,
            MaxReplicas: maxReplicas,
            Forecast15mRatio: DemandRatio(models.ForecastMean(MetricKind.RequestRate, TimeSpan.FromMinutes(15)), requestRate, inIncident),
            Forecast1hRatio: DemandRatio(models.ForecastMean(MetricKind.RequestRate, TimeSpan.FromHours(1)), requestRate, inIncident),
            AnomalyScore: models.AnomalyScore,
            HourOfDay: hour);
    }

    /// <summary>Builds the state vector for <paramref name="inputs"/>.</summary>
    public static float[] Encode(in StateInputs inputs)
    {
        var state = new float[StateVector.Length];
        StateVector.Write(inputs, state);
        return state;
    }

    /// <summary>Learns from the last decision (if any), then chooses the next action among those the
    /// safety shield allows. <paramref name="executedLast"/> says whether the last chosen action actually
    /// ran: a held or refused action changed nothing, so the agent is credited as if it had held.</summary>
    public AgentAction Decide(in StateInputs inputs, float[] state, float[] networkQ, bool executedLast, ReadOnlySpan<bool> allowed, Span<float> combinedQ)
    {
        if (_previousState is { } previous)
        {
            var effective = executedLast ? _previousAction : (int)AgentAction.Hold;
            var reward = RewardFunction.Compute(inputs, (AgentAction)effective);
            _agent.Learn(previous, effective, reward, state, networkQ, allowed);
        }

        var action = _agent.Choose(state, networkQ, allowed, _random, combinedQ);
        _previousState = state;
        _previousAction = action;
        return (AgentAction)action;
    }

    /// <summary>What the agent would choose greedily, learning nothing and counting no decision: its proposal while
    /// another version acts (shadow).</summary>
    public AgentAction Propose(float[] state, float[] networkQ, ReadOnlySpan<bool> allowed, Span<float> combinedQ)
    {
        var best = (int)AgentAction.Hold;
        for (var action = 0; action < networkQ.Length; action++)
        {
            combinedQ[action] = allowed[action] ? networkQ[action] + _agent.Residual(state, action) : float.NegativeInfinity;
            if (allowed[action] && (!allowed[best] || combinedQ[action] > combinedQ[best]))
            {
                best = action;
            }
        }

        return (AgentAction)best;
    }

    /// <summary>Governance found an action the agent chose had not landed or not helped: the agent learns it late.</summary>
    public void LearnFailedVerification(float[] stateAtDecision, AgentAction action) =>
        _agent.CreditLate(stateAtDecision, (int)action, -RewardFunction.FailedVerificationPenalty);

    /// <summary>Another version acted since the last decision, so that decision's outcome is not the agent's to learn from.</summary>
    public void Forget() => _previousState = null;

    public static (ActionKind Kind, int Target) ToAction(AgentAction action, int replicas) => action switch
    {
        AgentAction.ScaleOutOne => (ActionKind.ScaleOut, replicas + 1),
        AgentAction.ScaleOutTwo => (ActionKind.ScaleOut, replicas + 2),
        AgentAction.ScaleInOne => (ActionKind.ScaleIn, replicas - 1),
        AgentAction.ScaleInTwo => (ActionKind.ScaleIn, replicas - 2),
        AgentAction.Restart => (ActionKind.Restart, replicas),
        _ => (ActionKind.Hold, replicas),
    };

    public static Task<float[]> QueryNetwork(IGrainFactory grains, float[] state) =>
        grains.GetGrain<IInferenceBatcher>(ModelCatalog.QNetworkModelId).Infer(state);

    private static double DemandRatio(double forecast, double current, bool inIncident)
    {
        var ratio = current > 1e-9 && double.IsFinite(forecast) ? forecast / current : 1;
        return inIncident ? Math.Max(1, ratio) : ratio;
    }
}
