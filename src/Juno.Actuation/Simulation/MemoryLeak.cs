namespace Juno.Actuation.Simulation;

/// <summary>Memory utilisation grows by <paramref name="RatePerMinute"/> (a share of the limit) for each
/// minute the leak is active. Leaked memory stays after the incident ends; only a completed restart
/// frees it, and a leak still active keeps growing from there.</summary>
public sealed record MemoryLeak(DateTimeOffset Start, TimeSpan Duration, double RatePerMinute) : SimulatedIncident(Start, Duration)
{
    internal override void Validate()
    {
        base.Validate();
        if (RatePerMinute < 0)
        {
            throw new ArgumentException("MemoryLeak.RatePerMinute cannot be negative.", nameof(RatePerMinute));
        }
    }
}
