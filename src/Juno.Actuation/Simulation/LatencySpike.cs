namespace Juno.Actuation.Simulation;

/// <summary>Adds <paramref name="Milliseconds"/> to latency p95 while active (a slow dependency, say).</summary>
public sealed record LatencySpike(DateTimeOffset Start, TimeSpan Duration, double Milliseconds) : SimulatedIncident(Start, Duration)
{
    internal override void Validate()
    {
        base.Validate();
        if (Milliseconds < 0)
        {
            throw new ArgumentException("LatencySpike.Milliseconds cannot be negative.", nameof(Milliseconds));
        }
    }
}
