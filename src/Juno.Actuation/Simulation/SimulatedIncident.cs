namespace Juno.Actuation.Simulation;

/// <summary>Something that goes wrong with a simulated workload from <paramref name="Start"/> for
/// <paramref name="Duration"/>.</summary>
public abstract record SimulatedIncident(DateTimeOffset Start, TimeSpan Duration)
{
    public DateTimeOffset End => Start + Duration;

    internal bool IsActiveAt(DateTimeOffset at) => at >= Start && at < End;

    /// <summary>Minutes of [<paramref name="from"/>, <paramref name="to"/>) during which the incident was active.</summary>
    internal double ActiveMinutesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var start = from > Start ? from : Start;
        var end = to < End ? to : End;
        return end > start ? (end - start).TotalMinutes : 0;
    }

    internal virtual void Validate()
    {
        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{GetType().Name}.Duration must be positive.", nameof(Duration));
        }
    }
}
