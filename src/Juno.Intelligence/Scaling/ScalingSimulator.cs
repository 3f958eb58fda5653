namespace Juno.Intelligence;

/// <summary>
/// Plays a demand trace minute by minute against a policy. Deterministic: the same trace, options and policy give the
/// same outcome. Each minute: demand meets the ready pods' capacity; utilisation rho = demand / capacity; p95 latency is
/// the idle p95 / (1 - rho) (capped at rho 0.99); beyond saturation the excess share (rho - 1) / rho of requests fails;
/// the policy sees the minute's metrics and names a replica count, new pods take traffic after the startup delay, and
/// every existing pod (starting or ready) is billed.
/// </summary>
public static class ScalingSimulator
{
    private const double SaturatedUtilisation = 0.99;
    private const double CpuLimitRatio = 2;

    /// <param name="scoreFrom">First minute that counts: the minutes before it are the policy's warm-up.</param>
    public static ScalingOutcome Run(DemandTrace trace, IScalingPolicy policy, ScalingSimulationOptions options, int scoreFrom, int initialReplicas)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(scoreFrom);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(scoreFrom, trace.Minutes);

        var pods = new PodPool(Math.Clamp(initialReplicas, options.MinReplicas, options.MaxReplicas));
        long startupMs = (long)options.StartupDelay.TotalMilliseconds;
        double cost = 0, replicaMinutes = 0, requests = 0, failed = 0;
        int violations = 0, actions = 0;
        for (int minute = 0; minute < trace.Minutes; minute++)
        {
            long now = trace.TimestampOf(minute);
            int desired = pods.Count;
            int ready = pods.ReadyAt(now);
            double demand = trace.RequestRates[minute];
            (double latency, double errorRate, double cpu) = Load(demand, ready, options);
            if (minute >= scoreFrom)
            {
                cost += desired * options.PodHourCost / 60;
                replicaMinutes += desired;
                violations += latency > options.LatencySloMs || errorRate > options.ErrorRateSlo ? 1 : 0;
                requests += demand;
                failed += demand * errorRate;
            }

            int next = Math.Clamp(
                policy.Decide(new ScalingObservation(now, demand, cpu, latency, errorRate, desired, ready)),
                options.MinReplicas,
                options.MaxReplicas);
            if (next != desired)
            {
                pods.ScaleTo(next, now, startupMs);
                actions += minute >= scoreFrom ? 1 : 0;
            }
        }

        int scored = trace.Minutes - scoreFrom;
        return new ScalingOutcome(policy.Name, trace.Name, scored, cost, violations, actions, replicaMinutes / scored, requests > 0 ? failed / requests : 0);
    }

    /// <summary>The minute's p95 latency, failed share and mean CPU of ready pods against their request.</summary>
    public static (double LatencyMs, double ErrorRate, double Cpu) Load(double demand, int ready, ScalingSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ready == 0)
        {
            return demand > 0 ? (options.BaseLatencyMs / (1 - SaturatedUtilisation), 1, 0) : (options.BaseLatencyMs, 0, 0);
        }

        double utilisation = demand / (ready * options.PodCapacity);
        double latency = options.BaseLatencyMs / (1 - Math.Min(utilisation, SaturatedUtilisation));
        double errors = utilisation > 1 ? (utilisation - 1) / utilisation : 0;
        return (latency, errors, Math.Min(utilisation, CpuLimitRatio));
    }
}
