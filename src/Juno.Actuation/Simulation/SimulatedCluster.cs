using Juno.Contracts.Actions;
using Juno.Contracts.Threats;

namespace Juno.Actuation.Simulation;

/// <summary>An in-process cluster: deployments whose telemetry follows a demand model and reacts to the
/// actions Juno takes, and to incidents a test or demo injects. Deterministic for a seed and a clock;
/// safe to call from several threads (the telemetry generator and grains share it).</summary>
public sealed class SimulatedCluster : IClusterActuator
{
    /// <summary>Pods one node holds at its allocatable capacity; sizes the per-node share of the load.</summary>
    private const int PodsPerNode = 8;

    /// <summary>What the kubelet, the runtime and daemon sets use on an otherwise idle node.</summary>
    private const double SystemCpu = 0.05;
    private const double SystemMemory = 0.15;

    /// <summary>Nodes are not identical; +/-3% keeps their readings from moving in lockstep.</summary>
    private const double NodeNoise = 0.03;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _seed;
    private readonly List<SimulatedDeployment> _deployments = [];
    private readonly List<SimulatedNode> _nodes = [];
    private readonly List<ActuationCommand> _executed = [];

    public SimulatedCluster(string clusterName, TimeProvider time, int seed = 42)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterName);
        ArgumentNullException.ThrowIfNull(time);
        ClusterName = clusterName;
        _time = time;
        _seed = seed;
    }

    public string Name => "simulated";

    public string ClusterName { get; }

    public IReadOnlyList<SimulatedDeployment> Deployments
    {
        get
        {
            lock (_gate)
            {
                return [.. _deployments];
            }
        }
    }

    public IReadOnlyList<SimulatedNode> Nodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _nodes];
            }
        }
    }

    /// <summary>Every command that changed something, in the order applied. Holds, dry runs and
    /// repeats of an applied action are not here.</summary>
    public IReadOnlyList<ActuationCommand> Executed
    {
        get
        {
            lock (_gate)
            {
                return [.. _executed];
            }
        }
    }

    public SimulatedDeployment AddDeployment(string @namespace, string name, SimulatedWorkloadProfile profile, int replicas)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        profile.Validate();
        lock (_gate)
        {
            if (FindDeployment(@namespace, name) is not null)
            {
                throw new InvalidOperationException($"Simulated cluster {ClusterName} already has deployment {@namespace}/{name}.");
            }

            var deployment = new SimulatedDeployment(_gate, @namespace, name, profile, replicas);
            _deployments.Add(deployment);
            return deployment;
        }
    }

    public SimulatedNode AddNode(string nodeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        lock (_gate)
        {
            if (FindNode(nodeName) is not null)
            {
                throw new InvalidOperationException($"Simulated cluster {ClusterName} already has node {nodeName}.");
            }

            var node = new SimulatedNode(_gate, nodeName);
            _nodes.Add(node);
            return node;
        }
    }

    public void Inject(string @namespace, string name, SimulatedIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        incident.Validate();
        lock (_gate)
        {
            RequireDeployment(@namespace, name).Inject(incident);
        }
    }

    /// <summary>The workload's telemetry at <paramref name="at"/>, which may be in the past (backfill):
    /// only actions taken by then count.</summary>
    public WorkloadTelemetry Observe(string @namespace, string name, DateTimeOffset at)
    {
        lock (_gate)
        {
            return RequireDeployment(@namespace, name).Observe(at, _seed);
        }
    }

    /// <summary>The workload's behaviour over the <paramref name="interval"/> ending at <paramref name="at"/>: what a
    /// network and runtime sensor would report. Deterministic, like <see cref="Observe"/>.</summary>
    public BehaviourSample ObserveBehaviour(string @namespace, string name, DateTimeOffset at, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "Must be positive.");
        }

        lock (_gate)
        {
            return RequireDeployment(@namespace, name).ObserveBehaviour(at, interval, _seed);
        }
    }

    public NodeTelemetry ObserveNode(string nodeName, DateTimeOffset at)
    {
        lock (_gate)
        {
            var node = FindNode(nodeName) ?? throw new KeyNotFoundException($"Simulated cluster {ClusterName} has no node {nodeName}.");

            // Pods are not placed individually: each node carries an even share of every ready pod.
            // Cordoning stops new placements but evicts nothing, so a cordoned node keeps its share.
            var cpu = 0.0;
            var memory = 0.0;
            foreach (var deployment in _deployments)
            {
                var telemetry = deployment.Observe(at, _seed);
                cpu += telemetry.ReadyReplicas * telemetry.Cpu;
                memory += telemetry.ReadyReplicas * telemetry.Memory;
            }

            var slots = (double)(_nodes.Count * PodsPerNode);
            var jitter = 1 + (NodeNoise * SeededNoise.Unit(_seed, node.NoiseStream, at));
            return new NodeTelemetry(
                Math.Clamp((SystemCpu + (cpu / slots)) * jitter, 0, 1),
                Math.Clamp(SystemMemory + (memory / slots), 0, 1),
                node.IsUnschedulable);
        }
    }

    public Task<ActuationResult> ExecuteAsync(ActuationCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(command.Kind switch
            {
                ActionKind.Hold => new ActuationResult(true, false, "hold: nothing to change", null),
                ActionKind.ScaleOut or ActionKind.ScaleIn => Scale(command),
                ActionKind.Restart => Restart(command),
                ActionKind.Cordon => SetSchedulable(command, schedulable: false, "cordoned"),
                ActionKind.Isolate => Isolate(command),
                ActionKind.Uncordon => SetSchedulable(command, schedulable: true, "uncordoned"),
                // Simulated nodes carry load, not pods: a drain cordons, and the load moves to the other nodes as it does on a cordon.
                ActionKind.Drain => SetSchedulable(command, schedulable: false, "drained (cordoned; the simulation spreads load, not pods)"),
                ActionKind.DeletePod or ActionKind.Rollback => throw new ActuationException(ActuationFailure.Invalid,
                    $"{command.Kind} needs pods and ReplicaSets, which the simulated cluster does not model; run against Kubernetes"),
                _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "Unknown action kind."),
            });
        }
    }

    public Task<AppliedState> FindAppliedAsync(ActuationCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_executed.Exists(c => c.ActionId == command.ActionId && !c.DryRun))
            {
                return Task.FromResult(AppliedState.Applied);
            }

            var exists = command.Kind.TargetsNode()
                ? _nodes.Exists(n => n.Name == command.Name)
                : FindDeployment(command.Namespace, command.Name) is not null;
            return Task.FromResult(exists ? AppliedState.NotApplied : AppliedState.TargetGone);
        }
    }

    public Task<WorkloadObservation?> ObserveWorkloadAsync(string @namespace, string name, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var deployment = FindDeployment(@namespace, name);
            if (deployment is null)
            {
                return Task.FromResult<WorkloadObservation?>(null);
            }

            var replicas = deployment.ReplicasAt(_time.GetUtcNow());
            return Task.FromResult<WorkloadObservation?>(new WorkloadObservation(
                @namespace, name, replicas.Desired, replicas.Ready, deployment.LastAction?.ToString("D")));
        }
    }

    private ActuationResult Scale(ActuationCommand command)
    {
        var deployment = FindDeployment(command.Namespace, command.Name) ?? throw NotFound(command);
        var from = deployment.ReplicasAt(_time.GetUtcNow()).Desired;
        if (deployment.LastAction == command.ActionId)
        {
            return AlreadyApplied(command, from);
        }

        var to = Math.Max(0, command.TargetReplicas);
        var target = command.Target;
        if (command.DryRun)
        {
            return new ActuationResult(true, false, $"dry run: {target} would scale from {from} to {to} replicas", to);
        }

        deployment.Scale(command.ActionId, _time.GetUtcNow(), to);
        _executed.Add(command);
        return new ActuationResult(true, false, $"{target} scaled from {from} to {to} replicas", to);
    }

    private ActuationResult Restart(ActuationCommand command)
    {
        var deployment = FindDeployment(command.Namespace, command.Name) ?? throw NotFound(command);
        var replicas = deployment.ReplicasAt(_time.GetUtcNow()).Desired;
        if (deployment.LastAction == command.ActionId)
        {
            return AlreadyApplied(command, replicas);
        }

        var target = command.Target;
        if (command.DryRun)
        {
            return new ActuationResult(true, false, $"dry run: {target} would be restarted", replicas);
        }

        deployment.Restart(command.ActionId, _time.GetUtcNow());
        _executed.Add(command);
        return new ActuationResult(true, false, $"{target} restarted (rolling)", replicas);
    }

    private ActuationResult SetSchedulable(ActuationCommand command, bool schedulable, string done)
    {
        var node = FindNode(command.Name) ?? throw NotFound(command);
        if (node.LastAction == command.ActionId)
        {
            return AlreadyApplied(command, null);
        }

        if (command.DryRun)
        {
            return new ActuationResult(true, false, $"dry run: {command.Target} would be {done}", null);
        }

        node.SetSchedulable(schedulable, command.ActionId);
        _executed.Add(command);
        return new ActuationResult(true, false, $"{command.Target} {done}", null);
    }

    private ActuationResult Isolate(ActuationCommand command)
    {
        var deployment = FindDeployment(command.Namespace, command.Name) ?? throw NotFound(command);
        var replicas = deployment.ReplicasAt(_time.GetUtcNow()).Desired;
        if (deployment.LastAction == command.ActionId)
        {
            return AlreadyApplied(command, replicas);
        }

        var target = command.Target;
        if (command.DryRun)
        {
            return new ActuationResult(true, false, $"dry run: {target} would be isolated", replicas);
        }

        deployment.Isolate(command.ActionId);
        _executed.Add(command);
        return new ActuationResult(true, false, $"{target} isolated: all ingress and egress of its pods denied", replicas);
    }

    private static ActuationResult AlreadyApplied(ActuationCommand command, int? replicas) =>
        new(true, true, $"action {command.ActionId} was already applied to {command.Target}", replicas);

    private ActuationException NotFound(ActuationCommand command) => new(
        ActuationFailure.NotFound,
        $"{command.Kind} {command.Target}: not found in simulated cluster {ClusterName}",
        404);


    private SimulatedDeployment RequireDeployment(string @namespace, string name) =>
        FindDeployment(@namespace, name) ?? throw new KeyNotFoundException($"Simulated cluster {ClusterName} has no deployment {@namespace}/{name}.");

    private SimulatedDeployment? FindDeployment(string @namespace, string name) =>
        _deployments.Find(d => d.Namespace == @namespace && d.Name == name);

    private SimulatedNode? FindNode(string name) => _nodes.Find(n => n.Name == name);
}
