namespace Juno.Actuation.Simulation;

/// <summary>Adds <paramref name="Rate"/> (a share of requests) to the error rate while active.</summary>
public sealed record ErrorBurst(DateTimeOffset Start, TimeSpan Duration, double Rate) : SimulatedIncident(Start, Duration)
{
    internal override void Validate()
    {
        base.Validate();
        if (Rate is < 0 or > 1)
        {
            throw new ArgumentException("ErrorBurst.Rate must be within [0, 1].", nameof(Rate));
        }
    }
}
