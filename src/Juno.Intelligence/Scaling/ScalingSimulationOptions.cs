namespace Juno.Intelligence;

/// <summary>The workload a <see cref="ScalingSimulator"/> plays: pod capacity, startup, latency, objectives and price.</summary>
public sealed record ScalingSimulationOptions
{
    public static ScalingSimulationOptions Default { get; } = new();

    /// <summary>Requests per second one ready pod serves at 100% of its CPU request.</summary>
    public double PodCapacity { get; init; } = 100;

    /// <summary>From the scale decision to the pod taking traffic (scheduling, image pull, readiness).</summary>
    public TimeSpan StartupDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>p95 latency of an idle pod; it grows as 1 / (1 - utilisation) (a single queue per pod).</summary>
    public double BaseLatencyMs { get; init; } = 50;

    /// <summary>
    /// The latency objective: a minute whose p95 is above it is a violation minute. 250 ms over a 50 ms idle p95 holds
    /// up to 80% utilisation, just above the HPA's 70% target and its 10% tolerance, as a team would set it.
    /// </summary>
    public double LatencySloMs { get; init; } = 250;

    /// <summary>The error objective: a minute with a larger share of failed requests is a violation minute.</summary>
    public double ErrorRateSlo { get; init; } = 0.01;

    /// <summary>Price of one pod for an hour (pods count from the decision that creates them: they are billed while starting).</summary>
    public double PodHourCost { get; init; } = 0.10;

    public int MinReplicas { get; init; } = 1;

    public int MaxReplicas { get; init; } = 200;

    internal void Validate()
    {
        if (!(PodCapacity > 0) || !(BaseLatencyMs > 0) || !(LatencySloMs > BaseLatencyMs) || !(ErrorRateSlo is > 0 and < 1) || !(PodHourCost >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(PodCapacity), "Capacity and latencies must be positive, the latency objective above the idle latency, the error objective in (0, 1) and the price not negative.");
        }

        if (StartupDelay < TimeSpan.Zero || MinReplicas < 1 || MaxReplicas < MinReplicas)
        {
            throw new ArgumentOutOfRangeException(nameof(MinReplicas), "Startup must not be negative and 1 <= MinReplicas <= MaxReplicas.");
        }
    }
}
