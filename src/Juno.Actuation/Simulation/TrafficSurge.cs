namespace Juno.Actuation.Simulation;

/// <summary>Demand is multiplied by <paramref name="Factor"/> while active.</summary>
public sealed record TrafficSurge(DateTimeOffset Start, TimeSpan Duration, double Factor) : SimulatedIncident(Start, Duration)
{
    internal override void Validate()
    {
        base.Validate();
        if (Factor < 0)
        {
            throw new ArgumentException("TrafficSurge.Factor cannot be negative.", nameof(Factor));
        }
    }
}
