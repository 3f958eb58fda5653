namespace Juno.Intelligence;

/// <summary>
/// A DQN replica scaler: actions hold, +1, +2, -1, -2 pods each minute; reward = -(cost of pods against what the demand
/// needs) - a penalty per violation minute - a churn penalty; double DQN with a target network and a replay buffer,
/// trained in C# by playing demand traces through the <see cref="ScalingSimulator"/>. A shield masks actions that break
/// the replica bounds or scale in while an objective is broken.
/// </summary>
public sealed class DqnScaler
{
    public const int ActionCount = ScalingActions.Count;

    private readonly DqnScalerOptions _options;
    private readonly ScalingSimulationOptions _workload;
    private readonly Mlp _online;
    private readonly Mlp _target;

    public DqnScaler(ScalingSimulationOptions workload, DqnScalerOptions? options = null)
    {
        _workload = workload;
        _options = options ?? DqnScalerOptions.Default;
        _online = new Mlp(_options.Seed, ScalingState.Length, _options.HiddenWidth, _options.HiddenWidth, ActionCount);
        _target = new Mlp(_options.Seed, ScalingState.Length, _options.HiddenWidth, _options.HiddenWidth, ActionCount);
        CopyWeights(_online, _target);
    }

    public Mlp Network => _online;

    public long TransitionsSeen { get; private set; }

    /// <summary>Plays each trace's minutes [0, trainMinutes) once per epoch, learning as it goes.</summary>
    public void Train(IReadOnlyList<(DemandTrace Trace, int TrainMinutes)> traces, int epochs)
    {
        ArgumentNullException.ThrowIfNull(traces);
        var replay = new ReplayBuffer(_options.ReplayCapacity, ScalingState.Length);
        var trainer = new MlpTrainer(_online, _options.BatchSize);
        var rng = new Random(_options.Seed);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            foreach ((DemandTrace trace, int trainMinutes) in traces)
            {
                var part = new DemandTrace(trace.Name, trace.StartMs, trace.RequestRates[..trainMinutes]);
                var learner = new Learner(this, replay, trainer, rng);
                int initial = CapacityPlanner.ReplicasFor(part.RequestRates[0], _workload.PodCapacity, 0.7);
                ScalingSimulator.Run(part, learner, _workload, 0, initial);
            }
        }
    }

    /// <summary>The greedy policy (with the shield) for evaluation.</summary>
    public IScalingPolicy Policy() => new Greedy(_online, _workload, "DQN");

    /// <summary>The greedy policy of a network trained earlier (and stored), for evaluation.</summary>
    public static IScalingPolicy Policy(Mlp network, ScalingSimulationOptions workload, string name)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.InputSize != ScalingState.Length || network.OutputSize != ActionCount)
        {
            throw new ArgumentException($"A replica policy network maps {ScalingState.Length} inputs to {ActionCount} outputs; this one {network.InputSize} to {network.OutputSize}.", nameof(network));
        }

        return new Greedy(network, workload, name);
    }

    private double Reward(in ScalingObservation observation, int action)
    {
        double maxUtilisation = 1 - (_workload.BaseLatencyMs / _workload.LatencySloMs);
        double needed = Math.Max(1, observation.RequestRate / (_workload.PodCapacity * maxUtilisation));
        bool violation = observation.LatencyP95Ms > _workload.LatencySloMs || observation.ErrorRate > _workload.ErrorRateSlo;
        return -(_options.CostWeight * observation.DesiredReplicas / needed)
            - (violation ? _options.ViolationPenalty : 0)
            - (action != 0 ? _options.ChurnPenalty : 0);
    }

    private static void Allowed(ScalingSimulationOptions workload, in ScalingObservation observation, Span<bool> allowed)
    {
        bool violating = observation.LatencyP95Ms > workload.LatencySloMs || observation.ErrorRate > workload.ErrorRateSlo;
        ScalingActions.Allowed(observation.DesiredReplicas, workload.MinReplicas, workload.MaxReplicas, violating, inCooldown: false, allowed);
    }

    private static void CopyWeights(Mlp from, Mlp to)
    {
        for (int layer = 0; layer < from.LayerCount; layer++)
        {
            from.Weights(layer).CopyTo(to.MutableWeights(layer));
            from.Biases(layer).CopyTo(to.MutableBiases(layer));
        }
    }

    private sealed class Greedy(Mlp network, ScalingSimulationOptions workload, string name) : IScalingPolicy
    {
        private readonly ScalingState _state = new(workload);
        private readonly float[] _input = new float[ScalingState.Length];
        private readonly float[] _q = new float[ActionCount];
        private readonly bool[] _allowed = new bool[ActionCount];

        public string Name => name;

        public int Decide(in ScalingObservation observation)
        {
            _state.Encode(observation, _input);
            network.Forward(_input, _q);
            Allowed(workload, observation, _allowed);
            return observation.DesiredReplicas + ScalingActions.Delta(ScalingActions.Best(_q, _allowed));
        }
    }

    // Plays a trace epsilon-greedily, storing each minute's transition and taking a gradient step every few minutes.
    private sealed class Learner(DqnScaler scaler, ReplayBuffer replay, MlpTrainer trainer, Random rng) : IScalingPolicy
    {
        private readonly ScalingState _state = new(scaler._workload);
        private readonly float[] _current = new float[ScalingState.Length];
        private readonly float[] _previous = new float[ScalingState.Length];
        private readonly float[] _q = new float[ActionCount];
        private readonly bool[] _allowed = new bool[ActionCount];
        private readonly float[] _batchStates = new float[scaler._options.BatchSize * ScalingState.Length];
        private readonly float[] _batchNext = new float[scaler._options.BatchSize * ScalingState.Length];
        private readonly float[] _targets = new float[scaler._options.BatchSize * ActionCount];
        private readonly float[] _nextOnline = new float[scaler._options.BatchSize * ActionCount];
        private readonly float[] _nextTarget = new float[scaler._options.BatchSize * ActionCount];
        private readonly int[] _actions = new int[scaler._options.BatchSize];
        private readonly float[] _rewards = new float[scaler._options.BatchSize];
        private int _previousAction = -1;

        public string Name => "DQN (learning)";

        public int Decide(in ScalingObservation observation)
        {
            DqnScalerOptions options = scaler._options;
            _state.Encode(observation, _current);
            if (_previousAction >= 0)
            {
                replay.Add(_previous, _previousAction, (float)scaler.Reward(observation, _previousAction), _current);
                scaler.TransitionsSeen++;
                if (replay.Count >= options.WarmupTransitions && scaler.TransitionsSeen % options.TrainEvery == 0)
                {
                    TrainBatch();
                }

                if (scaler.TransitionsSeen % options.TargetSyncEvery == 0)
                {
                    CopyWeights(scaler._online, scaler._target);
                }
            }

            Allowed(scaler._workload, observation, _allowed);
            double progress = Math.Min(1, (double)scaler.TransitionsSeen / options.ExplorationDecay);
            double epsilon = options.ExplorationStart + ((options.ExplorationEnd - options.ExplorationStart) * progress);
            int action;
            if (rng.NextDouble() < epsilon)
            {
                do
                {
                    action = rng.Next(ActionCount);
                }
                while (!_allowed[action]);
            }
            else
            {
                scaler._online.Forward(_current, _q);
                action = ScalingActions.Best(_q, _allowed);
            }

            _current.CopyTo(_previous, 0);
            _previousAction = action;
            return observation.DesiredReplicas + ScalingActions.Delta(action);
        }

        private void TrainBatch()
        {
            int batch = scaler._options.BatchSize;
            replay.Sample(rng, _batchStates, _actions, _rewards, _batchNext);
            scaler._online.ForwardBatch(_batchStates, batch, _targets);
            scaler._online.ForwardBatch(_batchNext, batch, _nextOnline);
            scaler._target.ForwardBatch(_batchNext, batch, _nextTarget);
            for (int row = 0; row < batch; row++)
            {
                // Double DQN: the online network picks the next action, the target network values it.
                int best = 0;
                for (int a = 1; a < ActionCount; a++)
                {
                    best = _nextOnline[(row * ActionCount) + a] > _nextOnline[(row * ActionCount) + best] ? a : best;
                }

                float value = _rewards[row] + ((float)scaler._options.Discount * _nextTarget[(row * ActionCount) + best]);
                _targets[(row * ActionCount) + _actions[row]] = value;
            }

            trainer.TrainStep(_batchStates, _targets, scaler._options.LearningRate);
        }
    }
}
