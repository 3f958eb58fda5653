using Juno.Contracts.Threats;

namespace Juno.Actuation.Simulation;

/// <summary>A Deployment in a <see cref="SimulatedCluster"/>. Its state is guarded by the cluster's lock;
/// the public properties read a consistent current value.</summary>
public sealed class SimulatedDeployment
{
    private readonly Lock _gate;
    private readonly ReplicaTimeline _replicas;
    private readonly List<SimulatedIncident> _incidents = [];
    private readonly ulong _noiseStream;
    private Guid? _lastActionId;
    private bool _isolated;

    internal SimulatedDeployment(Lock gate, string @namespace, string name, SimulatedWorkloadProfile profile, int replicas)
    {
        _gate = gate;
        Namespace = @namespace;
        Name = name;
        Profile = profile;
        _replicas = new ReplicaTimeline(replicas, profile.StartupDelay);
        _noiseStream = SeededNoise.Stream($"{@namespace}/{name}");
    }

    public string Namespace { get; }

    public string Name { get; }

    public SimulatedWorkloadProfile Profile { get; }

    public int DesiredReplicas
    {
        get
        {
            lock (_gate)
            {
                return _replicas.Desired;
            }
        }
    }

    /// <summary>The last action applied, the simulated twin of the <c>juno.io/last-action-id</c> annotation.</summary>
    public Guid? LastActionId
    {
        get
        {
            lock (_gate)
            {
                return _lastActionId;
            }
        }
    }

    /// <summary>True once an Isolate action applied: the twin of a deny-all NetworkPolicy over its pods.</summary>
    public bool IsIsolated
    {
        get
        {
            lock (_gate)
            {
                return _isolated;
            }
        }
    }

    // The members below are called by SimulatedCluster with the lock held.

    internal Guid? LastAction => _lastActionId;

    internal ReplicaState ReplicasAt(DateTimeOffset at) => _replicas.At(at);

    internal void Scale(Guid actionId, DateTimeOffset at, int replicas)
    {
        _replicas.Scale(at, replicas);
        _lastActionId = actionId;
    }

    internal void Restart(Guid actionId, DateTimeOffset at)
    {
        _replicas.Restart(at);
        _lastActionId = actionId;
    }

    internal void Isolate(Guid actionId)
    {
        _isolated = true;
        _lastActionId = actionId;
    }

    internal void Inject(SimulatedIncident incident) => _incidents.Add(incident);

    internal BehaviourSample ObserveBehaviour(DateTimeOffset at, TimeSpan interval, int seed)
    {
        var telemetry = Observe(at, seed);
        return BehaviourModel.Compute(at, interval, telemetry.RequestRate, telemetry.Cpu, _isolated, _incidents,
            channel => SeededNoise.Unit(seed, _noiseStream ^ (0x9E3779B97F4A7C15UL * (ulong)channel), at));
    }

    internal WorkloadTelemetry Observe(DateTimeOffset at, int seed)
    {
        var replicas = _replicas.At(at);
        var surge = 1.0;
        var extraErrors = 0.0;
        var extraLatency = 0.0;
        var extraCpu = 0.0;
        var leaked = 0.0;
        var leakFrom = replicas.LastRestartCompleted ?? DateTimeOffset.MinValue;
        foreach (var incident in _incidents)
        {
            switch (incident)
            {
                case MemoryLeak leak:
                    leaked += leak.RatePerMinute * leak.ActiveMinutesBetween(leakFrom, at);
                    break;
                case TrafficSurge s when s.IsActiveAt(at):
                    surge *= s.Factor;
                    break;
                case ErrorBurst e when e.IsActiveAt(at):
                    extraErrors += e.Rate;
                    break;
                case LatencySpike l when l.IsActiveAt(at):
                    extraLatency += l.Milliseconds;
                    break;
                case CryptoMiner m when m.IsActiveAt(at):
                    extraCpu += m.CpuShare;
                    break;
            }
        }

        var demand = DemandModel.At(Profile, at, SeededNoise.Unit(seed, _noiseStream, at)) * surge;
        return LoadModel.Compute(Profile, demand, replicas, leaked, extraErrors, extraLatency, extraCpu);
    }
}
