namespace Juno.Actuation.Simulation;

/// <summary>How a simulated workload behaves: the demand it sees and what one pod can serve.
/// Demand = base x daily sinusoid (peak 14:00 UTC, trough 02:00) x weekend factor x (1 + seeded noise).</summary>
public sealed record SimulatedWorkloadProfile
{
    /// <summary>Mean requests per second on a weekday.</summary>
    public required double BaseRequestRate { get; init; }

    /// <summary>Requests per second one ready pod serves at 100% of its requested CPU.</summary>
    public required double PodCapacity { get; init; }

    /// <summary>Daily swing as a share of the base: 0.5 means demand moves between 50% and 150%.</summary>
    public double DailyAmplitude { get; init; } = 0.5;

    /// <summary>Demand multiplier on Saturdays and Sundays (UTC).</summary>
    public double WeekendFactor { get; init; } = 0.7;

    /// <summary>Demand noise as a share of demand: 0.05 means +/-5%, uniform, seeded.</summary>
    public double NoiseFraction { get; init; } = 0.05;

    /// <summary>Latency p95 of an idle pod; it grows as 1 / (1 - utilisation).</summary>
    public double BaseLatencyMs { get; init; } = 20;

    /// <summary>Share of requests that fail even when nothing is wrong.</summary>
    public double BaseErrorRate { get; init; } = 0.001;

    /// <summary>Memory utilisation of an idle pod; load adds up to 0.1 on top, a leak more.</summary>
    public double BaseMemory { get; init; } = 0.4;

    /// <summary>How long a new pod takes to become ready.</summary>
    public TimeSpan StartupDelay { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        Require(BaseRequestRate >= 0, nameof(BaseRequestRate), "cannot be negative");
        Require(PodCapacity > 0, nameof(PodCapacity), "must be positive");
        Require(DailyAmplitude is >= 0 and <= 1, nameof(DailyAmplitude), "must be within [0, 1]");
        Require(WeekendFactor >= 0, nameof(WeekendFactor), "cannot be negative");
        Require(NoiseFraction is >= 0 and < 1, nameof(NoiseFraction), "must be within [0, 1)");
        Require(BaseLatencyMs > 0, nameof(BaseLatencyMs), "must be positive");
        Require(BaseErrorRate is >= 0 and <= 1, nameof(BaseErrorRate), "must be within [0, 1]");
        Require(BaseMemory is >= 0 and <= 1, nameof(BaseMemory), "must be within [0, 1]");
        Require(StartupDelay >= TimeSpan.Zero, nameof(StartupDelay), "cannot be negative");
    }

    private static void Require(bool condition, string property, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"{nameof(SimulatedWorkloadProfile)}.{property} {rule}.", property);
        }
    }
}
