namespace Juno.Testing.Emulator;

/// <summary>Faults queued by a test, consumed by requests in arrival order.</summary>
internal sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _faults = [];

    public void Add(Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fault.Remaining);
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Drops every queued fault: the server is healthy again.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>The first queued fault for this method, counted as used; null when none applies.</summary>
    public Fault? Take(string method)
    {
        lock (_gate)
        {
            var fault = _faults.Find(f => f.Method is null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase));
            if (fault is not null && --fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }
}
