namespace Juno.Actuation.Simulation;

/// <summary>A node in a <see cref="SimulatedCluster"/>. Its state is guarded by the cluster's lock.</summary>
public sealed class SimulatedNode
{
    private readonly Lock _gate;
    private bool _unschedulable;
    private Guid? _lastActionId;

    internal SimulatedNode(Lock gate, string name)
    {
        _gate = gate;
        Name = name;
        NoiseStream = SeededNoise.Stream(name);
    }

    public string Name { get; }

    public bool Unschedulable
    {
        get
        {
            lock (_gate)
            {
                return _unschedulable;
            }
        }
    }

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

    // The members below are called by SimulatedCluster with the lock held.

    internal ulong NoiseStream { get; }

    internal bool IsUnschedulable => _unschedulable;

    internal Guid? LastAction => _lastActionId;

    internal void SetSchedulable(bool schedulable, Guid actionId)
    {
        _unschedulable = !schedulable;
        _lastActionId = actionId;
    }
}
