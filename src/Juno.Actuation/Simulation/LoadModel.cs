namespace Juno.Actuation.Simulation;

/// <summary>Turns demand and ready capacity into telemetry. Utilisation rho = demand / capacity; latency
/// follows M/M/1 (base / (1 - rho)) so it explodes near saturation; beyond saturation the excess share
/// of requests, (rho - 1) / rho, fails.</summary>
internal static class LoadModel
{
    /// <summary>Utilisation at which latency stops growing: queues are then bounded by client timeouts.
    /// Caps latency at 100x the base.</summary>
    private const double SaturatedUtilisation = 0.99;

    /// <summary>Memory that load adds on top of the base at full utilisation (buffers, in-flight requests).</summary>
    private const double LoadMemory = 0.1;

    public static WorkloadTelemetry Compute(
        SimulatedWorkloadProfile profile,
        double demand,
        ReplicaState replicas,
        double leakedMemory,
        double extraErrorRate,
        double extraLatencyMs,
        double extraCpu = 0)
    {
        var capacity = replicas.Ready * profile.PodCapacity;
        var utilisation = capacity > 0 ? demand / capacity : double.PositiveInfinity;
        var busy = Math.Min(utilisation, 1);

        // No ready pod: nothing uses CPU or memory, and every request fails.
        var cpu = replicas.Ready > 0 ? Math.Min(1, busy + extraCpu) : 0;
        var queueing = Math.Min(utilisation, SaturatedUtilisation);
        var latency = (profile.BaseLatencyMs / (1 - queueing)) + extraLatencyMs;
        var overload = utilisation > 1 ? (utilisation - 1) / utilisation : 0;
        var errors = double.IsPositiveInfinity(utilisation) ? 1 : Math.Clamp(profile.BaseErrorRate + overload + extraErrorRate, 0, 1);
        var memory = replicas.Ready > 0 ? Math.Clamp(profile.BaseMemory + (LoadMemory * busy) + leakedMemory, 0, 1) : 0;

        return new WorkloadTelemetry(cpu, memory, latency, errors, demand, replicas.Desired, replicas.Ready);
    }
}
